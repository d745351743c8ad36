#pragma once
// The home network's authentication centre (HSS/AuC): authentication vectors
// for UMTS/EPS AKA (TS 33.102 §6.3.2) with MILENAGE (TS 35.206), GSM triplets
// converted from them (§6.8.1.2), and re-synchronisation on an AUTS
// from the USIM (§6.3.5).
//
// Sequence numbers, TS 33.102 Annex C.1.1 (not time-based) with the
// parameters of the Annex C.3.2 profile: SQN = SEQ || IND, IND the low
// ind_bits bits. The HE/AuC keeps one counter per subscriber, SQN_HE, the SQN
// of the last vector it generated (0 before the first). Every vector takes
//     SEQ = SEQ_HE + 1,   IND = (IND_HE + 1) mod 2^ind_bits
// i.e. SEQ is a per-subscriber counter stepped by one per vector and IND
// cycles through the USIM's array (Annex C.2) one entry per vector, so up to
// 2^ind_bits vectors can be used in any order. A new USIM (all SEQ_MS(i) = 0)
// accepts the first vector, SEQ 1, IND 1.
//
// RAND is not drawn from a generator with state: it is the 16 bytes at word
// position 4 (SQN mod 2^32) of the RandomStream (seed, entity = subscriber,
// stream kHssRandStream | SQN >> 32). Each SQN has its own RAND, a vector is a
// pure function of (seed, subscriber, SQN), and the whole per-subscriber state
// is SQN_HE: 8 bytes per subscriber (kBytesPerSubscriber), in one flat vector.
// A USIM accepts an SQN at most once (Annex C.2: SEQ_MS(i) only grows), so it
// never accepts a RAND twice, whatever the HSS replays: an HSS restored from
// an old backup repeats its old vectors exactly, the USIM rejects them as not
// fresh, and the resync moves SQN_HE past SQN_MS.
//
// K and OPc come from derive_subscriber_keys(seed, subscriber), as the card
// factory personalized them; the HSS stores no keys. Every operation is O(1).
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace twinmodels {

// RandomStream stream ids of the HSS's RAND values: kHssRandStream | s for
// s = SQN >> 32 (16 bits), so the range 0x48530000..0x4853FFFF ("HS") is the
// HSS's.
inline constexpr std::uint32_t kHssRandStream = 0x48530000u;

struct HssAucConfig {
  // TS 33.102 Annex C.3.2: IND of 5 bits, an array of a = 32 entries in the
  // USIM. 0..cardcore::SqnArray::kMaxIndBits.
  unsigned ind_bits = 5;
  // TS 33.102 Annex H: AMF bit 0, the "AMF separation bit", is 1 in vectors
  // for E-UTRAN (TS 33.401 §6.1.1); the other bits are 0.
  std::uint16_t amf = 0x8000;
  // The Annex C.2.1 delta the USIMs enforce (SEQ - SEQ_MS <= delta), for the
  // §6.3.5 range check; 0 = the USIMs do not check it.
  std::uint64_t delta = 0;
  // TS 35.206 §4.1 r1..r5, c1..c5; the same as the cards' profile.
  cardcore::MilenageConstants milenage = cardcore::MilenageConstants::standard();
};

// TS 33.102 §6.3.2: the quintet RAND, XRES, CK, IK, AUTN (no KASME).
struct AuthVector {
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 8> xres{};   // f2
  cardcore::Block128 ck{};              // f3
  cardcore::Block128 ik{};              // f4
  std::array<std::uint8_t, 16> autn{};  // (SQN xor AK) || AMF || MAC-A
  std::uint64_t sqn = 0;                // SQN in AUTN, in clear (for the model)
};

// A GSM triplet (TS 33.102 §6.8.1.2: c2 and c3 of a quintet).
struct GsmTripletVector {
  std::array<std::uint8_t, 16> rand{};
  cardcore::GsmSres sres{};  // c2(XRES)
  cardcore::GsmKc kc{};      // c3(CK, IK)
};

enum class ResyncOutcome : std::uint8_t {
  Reset,       // MAC-S valid, SQN_HE was out of range: SEQ_HE := SEQ_MS
  InRange,     // MAC-S valid, the next vector is already fresh: no change
  MacFailure,  // MAC-S invalid: not this subscriber's USIM, no change
};

struct ResyncResult {
  ResyncOutcome outcome = ResyncOutcome::MacFailure;
  std::uint64_t sqn_ms = 0;  // from Conc(SQN_MS); not authentic on MacFailure
  bool ok() const { return outcome != ResyncOutcome::MacFailure; }
};

struct HssAucCounters {
  std::uint64_t vectors_generated = 0;  // quintets, triplets included
  std::uint64_t resyncs_ok = 0;         // Reset or InRange
  std::uint64_t resyncs_failed = 0;     // MacFailure
};

class HssAuc {
 public:
  static constexpr std::size_t kBytesPerSubscriber = sizeof(std::uint64_t);

  // Subscribers 0..subscribers-1, all with SQN_HE = 0. Throws
  // std::invalid_argument if cfg.ind_bits is above SqnArray::kMaxIndBits.
  HssAuc(std::uint64_t seed, std::uint64_t subscribers, HssAucConfig cfg = {});

  // The next vector (SQN scheme above). Throws std::out_of_range for an
  // unknown subscriber, std::overflow_error once SEQ would pass its maximum
  // (2^(48 - ind_bits) - 1; TS 33.102 §6.3.2: SQN is 48 bits).
  AuthVector generate(std::uint64_t subscriber);
  // A cache hint for a subscriber whose vector comes soon (its SQN_HE).
  void prefetch(std::uint64_t subscriber) const {
    if (subscriber < sqn_he_.size()) __builtin_prefetch(&sqn_he_[subscriber]);
  }
  // §6.8.1.2: a triplet for a GSM-only serving node, from the next quintet
  // (so it consumes one SQN like generate()).
  GsmTripletVector generate_triplet(std::uint64_t subscriber);
  static GsmTripletVector to_triplet(const AuthVector& v);

  // TS 33.102 §6.3.5, on the RAND and AUTS of a synchronisation failure:
  // SQN_MS = Conc(SQN_MS) xor f5*(RAND); MAC-S = f1*(SQN_MS || RAND || AMF
  // 0000) is verified (in every case: §6.3.5 needs it only when SQN_HE is out
  // of range, but checking first lets the model count forged tokens). Then,
  // if the next vector would not be accepted (SEQ_HE + 1 <= SEQ_MS, or above
  // SEQ_MS + delta), SQN_HE := SEQ_MS || IND_HE, so the next vector has
  // SEQ_MS + 1 and IND keeps cycling. Throws std::out_of_range for an unknown
  // subscriber.
  ResyncResult resync(std::uint64_t subscriber, const std::uint8_t rand[16],
                      const std::uint8_t auts[cardcore::kAutsBytes]);

  // SQN of the last vector generated for the subscriber (0 = none yet).
  std::uint64_t sqn_he(std::uint64_t subscriber) const;
  std::uint64_t subscribers() const { return sqn_he_.size(); }
  const HssAucConfig& config() const { return cfg_; }
  const HssAucCounters& counters() const { return counters_; }
  // Bytes of per-subscriber state: subscribers() * kBytesPerSubscriber.
  std::size_t state_bytes() const { return sqn_he_.size() * kBytesPerSubscriber; }

  // Checkpoints: the whole per-subscriber state is the SQN_HE table.
  const std::vector<std::uint64_t>& sqn_he_table() const { return sqn_he_; }
  // Replaces the table and the counters with saved ones. Throws
  // std::invalid_argument when the table has another subscriber count or an
  // SQN above 48 bits; nothing changes then.
  void restore(std::vector<std::uint64_t> sqn_he, const HssAucCounters& counters);

 private:
  std::size_t index(std::uint64_t subscriber) const;
  cardcore::Milenage milenage(std::uint64_t subscriber) const;

  std::uint64_t seed_;
  SubscriberKeyDerivation keys_;
  HssAucConfig cfg_;
  std::vector<std::uint64_t> sqn_he_;  // SQN_HE per subscriber, 48 bits used
  HssAucCounters counters_;
};

}  // namespace twinmodels
