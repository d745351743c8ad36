// SMS TPDUs published elsewhere (tests/data/sms-vectors.txt): each decodes
// to the fields the source gives and encodes back to its octets (or to the
// corrected octets the file names), and the TS 31.115 command packet of the
// pySim OTA vector comes out of its SMS-DELIVER.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/status_report.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"
#include "vector_file.hpp"

namespace cardcore::sms {
namespace test_sms_vectors {

using Fields = std::map<std::string, std::string>;

std::string hex8(std::uint8_t v) { return to_hex(Bytes{v}); }
std::string flag(bool b) { return b ? "1" : "0"; }

void add_user_data(Fields& f, const UserData& ud, std::uint8_t dcs) {
  f["udhi"] = flag(ud.header.has_value());
  f["udl"] = std::to_string(user_data_length(ud, dcs));
  if (ud.header) f["udh"] = to_hex(encode_udh(*ud.header));
  f["body"] = to_hex(ud.body);
  if (auto text = text_of(ud, dcs)) f["text"] = *text;
}

std::string vp_text(const ValidityPeriod& vp) {
  if (const auto* r = std::get_if<RelativeValidity>(&vp)) return "relative " + hex8(r->value);
  if (const auto* t = std::get_if<Timestamp>(&vp)) return "absolute " + to_string(*t);
  if (const auto* e = std::get_if<EnhancedValidity>(&vp)) return "enhanced " + to_hex(e->octets);
  return "none";
}

Fields fields_of(const SmsDeliver& d) {
  Fields f{{"oa", d.oa.value},         {"toa", hex8(type_of_address(d.oa))}, {"pid", hex8(d.pid)},
           {"dcs", hex8(d.dcs)},       {"scts", to_string(d.scts)},          {"mms", flag(d.mms)},
           {"lp", flag(d.lp)},         {"sri", flag(d.sri)},                 {"rp", flag(d.rp)}};
  add_user_data(f, d.ud, d.dcs);
  return f;
}

Fields fields_of(const SmsSubmit& s) {
  Fields f{{"da", s.da.value},   {"toa", hex8(type_of_address(s.da))}, {"mr", hex8(s.mr)},   {"pid", hex8(s.pid)},
           {"dcs", hex8(s.dcs)}, {"vp", vp_text(s.vp)},                {"rd", flag(s.rd)},   {"srr", flag(s.srr)},
           {"rp", flag(s.rp)}};
  add_user_data(f, s.ud, s.dcs);
  return f;
}

Fields fields_of(const SmsStatusReport& s) {
  Fields f{{"ra", s.ra.value},           {"toa", hex8(type_of_address(s.ra))}, {"mr", hex8(s.mr)},
           {"mms", flag(s.mms)},         {"srq", flag(s.srq)},                 {"scts", to_string(s.scts)},
           {"dt", to_string(s.dt)},      {"st", hex8(s.st)}};
  if (s.ud) add_user_data(f, *s.ud, s.dcs.value_or(0));
  return f;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const std::set<std::string> kMeta = {"name", "source", "type", "smsc", "smsc_number", "trailing", "tpdu", "reencoded"};
const std::set<std::string> kHexFields = {"toa", "pid", "dcs", "mr", "st", "udh", "body", "vp"};

TEST(SmsVectors, PublishedTpdusDecodeAndEncodeBack) {
  const auto blocks = testdata::load_vector_blocks("sms-vectors.txt");
  ASSERT_GE(blocks.size(), 10u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("name") + " (" + b.at("source") + ")");
    const Bytes tpdu = from_hex(b.at("tpdu"));
    DecodeOptions options;
    if (b.count("trailing"))
      options.trailing = b.at("trailing") == "ignore" ? TrailingOctets::Ignore : TrailingOctets::UserData;
    const std::string type = b.at("type");
    Fields actual;
    Bytes reencoded;
    if (type == "deliver") {
      const SmsDeliver d = decode_deliver(tpdu, options);
      actual = fields_of(d);
      reencoded = encode(d);
      EXPECT_EQ(decode_deliver(reencoded), d);
    } else if (type == "submit") {
      const SmsSubmit s = decode_submit(tpdu, options);
      actual = fields_of(s);
      reencoded = encode(s);
      EXPECT_EQ(decode_submit(reencoded), s);
    } else if (type == "status-report") {
      const SmsStatusReport s = decode_status_report(tpdu, options);
      actual = fields_of(s);
      reencoded = encode(s);
      EXPECT_EQ(decode_status_report(reencoded), s);
    } else {
      FAIL() << "unknown type " << type;
    }
    EXPECT_EQ(to_hex(reencoded), to_hex(from_hex(b.count("reencoded") ? b.at("reencoded") : b.at("tpdu"))));
    for (const auto& [key, expected] : b) {
      if (kMeta.count(key)) continue;
      ASSERT_TRUE(actual.count(key)) << "no decoded field " << key;
      if (kHexFields.count(key)) {
        EXPECT_EQ(lower(actual.at(key)), lower(expected)) << key;
      } else {
        EXPECT_EQ(actual.at(key), expected) << key;
      }
    }
    if (b.count("smsc")) {  // TS 24.011 §8.2.5.1 form in front of the TPDU
      const Bytes smsc = from_hex(b.at("smsc"));
      std::size_t used = 0;
      const auto sc = decode_rp_address(smsc, used);
      EXPECT_EQ(used, smsc.size());
      if (b.count("smsc_number")) {
        ASSERT_TRUE(sc.has_value());
        EXPECT_EQ(sc->value, b.at("smsc_number"));
        EXPECT_EQ(to_hex(encode_rp_address(*sc)), lower(b.at("smsc")));
      } else {
        EXPECT_FALSE(sc.has_value());
      }
    }
  }
}

// The vector the card's SMS-PP data download is built around: the pySim
// SCP80 AES test (its OTA tests: the TPDU and the packet, copied here and in
// tests/data/sms-vectors.txt).
constexpr const char* kPySimTpdu =
    "400881214365877ff6227052000000000302700000281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3"
    "e72ec4432e5058";
constexpr const char* kPySimPacket =
    "00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058";

TEST(SmsPySimVector, StrictDecodingRejectsItsUserDataLength) {
  // TP-UDL is 03 at offset 16, yet 45 octets follow: by TS 23.040 §9.2.3.16
  // the TPDU ends 42 octets early.
  try {
    decode_deliver(from_hex(kPySimTpdu));
    FAIL() << "decoded";
  } catch (const SmsError& e) {
    EXPECT_EQ(e.field(), "TP-UD");
    EXPECT_EQ(e.offset(), 20u);  // after TP-UDL (offset 16) and the 3 octets it counts
    EXPECT_NE(std::string(e.what()).find("42 octet(s) after"), std::string::npos) << e.what();
  }
}

TEST(SmsPySimVector, DecodesToTheCommandPacket) {
  const SmsDeliver d = decode_deliver(from_hex(kPySimTpdu), {TrailingOctets::UserData});
  EXPECT_FALSE(d.mms);  // first octet 40: TP-MMS 0, TP-UDHI 1
  EXPECT_FALSE(d.lp);
  EXPECT_FALSE(d.sri);
  EXPECT_FALSE(d.rp);
  EXPECT_EQ(d.oa, (Address{TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"}));
  EXPECT_EQ(type_of_address(d.oa), 0x81);
  EXPECT_EQ(d.pid, 0x7F);
  EXPECT_EQ(d.dcs, 0xF6);
  EXPECT_EQ(d.scts, (Timestamp{22, 7, 25, 0, 0, 0, 0}));
  ASSERT_TRUE(d.ud.header.has_value());
  EXPECT_EQ(to_hex(encode_udh(*d.ud.header)), "027000");
  EXPECT_EQ(user_data_length(d.ud, d.dcs), 45u);
  EXPECT_TRUE(is_sim_data_download(d));
  const auto packet = command_packet_of(d);
  ASSERT_TRUE(packet.has_value());
  EXPECT_EQ(to_hex(*packet), kPySimPacket);
  // CPL (TS 102 225 §5.1.1) counts the octets after itself.
  EXPECT_EQ(be16(packet->data()), packet->size() - 2);
}

TEST(SmsPySimVector, EncodesBackWithTheUserDataLengthCorrected) {
  const SmsDeliver d = decode_deliver(from_hex(kPySimTpdu), {TrailingOctets::UserData});
  Bytes expected = from_hex(kPySimTpdu);
  ASSERT_EQ(expected[16], 0x03);
  expected[16] = 0x2D;  // 3 + 42 octets
  EXPECT_EQ(to_hex(encode(d)), to_hex(expected));
  // Building the same message from its parts gives the same octets.
  SmsDeliver built;
  built.oa = {TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"};
  built.pid = kPidSimDataDownload;
  built.dcs = kDcsClass2EightBit;
  built.scts = {22, 7, 25, 0, 0, 0, 0};
  built.ud.header = UserDataHeader{{{kIeiCommandPacket, {}}}};
  built.ud.body = from_hex(kPySimPacket);
  EXPECT_EQ(to_hex(encode(built)), to_hex(expected));
  ASSERT_EQ(delivers_with_command_packet(built.oa, built.scts, built.ud.body, 0).size(), 1u);
  EXPECT_EQ(delivers_with_command_packet(built.oa, built.scts, built.ud.body, 0)[0], built);
}

}  // namespace test_sms_vectors
}  // namespace cardcore::sms
