// What the eUICC learns of the enabled profile's connectivity from the
// terminal's location status reports (TS 102 223 §7.5.4, the event it asks
// for after TERMINAL PROFILE with SET UP EVENT LIST, §6.4.16):
//   normal service    a change awaiting connectivity succeeded: its
//                     notification goes to the SM-SR (SGP.02 §3.2.1);
//                     a notification not yet confirmed is sent again
//   limited / no service, kConnectivityLossReports times in a row:
//                     after a change, roll back to the previous profile
//                     (SGP.02 §3.2.2, notification "failed and roll-back"
//                     once it has service); otherwise fall back to the
//                     profile with the fall-back attribute (§3.7,
//                     notification "profile change after fall-back")
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"

namespace cardcore::euicc {

namespace {
// TS 102 223 §8.27.
constexpr std::uint8_t kNormalService = 0x00;
}  // namespace

// The events the eUICC follows: location status, and with SCP81 the BIP
// channel's data available and channel status (scp81::AdminSession::kEvents).
void Euicc::after_terminal_profile() {
  if (!session_) return;
  std::uint32_t wanted = 1u << cat::event::kLocationStatus;
  if (scp81_configured()) {
    for (std::uint8_t e : scp81::AdminSession::kEvents) wanted |= 1u << e;
  }
  const std::uint32_t list = session_->event_list() | wanted;
  if (list == session_->event_list()) return;
  cat::SetUpEventList s;
  for (std::uint8_t e = 0; e < 32; ++e) {
    if ((list & (1u << e)) != 0) s.events.events.push_back(e);
  }
  session_->queue_proactive(cat::ProactiveCommand{s});
}

void Euicc::on_location_status(std::uint8_t status) {
  if (status != kNormalService) {
    if (++bad_reports_ >= kConnectivityLossReports) {
      bad_reports_ = 0;
      connectivity_lost();
    }
    return;
  }
  bad_reports_ = 0;
  if (const std::optional<AwaitedChange> change = read_awaited_change(platform_)) {
    // The change succeeded: its notification replaces any older one
    // (SGP.02 §4.1.1.11: each has its own sequence number).
    const std::uint16_t sequence = read_next_sequence(platform_);
    platform_.nvm().begin();
    stage_awaited_change(platform_, std::nullopt);
    stage_pending_notification(platform_, PendingNotification{change->success_notification, change->enabled, sequence});
    stage_next_sequence(platform_, static_cast<std::uint16_t>(sequence + 1));
    if (platform_.nvm().commit() != CommitResult::Ok) return;
    notification_sent_ = false;
  }
  send_pending_notification();
}

void Euicc::connectivity_lost() {
  const std::uint8_t enabled = enabled_record();
  // The emergency profile enabled locally stays until the device disables
  // it (emergency_profile.cpp).
  if (enabled == 0 || !session_ || emergency_active()) return;
  std::uint8_t to = 0, awaiting = 0;
  if (const std::optional<AwaitedChange> change = read_awaited_change(platform_); change && change->rollback_to != 0) {
    to = change->rollback_to;
    awaiting = notification::kProfileChangeFailedAndRollback;
  } else {
    for (const gp::Slot& s : gp::read_registry(platform_)) {
      if (s.record != enabled && s.entry.kind == gp::EntryKind::Application && is_isdp_aid(s.entry.aid) &&
          slot(s.record) && read_attributes(platform_, s.record).fallback) {
        to = s.record;
      }
    }
    awaiting = notification::kProfileChangeAfterFallback;
  }
  if (to == 0) return;  // nothing to go to: stay on the enabled profile
  // A roll-back or fall-back is not rolled back in turn.
  if (switch_profiles(enabled, to, awaiting, false) != sw::kOk) return;
  cat::Refresh refresh;
  refresh.mode = cat::Refresh::kUiccReset;
  if (session_->queue_proactive(cat::ProactiveCommand{refresh}) != 0) refresh_queued_ = false;
}

}  // namespace cardcore::euicc
