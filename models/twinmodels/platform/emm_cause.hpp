#pragma once
// The EMM causes OneLink reads in the network's reports (3GPP TS 24.301
// §9.9.3.9, the EMM cause IE's value as a number) and how fault diagnosis
// groups them. Only the causes named here are told apart; any other is
// "another cause" and decides nothing by itself.
#include <cstdint>

namespace twinmodels::platform {

// "#3 Illegal UE" — the cause's name, or "" for a cause not listed here.
const char* emm_cause_name(std::uint8_t cause);

// The rejects after which the UE considers its USIM invalid (TS 24.301
// §5.5.1.2.5): #3 Illegal UE, #6 Illegal ME, #8 EPS and non-EPS services not
// allowed — and #7 EPS services not allowed, for EPS. The network refuses
// the subscription itself: diagnosis reads them as Blocked.
bool emm_cause_refuses_subscription(std::uint8_t cause);

// The rejects that say there is no network the card may use where it is:
// #11 PLMN not allowed, #12 Tracking area not allowed, #13 Roaming not
// allowed in this tracking area, #14 EPS services not allowed in this PLMN,
// #15 No suitable cells in tracking area. Diagnosis reads them as
// NoCoverage (ours: coverage the card is allowed to use).
bool emm_cause_denies_area(std::uint8_t cause);

}  // namespace twinmodels::platform
