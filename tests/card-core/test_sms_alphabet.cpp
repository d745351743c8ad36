// TS 23.038 alphabets: the GSM 7 bit default alphabet with its extension
// table, septet packing with and without fill bits, and UCS2.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "cardcore/sms/gsm7.hpp"
#include "cardcore/sms/sms_error.hpp"
#include "cardcore/sms/ucs2.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {
namespace test_sms_alphabet {

struct PackingExample {
  const char* text;
  unsigned fill_bits;
  const char* packed;
  const char* source;
};

// Published packings (each also inside a TPDU of tests/data/sms-vectors.txt).
const PackingExample kPackingExamples[] = {
    {"hellohello", 0, "e8329bfd4697d9ec37", "gsmworld.it smspdu_7bits_coding (dreamfabric's example)"},
    {"hello", 0, "e8329bfd06", "9cbs.com read-46256"},
    {"Hello,my pretty world!", 0, "c8329bfd66b5f320b8bc4ca7e741f7b79c4d0e01", "accessvba.blogsky.com decode SMS-SUBMIT"},
    {"Where", 1, "aee8b2bc0c", "diafaan.com forum: after the UDH 050003010201, one fill bit"},
};

TEST(SmsGsm7, PublishedPackings) {
  for (const auto& ex : kPackingExamples) {
    SCOPED_TRACE(ex.source);
    const Bytes septets = gsm7_from_utf8(ex.text);
    EXPECT_EQ(to_hex(pack_septets(septets, ex.fill_bits)), ex.packed);
    EXPECT_EQ(gsm7_to_utf8(unpack_septets(from_hex(ex.packed), septets.size(), ex.fill_bits)), ex.text);
  }
}

TEST(SmsGsm7, EveryBasicCodeDecodesAndEncodesBack) {
  for (unsigned code = 0; code < 128; ++code) {
    if (code == kGsm7Escape) continue;
    const Bytes one{static_cast<std::uint8_t>(code)};
    const std::string text = gsm7_to_utf8(one);
    EXPECT_EQ(gsm7_from_utf8(text), one) << "code " << code << " text " << text;
  }
}

TEST(SmsGsm7, TableSpotChecks) {
  // TS 23.038 §6.2.1: positions that differ from ASCII.
  EXPECT_EQ(gsm7_to_utf8(from_hex("00")), "@");
  EXPECT_EQ(gsm7_to_utf8(from_hex("01")), "£");
  EXPECT_EQ(gsm7_to_utf8(from_hex("02")), "$");
  EXPECT_EQ(gsm7_to_utf8(from_hex("10")), "Δ");
  EXPECT_EQ(gsm7_to_utf8(from_hex("11")), "_");
  EXPECT_EQ(gsm7_to_utf8(from_hex("24")), "¤");
  EXPECT_EQ(gsm7_to_utf8(from_hex("40")), "¡");
  EXPECT_EQ(gsm7_to_utf8(from_hex("5f")), "§");
  EXPECT_EQ(gsm7_to_utf8(from_hex("60")), "¿");
  EXPECT_EQ(gsm7_to_utf8(from_hex("7f")), "à");
  EXPECT_EQ(gsm7_from_utf8("ç"), from_hex("09"));  // shown as either case
}

TEST(SmsGsm7, ExtensionTable) {
  // TS 23.038 §6.2.1.1.
  EXPECT_EQ(to_hex(gsm7_from_utf8("€")), "1b65");
  EXPECT_EQ(to_hex(gsm7_from_utf8("^{}\\[~]|\f")), "1b141b281b291b2f1b3c1b3d1b3e1b401b0a");
  EXPECT_EQ(gsm7_to_utf8(from_hex("1b141b281b291b2f1b3c1b3d1b3e1b401b0a1b65")), "^{}\\[~]|\f€");
  // An escaped code the table lacks shows the basic character; 1B 1B and a
  // trailing escape show a space.
  EXPECT_EQ(gsm7_to_utf8(from_hex("1b41")), "A");
  EXPECT_EQ(gsm7_to_utf8(from_hex("411b1b42")), "A B");
  EXPECT_EQ(gsm7_to_utf8(from_hex("411b")), "A ");
}

TEST(SmsGsm7, UnencodableCharacterIsNamedWithItsOffset) {
  try {
    gsm7_from_utf8("ab\xE2\x9C\x93");  // U+2713 check mark
    FAIL();
  } catch (const SmsError& e) {
    EXPECT_EQ(e.field(), "text");
    EXPECT_EQ(e.offset(), 2u);
    EXPECT_NE(std::string(e.what()).find("U+2713"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(gsm7_can_encode("\xFF"));  // malformed UTF-8
  EXPECT_TRUE(gsm7_can_encode("Hello {world} €5"));
}

TEST(SmsGsm7, PackUnpackEveryLengthAndFillBits) {
  std::mt19937 rng(23038);
  for (std::size_t n = 0; n <= 160; ++n) {
    Bytes septets(n);
    for (auto& s : septets) s = static_cast<std::uint8_t>(rng() & 0x7F);
    for (unsigned fill = 0; fill <= 6; ++fill) {
      const Bytes packed = pack_septets(septets, fill);
      ASSERT_EQ(packed.size(), packed_octets(n, fill));
      if (fill && !packed.empty()) {
        EXPECT_EQ(packed[0] & ((1u << fill) - 1), 0u) << "fill bits are zero";
      }
      ASSERT_EQ(unpack_septets(packed, n, fill), septets) << n << " septets, " << fill << " fill bits";
    }
  }
}

TEST(SmsGsm7, PackingErrors) {
  EXPECT_THROW(pack_septets(from_hex("41 80")), SmsError);  // not a septet
  EXPECT_THROW(pack_septets(from_hex("41"), 7), SmsError);
  EXPECT_THROW(unpack_septets(from_hex("e8329bfd"), 5), SmsError);  // 35 bits in 32
  EXPECT_THROW(unpack_septets(from_hex("e8"), 1, 2), SmsError);     // 2 + 7 bits in 8
  EXPECT_NO_THROW(unpack_septets(from_hex("e8"), 1, 1));
  EXPECT_NO_THROW(unpack_septets({}, 0, 6));
}

TEST(SmsUcs2, RoundTripAndLimits) {
  // TS 23.038 §6.2.3: 16 bits per character, most significant octet first.
  EXPECT_EQ(to_hex(ucs2_from_utf8("abc")), "006100620063");
  EXPECT_EQ(to_hex(ucs2_from_utf8("Grüße €")), "0047007200fc00df0065002020ac");
  EXPECT_EQ(ucs2_to_utf8(from_hex("0047007200fc00df0065002020ac")), "Grüße €");
  EXPECT_THROW(ucs2_from_utf8("\xF0\x9F\x98\x80"), SmsError);  // U+1F600 is outside the BMP
  // What UTF-16 senders put in: a surrogate pair is joined; strays become U+FFFD.
  EXPECT_EQ(ucs2_to_utf8(from_hex("d83dde00")), "\xF0\x9F\x98\x80");
  EXPECT_EQ(ucs2_to_utf8(from_hex("d83d0041")), "\xEF\xBF\xBD" "A");
  EXPECT_EQ(ucs2_to_utf8(from_hex("004100")), "A\xEF\xBF\xBD");
}

}  // namespace test_sms_alphabet
}  // namespace cardcore::sms
