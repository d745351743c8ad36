// The codings of an SCP80 command header: SPI (TS 102 225 §5.1.1, TS 31.115
// §4.1), KIc (§5.1.2), KID (§5.1.3), the response status codes, the MSL
// (TS 102 226 §8.2.1.3.2.4.2) and the counter policies.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/spi.hpp"

namespace cardcore::ota {
namespace test_scp80_codings {

TEST(Scp80Spi, DecodesEveryField) {
  // 06 19: the pySim vector. 1E 39: every field set but DS.
  const Spi a = Spi::parse(0x06, 0x19);
  EXPECT_EQ(a.integrity, Integrity::CryptographicChecksum);
  EXPECT_TRUE(a.ciphering);
  EXPECT_EQ(a.counter, CounterPolicy::NoCounter);
  EXPECT_EQ(a.por, PorRequest::Always);
  EXPECT_EQ(a.por_integrity, Integrity::CryptographicChecksum);
  EXPECT_TRUE(a.por_ciphering);
  EXPECT_FALSE(a.por_via_sms_submit);

  const Spi b = Spi::parse(0x1E, 0x3A);
  EXPECT_EQ(b.counter, CounterPolicy::OneHigher);
  EXPECT_EQ(b.por, PorRequest::OnError);
  EXPECT_TRUE(b.por_via_sms_submit);
  EXPECT_EQ(describe(b), "CC, ciphered, counter one higher; PoR on error, CC, ciphered, by SMS-SUBMIT");

  EXPECT_EQ(Spi::parse(0x01, 0x00).integrity, Integrity::RedundancyCheck);
  EXPECT_EQ(Spi::parse(0x03, 0x0C).integrity, Integrity::DigitalSignature);
  EXPECT_EQ(Spi::parse(0x03, 0x0C).por_integrity, Integrity::DigitalSignature);
  EXPECT_EQ(Spi::parse(0x08, 0x00).counter, CounterPolicy::NoReplayCheck);
  EXPECT_EQ(Spi::parse(0x10, 0x00).counter, CounterPolicy::Higher);
  EXPECT_EQ(describe(Spi::parse(0x00, 0x00)), "no RC/CC/DS, not ciphered, no counter; no PoR");
}

TEST(Scp80Spi, EncodeInvertsParseAndDropsReservedBits) {
  for (unsigned first = 0; first < 256; ++first) {
    for (unsigned second = 0; second < 256; ++second) {
      const Spi s = Spi::parse(static_cast<std::uint8_t>(first), static_cast<std::uint8_t>(second));
      const auto e = s.encode();
      ASSERT_EQ(e[0], first & 0x1F) << first << " " << second;  // b6-b8 reserved
      ASSERT_EQ(e[1], second & 0x3F);                             // b7-b8 reserved
      ASSERT_EQ(Spi::parse(e[0], e[1]), s);
    }
  }
}

TEST(Scp80KeyIdentifier, KicCodings) {
  // TS 102 225 §5.1.2: b1-b2 algorithm, b3-b4 DES mode, b5-b8 key version.
  EXPECT_EQ(cipher_algorithm(0x01), CipherAlgorithm::DesCbc);
  EXPECT_EQ(cipher_algorithm(0x35), CipherAlgorithm::TripleDes2Keys);
  EXPECT_EQ(cipher_algorithm(0x49), CipherAlgorithm::TripleDes3Keys);
  EXPECT_EQ(cipher_algorithm(0x22), CipherAlgorithm::AesCbc);
  EXPECT_FALSE(cipher_algorithm(0x0D).has_value());  // DES-ECB: reserved
  EXPECT_FALSE(cipher_algorithm(0x10).has_value());  // known implicitly
  EXPECT_FALSE(cipher_algorithm(0x13).has_value());  // proprietary
  EXPECT_FALSE(cipher_algorithm(0x16).has_value());  // AES with b3-b4 = 01: reserved
  EXPECT_EQ(KeyIdentifier{0x35}.key_version(), 3);
  EXPECT_EQ(KeyIdentifier{0x35}.algorithm(), KeyAlgorithm::Des);
  EXPECT_EQ(KeyIdentifier{0xF2}.key_version(), 15);
  for (auto a : {CipherAlgorithm::DesCbc, CipherAlgorithm::TripleDes2Keys, CipherAlgorithm::TripleDes3Keys,
                 CipherAlgorithm::AesCbc})
    for (std::uint8_t v = 0; v < 16; ++v) {
      EXPECT_EQ(cipher_algorithm(make_kic(a, v)), a);
      EXPECT_EQ(KeyIdentifier{make_kic(a, v)}.key_version(), v);
    }
  EXPECT_EQ(make_kic(CipherAlgorithm::AesCbc, 2), 0x22);
  EXPECT_EQ(make_kic(CipherAlgorithm::TripleDes2Keys, 3), 0x35);
}

TEST(Scp80KeyIdentifier, KidCodingsForCcAndRc) {
  EXPECT_EQ(checksum_algorithm(0x11), ChecksumAlgorithm::DesCbcMac);
  EXPECT_EQ(checksum_algorithm(0x35), ChecksumAlgorithm::TripleDes2KeysCbcMac);
  EXPECT_EQ(checksum_algorithm(0x49), ChecksumAlgorithm::TripleDes3KeysCbcMac);
  EXPECT_EQ(checksum_algorithm(0x22), ChecksumAlgorithm::AesCmac);
  EXPECT_FALSE(checksum_algorithm(0x0D).has_value());
  EXPECT_FALSE(checksum_algorithm(0x03).has_value());
  EXPECT_EQ(make_kid(ChecksumAlgorithm::AesCmac, 2), 0x22);
  // RC: b1-b2 = 01 CRC, b3-b4 = 00 CRC16 / 01 CRC32.
  EXPECT_EQ(redundancy_algorithm(0x01), RedundancyAlgorithm::Crc16);
  EXPECT_EQ(redundancy_algorithm(0x05), RedundancyAlgorithm::Crc32);
  EXPECT_FALSE(redundancy_algorithm(0x09).has_value());
  EXPECT_FALSE(redundancy_algorithm(0x02).has_value());
  EXPECT_EQ(make_kid(RedundancyAlgorithm::Crc16), 0x01);
  EXPECT_EQ(make_kid(RedundancyAlgorithm::Crc32), 0x05);
}

TEST(Scp80KeyIdentifier, PacketByteNamesTheCardsKey) {
  EXPECT_TRUE(names_key(0x22, 0x22));
  EXPECT_TRUE(names_key(0x20, 0x22));   // algorithm known implicitly, same key version
  EXPECT_FALSE(names_key(0x32, 0x22));  // another key version
  EXPECT_FALSE(names_key(0x25, 0x22));  // another algorithm
  EXPECT_FALSE(names_key(0x21, 0x22));
}

TEST(Scp80Counter, PoliciesOfSpiB4B5) {
  struct Row {
    CounterPolicy policy;
    Counter received, stored;
    PorStatus expected;
  };
  const Row rows[] = {
      {CounterPolicy::NoCounter, 0, 5, PorStatus::Ok},
      {CounterPolicy::NoReplayCheck, 3, 5, PorStatus::Ok},
      {CounterPolicy::Higher, 6, 5, PorStatus::Ok},
      {CounterPolicy::Higher, 100, 5, PorStatus::Ok},
      {CounterPolicy::Higher, 5, 5, PorStatus::CounterLow},
      {CounterPolicy::Higher, 4, 5, PorStatus::CounterLow},
      {CounterPolicy::OneHigher, 6, 5, PorStatus::Ok},
      {CounterPolicy::OneHigher, 7, 5, PorStatus::CounterHigh},
      {CounterPolicy::OneHigher, 5, 5, PorStatus::CounterLow},
      {CounterPolicy::OneHigher, 0, 5, PorStatus::CounterLow},
      {CounterPolicy::Higher, kCounterMax, kCounterMax - 1, PorStatus::Ok},
      {CounterPolicy::Higher, kCounterMax, kCounterMax, PorStatus::CounterBlocked},
      {CounterPolicy::OneHigher, 0, kCounterMax, PorStatus::CounterBlocked},
      {CounterPolicy::NoCounter, 0, kCounterMax, PorStatus::Ok},
  };
  for (const Row& r : rows)
    EXPECT_EQ(check_counter(r.policy, r.received, r.stored), r.expected)
        << static_cast<int>(r.policy) << " " << r.received << " " << r.stored;
}

TEST(Scp80Counter, FiveByteBigEndian) {
  std::uint8_t b[5];
  write_counter(b, 0x0102030405);
  EXPECT_EQ(b[0], 0x01);
  EXPECT_EQ(b[4], 0x05);
  EXPECT_EQ(read_counter(b), 0x0102030405u);
  write_counter(b, kCounterMax);
  EXPECT_EQ(read_counter(b), kCounterMax);
}

TEST(Scp80PorStatus, TableOfCodes) {
  EXPECT_EQ(describe(PorStatus::Ok), "PoR OK");
  EXPECT_EQ(describe(PorStatus::RcCcDsFailed), "RC/CC/DS failed");
  EXPECT_EQ(describe(PorStatus::CounterLow), "CNTR low");
  EXPECT_EQ(describe(PorStatus::CounterHigh), "CNTR high");
  EXPECT_EQ(describe(PorStatus::CounterBlocked), "CNTR blocked");
  EXPECT_EQ(describe(PorStatus::TarUnknown), "TAR unknown");
  EXPECT_EQ(static_cast<int>(PorStatus::InsufficientSecurityLevel), 0x0A);
  EXPECT_EQ(static_cast<int>(PorStatus::ResponseByUssd), 0x0C);
  std::set<std::string_view> names;
  for (int c = 0; c <= 0x0C; ++c) names.insert(describe(static_cast<PorStatus>(c)));
  EXPECT_EQ(names.size(), 13u);
  EXPECT_EQ(describe(static_cast<PorStatus>(0x0D)), "reserved");
}

TEST(Scp80PorStatus, PorRequestOfSpiSecondByte) {
  const Spi always = Spi::parse(0, 0x01), on_error = Spi::parse(0, 0x02), never = Spi::parse(0, 0x00),
            reserved = Spi::parse(0, 0x03);
  EXPECT_TRUE(por_to_send(always, PorStatus::Ok));
  EXPECT_TRUE(por_to_send(always, PorStatus::RcCcDsFailed));
  EXPECT_FALSE(por_to_send(on_error, PorStatus::Ok));
  EXPECT_TRUE(por_to_send(on_error, PorStatus::CounterLow));
  EXPECT_FALSE(por_to_send(never, PorStatus::RcCcDsFailed));
  EXPECT_FALSE(por_to_send(reserved, PorStatus::RcCcDsFailed));
}

TEST(Scp80MinimumSecurityLevel, EachFieldAtLeastTheMsl) {
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x00, 0), 0x00));
  // MSL 06: CC and ciphering.
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x06, 0), 0x06));
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x1E, 0), 0x06));
  EXPECT_FALSE(meets_minimum_security_level(Spi::parse(0x02, 0), 0x06));  // not ciphered
  EXPECT_FALSE(meets_minimum_security_level(Spi::parse(0x05, 0), 0x06));  // RC < CC
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x07, 0), 0x06));   // DS > CC
  // MSL 12: CC and counter higher.
  EXPECT_FALSE(meets_minimum_security_level(Spi::parse(0x0A, 0), 0x12));
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x12, 0), 0x12));
  EXPECT_TRUE(meets_minimum_security_level(Spi::parse(0x1A, 0), 0x12));
}

}  // namespace test_scp80_codings
}  // namespace cardcore::ota
