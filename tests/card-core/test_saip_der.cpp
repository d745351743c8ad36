// The strict DER reader and canonical writer of the SAIP codec (X.690 §8,
// §10): tags, lengths, INTEGER, OBJECT IDENTIFIER, UTF8String, and the
// errors each malformed form gives.
#include <gtest/gtest.h>

#include "cardcore/saip/der.hpp"

namespace test_saip_der {

using namespace cardcore;
using namespace cardcore::saip;
using namespace cardcore::saip::der;
// der::tlv, not the namespace cardcore::tlv that other files' headers declare
// (one translation unit in a unity build).
using cardcore::saip::der::tlv;

std::string hex(const Bytes& b) { return to_hex(b); }

// Reads one TLV from `h`; returns its tag name or the error text.
std::string read_one(const std::string& h) {
  const Bytes b = from_hex(h);
  Context ctx;
  try {
    Reader r(ctx, b, 0);
    const Tlv t = r.next("element");
    r.finish();
    return tag_name(t.tag) + " len " + std::to_string(t.value.size());
  } catch (const PackageError& e) {
    return e.what();
  }
}

TEST(SaipDer, TagsOfEveryClassAndHighNumbers) {
  EXPECT_EQ(hex(tlv(cp(3), from_hex("01"))), "830101");
  EXPECT_EQ(hex(tlv(cc(16), {})), "b000");
  EXPECT_EQ(hex(tlv(cc(31), {})), "bf1f00");   // X.690 §8.1.2.4: numbers >= 31 in following octets
  EXPECT_EQ(hex(tlv(cc(33), {})), "bf2100");
  EXPECT_EQ(hex(tlv(cc(200), {})), "bf814800");
  EXPECT_EQ(hex(tlv(app(15), from_hex("A0"))), "4f01a0");
  EXPECT_EQ(hex(tlv(privc(15), {})), "ef00");
  EXPECT_EQ(hex(tlv(priv(25), {})), "d900");
  EXPECT_EQ(read_one("bf814800"), "[200] (constructed) len 0");
  EXPECT_EQ(read_one("5f2000"), "[APPLICATION 32] len 0");
}

TEST(SaipDer, LengthsInTheShortestForm) {
  EXPECT_EQ(hex(tlv(kOctetString, Bytes(127, 0))).substr(0, 4), "047f");
  EXPECT_EQ(hex(tlv(kOctetString, Bytes(128, 0))).substr(0, 6), "048180");
  EXPECT_EQ(hex(tlv(kOctetString, Bytes(300, 0))).substr(0, 8), "0482012c");
  EXPECT_EQ(hex(tlv(kOctetString, Bytes(70000, 0))).substr(0, 10), "0483011170");
  EXPECT_EQ(read_one("0483011170" + std::string(140000, '0')), "UNIVERSAL 4 len 70000");
}

TEST(SaipDer, MalformedHeadersAreRefusedWithTheirOffset) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "at byte 0: missing element"},
      {"04", "at byte 0: truncated: no length octet"},
      {"0403aabb", "at byte 0: truncated: length 3 but 2 bytes left"},
      {"048105" "0000000000", "at byte 0: length not in its shortest form"},
      {"04820005" "0000000000", "at byte 0: length not in its shortest form"},
      {"0480aa0000", "at byte 0: indefinite length (not DER)"},
      {"0485" "0000000001" "00", "at byte 0: length of 5 octets (at most 4)"},
      {"0482", "at byte 0: truncated length octets"},
      {"bf1e00", "at byte 0: tag number not in its shortest form"},
      {"bf8020", "at byte 0: tag number not in its shortest form"},
      {"bf81", "at byte 0: truncated identifier octets"},
      {"bf8181818100", "at byte 0: tag number too large"},
      {"0400" "0500", "at byte 2: unexpected element UNIVERSAL 5"},
  };
  for (const auto& [in, want] : cases) {
    SCOPED_TRACE(in);
    EXPECT_EQ(read_one(in), want);
  }
}

TEST(SaipDer, IntegersInTheShortestTwosComplementForm) {
  EXPECT_EQ(hex(integer_value(0)), "00");
  EXPECT_EQ(hex(integer_value(127)), "7f");
  EXPECT_EQ(hex(integer_value(128)), "0080");
  EXPECT_EQ(hex(integer_value(170)), "00aa");
  EXPECT_EQ(hex(integer_value(32767)), "7fff");
  EXPECT_EQ(hex(integer_value(-1)), "ff");
  EXPECT_EQ(hex(integer_value(-129)), "ff7f");
  Context ctx;
  auto dec = [&ctx](const std::string& h, std::int64_t lo, std::int64_t hi) -> std::string {
    const Bytes b = from_hex(h);
    try {
      Reader r(ctx, b, 0);
      return std::to_string(integer(ctx, r.next("INTEGER"), lo, hi));
    } catch (const PackageError& e) {
      return e.what();
    }
  };
  EXPECT_EQ(dec("020200aa", 0, 255), "170");
  EXPECT_EQ(dec("0201ff", -5, 5), "-1");
  EXPECT_EQ(dec("02020001", 0, 255), "at byte 0: INTEGER not in its shortest form");
  EXPECT_EQ(dec("0202ff80", -255, 255), "at byte 0: INTEGER not in its shortest form");
  EXPECT_EQ(dec("0200", 0, 255), "at byte 0: empty INTEGER");
  EXPECT_EQ(dec("02020100", 0, 255), "at byte 0: value 256 out of range 0..255");
  EXPECT_EQ(dec("2200", 0, 255), "at byte 0: constructed encoding of a primitive value");
}

TEST(SaipDer, ObjectIdentifiers) {
  // TCA templates, 2.23.143.1.2.x (joint-iso-itu-t international-organizations tca).
  EXPECT_EQ(hex(oid_value("2.23.143.1.2.1")), "67810f010201");
  EXPECT_EQ(hex(oid_value("1.2.840.113549")), "2a864886f70d");
  EXPECT_EQ(hex(oid_value("2.999.7")), "883707");
  EXPECT_THROW(oid_value("2"), std::invalid_argument);
  EXPECT_THROW(oid_value("1.40"), std::invalid_argument);
  EXPECT_THROW(oid_value("2..3"), std::invalid_argument);
  Context ctx;
  for (const char* o : {"2.23.143.1.2.4.2", "1.2.840.113549", "2.999.7", "0.0"}) {
    const Bytes b = tlv(kOid, oid_value(o));
    Reader r(ctx, b, 0);
    EXPECT_EQ(oid(ctx, r.next("OID")), o);
  }
  const Bytes bad = from_hex("0603678081");
  Reader r(ctx, bad, 0);
  EXPECT_THROW(oid(ctx, r.next("OID")), PackageError);
}

TEST(SaipDer, ErrorsNameTheElementPath) {
  Context ctx;
  ctx.pe = 3;
  Context::Scope a(ctx, "PE-USIM");
  Context::Scope b(ctx, "ef-imsi");
  try {
    ctx.fail(42, "something is wrong");
    FAIL();
  } catch (const PackageError& e) {
    EXPECT_STREQ(e.what(), "PE #3 PE-USIM.ef-imsi at byte 42: something is wrong");
    EXPECT_EQ(e.pe_index(), 3u);
    EXPECT_EQ(e.element(), "PE-USIM.ef-imsi");
    EXPECT_EQ(e.offset(), 42u);
  }
}

}  // namespace test_saip_der
