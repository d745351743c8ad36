// The shared subscriber key derivation: deterministic, distinct per
// subscriber and per seed, and equal to HMAC-SHA-256 as documented.
#include <gtest/gtest.h>

#include <set>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

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

TEST(SubscriberKeys, IsHmacSha256OfTheLabelAndIndex) {
  // Computed independently: python3 -c "import hmac,hashlib;
  //   print(hmac.new((1).to_bytes(8,'big'), b'esimtwin-subscriber'+(0).to_bytes(8,'big'),
  //   hashlib.sha256).hexdigest())"
  const auto k = derive_subscriber_keys(1, 0);
  cardcore::Bytes both(k.k.begin(), k.k.end());
  both.insert(both.end(), k.opc.begin(), k.opc.end());
  EXPECT_EQ(cardcore::to_hex(both), "71b8d5d1d70b7013189e6cbfe87a1bc14093bbbdd96aef8ff36b449c3cb4cee1");
}
