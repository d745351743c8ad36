#include "twinmodels/network/hss_auc.hpp"

#include <stdexcept>
#include <string>

#include "cardcore/auth/sqn_array.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace twinmodels {

namespace {

// The RAND of one SQN (see hss_auc.hpp): one Philox block per SQN.
std::array<std::uint8_t, 16> rand_for(std::uint64_t seed, std::uint64_t subscriber, std::uint64_t sqn) {
  RandomStream s = RandomStream::at(seed, subscriber, kHssRandStream | static_cast<std::uint32_t>(sqn >> 32),
                                    RandomStream::kWordsPerBlock * (sqn & 0xFFFFFFFFu));
  std::array<std::uint8_t, 16> rand;
  s.fill(rand.data(), rand.size());
  return rand;
}

}  // namespace

HssAuc::HssAuc(std::uint64_t seed, std::uint64_t subscribers, HssAucConfig cfg)
    : seed_(seed), keys_(seed), cfg_(cfg), sqn_he_(subscribers, 0) {
  if (cfg_.ind_bits > cardcore::SqnArray::kMaxIndBits)
    throw std::invalid_argument("HssAuc: ind_bits above " + std::to_string(cardcore::SqnArray::kMaxIndBits));
}

std::size_t HssAuc::index(std::uint64_t subscriber) const {
  if (subscriber >= sqn_he_.size()) throw std::out_of_range("HssAuc: unknown subscriber " + std::to_string(subscriber));
  return static_cast<std::size_t>(subscriber);
}

cardcore::Milenage HssAuc::milenage(std::uint64_t subscriber) const {
  const SubscriberKeys keys = keys_.derive(subscriber);
  return cardcore::Milenage(keys.k.data(), keys.opc.data(), cfg_.milenage);
}

std::uint64_t HssAuc::sqn_he(std::uint64_t subscriber) const { return sqn_he_[index(subscriber)]; }

void HssAuc::restore(std::vector<std::uint64_t> sqn_he, const HssAucCounters& counters) {
  if (sqn_he.size() != sqn_he_.size()) {
    throw std::invalid_argument("HssAuc: saved state has " + std::to_string(sqn_he.size()) + " subscribers, this HSS " +
                                std::to_string(sqn_he_.size()));
  }
  for (std::size_t i = 0; i < sqn_he.size(); ++i) {
    // TS 33.102 §6.3.2: SQN is 48 bits.
    if (sqn_he[i] >> 48) throw std::invalid_argument("HssAuc: saved SQN of subscriber " + std::to_string(i) + " exceeds 48 bits");
  }
  sqn_he_ = std::move(sqn_he);
  counters_ = counters;
}

AuthVector HssAuc::generate(std::uint64_t subscriber) {
  std::uint64_t& sqn_he = sqn_he_[index(subscriber)];
  // Annex C.1.1: SEQ = SEQ_HE + 1, IND = IND_HE + 1 mod a.
  const unsigned ind_bits = cfg_.ind_bits;
  const std::uint64_t ind_mask = (std::uint64_t{1} << ind_bits) - 1;
  const std::uint64_t seq = (sqn_he >> ind_bits) + 1;
  if (seq > (cardcore::kSqnMax >> ind_bits)) throw std::overflow_error("HssAuc: SEQ exhausted (SQN is 48 bits)");
  const std::uint64_t sqn = (seq << ind_bits) | (((sqn_he & ind_mask) + 1) & ind_mask);

  AuthVector v;
  v.sqn = sqn;
  v.rand = rand_for(seed_, subscriber, sqn);
  std::uint8_t sqn_bytes[cardcore::kSqnBytes];
  cardcore::store_sqn48(sqn_bytes, sqn);
  const std::uint8_t amf[2] = {static_cast<std::uint8_t>(cfg_.amf >> 8), static_cast<std::uint8_t>(cfg_.amf)};
  // TS 33.102 §6.3.2: MAC = f1, XRES = f2, CK = f3, IK = f4, AK = f5;
  // AUTN = SQN xor AK || AMF || MAC.
  const cardcore::MilenageVector m = milenage(subscriber).generate(v.rand.data(), sqn_bytes, amf);
  v.xres = m.res;
  v.ck = m.ck;
  v.ik = m.ik;
  v.autn = m.autn;

  sqn_he = sqn;
  ++counters_.vectors_generated;
  return v;
}

GsmTripletVector HssAuc::to_triplet(const AuthVector& v) {
  GsmTripletVector t;
  t.rand = v.rand;
  t.sres = cardcore::c2(v.xres);
  t.kc = cardcore::c3(v.ck.data(), v.ik.data());
  return t;
}

GsmTripletVector HssAuc::generate_triplet(std::uint64_t subscriber) { return to_triplet(generate(subscriber)); }

ResyncResult HssAuc::resync(std::uint64_t subscriber, const std::uint8_t rand[16],
                            const std::uint8_t auts[cardcore::kAutsBytes]) {
  std::uint64_t& sqn_he = sqn_he_[index(subscriber)];
  ResyncResult r;
  // §6.3.5 steps 1 and 4: SQN_MS from Conc(SQN_MS), then MAC-S.
  const cardcore::AutsCheck check = cardcore::verify_auts(milenage(subscriber), rand, auts);
  r.sqn_ms = check.sqn_ms;
  if (!check.mac_ok) {
    r.outcome = ResyncOutcome::MacFailure;
    ++counters_.resyncs_failed;
    return r;
  }
  // Steps 2 and 3: would the next SEQ, SEQ_HE + 1, be accepted? It is fresh
  // in any array entry when above SEQ_MS (the highest SEQ the USIM accepted),
  // and within delta of it when the USIMs check delta (Annex C.2.1).
  const unsigned ind_bits = cfg_.ind_bits;
  const std::uint64_t seq_ms = check.sqn_ms >> ind_bits;
  const std::uint64_t next = (sqn_he >> ind_bits) + 1;
  const bool in_range = next > seq_ms && (cfg_.delta == 0 || next - seq_ms <= cfg_.delta);
  if (in_range) {
    r.outcome = ResyncOutcome::InRange;
  } else {
    // Step 5: SQN_HE := SQN_MS, keeping IND_HE so IND goes on cycling.
    const std::uint64_t ind_mask = (std::uint64_t{1} << ind_bits) - 1;
    sqn_he = (seq_ms << ind_bits) | (sqn_he & ind_mask);
    r.outcome = ResyncOutcome::Reset;
  }
  ++counters_.resyncs_ok;
  return r;
}

}  // namespace twinmodels
