#include "twinmodels/platform/fault_diagnosis.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

#include "twinmodels/platform/emm_cause.hpp"

namespace twinmodels::platform {

const char* to_string(FaultReason r) {
  switch (r) {
    case FaultReason::NotOffline: return "NotOffline";
    case FaultReason::NoCoverage: return "NoCoverage";
    case FaultReason::PowerSaving: return "PowerSaving";
    case FaultReason::WrongProfile: return "WrongProfile";
    case FaultReason::Blocked: return "Blocked";
    case FaultReason::WornOutNvm: return "WornOutNvm";
    case FaultReason::AuthenticationFailure: return "AuthenticationFailure";
    case FaultReason::Unknown: return "Unknown";
  }
  return "?";
}

namespace {

using K = CardEventKind;
using Events = std::vector<CardEvent>;

bool makes_online(K k) { return k == K::Registered || k == K::PsmLeft || k == K::EdrxLeft; }

// The events since the card was last Online (the Online event excluded).
Events current_spell(const Events& history) {
  const auto last_online = std::find_if(history.rbegin(), history.rend(),
                                        [](const CardEvent& e) { return makes_online(e.kind); });
  return Events(last_online.base(), history.end());
}

Events matching(const Events& spell, const std::function<bool(const CardEvent&)>& pred) {
  Events out;
  std::copy_if(spell.begin(), spell.end(), std::back_inserter(out), pred);
  return out;
}

// The latest event that tells which subscription the card runs, when it
// is not the expected one.
std::optional<CardEvent> identity_mismatch(const Events& history, const Subscription& expected) {
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    const CardEvent& e = *it;
    const bool imsi_known = !e.imsi.empty() && !expected.imsi.empty();
    const bool iccid_known = e.kind == K::ProfileSwitched && !e.iccid.empty() && !expected.iccid.empty();
    if (!imsi_known && !iccid_known) continue;
    if ((imsi_known && e.imsi != expected.imsi) || (iccid_known && e.iccid != expected.iccid)) return e;
    return std::nullopt;
  }
  return std::nullopt;
}

Diagnosis found(FaultReason r, std::string rule, Events evidence) {
  Diagnosis d;
  d.reason = r;
  d.rule = std::move(rule);
  d.evidence = std::move(evidence);
  return d;
}

}  // namespace

Diagnosis diagnose(const Events& history, const CardStatus& status, const Subscription& expected,
                   std::int64_t now_ms, const DiagnosisConfig& config) {
  const std::optional<CardEvent> mismatch = identity_mismatch(history, expected);
  if (status.status == OnlineStatus::Online) {
    if (mismatch) return found(FaultReason::WrongProfile, "online with a subscription the account does not expect", {*mismatch});
    return found(FaultReason::NotOffline, "online with the expected subscription", {});
  }
  if (status.status == OnlineStatus::Unknown || history.empty())
    return found(FaultReason::Unknown, "no event has given it a status yet", {});

  if (status.block) return found(FaultReason::Blocked, "the operator's block is in force", {*status.block});

  const Events spell = current_spell(history);
  Events ev = matching(spell, [](const CardEvent& e) { return e.kind == K::CardFailed || e.kind == K::CardPowerLost; });
  if (!ev.empty()) {
    const bool worn = std::any_of(ev.begin(), ev.end(), [](const CardEvent& e) { return e.nvm_worn; });
    return found(FaultReason::WornOutNvm, worn ? "the card failed reporting NVM wear" : "the card failed or lost power", ev);
  }

  if (mismatch) return found(FaultReason::WrongProfile, "the subscription seen is not the one the account expects", {*mismatch});

  ev = matching(spell, [](const CardEvent& e) {
    return e.kind == K::AuthenticationRejected ||
           (e.kind == K::AttachRejected && emm_cause_refuses_subscription(e.emm_cause));
  });
  if (!ev.empty()) return found(FaultReason::Blocked, "the network refused the subscription", ev);

  ev = matching(spell, [](const CardEvent& e) { return e.kind == K::AuthenticationFailure; });
  if (!ev.empty()) return found(FaultReason::AuthenticationFailure, "the card answered AUTHENTICATION FAILURE", ev);

  ev = matching(spell, [](const CardEvent& e) {
    return e.kind == K::AttachTimedOut || e.kind == K::NoCell || e.kind == K::PagingFailed ||
           (e.kind == K::AttachRejected && emm_cause_denies_area(e.emm_cause));
  });
  if (!ev.empty()) return found(FaultReason::NoCoverage, "no network the card may use answered it", ev);

  if (status.status == OnlineStatus::Sleeping) {
    Diagnosis d = found(FaultReason::PowerSaving, "in PSM / eDRX", matching(spell, [](const CardEvent& e) {
                          return e.kind == K::PsmEntered || e.kind == K::EdrxEntered;
                        }));
    d.expected_back_ms = status.expected_back_ms;
    if (status.expected_back_ms && now_ms > *status.expected_back_ms + config.tau_grace_ms) {
      d.reason = FaultReason::NoCoverage;
      d.rule = "asleep past its next periodic TAU and the grace";
    }
    return d;
  }
  return found(FaultReason::Unknown, "no rule matched", spell);
}

std::string describe(const Diagnosis& d) {
  std::string s = std::string(to_string(d.reason)) + " (" + d.rule + ")";
  if (d.expected_back_ms) s += " expected back t=" + std::to_string(*d.expected_back_ms) + " ms";
  for (const CardEvent& e : d.evidence) s += "; " + describe(e);
  return s;
}

}  // namespace twinmodels::platform
