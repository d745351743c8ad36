// The platforms that follow a modem device's card hear of it
// (platform_report.hpp): OneLink across its route from the device's access
// node's MME or from the SMSC (onelink_network_events.cpp,
// onelink_usage_records.cpp, onelink_sms_usage.cpp), OneNET from the access
// node (onenet_run.hpp).
#include "twinsim/engine/platform_report.hpp"

#include "twinsim/engine/handover_times.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

namespace {

// A report to OneLink over hop h, made at t: on its route (and its links,
// where it crosses some), `extra` later; `deliver` takes its time on the
// way. A sharded run's report reaches rank 0 the lookahead after it was
// made and leaves the MME's node then, as the multiplexers' batches to the
// HSS leave their ports (docs/SCALING.md).
template <class Deliver>
void onelink_hop(World& w, const PlatformHop& h, SimTime t, SimTime extra, Deliver deliver) {
  w.modem->to_platform(h, t + extra, w.scenario.network.report_bytes,
                       [extra, d = std::move(deliver)](SimTime l) { d(l + extra); });
}

}  // namespace

void deliver_platform_report(World& w, const PlatformReport& r, SimTime extra) {
  ModemWorld& mw = *w.modem;
  const PlatformHop& from_mme = mw.routes.mme_to_onelink(w.network.mux_node.at(r.mux));
  switch (r.kind) {
    case PlatformReport::Kind::NetworkEvent: {
      if (mw.onenet) mw.onenet->connection(r.population, r.device, r.t + extra, r.event);
      if (!mw.onelink) return;
      twinmodels::platform::CardEvent e;
      e.kind = r.event;
      e.at_ms = static_cast<std::int64_t>(r.t / 1000);
      e.emm_cause = r.emm_cause;
      e.nvm_worn = r.nvm_worn;
      e.imsi = r.imsi;
      if (r.has_next_reachable) e.next_reachable_ms = r.next_reachable_ms;
      onelink_hop(w, from_mme, r.t, extra, [&mw, r, e](SimTime l) {
        mw.onelink->network_event(r.population, r.device, e, r.t, l);
      });
      return;
    }
    case PlatformReport::Kind::Activity:
      if (mw.onelink) {
        onelink_hop(w, from_mme, r.t, extra, [&w, &mw, r](SimTime l) {
          mw.onelink->report_activity(r.population, r.device, r.t, l, *w.out);
        });
      }
      if (mw.onenet) mw.onenet->uplink(r.population, r.device, r.t + extra);
      return;
    case PlatformReport::Kind::Registered:
      if (mw.handover) mw.handover->registered(r.t, r.device);
      return;
    case PlatformReport::Kind::MoSms:
      if (!mw.onelink) return;
      onelink_hop(w, mw.routes.smsc_to_onelink(), r.t, extra, [&w, &mw, r](SimTime l) {
        mw.onelink->report_mo_sms(r.population, r.device, r.t, l, *w.out);
      });
      return;
  }
}

void send_platform_report(World& w, const PlatformReport& r) {
  if (w.shard_reports) {
    w.shard_reports->push_back(r);
    return;
  }
  deliver_platform_report(w, r, 0);
}

}  // namespace twinsim
