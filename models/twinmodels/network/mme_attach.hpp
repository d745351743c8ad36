#pragma once
// The MME's side of the E-UTRAN initial attach (TS 23.401 §5.3.2.1) with EPS
// AKA (TS 33.401 §6.1, TS 24.301 §5.4.2) against the HSS/AuC (hss_auc.hpp):
// what it sends the UE and when the UE gets it.
//
//   ATTACH REQUEST reaches the MME at t
//     -> NAS congestion control (nas_congestion.hpp): ATTACH REJECT #22 + T3346
//     -> S6a AIR/AIA: a vector from HssAuc::generate
//     -> AUTHENTICATION REQUEST (RAND, AUTN) to the UE
//   AUTHENTICATION RESPONSE (RES) reaches the MME
//     RES = XRES -> SECURITY MODE COMMAND/COMPLETE, S6a ULR/ULA, S11 Create
//                   Session, ATTACH ACCEPT (in Initial Context Setup)
//     RES != XRES -> AUTHENTICATION REJECT (TS 24.301 §5.4.2.5)
//   AUTHENTICATION FAILURE #21 synch failure with AUTS (§5.4.2.6 c)
//     -> S6a AIR with RAND and AUTS: HssAuc::resync (TS 33.102 §6.3.5), then a
//        fresh vector -> a new AUTHENTICATION REQUEST; a MAC-S that does not
//        verify, or a second synch failure in a row (our choice: one resync
//        must make the next vector fresh), -> AUTHENTICATION REJECT
//   AUTHENTICATION FAILURE #20 MAC failure -> AUTHENTICATION REJECT (the MME
//        could try the identification procedure first, §5.4.2.6 a; the model
//        does not)
//
// Latency: each message to the UE takes s1ap_one_way + radio_one_way after
// the MME sends it; the MME-side steps add their round trips. The caller adds
// the UE's own time (the card's AUTHENTICATE) and the uplink (uplink()).
//
// State per UE while its attach runs: its vector and two counters (~100
// bytes, in a map); nothing after.
#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>

#include "cardcore/auth/auts.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinmodels/network/nas_congestion.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace twinmodels {

struct AttachLatencyConfig {
  NetTime radio_one_way = 15 * kMs;      // a NAS message between UE and eNB over the air
  NetTime s1ap_one_way = 2 * kMs;        // eNB <-> MME
  NetTime s6a_round_trip = 10 * kMs;     // MME <-> HSS, AIR/AIA or ULR/ULA
  NetTime s11_round_trip = 10 * kMs;     // MME <-> S-GW/P-GW, Create Session
  NetTime mme_processing = 1 * kMs;      // per MME step
};

enum class AttachStepKind : std::uint8_t {
  AuthenticationRequest,
  AttachAccept,
  AuthenticationReject,
  AttachReject,
};

struct AttachStep {
  AttachStepKind kind = AttachStepKind::AttachReject;
  NetTime at = 0;  // when the UE receives it
  std::array<std::uint8_t, 16> rand{};  // AuthenticationRequest
  std::array<std::uint8_t, 16> autn{};
  std::uint8_t emm_cause = 0;            // AttachReject (#22) / the failure that led to a reject
  NetTime t3346 = 0;                     // AttachReject #22
  std::array<std::uint8_t, 3> t3346_ie{};
};

// What the UE answered to AUTHENTICATION REQUEST.
struct AuthAnswer {
  enum class Kind : std::uint8_t { Response, SynchFailure, MacFailure } kind = Kind::Response;
  std::array<std::uint8_t, 16> res{};  // Response: RES (res_length bytes used)
  std::uint8_t res_length = 8;
  cardcore::Auts auts{};               // SynchFailure
};

struct MmeAttachCounters {
  std::uint64_t requests = 0;
  std::uint64_t accepted = 0;
  std::uint64_t congestion_rejects = 0;
  std::uint64_t auth_rejects = 0;
  std::uint64_t resyncs = 0;
};

class MmeAttach {
 public:
  // `congestion` may be null (no NAS-level congestion control). Both must
  // outlive the MME.
  MmeAttach(HssAuc& hss, NasCongestionControl* congestion, AttachLatencyConfig latency = {});

  // ATTACH REQUEST from `subscriber` reaches the MME at t. `rng` is the UE's
  // stream (for T3346). A new request replaces one still running.
  AttachStep attach_request(std::uint64_t subscriber, NetTime t, RandomStream& rng);
  // The UE's answer to the last AUTHENTICATION REQUEST reaches the MME at t.
  // Throws std::logic_error when no attach of the subscriber is waiting for one.
  AttachStep authentication_answer(std::uint64_t subscriber, NetTime t, const AuthAnswer& answer);

  // When a message the UE sends at t reaches the MME.
  NetTime uplink(NetTime t) const { return t + latency_.radio_one_way + latency_.s1ap_one_way; }

  std::size_t attaches_running() const { return pending_.size(); }
  const MmeAttachCounters& counters() const { return counters_; }

 private:
  struct Pending {
    AuthVector vector;
    std::uint8_t synch_failures = 0;  // in a row
  };
  NetTime downlink(NetTime t) const { return t + latency_.s1ap_one_way + latency_.radio_one_way; }
  AttachStep challenge(std::uint64_t subscriber, Pending& p, NetTime t);
  AttachStep auth_reject(std::uint64_t subscriber, NetTime t, std::uint8_t cause);

  HssAuc& hss_;
  NasCongestionControl* congestion_;
  AttachLatencyConfig latency_;
  std::unordered_map<std::uint64_t, Pending> pending_;
  MmeAttachCounters counters_;
};

}  // namespace twinmodels
