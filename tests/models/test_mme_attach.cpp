// The MME's attach against the HSS/AuC and a real card-core USIM: EPS AKA
// with real Milenage, a wrong key, RES mismatch, the AUTS resynchronisation
// (TS 33.102 §6.3.5) through HssAuc, and NAS congestion rejects with T3346.
#include <gtest/gtest.h>

#include "domestic_card.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "cardcore/card/uicc.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/network/gprs_timer.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinmodels/network/mme_attach.hpp"
#include "twinmodels/network/nas_congestion.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace test_mme_attach {

using namespace twinmodels;

constexpr std::uint64_t kSeed = 0x5EED0006;

// A card the factory personalized as `keys_of`, with the IMSI of `subscriber`.
struct Device {
  Device(std::uint64_t subscriber, std::uint64_t keys_of) : card(twinmodels::testing::domestic_profile()), usim(card) {
    const SubscriberKeys keys = derive_subscriber_keys(kSeed, keys_of);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%010llu", static_cast<unsigned long long>(subscriber));
    card.personalize({std::string("89860004") + digits, std::string("46004") + digits,
                      cardcore::Bytes(keys.k.begin(), keys.k.end()), cardcore::Bytes(keys.opc.begin(), keys.opc.end())});
    EXPECT_FALSE(usim.power_up().empty());
  }
  // The card's answer as the modem sends it back.
  AuthAnswer answer(const AttachStep& s) {
    const UsimClient::Authentication a = usim.authenticate(s.rand.data(), s.autn.data());
    AuthAnswer out;
    switch (a.result) {
      case UsimClient::AuthResult::Ok:
        out.kind = AuthAnswer::Kind::Response;
        std::copy(a.res.begin(), a.res.end(), out.res.begin());
        out.res_length = static_cast<std::uint8_t>(a.res.size());
        break;
      case UsimClient::AuthResult::SyncFailure:
        out.kind = AuthAnswer::Kind::SynchFailure;
        out.auts = a.auts;
        break;
      default:
        out.kind = AuthAnswer::Kind::MacFailure;
    }
    return out;
  }
  cardcore::Uicc card;
  UsimClient usim;
};

TEST(MmeAttach, DeviceAttachesWithRealCryptoThroughTheHss) {
  HssAuc hss(kSeed, 8);
  const AttachLatencyConfig lat;
  MmeAttach mme(hss, nullptr, lat);
  Device dev(2, 2);
  RandomStream rng(kSeed, 2, 1);
  const NetTime t0 = 5 * kSecond;
  const AttachStep challenge = mme.attach_request(2, t0, rng);
  ASSERT_EQ(challenge.kind, AttachStepKind::AuthenticationRequest);
  // AIR/AIA, then down S1 and the air.
  EXPECT_EQ(challenge.at, t0 + lat.mme_processing + lat.s6a_round_trip + lat.s1ap_one_way + lat.radio_one_way);
  const AuthAnswer answer = dev.answer(challenge);
  ASSERT_EQ(answer.kind, AuthAnswer::Kind::Response);
  const NetTime t1 = mme.uplink(challenge.at + 40 * kMs);  // the card took 40 ms
  const AttachStep accept = mme.authentication_answer(2, t1, answer);
  EXPECT_EQ(accept.kind, AttachStepKind::AttachAccept);
  const NetTime air = lat.s1ap_one_way + lat.radio_one_way;
  EXPECT_EQ(accept.at, t1 + 2 * lat.mme_processing + 3 * air + lat.s6a_round_trip + lat.s11_round_trip);
  EXPECT_EQ(mme.counters().accepted, 1u);
  EXPECT_EQ(mme.attaches_running(), 0u);
  EXPECT_EQ(hss.sqn_he(2), (std::uint64_t{1} << 5) | 1) << "SEQ 1, IND 1";
}

TEST(MmeAttach, WrongKeyEndsInAuthenticationReject) {
  HssAuc hss(kSeed, 8);
  MmeAttach mme(hss, nullptr);
  Device dev(3, 4);  // subscriber 3's IMSI, subscriber 4's keys
  RandomStream rng(kSeed, 3, 1);
  const AttachStep challenge = mme.attach_request(3, 0, rng);
  const AuthAnswer answer = dev.answer(challenge);
  ASSERT_EQ(answer.kind, AuthAnswer::Kind::MacFailure);
  const AttachStep reject = mme.authentication_answer(3, mme.uplink(challenge.at), answer);
  EXPECT_EQ(reject.kind, AttachStepKind::AuthenticationReject);
  EXPECT_EQ(reject.emm_cause, kEmmCauseMacFailure);
  EXPECT_EQ(mme.counters().auth_rejects, 1u);
  EXPECT_THROW(mme.authentication_answer(3, kSecond, answer), std::logic_error) << "the attach is over";
}

TEST(MmeAttach, ResMismatchEndsInAuthenticationReject) {
  HssAuc hss(kSeed, 8);
  MmeAttach mme(hss, nullptr);
  Device dev(1, 1);
  RandomStream rng(kSeed, 1, 1);
  const AttachStep challenge = mme.attach_request(1, 0, rng);
  AuthAnswer answer = dev.answer(challenge);
  ASSERT_EQ(answer.kind, AuthAnswer::Kind::Response);
  answer.res[0] ^= 1;
  EXPECT_EQ(mme.authentication_answer(1, kSecond, answer).kind, AttachStepKind::AuthenticationReject);
}

