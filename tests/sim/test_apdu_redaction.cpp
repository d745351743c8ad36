// The secrets masked in traced APDUs (sim/twinsim/recorder/apdu_redaction.hpp):
// PIN and PUK values (TS 102 221 §11.1.9-11.1.13, TS 51.011 §9.2.9-13),
// AUTHENTICATE's CK, IK and Kc (TS 31.102 §7.1.2.1) also when they come by
// GET RESPONSE, RUN GSM ALGORITHM's Kc (TS 51.011 §9.2.16); what crosses
// the air interface in clear (RAND, AUTN, RES, SRES, AUTS) and every other
// APDU stays, and nothing malformed is read past its end.
#include <gtest/gtest.h>

#include "cardcore/util/bytes.hpp"
#include "twinsim/recorder/apdu_redaction.hpp"

namespace test_apdu_redaction {

using cardcore::Bytes;
using cardcore::from_hex;
using twinsim::ApduRedaction;

Bytes mask(ApduRedaction& r, std::uint8_t dir, const char* hex) { return r.mask(dir, from_hex(hex)); }

TEST(ApduRedaction, PinsAndPuksAreMaskedInEveryPinCommand) {
  ApduRedaction r;
  EXPECT_EQ(mask(r, 0, "002000010831323334FFFFFFFF"), from_hex("00200001080000000000000000"));
  EXPECT_EQ(mask(r, 1, "9000"), from_hex("9000"));
  // CHANGE PIN (old, new), UNBLOCK PIN (PUK, new PIN), DISABLE and ENABLE PIN.
  EXPECT_EQ(mask(r, 0, "00240001103132333435FFFFFF3939393939FFFFFF"), from_hex("0024000110" + std::string(32, '0')));
  EXPECT_EQ(mask(r, 0, "002C0001103132333435363738313233FFFFFFFFFF"), from_hex("002C000110" + std::string(32, '0')));
  EXPECT_EQ(mask(r, 0, "002600010831323334FFFFFFFF"), from_hex("00260001080000000000000000"));
  EXPECT_EQ(mask(r, 0, "002800010831323334FFFFFFFF"), from_hex("00280001080000000000000000"));
  // The GSM side's VERIFY CHV (CLA A0).
  EXPECT_EQ(mask(r, 0, "A02000010831323334FFFFFFFF"), from_hex("A0200001080000000000000000"));
  // VERIFY without data (the retries left) has nothing to mask.
  EXPECT_EQ(mask(r, 0, "0020000100"), from_hex("0020000100"));
  EXPECT_EQ(mask(r, 1, "63C3"), from_hex("63C3"));
}

TEST(ApduRedaction, TheSessionKeysOfA3gAuthenticateAreMaskedAndResStays) {
  ApduRedaction r;
  const std::string rand(32, '1'), autn(32, '2');
  const Bytes command = from_hex("0088008122" "10" + rand + "10" + autn);
  EXPECT_EQ(r.mask(0, command), command);
  // T=0: '61 35' then GET RESPONSE, whose answer is AUTHENTICATE's.
  EXPECT_EQ(mask(r, 1, "6135"), from_hex("6135"));
  EXPECT_EQ(mask(r, 0, "00C0000035"), from_hex("00C0000035"));
  const std::string res = "A54211D5E3BA50BF", ck(32, 'C'), ik(32, 'D'), kc = "0102030405060708";
  EXPECT_EQ(r.mask(1, from_hex("DB08" + res + "10" + ck + "10" + ik + "08" + kc + "9000")),
            from_hex("DB08" + res + "10" + std::string(32, '0') + "10" + std::string(32, '0') + "08" +
                     std::string(16, '0') + "9000"));
  // Without Kc (service n°27 not available) too.
  EXPECT_EQ(r.mask(1, from_hex("DB08" + res + "10" + ck + "10" + ik + "9000")),
            from_hex("DB08" + res + "10" + std::string(32, '0') + "10" + std::string(32, '0') + "9000"));
  // A synchronisation failure's AUTS is no key.
  const Bytes auts = from_hex("DC0E" + std::string(28, 'E') + "9000");
  EXPECT_EQ(r.mask(1, auts), auts);
  // The next command's answers are not AUTHENTICATE's.
  EXPECT_EQ(mask(r, 0, "00B0000008"), from_hex("00B0000008"));
  const Bytes data = from_hex("DB08" + res + "10" + ck + "9000");
  EXPECT_EQ(r.mask(1, data), data);
}

TEST(ApduRedaction, KcOfTheGsmContextAndOfRunGsmAlgorithmIsMasked) {
  ApduRedaction r;
  EXPECT_EQ(mask(r, 0, "0088008011" "10" "00112233445566778899AABBCCDDEEFF"),
            from_hex("0088008011" "10" "00112233445566778899AABBCCDDEEFF"));
  EXPECT_EQ(mask(r, 1, "04AABBCCDD080102030405060708" "9000"), from_hex("04AABBCCDD080000000000000000" "9000"));
  // RUN GSM ALGORITHM: '9F 0C', then GET RESPONSE: SRES (4) and Kc (8).
  EXPECT_EQ(mask(r, 0, "A088000010" "00112233445566778899AABBCCDDEEFF"),
            from_hex("A088000010" "00112233445566778899AABBCCDDEEFF"));
  EXPECT_EQ(mask(r, 1, "9F0C"), from_hex("9F0C"));
  EXPECT_EQ(mask(r, 0, "A0C000000C"), from_hex("A0C000000C"));
  EXPECT_EQ(mask(r, 1, "AABBCCDD0102030405060708" "9000"), from_hex("AABBCCDD0000000000000000" "9000"));
}

TEST(ApduRedaction, MalformedApdusAreMaskedWithinTheirBytes) {
  ApduRedaction r;
  // An Lc beyond the bytes there are; a two-byte command.
  EXPECT_EQ(mask(r, 0, "00200001083132"), from_hex("00200001080000"));
  EXPECT_EQ(mask(r, 0, "0020"), from_hex("0020"));
  // A 3G answer whose lengths run past its end.
  mask(r, 0, "0088008122");
  EXPECT_EQ(mask(r, 1, "DB08A54211D5E3BA50BF10CCCC9000"), from_hex("DB08A54211D5E3BA50BF1000009000"));
  EXPECT_EQ(mask(r, 1, "DB409000"), from_hex("DB409000"));
  EXPECT_EQ(mask(r, 1, "90"), from_hex("90"));
  EXPECT_EQ(mask(r, 1, ""), Bytes{});
}

}  // namespace test_apdu_redaction
