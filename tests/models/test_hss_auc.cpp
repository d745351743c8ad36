// The HSS/AuC against the real card: vectors a USIM personalized with the
// shared subscriber keys accepts (TS 31.102 §7.1 AUTHENTICATE, TS 33.102
// §6.3.3), the SQN scheme of TS 33.102 Annex C.1.1 / C.3.2, and the
// re-synchronisation of §6.3.5 after an HSS is restored from an old backup.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>

#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace test_hss_auc {

using cardcore::Bytes;
using cardcore::ByteView;
using twinmodels::AuthVector;
using twinmodels::HssAuc;
using twinmodels::HssAucConfig;
using twinmodels::ResyncOutcome;

constexpr std::uint64_t kSeed = 0x5EED0001;

std::shared_ptr<const cardcore::ProfileTemplate> profile() { return twinmodels::testing::domestic_profile(); }

std::string hex(ByteView b) { return cardcore::to_hex(b); }

// What the USIM answered to one AUTHENTICATE.
struct CardAnswer {
  enum Kind { Success, SyncFailure, Other } kind = Other;
  Bytes res, ck, ik, kc;  // Success ('DB')
  cardcore::Auts auts{};  // SyncFailure ('DC')
  std::string raw;        // data and SW in hex
};

// A USIM personalized by the card factory with the subscriber's keys.
class Usim {
 public:
  Usim(std::uint64_t seed, std::uint64_t subscriber) : card_(profile()) {
    const twinmodels::SubscriberKeys keys = twinmodels::derive_subscriber_keys(seed, subscriber);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(subscriber % 10000000000ull));
    card_.personalize({std::string("89860004") + digits, std::string("46004") + digits,
                       Bytes(keys.k.begin(), keys.k.end()), Bytes(keys.opc.begin(), keys.opc.end())});
    card_.power_on();
    EXPECT_EQ(hex(card_.transmit(cardcore::from_hex("00A4040C07A0000000871002"))), "9000");
  }

  // AUTHENTICATE, then GET RESPONSE with the length of the '61XX'.
  Bytes authenticate(const std::string& p2_and_data) {
    const Bytes first = card_.transmit(cardcore::from_hex("00880" + p2_and_data));
    if (first.size() != 2 || first[0] != 0x61) return first;
    char le[3];
    std::snprintf(le, sizeof le, "%02X", first[1]);
    return card_.transmit(cardcore::from_hex(std::string("00C00000") + le));
  }

  // 3G/EPS context: '0088008122' 10 RAND 10 AUTN.
  CardAnswer auth3g(const AuthVector& v) {
    const Bytes r = authenticate("08122" "10" + hex(v.rand) + "10" + hex(v.autn));
    CardAnswer a;
    a.raw = hex(r);
    if (r.size() < 2 || r[r.size() - 2] != 0x90 || r[r.size() - 1] != 0x00) return a;
    const std::uint8_t* d = r.data();
    const std::size_t n = r.size() - 2;
    if (n == 16 && d[0] == 0xDC && d[1] == 0x0E) {
      a.kind = CardAnswer::SyncFailure;
      std::copy(d + 2, d + 16, a.auts.begin());
    } else if (n >= 44 && d[0] == 0xDB && d[1] == 8 && d[10] == 16 && d[27] == 16) {
      a.kind = CardAnswer::Success;
      a.res.assign(d + 2, d + 10);
      a.ck.assign(d + 11, d + 27);
      a.ik.assign(d + 28, d + 44);
      if (n == 53 && d[44] == 8) a.kc.assign(d + 45, d + 53);
    }
    return a;
  }

 private:
  cardcore::Uicc card_;
};

Bytes bytes(ByteView b) { return Bytes(b.begin(), b.end()); }

// The card accepted v and derived the vector's RES, CK and IK.
void expect_accepted(Usim& usim, const AuthVector& v) {
  const CardAnswer a = usim.auth3g(v);
  ASSERT_EQ(a.kind, CardAnswer::Success) << a.raw;
  EXPECT_EQ(a.res, bytes(v.xres));
  EXPECT_EQ(a.ck, bytes(v.ck));
  EXPECT_EQ(a.ik, bytes(v.ik));
  if (!a.kc.empty()) {
    EXPECT_EQ(a.kc, bytes(cardcore::c3(v.ck.data(), v.ik.data())));
  }
}

cardcore::Milenage network_milenage(std::uint64_t seed, std::uint64_t subscriber) {
  const twinmodels::SubscriberKeys keys = twinmodels::derive_subscriber_keys(seed, subscriber);
  return cardcore::Milenage(keys.k.data(), keys.opc.data());
}

