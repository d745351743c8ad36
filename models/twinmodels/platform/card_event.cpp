#include "twinmodels/platform/card_event.hpp"

#include "twinmodels/platform/emm_cause.hpp"

namespace twinmodels::platform {

const char* to_string(CardEventKind k) {
  switch (k) {
    case CardEventKind::Registered: return "Registered";
    case CardEventKind::Detached: return "Detached";
    case CardEventKind::PsmEntered: return "PsmEntered";
    case CardEventKind::PsmLeft: return "PsmLeft";
    case CardEventKind::EdrxEntered: return "EdrxEntered";
    case CardEventKind::EdrxLeft: return "EdrxLeft";
    case CardEventKind::PagingFailed: return "PagingFailed";
    case CardEventKind::NoCell: return "NoCell";
    case CardEventKind::AttachTimedOut: return "AttachTimedOut";
    case CardEventKind::AttachRejected: return "AttachRejected";
    case CardEventKind::AuthenticationRejected: return "AuthenticationRejected";
    case CardEventKind::AuthenticationFailure: return "AuthenticationFailure";
    case CardEventKind::CardFailed: return "CardFailed";
    case CardEventKind::CardPowerLost: return "CardPowerLost";
    case CardEventKind::ProfileSwitched: return "ProfileSwitched";
    case CardEventKind::Blocked: return "Blocked";
    case CardEventKind::Unblocked: return "Unblocked";
  }
  return "?";
}

std::string describe(const CardEvent& e) {
  std::string s = "t=" + std::to_string(e.at_ms) + " ms " + to_string(e.kind);
  if (e.kind == CardEventKind::AttachRejected || e.kind == CardEventKind::AuthenticationFailure) {
    const std::string name = emm_cause_name(e.emm_cause);
    s += " " + (name.empty() ? "#" + std::to_string(e.emm_cause) : name);
  }
  if (e.kind == CardEventKind::CardFailed && e.nvm_worn) s += " NVM worn out";
  if (!e.iccid.empty()) s += " iccid=" + e.iccid;
  if (!e.imsi.empty()) s += " imsi=" + e.imsi;
  if (e.next_reachable_ms) s += " next reachable t=" + std::to_string(*e.next_reachable_ms) + " ms";
  return s;
}

}  // namespace twinmodels::platform
