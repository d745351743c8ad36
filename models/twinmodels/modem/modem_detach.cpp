// The network detaches the UE: its DETACH REQUEST (TS 24.301 §5.5.2.3.2),
// and the TRACKING AREA UPDATE REJECT or SERVICE REJECT of an MME that
// detached the UE without telling it (§5.5.3.2.5, §5.6.1.5).
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

namespace {

// TS 24.301 §5.5.2.3.2, §5.5.3.2.5: #3 illegal UE, #6 illegal ME, #7 EPS
// services not allowed, #8 EPS and non-EPS services not allowed: the USIM
// is invalid (for EPS services) until switched off or the UICC removed.
bool invalidates_usim(std::uint8_t cause) { return cause == 3 || cause == 6 || cause == 7 || cause == 8; }

}  // namespace

void Modem::on_network_detach(Context& c, const NetworkDetach& d) {
  // §5.5.2.3.2: in EMM-REGISTERED, or with its attach under way (the
  // network's detach aborts it, an abnormal case of the attach, §5.5.1.2.6);
  // a UE deregistered already has nothing to detach.
  if (state_ != ModemState::Registered && state_ != ModemState::Attaching) return;
  if (state_ == ModemState::Attaching) c.emit(CancelTimer{ModemTimer::AttachGuard, 0});
  c.emit(SendDetachAccept{}, cfg_->tech.nas_message_ms);
  // §5.5.2.3.2: with "re-attach required" the UE ignores the EMM cause,
  // deactivates its bearers and attaches again.
  const std::uint8_t cause = d.reattach_required || !d.emm_cause ? 0 : *d.emm_cause;
  state_ = ModemState::Deregistered;
  c.report(ModemEvent::Deregistered, cause);
  if (invalidates_usim(cause)) {
    // §5.5.2.3.2 #3, #6, #7, #8: EPS update status EU3 ROAMING NOT ALLOWED,
    // GUTI deleted, the USIM invalid until the power-off.
    invalidate_usim(c);
  } else {
    location_event(c);
    // Re-attach required; with "re-attach not required" and no cause (or
    // another one), EMM-DEREGISTERED until the UE is switched on again.
    if (d.reattach_required) start_attach(c);
  }
  run_proactive(c);
}

void Modem::on_update_reject(Context& c, const UpdateReject& r) {
  if (state_ != ModemState::Registered) return;
  c.report(ModemEvent::Deregistered, r.emm_cause);
  if (invalidates_usim(r.emm_cause)) {
    invalidate_usim(c);
  } else if (r.emm_cause == 10) {
    // §5.5.3.2.5 / §5.6.1.5 #10 implicitly detached: EMM-DEREGISTERED.
    // NORMAL-SERVICE, bearers deactivated locally, a new attach.
    state_ = ModemState::Deregistered;
    location_event(c);
    start_attach(c);
  } else {
    // Causes the twin's MME does not send: the abnormal case, the attach
    // attempt counter and its retry (§5.5.3.2.6, §5.5.1.2.6).
    attach_failed(c);
    location_event(c);
  }
  run_proactive(c);
}

}  // namespace twinmodels::modem
