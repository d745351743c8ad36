// cardcore/util/bytes.hpp's hex text: from_hex's separators and errors,
// to_hex's two forms, hex_digits' fixed width.
#include <gtest/gtest.h>

#include "cardcore/util/bytes.hpp"

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

}  // namespace test_hex