TEST(HssAuc, CardAcceptsTheVectorAndDerivesTheSameKeys) {
  HssAuc hss(kSeed, 4, {});
  Usim usim(kSeed, 2);
  const AuthVector v = hss.generate(2);
  const CardAnswer a = usim.auth3g(v);
  ASSERT_EQ(a.kind, CardAnswer::Success) << a.raw;
  EXPECT_EQ(a.res, bytes(v.xres));
  EXPECT_EQ(a.ck, bytes(v.ck));
  EXPECT_EQ(a.ik, bytes(v.ik));
  ASSERT_EQ(a.kc.size(), 8u);  // the profile has service n°27, GSM Access
  EXPECT_EQ(a.kc, bytes(cardcore::c3(v.ck.data(), v.ik.data())));
  EXPECT_EQ(hss.counters().vectors_generated, 1u);
  // Another subscriber's card refuses it: MAC failure ('9862').
  Usim other(kSeed, 3);
  EXPECT_EQ(other.auth3g(v).raw, "9862");
}

TEST(HssAuc, HundredSuccessiveVectorsAreAllAccepted) {
  HssAuc hss(kSeed, 1, {});
  Usim usim(kSeed, 0);
  for (int i = 0; i < 100; ++i) {
    SCOPED_TRACE(i);
    expect_accepted(usim, hss.generate(0));
  }
  EXPECT_EQ(hss.counters().vectors_generated, 100u);
  EXPECT_EQ(hss.sqn_he(0), (std::uint64_t{100} << 5) | (100 % 32));
}

// Annex C: up to 32 outstanding vectors may be used in any order.
TEST(HssAuc, OutstandingVectorsInAnyOrder) {
  HssAuc hss(kSeed, 1, {});
  Usim usim(kSeed, 0);
  std::vector<AuthVector> batch;
  for (int i = 0; i < 32; ++i) batch.push_back(hss.generate(0));
  for (int i = 31; i >= 0; --i) {
    SCOPED_TRACE(i);
    expect_accepted(usim, batch[static_cast<std::size_t>(i)]);
  }
  // Each is accepted once: a replay is a synchronisation failure.
  EXPECT_EQ(usim.auth3g(batch[5]).kind, CardAnswer::SyncFailure);
}

// Annex C.1.1: SEQ and IND both step by one per vector; IND wraps mod 2^5.
TEST(HssAuc, SqnScheme) {
  HssAuc hss(kSeed, 2, {});
  EXPECT_EQ(hss.sqn_he(0), 0u);
  for (std::uint64_t n = 1; n <= 70; ++n) {
    const AuthVector v = hss.generate(0);
    EXPECT_EQ(v.sqn, (n << 5) | (n % 32)) << n;
    // AUTN = SQN xor AK || AMF || MAC-A, with AMF 8000.
    const cardcore::MilenageAuth check = network_milenage(kSeed, 0).authenticate(v.rand.data(), v.autn.data());
    EXPECT_TRUE(check.mac_ok);
    EXPECT_EQ(cardcore::load_sqn48(check.sqn.data()), v.sqn);
    EXPECT_EQ(hex(check.amf), "8000");
  }
  EXPECT_EQ(hss.sqn_he(1), 0u);  // subscribers are independent

  HssAucConfig plain;
  plain.ind_bits = 0;  // no array: SQN = SEQ = 1, 2, 3...
  plain.amf = 0x0000;
  HssAuc counter(kSeed, 1, plain);
  for (std::uint64_t n = 1; n <= 3; ++n) EXPECT_EQ(counter.generate(0).sqn, n);
  const AuthVector fourth = counter.generate(0);
  EXPECT_EQ(hex(Bytes(fourth.autn.begin() + 6, fourth.autn.begin() + 8)), "0000");

  HssAucConfig wide;
  wide.ind_bits = cardcore::SqnArray::kMaxIndBits + 1;
  EXPECT_THROW(HssAuc(kSeed, 1, wide), std::invalid_argument);
  EXPECT_THROW(hss.generate(2), std::out_of_range);
  EXPECT_THROW(hss.sqn_he(2), std::out_of_range);
}

