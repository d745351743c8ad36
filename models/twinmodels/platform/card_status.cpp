#include "twinmodels/platform/card_status.hpp"

namespace twinmodels::platform {

const char* to_string(OnlineStatus s) {
  switch (s) {
    case OnlineStatus::Unknown: return "Unknown";
    case OnlineStatus::Online: return "Online";
    case OnlineStatus::Offline: return "Offline";
    case OnlineStatus::Sleeping: return "Sleeping";
  }
  return "?";
}

namespace {

std::optional<OnlineStatus> status_after(CardEventKind k) {
  switch (k) {
    case CardEventKind::Registered:
    case CardEventKind::PsmLeft:
    case CardEventKind::EdrxLeft: return OnlineStatus::Online;
    case CardEventKind::PsmEntered:
    case CardEventKind::EdrxEntered: return OnlineStatus::Sleeping;
    case CardEventKind::Unblocked: return std::nullopt;
    case CardEventKind::Detached:
    case CardEventKind::PagingFailed:
    case CardEventKind::NoCell:
    case CardEventKind::AttachTimedOut:
    case CardEventKind::AttachRejected:
    case CardEventKind::AuthenticationRejected:
    case CardEventKind::AuthenticationFailure:
    case CardEventKind::CardFailed:
    case CardEventKind::CardPowerLost:
    case CardEventKind::ProfileSwitched:
    case CardEventKind::Blocked: return OnlineStatus::Offline;
  }
  return std::nullopt;
}

}  // namespace

void apply(CardStatus& s, const CardEvent& e) {
  s.last_event = e;
  if (e.kind == CardEventKind::Registered) s.imsi_seen = e.imsi;
  if (e.kind == CardEventKind::Blocked) s.block = e;
  if (e.kind == CardEventKind::Unblocked) s.block.reset();
  const std::optional<OnlineStatus> next = status_after(e.kind);
  if (!next) return;
  if (*next != s.status || !s.since_ms) s.since_ms = e.at_ms;
  s.status = *next;
  s.expected_back_ms = *next == OnlineStatus::Sleeping ? e.next_reachable_ms : std::nullopt;
}

}  // namespace twinmodels::platform
