// The fields of TS 23.040 TPDUs on their own: addresses (TP, RP and the
// Address TLV value), time stamps, validity periods, TP-DCS, TP-PID and the
// User Data Header.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/dcs.hpp"
#include "cardcore/sms/pid.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/timestamp.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/sms/validity_period.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {
namespace test_sms_fields {

template <typename F>
std::string error_field(F&& f) {
  try {
    f();
  } catch (const SmsError& e) {
    return e.field();
  }
  return "(no error)";
}

struct AddressCase {
  Address address;
  const char* tp;  // TS 23.040 §9.1.2.5 form
  const char* source;
};

const AddressCase kTpAddresses[] = {
    {{TypeOfNumber::Unknown, NumberingPlan::Isdn, "12345678"}, "0881214365 87", "pySim OTA TPDU (TP-OA)"},
    {{TypeOfNumber::International, NumberingPlan::Isdn, "46708251358"}, "0b916407281553f8", "dreamfabric SMS-SUBMIT"},
    {{TypeOfNumber::International, NumberingPlan::Isdn, "12345"}, "05912143f5", "pySim test_sms to_bytes_odd"},
    {{TypeOfNumber::Unknown, NumberingPlan::Unknown, "1234"}, "0480214399", "pySim test_sms from_bytes (99 follows)"},
    {{TypeOfNumber::Unknown, NumberingPlan::Unknown, "123"}, "038021f399", "pySim test_sms from_bytes_odd"},
    {{TypeOfNumber::Subscriber, NumberingPlan::Isdn, "*#abc1"}, "06c1badc1e", "§9.1.2.3 semi-octets A..E"},
    {{TypeOfNumber::National, NumberingPlan::National, ""}, "00a8", "empty address"},
    {{TypeOfNumber::Alphanumeric, NumberingPlan::Unknown, "ekit"}, "07d0e5759a0e", "pySim test_sms DELIVER"},
    {{TypeOfNumber::International, NumberingPlan::Isdn, "12345678901234567890"}, "1491214365870921436587 0921436587 09",
     "20 digits, the maximum"},
};

TEST(SmsAddress, TpAddressTable) {
  for (const auto& c : kTpAddresses) {
    SCOPED_TRACE(c.source);
    const Bytes bytes = from_hex(c.tp);
    std::size_t used = 0;
    EXPECT_EQ(decode_tp_address(bytes, used), c.address);
    const Bytes encoded = encode_tp_address(c.address);
    EXPECT_EQ(used, encoded.size());
    EXPECT_EQ(to_hex(encoded), to_hex(ByteView(bytes).first(used)));
  }
}

TEST(SmsAddress, TpAddressLimits) {
  Address a{TypeOfNumber::International, NumberingPlan::Isdn, std::string(21, '1')};
  EXPECT_EQ(error_field([&] { encode_tp_address(a, "TP-DA"); }), "TP-DA");
  a.value = "12a4x";
  EXPECT_EQ(error_field([&] { encode_tp_address(a); }), "TP-DA");
  // 11 septets fill the 10 octets; 12 do not (TS 23.040 §9.1.2.5).
  Address alnum{TypeOfNumber::Alphanumeric, NumberingPlan::Unknown, "ABCDEFGHIJK"};
  EXPECT_EQ(encode_tp_address(alnum)[0], 20);
  EXPECT_EQ(encode_tp_address(alnum).size(), 12u);
  std::size_t used = 0;
  EXPECT_EQ(decode_tp_address(encode_tp_address(alnum), used), alnum);
  alnum.value += "L";
  EXPECT_THROW(encode_tp_address(alnum), SmsError);
  // A filler inside the length, an absurd length.
  EXPECT_EQ(error_field([&] { decode_tp_address(from_hex("0481 21f3"), used); }), "TP-OA");
  EXPECT_EQ(error_field([&] { decode_tp_address(from_hex("ff81 2143"), used, "TP-RA"); }), "TP-RA");
  // Bit 7 of the Type-of-Address is ignored on decoding, always set on encoding.
  const Address a7 = decode_tp_address(from_hex("0401 2143"), used);
  EXPECT_EQ(a7, (Address{TypeOfNumber::Unknown, NumberingPlan::Isdn, "1234"}));
  EXPECT_EQ(type_of_address(a7), 0x81);
}

TEST(SmsAddress, RpAddressAsTheSmscAddress) {
  // TS 24.011 §8.2.5.1: the SMSC address of TS 27.005 PDU mode.
  std::size_t used = 0;
  const auto sc = decode_rp_address(from_hex("07917283010010f5 04"), used);
  ASSERT_TRUE(sc.has_value());
  EXPECT_EQ(used, 8u);
  EXPECT_EQ(*sc, (Address{TypeOfNumber::International, NumberingPlan::Isdn, "27381000015"}));
  EXPECT_EQ(to_hex(encode_rp_address(*sc)), "07917283010010f5");
  EXPECT_FALSE(decode_rp_address(from_hex("00"), used).has_value());
  EXPECT_EQ(used, 1u);
  EXPECT_EQ(to_hex(encode_rp_address({TypeOfNumber::International, NumberingPlan::Isdn, ""})), "0191");
  EXPECT_THROW(decode_rp_address(from_hex("0c91" "11111111111111111111"), used), SmsError);  // 12 octets
  EXPECT_THROW(decode_rp_address(from_hex("0791 7283"), used), SmsError);                    // truncated
  EXPECT_THROW(decode_rp_address(from_hex("0391 f121"), used), SmsError);                    // digit after filler
  EXPECT_THROW(encode_rp_address({TypeOfNumber::Alphanumeric, NumberingPlan::Unknown, "AB"}), SmsError);
  EXPECT_THROW(encode_rp_address({TypeOfNumber::International, NumberingPlan::Isdn, std::string(21, '9')}), SmsError);
}

TEST(SmsAddress, AddressTlvValue) {
  // TS 102 223 §8.1: TON/NPI then the BCD number, as in ENVELOPE (SMS-PP DOWNLOAD).
  const Address a{TypeOfNumber::International, NumberingPlan::Isdn, "27381000015"};
  EXPECT_EQ(to_hex(encode_address_value(a)), "917283010010f5");
  EXPECT_EQ(decode_address_value(from_hex("917283010010f5")), a);
  EXPECT_EQ(decode_address_value(from_hex("81")), (Address{TypeOfNumber::Unknown, NumberingPlan::Isdn, ""}));
  EXPECT_EQ(decode_address_value(from_hex("81 21 43 ff")).value, "1234");  // trailing 'FF' padding
  EXPECT_EQ(error_field([] { decode_address_value({}); }), "Address");
}

struct TimestampCase {
  Timestamp t;
  const char* octets;
};

const TimestampCase kTimestamps[] = {
    {{22, 7, 25, 0, 0, 0, 0}, "22705200000000"},    // pySim OTA TPDU
    {{99, 3, 29, 15, 16, 59, 8}, "99309251619580"},  // dreamfabric, +2 h
    {{7, 9, 12, 15, 10, 12, 8}, "70902151012180"},   // amro status report
    {{24, 12, 31, 23, 59, 59, -20}, "4221133295950a"},  // -5 h: sign bit 3 of the last octet
    {{0, 1, 1, 0, 0, 0, 79}, "00101000000097"},
    {{0, 1, 1, 0, 0, 0, -79}, "0010100000009f"},
};

TEST(SmsTimestamp, SemiOctetsWithTimeZone) {
  for (const auto& c : kTimestamps) {
    SCOPED_TRACE(c.octets);
    EXPECT_EQ(to_hex(encode_timestamp(c.t)), c.octets);
    EXPECT_EQ(decode_timestamp(from_hex(c.octets)), c.t);
  }
  EXPECT_EQ(to_string(Timestamp{24, 12, 31, 23, 59, 59, -20}), "24-12-31 23:59:59 -20");
  EXPECT_EQ(decode_timestamp(from_hex("00101000000008")).tz_quarters, 0);  // negative zero
  EXPECT_EQ(error_field([] { decode_timestamp(from_hex("227052000000")); }), "timestamp");   // 6 octets
  EXPECT_EQ(error_field([] { decode_timestamp(from_hex("2a705200000000")); }), "timestamp");  // 'A' digit
  EXPECT_EQ(error_field([] { decode_timestamp(from_hex("227052000000a0")); }), "timestamp");  // tz digit 'A'
  EXPECT_EQ(error_field([] { encode_timestamp({100, 1, 1, 0, 0, 0, 0}); }), "timestamp");
  EXPECT_EQ(error_field([] { encode_timestamp({0, 1, 1, 0, 0, 0, 80}); }), "timestamp");
}

TEST(SmsValidity, RelativeFormat) {
  // TS 23.040 §9.2.3.12.1.
  const std::pair<std::uint8_t, std::uint32_t> table[] = {
      {0, 5}, {1, 10}, {143, 720}, {144, 750}, {167, 1440}, {168, 2 * 1440}, {0xAA, 4 * 1440},
      {196, 30 * 1440}, {197, 5 * 7 * 1440}, {255, 63 * 7 * 1440}};
  for (const auto& [value, minutes] : table) {
    EXPECT_EQ(relative_validity_minutes(value), minutes) << int{value};
    EXPECT_EQ(relative_validity_for_minutes(minutes), value) << minutes;
  }
  EXPECT_EQ(relative_validity_for_minutes(0), 0);
  EXPECT_EQ(relative_validity_for_minutes(6), 1);
  EXPECT_EQ(relative_validity_for_minutes(1441), 168);
  EXPECT_EQ(relative_validity_for_minutes(100'000'000), 255);
}

TEST(SmsValidity, EnhancedFormat) {
  // TS 23.040 §9.2.3.12.3.
  EXPECT_EQ(enhanced_validity_seconds(enhanced_validity_of_seconds(90)), 90u);
  EXPECT_EQ(to_hex(enhanced_validity_of_seconds(90, true).octets), "425a0000000000");
  EXPECT_EQ(enhanced_validity_seconds({{0x01, 0xA7, 0, 0, 0, 0, 0}}), 24u * 3600);
  EXPECT_EQ(enhanced_validity_seconds({{0x03, 0x21, 0x43, 0x65, 0, 0, 0}}), 12u * 3600 + 34 * 60 + 56);
  EXPECT_EQ(enhanced_validity_seconds({{0x83, 0x00, 0x21, 0x43, 0x65, 0, 0}}), 12u * 3600 + 34 * 60 + 56);
  EXPECT_FALSE(enhanced_validity_seconds({{0x00, 0, 0, 0, 0, 0, 0}}).has_value());  // none specified
  EXPECT_FALSE(enhanced_validity_seconds({{0x04, 0, 0, 0, 0, 0, 0}}).has_value());  // reserved
  EXPECT_FALSE(enhanced_validity_seconds({{0x03, 0xA1, 0, 0, 0, 0, 0}}).has_value());  // not digits
  EXPECT_FALSE(enhanced_validity_seconds({{0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80}}).has_value());
}

TEST(SmsDcs, CodingGroups) {
  // TS 23.038 §4.
  auto d = decode_dcs(0x00);
  EXPECT_EQ(d.group, DcsGroup::General);
  EXPECT_EQ(d.alphabet, Alphabet::Gsm7);
  EXPECT_FALSE(d.message_class.has_value());
  d = decode_dcs(0xF6);
  EXPECT_EQ(d.group, DcsGroup::DataCodingMessageClass);
  EXPECT_EQ(d.alphabet, Alphabet::EightBit);
  EXPECT_EQ(d.message_class, MessageClass::Class2);
  d = decode_dcs(0x16);
  EXPECT_EQ(d.group, DcsGroup::General);
  EXPECT_EQ(d.alphabet, Alphabet::EightBit);
  EXPECT_EQ(d.message_class, MessageClass::Class2);
  d = decode_dcs(0x08);
  EXPECT_EQ(d.alphabet, Alphabet::Ucs2);
  d = decode_dcs(0x2C);  // compressed, reserved alphabet -> GSM 7 bit
  EXPECT_TRUE(d.compressed);
  EXPECT_EQ(d.alphabet, Alphabet::Gsm7);
  d = decode_dcs(0x49);
  EXPECT_EQ(d.group, DcsGroup::AutomaticDeletion);
  EXPECT_EQ(d.alphabet, Alphabet::Ucs2);
  EXPECT_FALSE(d.message_class.has_value());
  d = decode_dcs(0x85);
  EXPECT_EQ(d.group, DcsGroup::Reserved);
  EXPECT_EQ(d.alphabet, Alphabet::Gsm7);
  d = decode_dcs(0xC8);
  EXPECT_EQ(d.group, DcsGroup::WaitingDiscard);
  EXPECT_TRUE(d.indication_active);
  EXPECT_EQ(d.indication_type, 0);
  d = decode_dcs(0xE9);
  EXPECT_EQ(d.group, DcsGroup::WaitingStoreUcs2);
  EXPECT_EQ(d.alphabet, Alphabet::Ucs2);
  EXPECT_EQ(d.indication_type, 1);
  d = decode_dcs(0xF0);
  EXPECT_EQ(d.alphabet, Alphabet::Gsm7);
  EXPECT_EQ(d.message_class, MessageClass::Class0);

  EXPECT_EQ(dcs_general(Alphabet::EightBit, MessageClass::Class2), kDcsGeneralClass2EightBit);
  EXPECT_EQ(dcs_general(Alphabet::Ucs2), 0x08);
  EXPECT_TRUE(is_class2_eight_bit(0xF6));
  EXPECT_TRUE(is_class2_eight_bit(0x16));
  EXPECT_TRUE(is_class2_eight_bit(0x56));  // automatic deletion group
  EXPECT_FALSE(is_class2_eight_bit(0xF2));  // GSM 7 bit class 2
  EXPECT_FALSE(is_class2_eight_bit(0x04));  // 8-bit, no class
  EXPECT_FALSE(is_class2_eight_bit(0x36));  // compressed
  EXPECT_TRUE(user_data_counts_septets(0x00));
  EXPECT_TRUE(user_data_counts_septets(0xF2));
  EXPECT_TRUE(user_data_counts_septets(0xC0));
  EXPECT_FALSE(user_data_counts_septets(0x20));  // compressed: octets
  EXPECT_FALSE(user_data_counts_septets(0xF6));
  EXPECT_FALSE(user_data_counts_septets(0x08));
}

TEST(SmsPid, Values) {
  // TS 23.040 §9.2.3.9.
  EXPECT_EQ(pid_name(0x7F), "(U)SIM Data download");
  EXPECT_EQ(pid_name(0x7C), "ANSI-136 R-DATA");
  EXPECT_EQ(pid_name(0x7D), "ME Data download");
  EXPECT_EQ(pid_name(0x43), "Replace Short Message Type 3");
  EXPECT_EQ(pid_name(0x00), "SME-to-SME protocol (implicit)");
  EXPECT_EQ(pid_name(0x32), "telematic interworking");
  EXPECT_EQ(pid_name(0x60), "reserved");
  EXPECT_EQ(pid_name(0x80), "reserved");
  EXPECT_EQ(pid_name(0xC5), "SC specific use");
  const ProtocolId sim = decode_pid(kPidSimDataDownload);
  EXPECT_EQ(sim.group, PidGroup::ShortMessageType);
  EXPECT_EQ(sim.code, 0x3F);
  const ProtocolId fax = decode_pid(0x22);
  EXPECT_EQ(fax.group, PidGroup::Protocol);
  EXPECT_TRUE(fax.telematic_interworking);
  EXPECT_EQ(fax.code, 0x02);  // group 3 telefax
}

TEST(SmsUdh, ElementsRoundTrip) {
  // pySim test_sms Test_SMS_UDH: 71 with no data, 70 with one octet.
  const UserDataHeader h = decode_udh(from_hex("0571007001ffabcd"));
  ASSERT_EQ(h.elements.size(), 2u);
  EXPECT_EQ(h.elements[0], (InformationElement{0x71, {}}));
  EXPECT_EQ(h.elements[1], (InformationElement{0x70, {0xFF}}));
  EXPECT_EQ(to_hex(encode_udh(h)), "0571007001ff");
  EXPECT_EQ(to_hex(encode_udh({})), "00");
  EXPECT_TRUE(decode_udh(from_hex("00")).elements.empty());
  EXPECT_EQ(error_field([] { decode_udh(from_hex("0300030102")); }), "TP-UDH");  // element past UDHL
  EXPECT_EQ(error_field([] { decode_udh(from_hex("0100")); }), "TP-UDH");        // no length octet
  EXPECT_EQ(error_field([] { decode_udh(from_hex("0500030102")); }), "TP-UDHL");  // UDHL past the data
  EXPECT_EQ(error_field([] { encode_udh({{{0x20, Bytes(256)}}}); }), "TP-UDH");
}

TEST(SmsUdh, Concatenation) {
  // §9.2.3.24.1: 8-bit reference; §9.2.3.24.8: 16-bit reference.
  const auto c8 = concatenation_of(decode_udh(from_hex("050003010201")));
  ASSERT_TRUE(c8.has_value());
  EXPECT_EQ(*c8, (Concatenation{1, 2, 1, false}));
  EXPECT_EQ(to_hex(encode_udh({{concatenation_element(*c8)}})), "050003010201");
  // pySim test_sms ground truth: 16-bit reference 1234, 2 parts, part 1, then IEI 71.
  const UserDataHeader h16 = decode_udh(from_hex("080804123402017100"));
  const auto c16 = concatenation_of(h16);
  ASSERT_TRUE(c16.has_value());
  EXPECT_EQ(*c16, (Concatenation{0x1234, 2, 1, true}));
  EXPECT_EQ(without_concatenation(h16), (UserDataHeader{{{0x71, {}}}}));
  // The last of repeated elements counts (§9.2.3.24).
  EXPECT_EQ(concatenation_of(decode_udh(from_hex("0b0003010201 08040005 0302")))->reference, 5);
  EXPECT_FALSE(concatenation_of(decode_udh(from_hex("027000"))).has_value());
  EXPECT_EQ(error_field([] { concatenation_of(decode_udh(from_hex("0400020102"))); }), "TP-UDH");
}

}  // namespace test_sms_fields
}  // namespace cardcore::sms
