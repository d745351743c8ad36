// The cards' usage records on their way to OneLink (platforms.onelink.node):
// each data usage (a population's activity_data) and each MO SMS (its
// activity_sms) is one record, crossing the route to OneLink's node one
// way in the queue of the other messages to OneLink (onelink_run.hpp),
// taken in arrival order and kept in checkpoints, over reliable transport
// as they are. OneLink counts it in the billing period of the time the card
// used it (a charging record carries its own time: TS 32.298 §5.1.2.2's
// recordOpeningTime / the SMS record's eventTimestamp, TS 32.274 §6.1) and
// raises its alerts when it hears of it.
//
// Where they come from. MO SMS: the SMSC that took them — it is the SMS
// node whose charging records count them (TS 32.274 §4: the SMS node,
// here the SMSC, is the charging trigger function), and it is a node of
// network.topology. Data: the packet core's charging (the P-GW's PGW-CDRs,
// TS 32.251 §5.2.2) would be more faithful, but network.topology has no
// packet core node; the user data enters the core at the device's access
// node, so its record crosses the route from the MME at that node (the one
// the network's events take, onelink_network_events.cpp).
#include "twinsim/engine/onelink_run.hpp"

namespace twinsim {

void OneLinkRun::report_activity(std::uint16_t population, std::uint32_t device, SimTime t, SimTime latency,
                                 RunFile& out) {
  if (scenario_.populations[population].activity_data_bytes == 0) return;
  send_usage(Inbound::Kind::DataUsage, population, device, t, latency, out);
}

void OneLinkRun::report_mo_sms(std::uint16_t population, std::uint32_t device, SimTime t, SimTime latency,
                               RunFile& out) {
  send_usage(Inbound::Kind::SmsUsage, population, device, t, latency, out);
}

void OneLinkRun::send_usage(Inbound::Kind kind, std::uint16_t population, std::uint32_t device, SimTime t,
                            SimTime latency, RunFile& out) {
  if (!follows(population, device)) return;
  if (latency == 0) {
    if (kind == Inbound::Kind::DataUsage) apply_data_usage(t, t, population, device, out);
    else apply_sms_usage(t, t, population, device, out);
    return;
  }
  Inbound m;
  m.kind = kind;
  m.population = population;
  m.device = device;
  m.used_at = t;
  inbound_.emplace(t + latency, std::move(m));
}

}  // namespace twinsim
