// BER-TLV (ISO/IEC 8825-1 §8.1) and COMPREHENSION-TLV (TS 101 220 §7.1.1)
// codecs, with the length coding of TS 102 223 Annex C: tables of valid and
// invalid encodings, round trips at every length form.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"
#include "cardcore/tlv/length.hpp"

namespace test_tlv {

using cardcore::tlv::Error;
using namespace cardcore;

// `n` value bytes counting 00, 01, ...
std::string filler(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += to_hex(Bytes{static_cast<std::uint8_t>(i)});
  return s;
}

struct BerCase {
  std::string hex;
  Error error;
  std::uint16_t tag = 0;
  std::size_t value_size = 0;
};

TEST(Tlv, LengthFields) {
  struct Case {
    const char* hex;
    Error error;
    std::size_t value = 0;
    std::size_t header = 0;
  };
  const Case cases[] = {
      {"00", Error::None, 0, 1},
      {"7F", Error::None, 127, 1},
      {"8180", Error::None, 128, 2},
      {"81FF", Error::None, 255, 2},
      {"820100", Error::None, 256, 3},
      {"82FFFF", Error::None, 65535, 3},
      {"80", Error::IndefiniteLength},
      {"817F", Error::NonMinimalLength},  // '81' is for '80'-'FF' only
      {"8100", Error::NonMinimalLength},
      {"8200FF", Error::NonMinimalLength},
      {"820000", Error::NonMinimalLength},
      {"83010000", Error::LengthTooLong},
      {"84", Error::LengthTooLong},
      {"FF", Error::LengthTooLong},
      {"", Error::Truncated},
      {"81", Error::Truncated},
      {"8201", Error::Truncated},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex);
    const auto r = tlv::read_length(from_hex(c.hex));
    EXPECT_EQ(r.error, c.error);
    if (r.ok()) {
      EXPECT_EQ(r.value.value, c.value);
      EXPECT_EQ(r.value.header, c.header);
    }
  }
}

TEST(Tlv, LengthEncodingIsTheShortestForm) {
  const std::pair<std::size_t, const char*> cases[] = {
      {0, "00"}, {1, "01"}, {127, "7F"}, {128, "8180"}, {255, "81FF"}, {256, "820100"}, {65535, "82FFFF"}};
  for (const auto& [n, hex] : cases) {
    Bytes out;
    tlv::put_length(out, n);
    EXPECT_EQ(out, from_hex(hex)) << n;
    EXPECT_EQ(tlv::length_size(n), out.size()) << n;
  }
  Bytes out;
  EXPECT_THROW(tlv::put_length(out, 65536), std::length_error);
}

TEST(Tlv, BerDecodingTable) {
  const std::vector<BerCase> cases = {
      {"D000", Error::None, 0xD0, 0},
      {"8001AA", Error::None, 0x80, 1},
      {"D1" "03" "820283", Error::None, 0xD1, 3},
      {"5F2D027A68", Error::None, 0x5F2D, 2},  // two-byte tag (ISO/IEC 7816-4 language preference)
      {"7F2100", Error::None, 0x7F21, 0},
      {"9F7F01FF", Error::None, 0x9F7F, 1},
      {"D0817F" + filler(127), Error::NonMinimalLength},
      {"D08180" + filler(128), Error::None, 0xD0, 128},
      {"D081FF" + filler(255), Error::None, 0xD0, 255},
      {"D0820100" + filler(256), Error::None, 0xD0, 256},
      {"D08200FF" + filler(255), Error::NonMinimalLength},
      {"D080", Error::IndefiniteLength},
      {"D080AA0000", Error::IndefiniteLength},
      {"D083000001AA", Error::LengthTooLong},
      {"D08401000000", Error::LengthTooLong},
      {"D0", Error::Truncated},
      {"D081", Error::Truncated},
      {"D08201", Error::Truncated},
      {"D002AA", Error::Truncated},  // the value is one byte short
      {"D08180" + filler(127), Error::Truncated},
      {"", Error::Truncated},
      {"0000", Error::BadTag},  // '00' and 'FF' are padding (ISO/IEC 7816-4)
      {"FF00", Error::BadTag},
      {"1F", Error::Truncated},
      {"1F1E00", Error::BadTag},    // would have fitted one byte
      {"1F810100", Error::BadTag},  // three-byte tags are not taken
      {"5F", Error::Truncated},
  };
  for (const BerCase& c : cases) {
    SCOPED_TRACE(c.hex.substr(0, 24));
    const Bytes in = from_hex(c.hex);
    const auto r = tlv::read_ber(in);
    EXPECT_EQ(r.error, c.error) << tlv::describe(r.error);
    if (!r.ok()) continue;
    EXPECT_EQ(r.value.tag, c.tag);
    EXPECT_EQ(r.value.value.size(), c.value_size);
    EXPECT_EQ(r.value.size, in.size());
    EXPECT_EQ(r.value.value.data() + r.value.value.size(), in.data() + in.size());  // a view into the input
  }
}

