#pragma once
// Fault diagnosis (the source document §3.2.1: 故障诊断): why a card is not
// online, guessed from the events reported for it, with the events that
// point there. The source document names the service only; the reasons and
// the rules are ours. They read the card's current spell — the events
// since it was last Online (Registered, PsmLeft, EdrxLeft) — and take the
// first rule that matches:
//   1. Blocked        the operator's block is in force
//   2. WornOutNvm     CardFailed (NVM wear reported or not) or CardPowerLost:
//                     the card itself stopped answering
//   3. WrongProfile   the latest identity seen — the IMSI at an attach, the
//                     enabled profile the SM-SR reported — is not the one the
//                     account expects (also while Online: the card runs
//                     another subscription)
//   4. Blocked        AUTHENTICATION REJECT, or ATTACH REJECT with a cause
//                     that refuses the subscription (#3, #6, #7, #8; see
//                     emm_cause.hpp)
//   5. AuthenticationFailure  the UE answered AUTHENTICATION FAILURE (#20
//                     MAC failure, #21 synch failure)
//   6. NoCoverage     AttachTimedOut, NoCell, PagingFailed, ATTACH REJECT
//                     #11-#15; or asleep past its next periodic TAU by more
//                     than the grace (the MME's mobile reachable timer runs
//                     4 minutes past T3412 by default, TS 24.301 §5.3.5)
//   7. PowerSaving    in PSM / eDRX, with the time it is expected back
//   8. Unknown        anything else (detached, congestion, no events)
// An Online card with the expected identity is NotOffline.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/card_event.hpp"
#include "twinmodels/platform/card_status.hpp"
#include "twinmodels/platform/onelink_account.hpp"

namespace twinmodels::platform {

enum class FaultReason : std::uint8_t {
  NotOffline,
  NoCoverage,
  PowerSaving,
  WrongProfile,
  Blocked,
  WornOutNvm,
  AuthenticationFailure,
  Unknown,
};

const char* to_string(FaultReason r);

struct DiagnosisConfig {
  std::int64_t tau_grace_ms = 4 * 60 * 1000;  // TS 24.301 §5.3.5 default: T3412 + 4 min
};

struct Diagnosis {
  FaultReason reason = FaultReason::Unknown;
  std::string rule;                               // the rule that matched, in words
  std::vector<CardEvent> evidence;                // the events it rests on, oldest first
  std::optional<std::int64_t> expected_back_ms;   // PowerSaving / NoCoverage after PSM
};

// `history`: the card's events in time order (the retained ones).
Diagnosis diagnose(const std::vector<CardEvent>& history, const CardStatus& status, const Subscription& expected,
                   std::int64_t now_ms, const DiagnosisConfig& config = {});

// "WrongProfile (the IMSI seen is not the account's): t=… Registered imsi=…".
std::string describe(const Diagnosis& d);

}  // namespace twinmodels::platform
