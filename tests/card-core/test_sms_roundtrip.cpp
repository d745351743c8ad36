// Round trips of every TPDU type (TS 23.040 §9.2.2) over its options: each
// struct encodes, decodes to itself and encodes to the same octets again.
// Includes every TP-VP format, every fill-bit count after a UDH, every
// alphabet, and both SMS-DELIVER-REPORT forms.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/deliver_report.hpp"
#include "cardcore/sms/message_type.hpp"
#include "cardcore/sms/pid.hpp"
#include "cardcore/sms/status_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {
namespace test_sms_roundtrip {

const Address kIntl{TypeOfNumber::International, NumberingPlan::Isdn, "491701234567"};
const Address kShort{TypeOfNumber::Unknown, NumberingPlan::Isdn, "123"};
const Address kAlnum{TypeOfNumber::Alphanumeric, NumberingPlan::Unknown, "Fleet-OTA"};
const Timestamp kTime{25, 3, 14, 9, 26, 53, -16};

// Headers of 1..7 octets with UDHL: the GSM 7 bit text after them starts
// after 6, 5, 4, 3, 2, 1 and 0 fill bits.
std::vector<UserDataHeader> headers_of_every_fill() {
  std::vector<UserDataHeader> out;
  out.push_back({});                                          // 00
  out.push_back({{{0x70, {}}}});                              // 02 70 00
  out.push_back({{{0x24, {0x01}}}});                          // 03 24 01 01
  out.push_back({{{0x04, {0x10, 0x20}}}});                    // 8-bit ports
  out.push_back({{{0x00, {0x42, 0x02, 0x01}}}});              // concatenation, 8-bit reference
  out.push_back({{{0x08, {0x12, 0x34, 0x02, 0x02}}}});        // concatenation, 16-bit reference
  out.push_back({{{0x00, {0x42, 0x02, 0x01}}, {0x71, {}}}});  // 7 octets: no fill
  return out;
}

std::vector<std::pair<std::uint8_t, UserData>> user_data_variants() {
  std::vector<std::pair<std::uint8_t, UserData>> out;
  out.push_back({0x00, {}});                                              // empty
  out.push_back({0x00, text_user_data("Hello {world} €5 ÄÖÜ", Alphabet::Gsm7)});
  out.push_back({0x08, text_user_data("Grüße, 你好", Alphabet::Ucs2)});
  out.push_back({0xF6, {std::nullopt, from_hex("00112233445566778899aabbccddeeff")}});
  out.push_back({0x04, {std::nullopt, Bytes(140, 0xA5)}});                // full 8-bit
  out.push_back({0xF2, {std::nullopt, Bytes(160, 0x41)}});                // full GSM 7 bit
  for (const UserDataHeader& h : headers_of_every_fill()) {
    UserData text = text_user_data("fill bits", Alphabet::Gsm7);
    text.header = h;
    out.push_back({0x00, text});
    out.push_back({0x16, {h, from_hex("0102030405")}});
  }
  UserData full7;  // a header and as many septets as still fit
  full7.header = UserDataHeader{{{0x00, {0x01, 0x03, 0x02}}}};
  full7.body = Bytes(160 - 7, 0x2A);
  out.push_back({0x00, full7});
  return out;
}

std::vector<ValidityPeriod> every_vp() {
  return {std::monostate{}, RelativeValidity{0xAA}, kTime, enhanced_validity_of_seconds(255, true),
          EnhancedValidity{{0x03, 0x21, 0x43, 0x65, 0, 0, 0}}};
}

template <typename T, typename Decode>
void expect_round_trip(const T& value, Decode decode) {
  const Bytes octets = encode(value);
  const T back = decode(octets);
  EXPECT_EQ(back, value) << to_hex(octets);
  EXPECT_EQ(to_hex(encode(back)), to_hex(octets));
}

TEST(SmsRoundTrip, Deliver) {
  int n = 0;
  for (const auto& [dcs, ud] : user_data_variants()) {
    for (int flags = 0; flags < 16; ++flags) {
      SmsDeliver d;
      d.mms = flags & 1, d.lp = flags & 2, d.sri = flags & 4, d.rp = flags & 8;
      d.oa = flags % 3 == 0 ? kIntl : flags % 3 == 1 ? kShort : kAlnum;
      d.pid = static_cast<std::uint8_t>(flags * 17);
      d.dcs = dcs;
      d.scts = kTime;
      d.ud = ud;
      SCOPED_TRACE(++n);
      expect_round_trip(d, [](ByteView b) { return decode_deliver(b); });
      EXPECT_EQ(message_type_of(encode(d), Direction::ScToMs), MessageType::Deliver);
    }
  }
}

TEST(SmsRoundTrip, SubmitWithEveryValidityPeriodFormat) {
  int n = 0;
  for (const ValidityPeriod& vp : every_vp()) {
    for (const auto& [dcs, ud] : user_data_variants()) {
      for (int flags = 0; flags < 8; ++flags) {
        SmsSubmit s;
        s.rd = flags & 1, s.srr = flags & 2, s.rp = flags & 4;
        s.mr = static_cast<std::uint8_t>(n);
        s.da = flags % 2 ? kIntl : kShort;
        s.pid = flags % 2 ? kPidSimDataDownload : kPidSmeToSme;
        s.dcs = dcs;
        s.vp = vp;
        s.ud = ud;
        SCOPED_TRACE(++n);
        expect_round_trip(s, [](ByteView b) { return decode_submit(b); });
        const Bytes octets = encode(s);
        EXPECT_EQ((octets[0] >> 3) & 3, static_cast<int>(vp_format(vp)));
        EXPECT_EQ(message_type_of(octets, Direction::MsToSc), MessageType::Submit);
      }
    }
  }
}

TEST(SmsRoundTrip, SubmitKnownOctets) {
  // TP-VPF bits 4,3: relative 10, absolute 11, enhanced 01 (§9.2.3.3).
  SmsSubmit s;
  s.mr = 0x23;
  s.da = {TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"};
  s.vp = RelativeValidity{0xAA};
  s.ud = text_user_data("hellohello", Alphabet::Gsm7);
  EXPECT_EQ(to_hex(encode(s)), "11230881214365870000aa0ae8329bfd4697d9ec37");
  s.vp = kTime;
  EXPECT_EQ(to_hex(encode(s)), "19230881214365870000523041906235690ae8329bfd4697d9ec37");
  s.vp = enhanced_validity_of_seconds(30);
  EXPECT_EQ(to_hex(encode(s)), "09230881214365870000021e00000000000ae8329bfd4697d9ec37");
}

TEST(SmsRoundTrip, DeliverReportBothForms) {
  std::vector<SmsDeliverReport> reports;
  for (std::optional<std::uint8_t> fcs : {std::optional<std::uint8_t>{}, std::optional<std::uint8_t>{kFcsSimDataDownloadError},
                                          std::optional<std::uint8_t>{kFcsSimToolkitBusy}}) {
    reports.push_back({fcs, {}, {}, {}});                      // TP-PI 00
    reports.push_back({fcs, kPidSimDataDownload, {}, {}});     // PID only
    reports.push_back({fcs, {}, 0xF6, {}});                    // DCS only
    reports.push_back({fcs, {}, {}, text_user_data("ok", Alphabet::Gsm7)});  // UD read as DCS 00
    for (const auto& [dcs, ud] : user_data_variants())
      if (user_data_length(ud, dcs) <= 140) reports.push_back({fcs, kPidSimDataDownload, dcs, ud});
  }
  for (const SmsDeliverReport& r : reports) {
    expect_round_trip(r, [&](ByteView b) { return decode_deliver_report(b, r.form()); });
    EXPECT_EQ(message_type_of(encode(r), Direction::MsToSc), MessageType::DeliverReport);
  }
  // Known octets: RP-ACK with nothing, RP-ERROR with FCS D5 and nothing else.
  EXPECT_EQ(to_hex(encode(SmsDeliverReport{})), "0000");
  EXPECT_EQ(to_hex(encode(SmsDeliverReport{kFcsSimDataDownloadError, {}, {}, {}})), "00d500");
  EXPECT_EQ(to_hex(encode(SmsDeliverReport{{}, 0x7F, 0xF6, UserData{std::nullopt, {0xAB}}})), "00077ff601ab");
}

TEST(SmsRoundTrip, DeliverReportUserDataUpToItsLimit) {
  // TS 23.040 §9.2.2.1a lets TP-UD run longer than in SMS-DELIVER.
  SmsDeliverReport r{{}, {}, 0x04, UserData{std::nullopt, Bytes(kMaxUserDataDeliverReport, 0x55)}};
  expect_round_trip(r, [](ByteView b) { return decode_deliver_report(b, ReportForm::Ack); });
  r.ud->body.push_back(0);
  EXPECT_THROW(encode(r), SmsError);
}

TEST(SmsRoundTrip, StatusReport) {
  std::vector<SmsStatusReport> reports;
  for (int flags = 0; flags < 8; ++flags) {
    SmsStatusReport s;
    s.mms = flags & 1, s.lp = flags & 2, s.srq = flags & 4;
    s.mr = static_cast<std::uint8_t>(flags);
    s.ra = flags % 2 ? kIntl : kShort;
    s.scts = kTime;
    s.dt = {25, 3, 14, 9, 27, 1, -16};
    s.st = static_cast<std::uint8_t>(0x20 * flags);
    reports.push_back(s);  // ends after TP-ST
    s.pi = true;
    reports.push_back(s);  // TP-PI 00
    s.pid = 0x00;
    reports.push_back(s);
    s.dcs = 0x08;
    s.ud = text_user_data("zugestellt", Alphabet::Ucs2);
    reports.push_back(s);
    s.dcs.reset();
    s.ud = text_user_data("delivered", Alphabet::Gsm7);
    s.ud->header = UserDataHeader{{{0x70, {}}}};
    reports.push_back(s);
    s.dcs = 0x04;
    s.ud = UserData{std::nullopt, Bytes(kMaxUserDataStatusReport - 5, 0x11)};
    reports.push_back(s);
  }
  for (const SmsStatusReport& s : reports) {
    expect_round_trip(s, [](ByteView b) { return decode_status_report(b); });
    EXPECT_EQ(message_type_of(encode(s), Direction::ScToMs), MessageType::StatusReport);
  }
}

TEST(SmsRoundTrip, UserDataLengthCounts) {
  // TS 23.040 §9.2.3.16: septets with the header and fill bits, or octets.
  UserData ud = text_user_data("Where", Alphabet::Gsm7);
  ud.header = UserDataHeader{{{0x00, {0x01, 0x02, 0x01}}}};
  EXPECT_EQ(user_data_length(ud, 0x00), 12u);  // 7 header septets + 5
  EXPECT_EQ(to_hex(encode_user_data(ud, 0x00)), "0c050003010201aee8b2bc0c");
  EXPECT_EQ(decode_user_data(from_hex("0c050003010201aee8b2bc0c"), 0x00, true), ud);
  ud.body = from_hex("aabb");
  EXPECT_EQ(user_data_length(ud, 0xF6), 8u);
  EXPECT_EQ(to_hex(encode_user_data(ud, 0xF6)), "08050003010201aabb");
  // Compressed GSM 7 bit data counts octets (§9.2.3.16).
  EXPECT_EQ(to_hex(encode_user_data({std::nullopt, {0x80, 0x01}}, 0x20)), "028001");
}

}  // namespace test_sms_roundtrip
}  // namespace cardcore::sms
