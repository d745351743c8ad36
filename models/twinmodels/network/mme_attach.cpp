#include "twinmodels/network/mme_attach.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/util/bytes.hpp"
#include "cardcore/util/constant_time.hpp"

namespace twinmodels {

MmeAttach::MmeAttach(HssAuc& hss, NasCongestionControl* congestion, AttachLatencyConfig latency)
    : hss_(hss), congestion_(congestion), latency_(latency) {}

AttachStep MmeAttach::challenge(std::uint64_t subscriber, Pending& p, NetTime t) {
  // S6a AIR/AIA, then AUTHENTICATION REQUEST down to the UE.
  p.vector = hss_.generate(subscriber);
  AttachStep s;
  s.kind = AttachStepKind::AuthenticationRequest;
  s.at = downlink(t + latency_.mme_processing + latency_.s6a_round_trip);
  s.rand = p.vector.rand;
  s.autn = p.vector.autn;
  return s;
}

AttachStep MmeAttach::auth_reject(std::uint64_t subscriber, NetTime t, std::uint8_t cause) {
  pending_.erase(subscriber);
  ++counters_.auth_rejects;
  AttachStep s;
  s.kind = AttachStepKind::AuthenticationReject;
  s.at = downlink(t + latency_.mme_processing);
  s.emm_cause = cause;
  return s;
}

AttachStep MmeAttach::attach_request(std::uint64_t subscriber, NetTime t, RandomStream& rng) {
  ++counters_.requests;
  if (congestion_) {
    const NasAdmission a = congestion_->attach_request(t, rng);
    if (!a.admitted) {
      pending_.erase(subscriber);
      ++counters_.congestion_rejects;
      AttachStep s;
      s.kind = AttachStepKind::AttachReject;
      s.at = downlink(t + latency_.mme_processing);
      s.emm_cause = a.cause;
      s.t3346 = a.t3346;
      s.t3346_ie = a.t3346_ie;
      return s;
    }
  }
  Pending& p = pending_[subscriber];
  p = Pending{};
  return challenge(subscriber, p, t);
}

AttachStep MmeAttach::authentication_answer(std::uint64_t subscriber, NetTime t, const AuthAnswer& answer) {
  const auto it = pending_.find(subscriber);
  if (it == pending_.end())
    throw std::logic_error("MmeAttach: no authentication of subscriber " + std::to_string(subscriber) + " running");
  Pending& p = it->second;
  switch (answer.kind) {
    case AuthAnswer::Kind::Response: {
      // TS 33.401 §6.1.1: the MME compares RES with XRES.
      const std::size_t n = answer.res_length;
      const bool ok = n <= answer.res.size() &&
                      cardcore::equal_constant_time(p.vector.xres, cardcore::ByteView(answer.res.data(), n));
      if (!ok) return auth_reject(subscriber, t, 0);
      pending_.erase(it);
      ++counters_.accepted;
      // SMC round trip to the UE, ULR/ULA, Create Session, ATTACH ACCEPT.
      const NetTime smc_done = t + latency_.mme_processing + 2 * (latency_.s1ap_one_way + latency_.radio_one_way);
      const NetTime ready = smc_done + latency_.s6a_round_trip + latency_.s11_round_trip + latency_.mme_processing;
      AttachStep s;
      s.kind = AttachStepKind::AttachAccept;
      s.at = downlink(ready);
      return s;
    }
    case AuthAnswer::Kind::SynchFailure: {
      if (++p.synch_failures > 1) return auth_reject(subscriber, t, kEmmCauseSynchFailure);
      const ResyncResult r = hss_.resync(subscriber, p.vector.rand.data(), answer.auts.data());
      if (!r.ok()) return auth_reject(subscriber, t, kEmmCauseSynchFailure);
      ++counters_.resyncs;
      // The resync rides on the AIR that fetches the fresh vector.
      const std::uint8_t failures = p.synch_failures;
      AttachStep s = challenge(subscriber, p, t);
      p.synch_failures = failures;
      return s;
    }
    case AuthAnswer::Kind::MacFailure:
      return auth_reject(subscriber, t, kEmmCauseMacFailure);
  }
  throw std::logic_error("MmeAttach: unknown answer");
}

}  // namespace twinmodels
