// ISO 7816-4 §5.1 command cases and the TS 102 221 §10.1.1 class byte.
#include <gtest/gtest.h>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/apdu/status_word.hpp"

namespace test_command_apdu {

using namespace cardcore;

TEST(CommandApdu, FourCases) {
  struct Row { const char* hex; ApduCase kind; std::size_t lc; std::uint16_t ne; };
  const Row rows[] = {
      {"00a40000", ApduCase::Case1, 0, 0},
      {"00b0000009", ApduCase::Case2, 0, 9},
      {"00b0000000", ApduCase::Case2, 0, 256},  // Le '00' = 256
      {"00a40004023f00", ApduCase::Case3, 2, 0},
      {"00a40004023f0000", ApduCase::Case4, 2, 256},
      {"00a40004023f0010", ApduCase::Case4, 2, 16},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.hex);
    const Bytes b = from_hex(r.hex);
    StatusWord err;
    const auto c = parse_command_apdu(b, err);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->kind, r.kind);
    EXPECT_EQ(c->data.size(), r.lc);
    EXPECT_EQ(c->ne, r.ne);
  }
}

TEST(CommandApdu, MalformedLengthsAreWrongLength) {
  const char* bad[] = {"", "00", "00a400", "00a40004023f", "00a40004023f000000",
                       "00a4000400000102"};  // the last: extended Lc is not offered
  for (const char* hex : bad) {
    SCOPED_TRACE(hex);
    const Bytes b = from_hex(hex);
    StatusWord err = sw::kOk;
    EXPECT_FALSE(parse_command_apdu(b, err));
    EXPECT_EQ(err, sw::kWrongLength);
  }
}

TEST(ClassByte, Ts102221Table10_3) {
  struct Row { std::uint8_t cla; ClassByte::Kind kind; std::uint8_t channel; bool sm; };
  const Row rows[] = {
      {0x00, ClassByte::Kind::Interindustry, 0, false},
      {0x03, ClassByte::Kind::Interindustry, 3, false},
      {0x0C, ClassByte::Kind::Interindustry, 0, true},
      {0x80, ClassByte::Kind::Proprietary, 0, false},
      {0x81, ClassByte::Kind::Proprietary, 1, false},
      {0x40, ClassByte::Kind::Interindustry, 4, false},
      {0x4F, ClassByte::Kind::Interindustry, 19, false},
      {0x60, ClassByte::Kind::Interindustry, 4, true},
      {0xC3, ClassByte::Kind::Proprietary, 7, false},
      {0xA0, ClassByte::Kind::Gsm, 0, false},
      {0x20, ClassByte::Kind::Invalid, 0, false},
      {0xA4, ClassByte::Kind::Invalid, 0, false},
      {0xFF, ClassByte::Kind::Invalid, 0, false},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(static_cast<int>(r.cla));
    const ClassByte c = decode_class(r.cla);
    EXPECT_EQ(c.kind, r.kind);
    if (r.kind != ClassByte::Kind::Invalid && r.kind != ClassByte::Kind::Gsm) {
      EXPECT_EQ(c.channel, r.channel);
      EXPECT_EQ(c.secure_messaging, r.sm);
    }
  }
}

TEST(StatusWords, EveryTs102221WordHasAMeaning) {
  const StatusWord words[] = {0x9000, 0x9300, 0x6200, 0x6281, 0x6282, 0x6283, 0x6285, 0x62F1, 0x62F2, 0x62F3,
                              0x63F1, 0x63F2, 0x6400, 0x6500, 0x6581, 0x6700, 0x6800, 0x6881, 0x6882, 0x6900,
                              0x6981, 0x6982, 0x6983, 0x6984, 0x6985, 0x6986, 0x6989, 0x6A80, 0x6A81, 0x6A82,
                              0x6A83, 0x6A84, 0x6A86, 0x6A87, 0x6A88, 0x6B00, 0x6D00, 0x6E00, 0x6F00, 0x9850,
                              0x9862, 0x9863, 0x9864, 0x9865, 0x6110, 0x6C10, 0x9112, 0x9200, 0x63C2, 0x6712};
  for (StatusWord s : words) {
    SCOPED_TRACE(s);
    EXPECT_NE(describe_status(s), "unknown status word");
  }
  EXPECT_EQ(describe_status(0x1234), "unknown status word");
  EXPECT_EQ(describe_status(0x9404, true), "file ID not found");
}

}  // namespace test_command_apdu
