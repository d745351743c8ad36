// Malformed TPDUs: every decoder answers with an SmsError that names the
// field and its offset, never with a read past the end. Truncation at every
// length of every TPDU type, TP-UDL beyond the data, UDHL beyond TP-UDL,
// absurd address lengths, reserved TP-MTI, and random and mutated octets.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/message_type.hpp"
#include "cardcore/sms/status_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"
#include "sms_error_of.hpp"

namespace cardcore::sms {
namespace test_sms_bad_input {

using Decoder = std::function<void(ByteView)>;

struct Sample {
  std::string name;
  Bytes tpdu;
  std::vector<std::pair<std::string, std::size_t>> layout;  // field, octets, in order
  Decoder decode;
};

using sms_test::error_of;

std::size_t udl_and_ud(const UserData& ud, std::uint8_t dcs, std::size_t max = kMaxUserData) {
  return encode_user_data(ud, dcs, max).size() - 1;
}

std::vector<Sample> samples() {
  std::vector<Sample> out;
  const Timestamp t{25, 3, 14, 9, 26, 53, 4};
  {
    SmsDeliver d;
    d.oa = {TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"};
    d.pid = 0x7F;
    d.dcs = 0xF6;
    d.scts = {22, 7, 25, 0, 0, 0, 0};
    d.ud.header = UserDataHeader{{{0x70, {}}}};
    d.ud.body = from_hex("00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058");
    out.push_back({"SMS-DELIVER 8-bit",
                   encode(d),
                   {{"first octet", 1}, {"TP-OA", 6}, {"TP-PID", 1}, {"TP-DCS", 1}, {"TP-SCTS", 7}, {"TP-UDL", 1},
                    {"TP-UD", udl_and_ud(d.ud, d.dcs)}},
                   [](ByteView b) { decode_deliver(b); }});
    d.oa = {TypeOfNumber::Alphanumeric, NumberingPlan::Unknown, "OTA"};
    d.dcs = 0x00;
    d.ud = text_user_data("concatenated text", Alphabet::Gsm7);
    d.ud.header = UserDataHeader{{{0x00, {0x07, 0x02, 0x01}}}};
    out.push_back({"SMS-DELIVER 7-bit alphanumeric",
                   encode(d),
                   {{"first octet", 1}, {"TP-OA", 5}, {"TP-PID", 1}, {"TP-DCS", 1}, {"TP-SCTS", 7}, {"TP-UDL", 1},
                    {"TP-UD", udl_and_ud(d.ud, d.dcs)}},
                   [](ByteView b) { decode_deliver(b); }});
  }
  {
    SmsSubmit s;
    s.mr = 7;
    s.da = {TypeOfNumber::International, NumberingPlan::Isdn, "4917012345"};
    s.dcs = 0x00;
    s.ud = text_user_data("hellohello", Alphabet::Gsm7);
    const std::vector<std::pair<ValidityPeriod, std::size_t>> vps = {
        {std::monostate{}, 0}, {RelativeValidity{0xAA}, 1}, {t, 7}, {enhanced_validity_of_seconds(9), 7}};
    for (const auto& [vp, vp_octets] : vps) {
      s.vp = vp;
      std::vector<std::pair<std::string, std::size_t>> layout = {
          {"first octet", 1}, {"TP-MR", 1}, {"TP-DA", 7}, {"TP-PID", 1}, {"TP-DCS", 1}};
      if (vp_octets) layout.push_back({"TP-VP", vp_octets});
      layout.push_back({"TP-UDL", 1});
      layout.push_back({"TP-UD", udl_and_ud(s.ud, s.dcs)});
      out.push_back({"SMS-SUBMIT VPF " + std::to_string(static_cast<int>(vp_format(vp))), encode(s), layout,
                     [](ByteView b) { decode_submit(b); }});
    }
  }
  {
    SmsDeliverReport r{{}, 0x7F, 0xF6, UserData{UserDataHeader{{{0x71, {}}}}, from_hex("000e0ab0001100000000000000016132")}};
    out.push_back({"SMS-DELIVER-REPORT RP-ACK",
                   encode(r),
                   {{"first octet", 1}, {"TP-PI", 1}, {"TP-PID", 1}, {"TP-DCS", 1}, {"TP-UDL", 1},
                    {"TP-UD", udl_and_ud(*r.ud, 0xF6, kMaxUserDataDeliverReport)}},
                   [](ByteView b) { decode_deliver_report(b, ReportForm::Ack); }});
    r.fcs = kFcsSimDataDownloadError;
    r.pid.reset();
    out.push_back({"SMS-DELIVER-REPORT RP-ERROR",
                   encode(r),
                   {{"first octet", 1}, {"TP-FCS", 1}, {"TP-PI", 1}, {"TP-DCS", 1}, {"TP-UDL", 1},
                    {"TP-UD", udl_and_ud(*r.ud, 0xF6, kMaxUserDataDeliverReport)}},
                   [](ByteView b) { decode_deliver_report(b, ReportForm::Error); }});
  }
  {
    SmsStatusReport s;
    s.mr = 9;
    s.ra = {TypeOfNumber::International, NumberingPlan::Isdn, "20121875612"};
    s.scts = t;
    s.dt = t;
    s.pid = 0;
    s.dcs = 0;
    s.ud = text_user_data("delivered", Alphabet::Gsm7);
    s.ud->header = UserDataHeader{};  // UDHI set: the TPDU cannot end after TP-ST
    out.push_back({"SMS-STATUS-REPORT",
                   encode(s),
                   {{"first octet", 1}, {"TP-MR", 1}, {"TP-RA", 8}, {"TP-SCTS", 7}, {"TP-DT", 7}, {"TP-ST", 1},
                    {"TP-PI", 1}, {"TP-PID", 1}, {"TP-DCS", 1}, {"TP-UDL", 1}, {"TP-UD", udl_and_ud(*s.ud, 0)}},
                   [](ByteView b) { decode_status_report(b); }});
  }
  return out;
}

TEST(SmsBadInput, TruncationAtEveryLengthNamesTheMissingField) {
  for (const Sample& s : samples()) {
    SCOPED_TRACE(s.name + " " + to_hex(s.tpdu));
    std::size_t total = 0;
    for (const auto& [field, n] : s.layout) total += n;
    ASSERT_EQ(total, s.tpdu.size()) << "layout";
    ASSERT_NO_THROW(s.decode(s.tpdu));
    std::size_t start = 0;
    for (const auto& [field, n] : s.layout) {
      for (std::size_t cut = start; cut < start + n; ++cut) {
        const SmsError e = error_of([&] { s.decode(ByteView(s.tpdu).first(cut)); });
        EXPECT_EQ(e.field(), field) << "cut at " << cut << ": " << e.what();
        EXPECT_LE(e.offset(), cut) << e.what();
        EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("SMS-", 0), 0u) << "names the TPDU: " << e.what();
      }
      start += n;
    }
  }
}

TEST(SmsBadInput, TrailingOctetsAreRejectedUnlessAsked) {
  for (const Sample& s : samples()) {
    SCOPED_TRACE(s.name);
    Bytes longer = s.tpdu;
    longer.push_back(0xFF);
    const SmsError e = error_of([&] { s.decode(longer); });
    EXPECT_EQ(e.offset(), s.tpdu.size()) << e.what();
  }
  const Bytes deliver = from_hex("040BC87238880900F10000993092516195800AE8329BFD4697D9EC37 ffff");
  EXPECT_EQ(decode_deliver(deliver, {TrailingOctets::Ignore}).ud.body.size(), 10u);
  // TrailingOctets::UserData cannot stretch GSM 7 bit TP-UD.
  EXPECT_THROW(decode_deliver(deliver, {TrailingOctets::UserData}), SmsError);
}

TEST(SmsBadInput, UserDataLengthBeyondTheData) {
  // 8-bit: TP-UDL 30 with 3 octets; GSM 7 bit: 10 septets need 9 octets, 8 given.
  SmsError e = error_of([] { decode_deliver(from_hex("0004812143 7ff6 22705200000000 30 027000")); });
  EXPECT_EQ(e.field(), "TP-UD");
  EXPECT_EQ(e.offset(), 15u);
  EXPECT_NE(std::string(e.what()).find("TP-UDL 48 needs 48 octets, 3 left"), std::string::npos) << e.what();
  e = error_of([] { decode_deliver(from_hex("0004812143 0000 22705200000000 0a e8329bfd4697d9ec")); });
  EXPECT_EQ(e.field(), "TP-UD");
  EXPECT_NE(std::string(e.what()).find("needs 9 octets, 8 left"), std::string::npos) << e.what();
  // Above the maximum of the TPDU: 141 octets, 161 septets.
  e = error_of([] { decode_deliver(from_hex("0004812143 00f6 22705200000000 8d")); });
  EXPECT_EQ(e.field(), "TP-UDL");
  e = error_of([] { decode_deliver(from_hex("0004812143 0000 22705200000000 a1")); });
  EXPECT_EQ(e.field(), "TP-UDL");
}

TEST(SmsBadInput, UdhlBeyondUdl) {
  // 8-bit: TP-UDL 3 but UDHL 5.
  SmsError e = error_of([] { decode_deliver(from_hex("4004812143 00f6 22705200000000 03 050003")); });
  EXPECT_EQ(e.field(), "TP-UDHL");
  EXPECT_EQ(e.offset(), 15u);
  // GSM 7 bit: a 6-octet header is 7 septets, TP-UDL says 5.
  e = error_of([] { decode_deliver(from_hex("4004812143 0000 22705200000000 05 0500030102")); });
  EXPECT_EQ(e.field(), "TP-UDHL");
  // TP-UDHI with TP-UDL 0.
  e = error_of([] { decode_deliver(from_hex("4004812143 00f6 22705200000000 00")); });
  EXPECT_EQ(e.field(), "TP-UDHL");
  // An element running past UDHL.
  e = error_of([] { decode_deliver(from_hex("4004812143 00f6 22705200000000 05 04 0003 0102")); });
  EXPECT_EQ(e.field(), "TP-UDH");
  EXPECT_EQ(e.offset(), 16u);
  // UDHI without TP-UD in the reports.
  e = error_of([] { decode_deliver_report(from_hex("40 03 7f f6"), ReportForm::Ack); });
  EXPECT_EQ(e.field(), "TP-PI");
  e = error_of([] { decode_status_report(from_hex("4200 0381 21f3 22705200000000 22705200000000 00")); });
  EXPECT_EQ(e.field(), "TP-PI");
}

TEST(SmsBadInput, AbsurdAddressLength) {
  for (const char* length : {"15", "ff", "80"}) {
    SCOPED_TRACE(length);
    SmsError e = error_of([&] { decode_deliver(from_hex(std::string("00") + length + "81 2143 0000")); });
    EXPECT_EQ(e.field(), "TP-OA");
    EXPECT_EQ(e.offset(), 1u);
    EXPECT_NE(std::string(e.what()).find("exceeds 20"), std::string::npos) << e.what();
    e = error_of([&] { decode_submit(from_hex(std::string("0100") + length + "91 2143")); });
    EXPECT_EQ(e.field(), "TP-DA");
    e = error_of([&] { decode_status_report(from_hex(std::string("0200") + length + "91 2143")); });
    EXPECT_EQ(e.field(), "TP-RA");
  }
  // A plausible length running past the TPDU.
  const SmsError e = error_of([] { decode_deliver(from_hex("001491 2143")); });
  EXPECT_EQ(e.field(), "TP-OA");
  EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
}

TEST(SmsBadInput, ReservedAndWrongMessageTypes) {
  const Bytes reserved = from_hex("030481214300f622705200000000 00");
  for (const Decoder& d : std::vector<Decoder>{
           [](ByteView b) { decode_deliver(b); }, [](ByteView b) { decode_submit(b); },
           [](ByteView b) { decode_status_report(b); }, [](ByteView b) { decode_deliver_report(b, ReportForm::Ack); }}) {
    const SmsError e = error_of([&] { d(reserved); });
    EXPECT_EQ(e.field(), "TP-MTI");
    EXPECT_NE(std::string(e.what()).find("reserved"), std::string::npos) << e.what();
  }
  EXPECT_EQ(error_of([&] { message_type_of(reserved, Direction::ScToMs); }).field(), "TP-MTI");
  EXPECT_EQ(error_of([&] { message_type_of({}, Direction::MsToSc); }).field(), "TP-MTI");
  // An SMS-SUBMIT handed to the SMS-DELIVER decoder and the reverse.
  const Bytes submit = from_hex("11000B916407281553F80000AA0AE8329BFD4697D9EC37");
  EXPECT_EQ(error_of([&] { decode_deliver(submit); }).field(), "TP-MTI");
  EXPECT_EQ(error_of([&] { decode_submit(from_hex("040BC87238880900F10000993092516195800AE8329BFD4697D9EC37")); }).field(),
            "TP-MTI");
  EXPECT_EQ(message_type_of(submit, Direction::MsToSc), MessageType::Submit);
  EXPECT_EQ(message_type_of(submit, Direction::ScToMs), MessageType::SubmitReport);
  EXPECT_EQ(message_type_of(from_hex("02"), Direction::MsToSc), MessageType::Command);
  EXPECT_STREQ(message_type_name(MessageType::DeliverReport), "SMS-DELIVER-REPORT");
}

TEST(SmsBadInput, TimestampSemiOctetsThatAreNotDigits) {
  const SmsError e = error_of([] { decode_deliver(from_hex("0004812143 0000 2270520000f000 00")); });
  EXPECT_EQ(e.field(), "TP-SCTS");
  EXPECT_EQ(e.offset(), 12u);
  EXPECT_EQ(error_of([] { decode_submit(from_hex("1900 0481 2143 0000 22705a00000000 00")); }).field(), "TP-VP");
}

// Every decoder on random octets and on single-octet mutations of valid
// TPDUs: a result or an SmsError, nothing else; and whatever decodes also
// encodes (run under ESIMTWIN_SANITIZE=ON to have ASan/UBSan watch the reads).
TEST(SmsBadInput, RandomAndMutatedOctetsOnlyEverThrowSmsError) {
  // Each returns the re-encoding of what it decoded, or nothing.
  using Try = std::function<std::optional<std::function<Bytes()>>(ByteView, const DecodeOptions&)>;
  auto wrap = [](auto decode) -> Try {
    return [decode](ByteView b, const DecodeOptions& o) -> std::optional<std::function<Bytes()>> {
      try {
        auto value = decode(b, o);
        return [value] { return encode(value); };
      } catch (const SmsError&) {
        return std::nullopt;
      }
    };
  };
  const std::vector<Try> decoders = {
      wrap([](ByteView b, const DecodeOptions& o) { return decode_deliver(b, o); }),
      wrap([](ByteView b, const DecodeOptions& o) { return decode_submit(b, o); }),
      wrap([](ByteView b, const DecodeOptions& o) { return decode_status_report(b, o); }),
      wrap([](ByteView b, const DecodeOptions& o) { return decode_deliver_report(b, ReportForm::Ack, o); }),
      wrap([](ByteView b, const DecodeOptions& o) { return decode_deliver_report(b, ReportForm::Error, o); }),
  };
  const DecodeOptions options[] = {{TrailingOctets::Reject}, {TrailingOctets::Ignore}, {TrailingOctets::UserData}};
  std::mt19937 rng(9230);
  std::vector<Bytes> inputs;
  for (int i = 0; i < 3000; ++i) {
    Bytes b(rng() % 190);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    inputs.push_back(std::move(b));
  }
  for (const Sample& s : samples()) {
    for (std::size_t i = 0; i < s.tpdu.size(); ++i) {
      for (int k = 0; k < 8; ++k) {
        Bytes m = s.tpdu;
        m[i] = static_cast<std::uint8_t>(rng());
        inputs.push_back(std::move(m));
      }
    }
  }
  std::size_t decoded = 0, rejected = 0;
  for (const Bytes& in : inputs) {
    for (const Try& d : decoders) {
      for (const DecodeOptions& o : options) {
        try {
          const auto reencode = d(in, o);
          if (!reencode) {
            ++rejected;
            continue;
          }
          ++decoded;
          (*reencode)();
        } catch (const std::exception& e) {
          ADD_FAILURE() << "exception " << e.what() << " for " << to_hex(in);
        }
      }
    }
  }
  EXPECT_GT(decoded, 1000u);
  EXPECT_GT(rejected, 1000u);
}

}  // namespace test_sms_bad_input
}  // namespace cardcore::sms
