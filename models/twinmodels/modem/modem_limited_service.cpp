// Limited service with the USIM invalid: after ATTACH REJECT, DETACH
// REQUEST or TAU / SERVICE REJECT #3, #6, #7, #8, or AUTHENTICATION REJECT
// (TS 24.301 §5.5.1.2.5, §5.5.2.3.2, §5.5.3.2.5, §5.4.2.5), the UE is in
// EMM-DEREGISTERED.NO-IMSI until switched off or the UICC is removed or
// reset: camped on an acceptable cell, emergency calls only (TS 23.122
// §3.1 limited service; TS 36.304 §5.2.8 "camped on any cell"). The UICC
// stays active and its toolkit session goes on:
//   - entering it is a change of location status (TS 102 223 §7.5.4): the
//     card that asked for the event gets ENVELOPE (EVENT DOWNLOAD) with
//     location status 01 limited service;
//   - the UE "shall regularly attempt to find a suitable cell trying all
//     frequencies of all RATs" (TS 36.304 §5.2.8): every
//     ModemConfig::limited_service_scan_ms the modem searches (our model:
//     the search leaves the cell, 02 no service, and camps on an acceptable
//     cell again, 01 limited service: two changes, two ENVELOPEs). An
//     invalid USIM finds no suitable cell, so the scans go on until the
//     card resets the UICC (REFRESH, e.g. an eUICC's roll-back or
//     fall-back, SGP.02 §3.2.2, §3.7) or the power goes.
// Scans are scheduled only for a card that asked for the location status
// event: for another, a scan changes nothing the twin observes.
#include "cardcore/cat/envelopes.hpp"
#include "twinmodels/modem/modem_context.hpp"

namespace twinmodels::modem {

namespace {

bool wants_location_status(std::uint32_t events) {
  return (events & (1u << cardcore::cat::event::kLocationStatus)) != 0;
}

}  // namespace

void Modem::enter_limited_service(Context& c) {
  location_event(c);
  if (state_ != ModemState::Invalid || !wants_location_status(events_)) return;
  const std::uint64_t due = c.t() + cfg_->limited_service_scan_ms;
  attach_due_ms_lo_ = static_cast<std::uint32_t>(due);
  c.out.push_back(ModemOutput{due, ScheduleTimer{ModemTimer::LimitedServiceScan, 0}, {}});
}

void Modem::limited_service_scan(Context& c) {
  if (!wants_location_status(events_)) return;
  // The search: no service while it runs (TS 102 223 §8.27 '02').
  cardcore::cat::EventDownload e;
  e.event = cardcore::cat::event::kLocationStatus;
  e.location_status = cardcore::cat::LocationStatus{0x02};
  send_envelope(c, apdu(0x80, 0xC2, 0x00, 0x00, cardcore::cat::encode(e)), cardcore::cat::ber::kEventDownload, 0);
  // The card may have reset the UICC on it (REFRESH): the modem then
  // started over and is no longer in limited service.
  if (state_ != ModemState::Invalid) return;
  enter_limited_service(c);
}

}  // namespace twinmodels::modem