// An HSS restored from a backup taken before the card saw 50 vectors: its
// first vector replays an old one, the card answers 'DC' 0E AUTS, the AUTS
// re-synchronises the HSS and its next vector is fresh.
TEST(HssAuc, ResyncAfterRestoreFromOldBackup) {
  HssAuc live(kSeed, 8, {});
  Usim usim(kSeed, 5);
  AuthVector first;
  for (int i = 0; i < 50; ++i) {
    const AuthVector v = live.generate(5);
    if (i == 0) first = v;
    expect_accepted(usim, v);
  }

  HssAuc restored(kSeed, 8, {});
  const AuthVector stale = restored.generate(5);
  EXPECT_EQ(stale.rand, first.rand);  // the same vector again, not a new RAND
  EXPECT_EQ(stale.autn, first.autn);
  const CardAnswer a = usim.auth3g(stale);
  ASSERT_EQ(a.kind, CardAnswer::SyncFailure) << a.raw;
  EXPECT_EQ(a.raw.substr(0, 4), "dc0e");

  const twinmodels::ResyncResult r = restored.resync(5, stale.rand.data(), a.auts.data());
  EXPECT_EQ(r.outcome, ResyncOutcome::Reset);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.sqn_ms, live.sqn_he(5));  // the 50th vector's SQN
  // SEQ_HE = SEQ_MS, IND_HE kept: the next vector has SEQ 51 and IND 2.
  EXPECT_EQ(restored.sqn_he(5), (std::uint64_t{50} << 5) | 1);
  EXPECT_EQ(restored.counters().resyncs_ok, 1u);
  EXPECT_EQ(restored.counters().resyncs_failed, 0u);

  const AuthVector fresh = restored.generate(5);
  EXPECT_EQ(fresh.sqn, (std::uint64_t{51} << 5) | 2);
  expect_accepted(usim, fresh);
  for (int i = 0; i < 40; ++i) expect_accepted(usim, restored.generate(5));
}

TEST(HssAuc, CorruptedOrForeignAutsIsRefused) {
  HssAuc hss(kSeed, 2, {});
  Usim usim(kSeed, 1);
  for (int i = 0; i < 10; ++i) expect_accepted(usim, hss.generate(1));
  HssAuc behind(kSeed, 2, {});
  const AuthVector stale = behind.generate(1);
  const CardAnswer a = usim.auth3g(stale);
  ASSERT_EQ(a.kind, CardAnswer::SyncFailure) << a.raw;
  const std::uint64_t before = behind.sqn_he(1);

  for (std::size_t byte : {std::size_t{0}, std::size_t{5}, std::size_t{6}, std::size_t{13}}) {
    cardcore::Auts bad = a.auts;
    bad[byte] ^= 0x01;  // Conc(SQN_MS) or MAC-S
    EXPECT_EQ(behind.resync(1, stale.rand.data(), bad.data()).outcome, ResyncOutcome::MacFailure) << byte;
  }
  std::array<std::uint8_t, 16> other_rand = stale.rand;
  other_rand[15] ^= 0x80;
  EXPECT_FALSE(behind.resync(1, other_rand.data(), a.auts.data()).ok());
  EXPECT_FALSE(behind.resync(0, stale.rand.data(), a.auts.data()).ok());  // another subscriber's key
  EXPECT_EQ(behind.sqn_he(1), before);
  EXPECT_EQ(behind.sqn_he(0), 0u);
  EXPECT_EQ(behind.counters().resyncs_failed, 6u);
  EXPECT_EQ(behind.counters().resyncs_ok, 0u);
  // The genuine token still works afterwards.
  EXPECT_EQ(behind.resync(1, stale.rand.data(), a.auts.data()).outcome, ResyncOutcome::Reset);
  expect_accepted(usim, behind.generate(1));
}

// §6.3.5 steps 2-3: no reset when the next vector is already fresh; with a
// delta the USIMs enforce, an HSS too far ahead is brought back.
TEST(HssAuc, ResyncRangeCheck) {
  HssAuc hss(kSeed, 1, {});
  for (int i = 0; i < 20; ++i) hss.generate(0);
  const cardcore::Milenage m = network_milenage(kSeed, 0);
  const std::uint8_t rand[16] = {1, 2, 3};
  const cardcore::Auts behind_card = cardcore::compute_auts(m, rand, (std::uint64_t{7} << 5) | 7);
  EXPECT_EQ(hss.resync(0, rand, behind_card.data()).outcome, ResyncOutcome::InRange);
  EXPECT_EQ(hss.sqn_he(0), (std::uint64_t{20} << 5) | 20);
  const cardcore::Auts equal = cardcore::compute_auts(m, rand, (std::uint64_t{20} << 5) | 20);
  EXPECT_EQ(hss.resync(0, rand, equal.data()).outcome, ResyncOutcome::InRange);

  HssAucConfig cfg;
  cfg.delta = 10;
  HssAuc ahead(kSeed, 1, cfg);
  for (int i = 0; i < 20; ++i) ahead.generate(0);
  const cardcore::Auts far_behind = cardcore::compute_auts(m, rand, (std::uint64_t{2} << 5) | 2);
  EXPECT_EQ(ahead.resync(0, rand, far_behind.data()).outcome, ResyncOutcome::Reset);
  EXPECT_EQ(ahead.generate(0).sqn, (std::uint64_t{3} << 5) | 21);
  const cardcore::Auts near = cardcore::compute_auts(m, rand, (std::uint64_t{1} << 5) | 0);
  EXPECT_EQ(ahead.resync(0, rand, near.data()).outcome, ResyncOutcome::InRange);  // 4 - 1 <= 10

  // A card at the very last SEQ: the HSS follows it and then has no SQN left.
  const cardcore::Auts last = cardcore::compute_auts(m, rand, cardcore::kSqnMax);
  EXPECT_EQ(hss.resync(0, rand, last.data()).outcome, ResyncOutcome::Reset);
  EXPECT_THROW(hss.generate(0), std::overflow_error);
}