TEST(Tlv, BerTrailingDataAndSequences) {
  EXPECT_EQ(tlv::parse_ber(from_hex("D00101")).error, Error::None);
  EXPECT_EQ(tlv::parse_ber(from_hex("D0010102")).error, Error::TrailingData);
  EXPECT_EQ(tlv::parse_ber(from_hex("D00101D000")).error, Error::TrailingData);
  EXPECT_EQ(tlv::read_ber(from_hex("D0010102")).value.size, 3u);  // read_ber leaves the rest alone

  const Bytes seq = from_hex("80010A" "5F2D027A68" "D000");
  tlv::BerReader reader(seq);
  tlv::BerTlv t;
  std::vector<std::uint16_t> tags;
  while (reader.next(t)) tags.push_back(t.tag);
  EXPECT_EQ(tags, (std::vector<std::uint16_t>{0x80, 0x5F2D, 0xD0}));
  EXPECT_EQ(reader.error(), Error::None);
  EXPECT_TRUE(reader.at_end());

  const Bytes bad = from_hex("80010A" "D005AA");
  tlv::BerReader broken(bad);
  ASSERT_TRUE(broken.next(t));
  EXPECT_FALSE(broken.next(t));
  EXPECT_EQ(broken.error(), Error::Truncated);
  EXPECT_FALSE(broken.next(t));  // stays stopped
}

TEST(Tlv, BerRoundTrips) {
  for (std::uint16_t tag : {0x80, 0xD0, 0xD7, 0x62, 0x5F2D, 0x7F21, 0xBF3F}) {
    for (std::size_t n : {0u, 1u, 127u, 128u, 255u, 256u, 1000u, 65535u}) {
      SCOPED_TRACE(std::to_string(tag) + "/" + std::to_string(n));
      const Bytes value = from_hex(filler(n));
      const Bytes enc = tlv::make_ber(tag, value);
      EXPECT_EQ(enc.size(), tlv::ber_tag_size(tag) + tlv::length_size(n) + n);
      const auto r = tlv::parse_ber(enc);
      ASSERT_TRUE(r.ok()) << tlv::describe(r.error);
      EXPECT_EQ(r.value.tag, tag);
      EXPECT_TRUE(std::equal(value.begin(), value.end(), r.value.value.begin(), r.value.value.end()));
    }
  }
  EXPECT_TRUE(tlv::is_constructed(0x62));
  EXPECT_FALSE(tlv::is_constructed(0xD0));  // private class, primitive by ISO/IEC 8825-1, nested by TS 102 223
  EXPECT_FALSE(tlv::is_constructed(0x80));
  EXPECT_TRUE(tlv::is_constructed(0x7F21));
  EXPECT_FALSE(tlv::is_constructed(0x5F2D));
  for (std::uint16_t bad : {0x00, 0x1F, 0xFF, 0x3F, 0x1F1E, 0x1F80, 0x5080}) {
    EXPECT_THROW(tlv::make_ber(bad, {}), std::invalid_argument) << bad;
  }
  EXPECT_THROW(tlv::make_ber(0xD0, Bytes(65536)), std::length_error);
}

TEST(Tlv, ComprehensionDecodingTable) {
  struct Case {
    std::string hex;
    Error error;
    std::uint16_t tag = 0;
    bool cr = false;
    std::size_t value_size = 0;
  };
  const std::vector<Case> cases = {
      {"810301130082", Error::None, 0x01, true, 3},  // command details, CR (rest left alone)
      {"0103011300", Error::None, 0x01, false, 3},
      {"8B00", Error::None, 0x0B, true, 0},
      {"7E00", Error::None, 0x7E, false, 0},
      {"7F80010201 02", Error::None, 0x0001, true, 2},  // three-byte form
      {"7F7FFF00", Error::None, 0x7FFF, false, 0},
      {"7FFFFF00", Error::None, 0x7FFF, true, 0},
      {"7F00720100", Error::None, 0x0072, false, 1},
      {"B68180" + filler(128), Error::None, 0x36, true, 128},
      {"B6820100" + filler(256), Error::None, 0x36, true, 256},
      {"00", Error::BadTag},  // '00', '80', 'FF' are no tags
      {"8000", Error::BadTag},
      {"FF00", Error::BadTag},
      {"7F000000", Error::BadTag},  // tag value 0
      {"7F80", Error::Truncated},
      {"7F", Error::Truncated},
      {"81", Error::Truncated},
      {"8103AABB", Error::Truncated},
      {"8180", Error::IndefiniteLength},
      {"81817F" + filler(127), Error::NonMinimalLength},
      {"818300010000", Error::LengthTooLong},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex.substr(0, 24));
    const Bytes in = from_hex(c.hex);
    const auto r = tlv::read_ctlv(in);
    EXPECT_EQ(r.error, c.error) << tlv::describe(r.error);
    if (!r.ok()) continue;
    EXPECT_EQ(r.value.tag, c.tag);
    EXPECT_EQ(r.value.cr, c.cr);
    EXPECT_EQ(r.value.value.size(), c.value_size);
  }
}

