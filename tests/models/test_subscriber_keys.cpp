// The shared subscriber key derivation: deterministic, distinct per
// subscriber and per seed, and equal to HMAC-SHA-256 as documented.
#include <gtest/gtest.h>

#include <set>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace test_subscriber_keys {

using twinmodels::derive_subscriber_keys;

TEST(SubscriberKeys, DeterministicAndDistinct) {
  const auto a = derive_subscriber_keys(42, 7);
  const auto b = derive_subscriber_keys(42, 7);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.opc, b.opc);
  std::set<std::array<std::uint8_t, 16>> ks;
  for (std::uint64_t s = 0; s < 1000; ++s) ks.insert(derive_subscriber_keys(42, s).k);
  EXPECT_EQ(ks.size(), 1000u);
  EXPECT_NE(derive_subscriber_keys(43, 7).k, a.k);
  EXPECT_NE(a.k, a.opc);
}

TEST(SubscriberKeys, IsAesOfTheIndexUnderTheSeedsMasterKey) {
  // Computed independently with Python's hmac and the openssl command:
  //   m = hmac.new((1).to_bytes(8,'big'), b'esimtwin-subscriber-master', sha256).digest()[:16]
  //   openssl enc -aes-128-ecb -nopad -K m  <  0^16 || 0^15 01
  const auto k = derive_subscriber_keys(1, 0);
  cardcore::Bytes both(k.k.begin(), k.k.end());
  both.insert(both.end(), k.opc.begin(), k.opc.end());
  EXPECT_EQ(cardcore::to_hex(both), "0bf6cb9658739e20a0d3b14495dcaddf2be0b234a3f58e63a29459a40b417ba2");
  // The object form gives the same keys.
  const twinmodels::SubscriberKeyDerivation d(1);
  EXPECT_EQ(d.derive(0).k, k.k);
  EXPECT_EQ(d.derive(12345).opc, derive_subscriber_keys(1, 12345).opc);
}

TEST(SubscriberKeys, OtaKeysAreAesOfIndexRecordAndBlock) {
  // Computed independently with Python's hmac and the openssl command:
  //   openssl enc -aes-128-ecb -nopad -K m  <  s || 00 00 00 00 00 02 r 00 || s || ... 02 r 01
  // for seed 1, subscriber s = 7, record r = 2.
  const twinmodels::SubscriberKeyDerivation d(1);
  const cardcore::OtaKeyValues k = d.ota_keys(7, 2, 16, 16);
  EXPECT_EQ(cardcore::to_hex(k.kic_key), "8d4ecb5d66366263cb92d144652668ab");
  EXPECT_EQ(cardcore::to_hex(k.kid_key), "f538ee4ffc4f6263c890edf290312ba0");
  // The stream is one: shorter keys are its prefix, and the KID key follows
  // the KIc key whatever their lengths.
  EXPECT_EQ(cardcore::to_hex(d.ota_key_stream(7, 2, 8)), "8d4ecb5d66366263");
  const cardcore::OtaKeyValues des = d.ota_keys(7, 2, 8, 24);
  EXPECT_EQ(cardcore::to_hex(des.kic_key), "8d4ecb5d66366263");
  EXPECT_EQ(cardcore::to_hex(des.kid_key), "cb92d144652668abf538ee4ffc4f6263c890edf290312ba0");
  // Apart from K and OPc, from other records and other subscribers.
  const auto sk = d.derive(7);
  EXPECT_NE(k.kic_key, cardcore::Bytes(sk.k.begin(), sk.k.end()));
  EXPECT_NE(d.ota_keys(7, 1, 16, 16).kic_key, k.kic_key);
  EXPECT_NE(d.ota_keys(8, 2, 16, 16).kic_key, k.kic_key);
  EXPECT_EQ(d.ota_key_stream(7, 2, 64).size(), 64u);
  EXPECT_THROW(d.ota_key_stream(7, 2, 65), std::invalid_argument);
}

}  // namespace test_subscriber_keys