TEST(MmeAttach, AutsResynchronisesThroughTheHssAndTheAttachCompletes) {
  // The card has used SEQ 1..10 of another HSS (restored from an old backup:
  // this one is at SQN_HE 0).
  HssAuc before(kSeed, 8);
  Device dev(5, 5);
  AttachStep s;
  for (int i = 0; i < 10; ++i) {
    const AuthVector v = before.generate(5);
    s.rand = v.rand;
    s.autn = v.autn;
    ASSERT_EQ(dev.answer(s).kind, AuthAnswer::Kind::Response);
  }
  HssAuc hss(kSeed, 8);
  MmeAttach mme(hss, nullptr);
  RandomStream rng(kSeed, 5, 1);
  const AttachStep stale = mme.attach_request(5, 0, rng);
  const AuthAnswer failure = dev.answer(stale);
  ASSERT_EQ(failure.kind, AuthAnswer::Kind::SynchFailure) << "SEQ 1 is not fresh for the card";
  const AttachStep fresh = mme.authentication_answer(5, mme.uplink(stale.at), failure);
  ASSERT_EQ(fresh.kind, AttachStepKind::AuthenticationRequest);
  EXPECT_EQ(hss.counters().resyncs_ok, 1u);
  EXPECT_EQ(hss.sqn_he(5) >> 5, 11u) << "SQN_HE reset to SEQ_MS 10, the new vector SEQ 11";
  const AuthAnswer ok = dev.answer(fresh);
  ASSERT_EQ(ok.kind, AuthAnswer::Kind::Response);
  EXPECT_EQ(mme.authentication_answer(5, mme.uplink(fresh.at), ok).kind, AttachStepKind::AttachAccept);
  EXPECT_EQ(mme.counters().resyncs, 1u);
}

TEST(MmeAttach, ForgedAutsIsRejected) {
  HssAuc hss(kSeed, 8);
  MmeAttach mme(hss, nullptr);
  RandomStream rng(kSeed, 6, 1);
  ASSERT_EQ(mme.attach_request(6, 0, rng).kind, AttachStepKind::AuthenticationRequest);
  AuthAnswer forged;
  forged.kind = AuthAnswer::Kind::SynchFailure;
  forged.auts.fill(0x5A);
  const AttachStep r = mme.authentication_answer(6, kSecond, forged);
  EXPECT_EQ(r.kind, AttachStepKind::AuthenticationReject);
  EXPECT_EQ(r.emm_cause, kEmmCauseSynchFailure);
  EXPECT_EQ(hss.counters().resyncs_failed, 1u);
  EXPECT_EQ(hss.sqn_he(6), (std::uint64_t{1} << 5) | 1) << "nothing changed";
}

TEST(MmeAttach, CongestedMmeRejectsWithCause22AndT3346) {
  HssAuc hss(kSeed, 64);
  NasCongestionConfig cc;
  cc.attaches_per_second = 1;
  cc.burst = 1;
  cc.t3346_min = 10 * kMinute;
  cc.t3346_max = 40 * kMinute;
  NasCongestionControl congestion(cc);
  MmeAttach mme(hss, &congestion);
  RandomStream first(kSeed, 0, 1);
  EXPECT_EQ(mme.attach_request(0, 0, first).kind, AttachStepKind::AuthenticationRequest);
  for (std::uint64_t d = 1; d < 64; ++d) {
    RandomStream rng(kSeed, d, 1);
    const AttachStep r = mme.attach_request(d, 0, rng);
    ASSERT_EQ(r.kind, AttachStepKind::AttachReject);
    EXPECT_EQ(r.emm_cause, kEmmCauseCongestion);
    EXPECT_GE(r.t3346, 10 * kMinute);
    EXPECT_LE(r.t3346, 40 * kMinute);
    // The IE says the same value: 5F 01 vv (GPRS timer 2).
    std::size_t used = 0;
    EXPECT_EQ(decode_gprs_timer_ie(r.t3346_ie, kIeiT3346, GprsTimerKind::Timer, used), NasTimerValue::of(r.t3346));
  }
  EXPECT_EQ(mme.counters().congestion_rejects, 63u);
  EXPECT_EQ(hss.counters().vectors_generated, 1u) << "rejected requests never reach the HSS";
  RandomStream later(kSeed, 1, 2);
  EXPECT_EQ(mme.attach_request(1, kSecond, later).kind, AttachStepKind::AuthenticationRequest);
  EXPECT_THROW(NasCongestionControl({1, 1, 0, kMinute}), std::invalid_argument);
  EXPECT_THROW(NasCongestionControl({1, 1, 5 * kMinute, 4 * kMinute}), std::invalid_argument);
  EXPECT_THROW(NasCongestionControl({1, 1, kMinute, 200 * kMinute}), std::invalid_argument);
}

}  // namespace test_mme_attach