TEST(Tlv, ComprehensionEncodingAndRoundTrips) {
  Bytes out;
  tlv::put_ctlv(out, 0x01, from_hex("011300"));
  tlv::put_ctlv(out, 0x02, from_hex("8183"), false);
  EXPECT_EQ(to_hex(out), "8103011300" "02028183");
  out.clear();
  tlv::put_ctlv(out, 0x7F, {}, true);  // '7F' announces the three-byte form: the value needs it
  tlv::put_ctlv(out, 0x1234, from_hex("AA"), false);
  EXPECT_EQ(to_hex(out), "7f807f00" "7f123401aa");
  EXPECT_THROW(tlv::put_ctlv(out, 0, {}), std::invalid_argument);
  EXPECT_THROW(tlv::put_ctlv(out, 0x8000, {}), std::invalid_argument);

  for (std::uint16_t tag : {0x01, 0x36, 0x7E, 0x7F, 0x80, 0x1234, 0x7FFF}) {
    for (bool cr : {false, true}) {
      for (std::size_t n : {0u, 5u, 127u, 128u, 255u, 256u, 4000u}) {
        SCOPED_TRACE(std::to_string(tag) + "/" + std::to_string(cr) + "/" + std::to_string(n));
        const Bytes value = from_hex(filler(n));
        Bytes enc;
        tlv::put_ctlv(enc, tag, value, cr);
        EXPECT_EQ(enc.size(), tlv::ctlv_tag_size(tag) + tlv::length_size(n) + n);
        const auto r = tlv::read_ctlv(enc);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r.value.tag, tag);
        EXPECT_EQ(r.value.cr, cr);
        EXPECT_EQ(r.value.size, enc.size());
        EXPECT_TRUE(std::equal(value.begin(), value.end(), r.value.value.begin(), r.value.value.end()));
      }
    }
  }
}

TEST(Tlv, ComprehensionSequences) {
  // TS 102 223 §6.8: a TERMINAL RESPONSE is a bare sequence of data objects.
  const Bytes seq = from_hex("810301130082028281830100");
  tlv::CtlvReader reader(seq);
  tlv::Ctlv t;
  std::vector<std::uint16_t> tags;
  while (reader.next(t)) tags.push_back(t.tag);
  EXPECT_EQ(tags, (std::vector<std::uint16_t>{1, 2, 3}));
  EXPECT_EQ(reader.error(), Error::None);

  const Bytes trailing = from_hex("810301130082028281FF");
  tlv::CtlvReader bad(trailing);
  while (bad.next(t)) {
  }
  EXPECT_EQ(bad.error(), Error::BadTag);
  const Bytes cut = from_hex("8103011300820282");
  tlv::CtlvReader short_read(cut);
  while (short_read.next(t)) {
  }
  EXPECT_EQ(short_read.error(), Error::Truncated);
}

TEST(Tlv, DecodersNeverReadPastTheirInput) {
  // Every prefix of valid encodings, decoded from an exact-size copy (the
  // sanitizer build turns any overread into a failure).
  const std::vector<std::string> valid = {"D0820100" + filler(256), "5F2D027A68", "7F807F8180" + filler(128),
                                          "D1" "2D" "8202838106099111223344556677F88B1C" + filler(28)};
  for (const std::string& hex : valid) {
    const Bytes full = from_hex(hex);
    for (std::size_t n = 0; n <= full.size(); ++n) {
      const Bytes part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      const auto b = tlv::read_ber(part);
      const auto c = tlv::read_ctlv(part);
      if (b.ok()) {
        EXPECT_LE(b.value.size, n);
      }
      if (c.ok()) {
        EXPECT_LE(c.value.size, n);
      }
    }
  }
  EXPECT_EQ(tlv::describe(Error::TrailingData), "trailing data");
}

}  // namespace test_tlv
