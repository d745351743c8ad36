// The devices' own MO SMS (populations' activity_sms): at each of its own
// activities, once its RRC connection is up, the device's application
// sends its short messages as SMS-SUBMITs in RP-DATA over NAS (TS 24.011
// §7.3.1.2; SMS over SGs, TS 23.272 §8.2.3, or SGd, TS 23.204) to the
// SMSC, which takes each one and answers RP-ACK (§7.3.3). Each reaches
// the SMSC one MME-SMSC forward after it leaves (network.smsc's
// delivery_latency, as an eUICC's notification does, modem_cycle.cpp),
// and the next leaves when the RP-ACK of the one before is back: one
// transfer at a time (ours). The twin models their number and times, not
// their text (the application is not modelled), and the modem's AT
// command layer that would carry them (TS 27.005 AT+CMGS) is not in the
// modem model: no modem input, no TERMINAL RESPONSE. One that reaches the
// SMSC while it is crashed is refused by the MME (RP-ERROR cause 38,
// TS 24.011 §8.2.5.4: an sms_mo_refused row) and not sent again; the next
// leaves as if it had been taken. The SMSC's taking of
// each is an sms_mo row; OneLink counts it as the card's SMS usage
// (onelink_sms_usage.cpp), a route after the SMSC took it when OneLink
// sits at a node.
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_cycle.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

void ModemCycle::own_sms(std::uint32_t device, SimTime t) {
  const std::uint16_t population = world_.devices[device].population;
  const std::uint32_t n = world_.scenario.populations[population].activity_sms;
  const SimTime one_way = to_simtime(world_.scenario.network.smsc.delivery_latency_s);
  const SimTime stop = to_simtime(world_.stop_s);
  for (std::uint32_t i = 1; i <= n; ++i) {
    const SimTime at = t + one_way + static_cast<SimTime>(i - 1) * 2 * one_way;
    if (at >= stop) return;  // events at or after the stop do not happen
    // The SMSC is down: the MME answers RP-ERROR; the application goes on
    // with its next message when the answer is back.
    if (mw_.smsc.crashed_at(at)) {
      mo_refused(device, at);
      continue;
    }
    ++mw_.sms.mo;
    world_.events_sink().add(to_seconds(at), device, sms_mo_kind(), i);
    // Its usage record crosses the route from the SMSC to OneLink
    // (onelink_usage_records.cpp; on its links, report_size); the SMSC
    // actor hands it over on arrival (platform_report.cpp).
    if (mw_.onelink) send_platform_report(world_, report_of(device, at, PlatformReport::Kind::MoSms));
  }
}

}  // namespace twinsim
