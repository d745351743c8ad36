// cardcore/util/bytes.hpp's hex text: from_hex's separators and errors,
// to_hex's two forms, hex_digits' fixed width; and util/constant_time.hpp's
// comparison of secret-dependent values.
#include <gtest/gtest.h>

#include "cardcore/util/bytes.hpp"
#include "cardcore/util/constant_time.hpp"

namespace test_hex {

using namespace cardcore;

TEST(Hex, FromHexTakesSeparatorsBetweenBytePairsAndRefusesOthers) {
  EXPECT_EQ(from_hex("90 00"), (Bytes{0x90, 0x00}));
  EXPECT_EQ(from_hex("0a:1B-2c\t3D"), (Bytes{0x0A, 0x1B, 0x2C, 0x3D}));
  EXPECT_THROW(from_hex("900"), HexError);
  EXPECT_THROW(from_hex("9G"), HexError);
}

TEST(Hex, ToHexIsLowerCaseOrSpacedUpperCase) {
  EXPECT_EQ(to_hex(Bytes{0x6A, 0x80}), "6a80");
  EXPECT_EQ(to_hex(Bytes{0x6A, 0x80}, true), "6A 80");
  EXPECT_EQ(to_hex(Bytes{}), "");
}

TEST(Hex, HexDigitsGiveTheLowDigitsUpperCaseAtTheirWidth) {
  EXPECT_EQ(hex_digits(0x6A80, 4), "6A80");
  EXPECT_EQ(hex_digits(0x9000, 4), "9000");
  EXPECT_EQ(hex_digits(0x0F, 2), "0F");
  EXPECT_EQ(hex_digits(0x5, 4), "0005");
  EXPECT_EQ(hex_digits(0x12345, 4), "2345");  // the low digits only
  EXPECT_EQ(hex_digits(0xAB, 0), "");
}

TEST(ConstantTime, EqualOnlyWithTheSameLengthAndEveryBit) {
  const Bytes mac{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  EXPECT_TRUE(equal_constant_time(mac, Bytes(mac)));
  EXPECT_TRUE(equal_constant_time(Bytes{}, Bytes{}));
  EXPECT_FALSE(equal_constant_time(mac, ByteView(mac).first(7)));  // a prefix is not the MAC
  EXPECT_FALSE(equal_constant_time(Bytes{}, mac));
  for (std::size_t bit = 0; bit < 64; ++bit) {  // every single flipped bit, first and last byte included
    Bytes flipped = mac;
    flipped[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    EXPECT_FALSE(equal_constant_time(mac, flipped)) << bit;
  }
}

}  // namespace test_hex