TEST(HssAuc, SameSeedSameVectors) {
  HssAuc a(kSeed, 3, {}), b(kSeed, 3, {}), c(kSeed + 1, 3, {});
  std::set<std::array<std::uint8_t, 16>> rands;
  for (int i = 0; i < 50; ++i) {
    for (std::uint64_t s = 0; s < 3; ++s) {
      const AuthVector x = a.generate(s), y = b.generate(s), z = c.generate(s);
      EXPECT_EQ(x.rand, y.rand);
      EXPECT_EQ(x.autn, y.autn);
      EXPECT_EQ(x.xres, y.xres);
      EXPECT_EQ(x.ck, y.ck);
      EXPECT_EQ(x.ik, y.ik);
      EXPECT_NE(x.rand, z.rand);
      rands.insert(x.rand);
    }
  }
  EXPECT_EQ(rands.size(), 150u);  // no RAND twice, across subscribers either
}

// §6.8.1.2: a triplet is c2/c3 of a quintet; the USIM in the GSM context
// ('00880080' 11 10 RAND) answers the same SRES and Kc.
TEST(HssAuc, GsmTripletMatchesTheCard) {
  HssAuc hss(kSeed, 1, {});
  Usim usim(kSeed, 0);
  const twinmodels::GsmTripletVector t = hss.generate_triplet(0);
  EXPECT_EQ(hss.counters().vectors_generated, 1u);
  EXPECT_EQ(hss.sqn_he(0), (std::uint64_t{1} << 5) | 1);
  const Bytes r = usim.authenticate("08011" "10" + hex(t.rand));
  EXPECT_EQ(hex(r), "04" + hex(t.sres) + "08" + hex(t.kc) + "9000");
  // The conversion of the matching quintet.
  HssAuc again(kSeed, 1, {});
  const twinmodels::GsmTripletVector u = HssAuc::to_triplet(again.generate(0));
  EXPECT_EQ(u.rand, t.rand);
  EXPECT_EQ(u.sres, t.sres);
  EXPECT_EQ(u.kc, t.kc);
}

TEST(HssAuc, EightBytesPerSubscriber) {
  EXPECT_EQ(HssAuc::kBytesPerSubscriber, 8u);
  const HssAuc hss(kSeed, 1000000, {});
  EXPECT_EQ(hss.subscribers(), 1000000u);
  EXPECT_EQ(hss.state_bytes(), 8000000u);
}

// A checkpoint of the HSS: the SQN_HE table and the counters. An HSS restored
// from it continues with exactly the vectors the original would have sent.
TEST(HssAuc, RestoredStateContinuesTheSameVectors) {
  HssAuc a(kSeed, 4, {});
  for (int i = 0; i < 7; ++i) a.generate(static_cast<std::uint64_t>(i % 4));
  HssAuc b(kSeed, 4, {});
  b.restore(a.sqn_he_table(), a.counters());
  EXPECT_EQ(b.counters().vectors_generated, 7u);
  for (std::uint64_t s = 0; s < 4; ++s) {
    const AuthVector x = a.generate(s), y = b.generate(s);
    EXPECT_EQ(x.rand, y.rand);
    EXPECT_EQ(x.autn, y.autn);
    EXPECT_EQ(x.sqn, y.sqn);
  }
}

TEST(HssAuc, RestoreRefusesAForeignTable) {
  HssAuc hss(kSeed, 4, {});
  hss.generate(1);
  const auto before = hss.sqn_he_table();
  EXPECT_THROW(hss.restore(std::vector<std::uint64_t>(5, 0), {}), std::invalid_argument);
  std::vector<std::uint64_t> too_big(4, 0);
  too_big[2] = std::uint64_t{1} << 48;  // TS 33.102 §6.3.2: SQN is 48 bits
  EXPECT_THROW(hss.restore(too_big, {}), std::invalid_argument);
  EXPECT_EQ(hss.sqn_he_table(), before);
  EXPECT_EQ(hss.counters().vectors_generated, 1u);
}

}  // namespace test_hss_auc
