// The expanded format's indefinite length coding (TS 102 226 §5.2.1, §5.2.2):
// a command scripting template 'AE' '80' … '00 00' runs as 'AA' does and is
// answered by a response scripting template 'AF' '80' … '00 00', without the
// number of executed C-APDUs; and the card's template reader and response
// builder on their own (remote/expanded_format.hpp).
#include "cardcore/remote/expanded_format.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_rfm_expanded {

using cardcore::testing::kImsi;
using cardcore::testing::kNewImsi;
using cardcore::testing::OtaCard;
using cardcore::testing::RfmCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

class RfmExpanded : public RfmCard {};

// The same commands as an 'AA' script, in the indefinite length coding: the
// answer is 'AF 80', one R-APDU per C-APDU, '00 00'.
TEST_F(RfmExpanded, IndefiniteTemplateRunsAndIsAnsweredInKind) {
  const std::string body = "2207" "00A4000C026F07" "220E" "00D6000009" + kNewImsi + "2205" "00B0000009";
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AE80" + body + "0000"),
            "AF80" "23029000" "23029000" "230B" + kNewImsi + "9000" "0000");
  EXPECT_EQ(read_imsi(), kNewImsi + "9000");
  // The definite template of the same body gets 'AB' with the count.
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AA20" + body), "AB18" "800103" "23029000" "23029000" "230B" + kNewImsi + "9000");
}

// The stop rule and the other TLVs are those of 'AA': an error status word
// ends the script; immediate and error action TLVs are taken.
TEST_F(RfmExpanded, IndefiniteTemplateStopsAtAnError) {
  EXPECT_EQ(rfm(remote::kTarUsimRfm, "AE80" "810101" "8200" "2207" "00A4000C026FFF" "220E" "00D6000009" + kNewImsi +
                                          "0000"),
            "AF80" "23026A82" "0000");
  EXPECT_EQ(read_imsi(), kImsi + "9000");
}

// Faults of the indefinite coding: a length other than '80' (nothing runs),
// no end-of-contents, bytes after it, a TLV running past the data (what ran
// before stands).
TEST_F(RfmExpanded, IndefiniteTemplateFaults) {
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE" "09" "2207" "00A4000C022FE2"), "AF80" "900102" "0000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE"), "AF80" "900102" "0000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE80" "2207" "00A4000C022FE2" "0000" "00"), "AF80" "23029000" "900102" "0000");
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE80" "2207" "00A4000C022FE2" "2209" "00A4000C02"),
            "AF80" "23029000" "900102" "0000");
  // An empty template: nothing to run.
  EXPECT_EQ(rfm(remote::kTarUiccRfm, "AE80" "0000"), "AF800000");
}

// The budget holds for 'AF' too: three 176-byte records, the third cut with
// '62 F1' (TS 102 226 §5.2.1.1).
TEST_F(RfmExpanded, IndefiniteResponseKeepsToItsBudget) {
  send_terminal_profile();
  const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredSubmit);
  const std::string script = "AE80" "2207" "00A4000C026F3C" "2205" "00B20104B0" "2205" "00B20204B0" "0000";
  std::string sw = run(packet(sec, remote::kTarUsimRfm, 1, from_hex(script)));
  const std::optional<Bytes> p = fetch_submitted_por(sw);
  ASSERT_TRUE(p);
  const ota::DecodedPor por = ota::decode_response_packet(*p, sec, keys, remote::kTarUsimRfm, 1);
  const std::string record = "00" + std::string(350, 'F');
  // 360 - 'AF 80' - '00 00' - 3 reserved - 4 - 181 = 168: '23 81 A5' and 163 bytes.
  EXPECT_EQ(upper_hex(por.packet.additional_data),
            "AF80" "23029000" "2381B2" + record + "9000" "2381A5" + record.substr(0, 326) + "62F1" "0000");
}

TEST(ExpandedFormat, ScriptReaderGivesTheTemplatesTlvs) {
  using remote::expanded::BadFormat;
  using remote::expanded::ScriptReader;
  tlv::BerTlv t;
  const Bytes aa = from_hex("AA06" "8300" "2202A0B0");
  ScriptReader a(aa);
  EXPECT_FALSE(a.indefinite());
  ASSERT_TRUE(a.peek());
  EXPECT_EQ(a.peek()->tag, 0x83);
  ASSERT_TRUE(a.next(t));
  EXPECT_EQ(t.tag, 0x83);
  ASSERT_TRUE(a.next(t));
  EXPECT_EQ(t.tag, 0x22);
  EXPECT_EQ(to_hex(t.value), "a0b0");
  EXPECT_FALSE(a.next(t));
  EXPECT_FALSE(a.error());
  const Bytes ae = from_hex("AE80" "2202A0B0" "0000");
  ScriptReader b(ae);
  EXPECT_TRUE(b.indefinite());
  ASSERT_TRUE(b.next(t));
  EXPECT_FALSE(b.peek());
  EXPECT_FALSE(b.next(t));
  EXPECT_FALSE(b.error());
  // Another template tag, a definite one that runs short.
  const Bytes ab = from_hex("AB00");
  EXPECT_EQ(ScriptReader(ab).error(), BadFormat::UnknownTag);
  const Bytes shortened = from_hex("AA05" "2202A0B0");
  EXPECT_EQ(ScriptReader(shortened).error(), BadFormat::WrongLength);
}

TEST(ExpandedFormat, ResponseScriptCodings) {
  remote::expanded::ResponseScript definite(360, false);
  definite.add(from_hex("0102"), 0x9000);
  EXPECT_EQ(upper_hex(definite.finish()), "AB09" "800101" "2304" "01029000");
  remote::expanded::ResponseScript indefinite(360, true);
  indefinite.add(from_hex("0102"), 0x9000);
  indefinite.chaining_response(0x01);
  EXPECT_EQ(upper_hex(indefinite.finish()), "AF80" "2304" "01029000" "830101" "0000");
  // Not even a status word fits: add() refuses, nothing is added.
  remote::expanded::ResponseScript tiny(12, false);
  EXPECT_FALSE(tiny.add({}, 0x9000));
  EXPECT_EQ(upper_hex(tiny.finish()), "AB03" "800101");
}

}  // namespace test_rfm_expanded
