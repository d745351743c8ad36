#pragma once
// A card's online status as OneLink's status query answers it (the source
// document §3.2.1: 在线状态查询), folded from the events reported for it
// (card_event.hpp). The rules are ours:
//   Registered, PsmLeft, EdrxLeft            -> Online
//   PsmEntered, EdrxEntered                  -> Sleeping
//   Detached, PagingFailed, NoCell, AttachTimedOut, AttachRejected,
//   AuthenticationRejected, AuthenticationFailure, CardFailed,
//   CardPowerLost, ProfileSwitched, Blocked  -> Offline
//     (a profile switch makes the device attach again with the new
//     profile: Offline until it registers)
//   Unblocked                                -> unchanged (the card still has to attach)
//   no event yet                             -> Unknown
#include <cstdint>
#include <optional>
#include <string>

#include "twinmodels/platform/card_event.hpp"

namespace twinmodels::platform {

enum class OnlineStatus : std::uint8_t { Unknown, Online, Offline, Sleeping };

const char* to_string(OnlineStatus s);

struct CardStatus {
  OnlineStatus status = OnlineStatus::Unknown;
  std::optional<CardEvent> last_event;           // the latest event, with its time
  std::optional<std::int64_t> since_ms;          // when the status last changed
  std::optional<std::int64_t> expected_back_ms;  // Sleeping: the next reachable time, when reported
  std::string imsi_seen;                         // the IMSI of the last registration
  std::optional<CardEvent> block;                // the operator block in force, if any
};

// The status after `e` (the caller keeps events in time order).
void apply(CardStatus& s, const CardEvent& e);

}  // namespace twinmodels::platform
