#include "twinsim/engine/smsc_actor.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <functional>

#include "cardcore/euicc/sgp02.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/onelink_api_run.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/handover_times.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/sms_crossing.hpp"
#include "twinsim/engine/waker.hpp"
#include "twinsim/engine/window_grid.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// What an SM-SR's outcome tells of a device's switch (handover_times.hpp):
// a handover campaign's call that did not succeed, or the eUICC's
// notification that its profile change succeeded (SGP.02 §4.1.1.11).
void handover_outcome(HandoverTimes& h, const SmSrRun::Outcome& o) {
  if (o.event == SmSrEvent::Notification && o.value == cardcore::euicc::notification::kProfileChangeSucceeded)
    h.profile_changed(o.at, o.device);
  else if (campaign_event(o.event) && o.event != SmSrEvent::Done && h.handover_campaign(static_cast<std::uint16_t>(o.value)))
    h.call_failed(o.device);
}

void record(World& w, SimTime t, std::uint32_t device, EventKind kind, std::int64_t value) {
  w.out->add_event(to_seconds(t), device, static_cast<std::uint8_t>(kind), value);
}

// A report from one platform to another over hop h, sent at t: on the
// links of its route (platform_links.hpp), or the route's latency without
// them. `deliver` takes its time on the way and says whether the receiver
// has a request to serve: report() returns that when it delivered at once
// (the caller wakes the SMSC actor); one delivered later wakes it itself.
// `bytes`: report_size unless given.
bool report(World& w, const PlatformHop& h, SimTime t, std::function<bool(SimTime)> deliver, double bytes = 0) {
  ModemWorld& mw = *w.modem;
  if (!mw.links || !h.crosses) return deliver(to_simtime(h.latency_s));
  mw.links->send(h, t, bytes > 0 ? bytes : w.scenario.network.report_bytes, [&mw, t, d = std::move(deliver)](SimTime l) {
    if (d(l)) mw.poke_smsc(t + l);
  });
  return false;
}

// The multiplexer running device d (Multiplexer's constructor: d belongs to
// L[d mod |L|] of its population's list L).
Multiplexer& mux_of(World& w, std::uint32_t device) {
  const std::vector<std::uint8_t>& list = w.network.population_muxes.at(w.scenario.population_of(device));
  return *w.muxes.at(list[device % list.size()]);
}

// The HSS tells the MME that serves device d its subscription is barred
// (Insert Subscriber Data), withdrawn (Cancel Location, TS 29.272
// §5.2.2.1, §5.2.1.2) or no longer barred (Insert Subscriber Data,
// §5.2.2.1.2); the message crosses the route from the HSS's node to the
// device's access node (network_plan.hpp) and the MME detaches the device,
// or updates its context (network_detach_cycle.cpp): a Diameter message of
// network.request_size, on the links of the route when the platforms' are
// (platform_links.hpp). The block reached the HSS from chip management at
// `at_hss` (pass_barring()).
void hss_to_mme(World& w, const BarringChange& b, SimTime at_hss) {
  const std::uint16_t population = w.scenario.population_of(b.device);
  if (w.modem->slot_first[population] == ModemWorld::kNoSlot) return;  // no MME model for usim devices
  const NetworkPlan& plan = w.network;
  const std::uint8_t m = plan.mux_of(b.device, population);
  const PlatformHop hop{plan.topology.require_route(plan.hss, plan.mux_node.at(m)).latency_s, plan.hss,
                        plan.mux_node.at(m), plan.hss != plan.mux_node.at(m)};
  const SimTime delay = to_simtime(w.faults.route_delay(plan.mux_links.at(m), to_seconds(at_hss)));
  const std::uint16_t kind = !b.blocked ? kHssLift : b.withdrawn ? kHssWithdrawal : kHssBarring;
  if (w.shard_sms_down) {
    // A sharded run: across the route (its links on rank 0 when the
    // platforms' messages take them), then to the MME on the device's
    // rank, which takes it at its time, a lookahead after it reached the
    // MME's node at the soonest (sms_crossing.hpp).
    report(
        w, hop, at_hss,
        [&w, b, m, at_hss, delay, kind](SimTime l) {
          SmsDown down;
          down.kind = SmsDown::Kind::HssMessage;
          down.mux = m;
          down.device = b.device;
          down.at = to_simtime(sg4::Engine::get_clock());
          down.due = at_hss + l + delay;
          down.tag = kind;
          w.shard_sms_down->push_back(down);
          return false;
        },
        w.scenario.network.request_bytes);
    return;
  }
  const Device& dev = w.devices[b.device];
  // The device's power cycle as the HSS sends it.
  report(
      w, hop, at_hss,
      [&w, b, at_hss, delay, kind, epoch = dev.epoch](SimTime l) {
        const SimTime at = at_hss + l + delay;
        Multiplexer& mux = mux_of(w, b.device);
        mux.schedule(Event{at, b.device, static_cast<std::uint8_t>(Step::HssDetach), epoch, kind});
        mux.poke(at);
        return false;
      },
      w.scenario.network.request_bytes);
}

// The chip management platform's blocks and lifts of subscriptions reach
// OneLink, when it follows the card (card_event.hpp: Blocked, Unblocked),
// and the HSS, each across its route; the HSS bars the subscriber from
// then (ChipManagementRun::hss_heard) and tells the device's MME.
void pass_barring(World& w, ModemWorld& mw) {
  for (const BarringChange& b : mw.chip_management->take_barring()) {
    report(w, mw.routes.chip_management_to_hss(), b.at, [&w, b](SimTime l) {
      if (b.moves_view) w.modem->chip_management->hss_heard(b.device, b.at + l);
      if (!b.hss_only) hss_to_mme(w, b, b.at + l);
      return false;
    });
    if (!mw.onelink || b.hss_only) continue;
    const std::uint16_t population = w.scenario.population_of(b.device);
    report(w, mw.routes.chip_management_to_onelink(), b.at, [&mw, population, b](SimTime l) {
      mw.onelink->barring(population, b.device, b.blocked, b.at, l);
      return false;
    });
  }
}

// The platform's answer to OneLink's request for the device (campaign c,
// with `onelink: true`): its order's end, across their route.
void answer_onelink(World& w, SimTime t, std::uint16_t c, std::uint32_t device, SmSrEvent e) {
  using twinmodels::platform::ExecutionStatus;
  const ExecutionStatus status = e == SmSrEvent::Done      ? ExecutionStatus::Success
                                 : e == SmSrEvent::Expired ? ExecutionStatus::Expired
                                                           : ExecutionStatus::Failed;
  const char* reason = e == SmSrEvent::Done      ? ""
                       : e == SmSrEvent::Expired ? "No response"
                       : e == SmSrEvent::Refused ? "Server refused"
                                                 : "Failed";
  OneLinkRun& onelink = *w.modem->onelink;
  const std::uint16_t population = w.scenario.population_of(device);
  if (!onelink.answer_given(t, population, device, status, reason)) return;
  const CampaignSpec& spec = w.scenario.campaigns.at(c);
  const PlatformRoutes& routes = w.modem->routes;
  const PlatformHop& hop = spec.kind == CampaignKind::DownloadProfile ? routes.sm_dp_to_onelink(spec.sm_dp)
                                                                      : routes.sm_sr_to_onelink(spec.to);
  report(w, hop, t, [&onelink, t, population, device, status, reason = std::string(reason)](SimTime l) {
    onelink.answer_arrives(t, population, device, status, reason, l);
    return false;
  });
}

void answer_onelink(World& w, SimTime t, std::uint16_t c, std::uint32_t device, SmDpEvent e) {
  answer_onelink(w, t, c, device,
                 e == SmDpEvent::Done ? SmSrEvent::Done : e == SmDpEvent::Refused ? SmSrEvent::Refused : SmSrEvent::Failed);
}

// A campaign's order for the device reaches its platform at t: the write
// module, the SM-DP, the SM-SR or the chip management platform.
void release(World& w, ModemWorld& mw, SimTime t, std::uint16_t campaign, std::uint32_t device) {
  const CampaignSpec& spec = w.scenario.campaigns[campaign];
  if (spec.kind == CampaignKind::WriteCard) {
    // What fell due before it, in time order.
    if (mw.write_link) mw.write_link->catch_up(t, *mw.write_module);
    else mw.write_module->poll(t);
    mw.write_module->release(t, mw.order_of(campaign, device, w.population_first, w.scenario));
    mw.progress->count(campaign, t, CampaignProgress::Released);
  } else if (orders_at_sm_dp(spec)) {
    mw.sm_dps->release(t, campaign, device);
  } else if (chip_management_step(spec.kind)) {
    mw.chip_management->release(t, campaign, device);
  } else {
    mw.sm_srs->release(t, campaign, device);
  }
}

// The campaigns' releases due by `now` go to the write module, the SM-DP,
// the SM-SR or the chip management platform; the packets they send by then enter the SMSC, each at its own time.
void submit_due(World& w, ModemWorld& mw, SimTime now) {
  for (;;) {
    // OneLink's orders that reached their platforms, and the releases,
    // each at its own time (an order first at a tie).
    const SimTime next_release = mw.submitted < mw.submissions.size() ? mw.submissions[mw.submitted].t : twinmodels::kNever;
    const SimTime next_order = mw.onelink ? mw.onelink->next_order() : twinmodels::kNever;
    if (std::min(next_release, next_order) > now) break;
    if (next_order <= next_release) {
      const auto [campaign, device] = mw.onelink->take_order();
      release(w, mw, next_order, campaign, device);
      continue;
    }
    const Submission& s = mw.submissions[mw.submitted++];
    const CampaignSpec& spec = w.scenario.campaigns[s.campaign];
    if (spec.kind == CampaignKind::OneLinkQuery) {
      // The customer's request of the API, through OneLink's server.
      mw.onelink_api->release(s.t, s.campaign, s.device, *mw.onelink, *w.out);
      continue;
    }
    // The customer's order through OneLink: none goes to the platform when
    // OneLink fails it at once; it reaches the platform across their route
    // (on its links, report_size bytes).
    if (spec.via_onelink) {
      if (!mw.onelink->request(s.t, spec, s.device)) continue;
      if (const PlatformHop hop = mw.onelink->hop_to(spec); hop.crosses) {
        report(w, hop, s.t, [&mw, t = s.t, c = s.campaign, d = s.device](SimTime l) {
          mw.onelink->send_order(t + l, c, d);
          return true;
        });
        continue;
      }
    }
    // The operator's order: OneLink expects the new subscription from now
    // on (its own request's, once the platform completes it).
    if (mw.onelink && !chip_management_step(spec.kind) && !spec.via_onelink) {
      const std::uint16_t population = w.scenario.population_of(s.device);
      // A number migration keeps the number OneLink expects (number_moved()).
      if (spec.kind == CampaignKind::WriteCard) {
        if (!spec.numbers_from) mw.onelink->expect_imsi(population, s.device, imsi_for(spec.imsi_prefix, s.device));
      }
      else if (const auto k = mw.sm_srs->switched_to(s.campaign, s.device))
        mw.onelink->expect_profile(population, s.device, *k);
    }
    release(w, mw, s.t, s.campaign, s.device);
  }
  if (mw.onelink) mw.onelink->poll(now, *w.out);  // the answers and reports that reached it
  if (mw.onelink_api) mw.onelink_api->poll(now, *mw.onelink, *w.out);  // the queries served by now
  if (mw.mno_servers) mw.mno_servers->poll(now);  // the notifications acknowledged or failed by now
  if (mw.sm_dps) mw.sm_dps->poll(now);  // their ES3 calls reach the SM-SRs' servers before they poll
  if (mw.sm_srs) {
    mw.sm_srs->poll(now);
    pass_smsr_outputs(w, now);
  }
  if (mw.chip_management) {
    mw.chip_management->poll(now);
    pass_barring(w, mw);
  }
  if (mw.onenet) mw.onenet->poll(now);  // what reached OneNET
  if (!mw.write_module) return;
  twinmodels::ota::WriteModule& module = *mw.write_module;
  std::vector<twinmodels::ota::WriteSubmission> submissions;
  if (mw.write_link) {
    // The PoRs and reports that reached the module, its packets on their
    // way to the SMSC, those that reached it (write_module_link.hpp).
    mw.write_link->catch_up(now, module);
    record_write_outcomes(w);
    for (const twinmodels::ota::WriteSubmission& ws : module.take_submissions()) mw.write_link->send(ws);
    submissions = mw.write_link->take_arrived(now);
  } else {
    module.poll(now);
    submissions = module.take_submissions();
  }
  for (const twinmodels::ota::WriteSubmission& ws : submissions) {
    const auto [campaign, device] = mw.campaign_device(ws.order, w.population_first, w.scenario);
    const twinmodels::SmscMessageId id =
        mw.smsc.submit(ws.at, device,
                       mw.platforms->submit(campaign, device, ws.attempt, ws.at,
                                            w.faults.write_module_skew(to_seconds(ws.at))));
    mw.messages[id] = {device, campaign, static_cast<std::uint8_t>(ws.attempt)};
    ++mw.sms.submitted;
    record(w, ws.at, device, EventKind::SmsSubmitted, campaign);
    mw.progress->count(campaign, ws.at, CampaignProgress::Attempts);
  }
}

// A delivery attempt: the MT forward reaches the device when the MME can
// reach it (TS 23.040 §3.2, TS 23.272 §8.2.4 / SMS over NAS); an absent
// subscriber is answered at once and the SMSC keeps the message.
void attempt(World& w, ModemWorld& mw, const twinmodels::DeliveryAttempt& a) {
  const auto d = static_cast<std::uint32_t>(a.destination);
  ++mw.sms.attempts;
  record(w, a.at, d, EventKind::SmsAttempt, a.attempt);
  if (w.shard_sms_down) {
    // A sharded run: the forward crosses to the MME on the device's rank.
    const ModemWorld::Message& m = mw.messages.at(a.id);
    SmsDown down;
    down.kind = SmsDown::Kind::Forward;
    down.mux = mux_index_of(w, d);
    down.device = d;
    down.at = a.at;
    down.id = a.id;
    down.campaign = m.campaign;
    down.attempt = m.attempt;
    down.smsc_attempt = a.attempt;
    // An SM-SR's message: its SMS-DELIVERs cross with it.
    if (const std::optional<std::uint8_t> sr = ModemWorld::sm_sr_of_message(m.campaign))
      down.bytes = keep_sms_bytes(w, mw.sm_srs->at(*sr).delivers(a.id));
    w.shard_sms_down->push_back(down);
    return;
  }
  Multiplexer& mux = mux_of(w, d);
  mme_takes_forward(w, d, a.id, a.at, a.attempt, [&mux](const Event& e) {
    mux.schedule(e);
    mux.poke(e.t);
  });
}

void take_outputs(World& w, ModemWorld& mw) {
  for (;;) {
    twinmodels::SmscOutputs out = mw.smsc.take_outputs();
    if (out.attempts.empty() && out.alerts.empty() && out.reports.empty()) return;
    for (const twinmodels::AlertRequest& al : out.alerts) {
      // Messages-waiting: the HSS asks the MME to report the device's next
      // connection (TS 23.040 §3.2.5, URRP-MME).
      const auto d = static_cast<std::uint32_t>(al.destination);
      if (w.shard_sms_down) {
        // A sharded run: to the MME on the device's rank.
        SmsDown down;
        down.kind = SmsDown::Kind::AlertRequest;
        down.mux = mux_index_of(w, d);
        down.device = d;
        down.at = al.at;
        w.shard_sms_down->push_back(down);
        continue;
      }
      mme_alerted(w, d);
    }
    for (const twinmodels::SmscReport& r : out.reports) {
      const auto d = static_cast<std::uint32_t>(r.destination);
      const ModemWorld::Message& m = mw.messages.at(r.id);
      CampaignProgress::Column column = CampaignProgress::SmsFailed;
      if (r.delivered) {
        ++mw.sms.delivered;
        mw.sms.last_delivery_s = std::max(mw.sms.last_delivery_s, to_seconds(r.at));
        record(w, r.at, d, EventKind::SmsDelivered, r.attempts);
        column = CampaignProgress::Delivered;
      } else if (r.status == twinmodels::kTpStValidityPeriodExpired) {
        ++mw.sms.expired;
        record(w, r.at, d, EventKind::SmsExpired, r.attempts);
        column = CampaignProgress::Expired;
      } else {
        ++mw.sms.failed;
        record(w, r.at, d, EventKind::SmsFailed, r.status);
      }
      // The SM-SRs' messages carry no campaign of the table.
      if (mw.progress && !ModemWorld::sm_sr_of_message(m.campaign)) mw.progress->count(m.campaign, r.at, column);
      if (const std::optional<std::uint8_t> sr = ModemWorld::sm_sr_of_message(m.campaign)) {
        // Its SMS-DELIVERs are still there when no RP answer came back
        // (ModemCycle::rp_answer takes them): the SM-SR's attempt failed.
        if (mw.sm_srs->at(*sr).drop_delivers(r.id)) {
          mw.sm_srs->at(*sr).on_delivery_failed(r.at, d);
          pass_smsr_outputs(w, r.at);
        }
      } else {
        // The write module closes the attempt (a PoR may have already),
        // once the report reaches it.
        const std::uint32_t order = mw.order_of(m.campaign, m.device, w.population_first, w.scenario);
        if (mw.write_link) mw.write_link->final_report(r.at, order);
        else mw.write_module->on_final_report(r.at, order);
      }
      mw.messages.erase(r.id);
    }
    record_write_outcomes(w);
    for (const twinmodels::DeliveryAttempt& a : out.attempts) attempt(w, mw, a);
  }
}

}  // namespace

void pass_smsr_outputs(World& w, SimTime t) {
  ModemWorld& mw = *w.modem;
  if (!mw.sm_srs) return;
  // The SM-SRs' answers to the SM-DPs and to the SM-SR changes, their next
  // calls to them.
  if (mw.sm_dps) mw.sm_dps->exchange(t);
  mw.sm_srs->pump(t);
  bool sent = false;
  bool reported = false;  // a request at chip management: its server's next step
  for (std::uint8_t i = 0; i < mw.sm_srs->size(); ++i) {
    SmSrRun& sr = mw.sm_srs->at(i);
    for (SmSrRun::Sms& m : sr.take_sms(t)) {
      const twinmodels::SmscMessageId id = mw.smsc.submit(m.at, m.device, m.submit);
      mw.messages[id] = {m.device, ModemWorld::sm_sr_message(m.sm_sr)};
      sr.keep_delivers(id, std::move(m.delivers));
      ++mw.sms.submitted;
      record(w, m.at, m.device, EventKind::SmsSubmitted, -1);
      if (mw.handover) mw.handover->sms_submitted(m.at, m.device);
      sent = true;
    }
  }
  for (const SmSrRun::Outcome& o : mw.sm_srs->take_outcomes()) {
    w.out->add_event(to_seconds(o.at), o.device, smsr_event_kind(o.event), o.value);
    if (mw.handover) handover_outcome(*mw.handover, o);
    if (campaign_event(o.event) && w.scenario.campaigns.at(static_cast<std::size_t>(o.value)).via_onelink)
      answer_onelink(w, o.at, static_cast<std::uint16_t>(o.value), o.device, o.event);
    // The SM-SR that manages the eUICC now reports, each across its route.
    const std::uint8_t sr = mw.sm_srs->manager(o.device);
    // What the SM-SR did on the card reaches chip management.
    const PlatformHop& to_chips = mw.routes.sm_sr_to_chip_management(sr);
    if (o.event == SmSrEvent::Done && mw.chip_management) {
      const auto campaign = static_cast<std::uint16_t>(o.value);
      reported = report(w, to_chips, o.at, [&mw, o, campaign, k = mw.sm_srs->switched_to(campaign, o.device)](SimTime l) {
                   return mw.chip_management->euicc_done(o.at, campaign, o.device, k, l);
                 }) || reported;
    }
    // The SM-SR tells OneLink the profile it enabled.
    if (o.event == SmSrEvent::Done && mw.onelink) {
      if (const auto k = mw.sm_srs->switched_to(static_cast<std::uint16_t>(o.value), o.device)) {
        const std::uint16_t population = w.scenario.population_of(o.device);
        report(w, mw.routes.sm_sr_to_onelink(sr), o.at, [&mw, population, o, k = *k](SimTime l) {
          mw.onelink->profile_switched(population, o.device, k, o.at, l);
          return false;
        });
      }
    }
    // The SM-SR's own deletion for POL2's Auto-Delete: chip management
    // deletes the profile's record.
    if (o.event == SmSrEvent::AutoDeleted && o.value >= 0 && mw.chip_management) {
      reported = report(w, to_chips, o.at, [&mw, o](SimTime l) {
                   return mw.chip_management->auto_deleted(o.at, o.device, static_cast<std::size_t>(o.value), l);
                 }) || reported;
    }
    // The device's local switch (SGP.02 v3.1 "Emergency Profile"): the
    // SM-SR learns it from the eUICC's notification, sent once the card has
    // service on the new profile, and tells OneLink, whose account expects
    // that profile from then on (the device's own switch is no wrong
    // profile). Not as a ProfileSwitched event: that one takes the card
    // offline until it registers, which it did before the notification.
    namespace note = cardcore::euicc::notification;
    // Chip management records the switch of the active number.
    if (o.event == SmSrEvent::Notification &&
        (o.value == note::kEmergencyProfileEnabled || o.value == note::kEmergencyProfileDisabled)) {
      if (const auto k = mw.sm_srs->enabled_profile(o.device)) {
        if (mw.onelink) mw.onelink->expect_profile(w.scenario.population_of(o.device), o.device, *k);
        if (mw.chip_management) {
          reported = report(w, to_chips, o.at, [&mw, o, k = *k](SimTime l) {
                       return mw.chip_management->local_switch(o.at, o.device, k, l);
                     }) || reported;
        }
      }
    }
  }
  if (mw.sm_dps) {
    for (const SmDpRun::Outcome& o : mw.sm_dps->take_outcomes()) {
      w.out->add_event(to_seconds(o.at), o.device, smdp_event_kind(o.event), o.campaign);
      if (mw.handover && o.event != SmDpEvent::Done && mw.handover->handover_campaign(o.campaign))
        mw.handover->call_failed(o.device);
      if (w.scenario.campaigns.at(o.campaign).via_onelink) answer_onelink(w, o.at, o.campaign, o.device, o.event);
      // The campaign's SM-DP reports, each across its route.
      const std::uint8_t dp = w.scenario.campaigns.at(o.campaign).sm_dp;
      // The SM-DP reports the download (and its relayed ES2 orders) to chip management.
      if (o.event == SmDpEvent::Done && mw.chip_management) {
        reported = report(w, mw.routes.sm_dp_to_chip_management(dp), o.at,
                          [&mw, o, k = mw.sm_srs->switched_to(o.campaign, o.device)](SimTime l) {
                            return mw.chip_management->euicc_done(o.at, o.campaign, o.device, k, l);
                          }) || reported;
      }
      // The downloaded profile enabled: OneLink sees the switch.
      if (o.event == SmDpEvent::Done && mw.onelink) {
        if (const auto k = mw.sm_srs->switched_to(o.campaign, o.device)) {
          const std::uint16_t population = w.scenario.population_of(o.device);
          report(w, mw.routes.sm_dp_to_onelink(dp), o.at, [&mw, population, o, k = *k](SimTime l) {
            mw.onelink->profile_switched(population, o.device, k, o.at, l);
            return false;
          });
        }
      }
    }
  }
  if (sent || reported) mw.poke_smsc(t);
  // What is on its way to OneLink: the SMSC actor hands it over.
  if (mw.onelink && mw.onelink->next_wakeup() != twinmodels::kNever) mw.poke_smsc(mw.onelink->next_wakeup());
}

void record_write_outcomes(World& w) {
  ModemWorld& mw = *w.modem;
  if (!mw.write_module) return;
  for (const twinmodels::ota::WriteOutcome& o : mw.write_module->take_outcomes()) {
    const auto [campaign, device] = mw.campaign_device(o.order, w.population_first, w.scenario);
    const std::int64_t value = o.kind == twinmodels::ota::WriteOutcome::Kind::Failed ? std::int64_t{o.por}
                                                                                    : std::int64_t{o.attempts};
    w.out->add_event(to_seconds(o.at), device, write_outcome_kind(static_cast<std::uint8_t>(o.kind)), value);
    using Kind = twinmodels::ota::WriteOutcome::Kind;
    mw.progress->count(campaign, o.at,
                       o.kind == Kind::Done    ? CampaignProgress::Done
                       : o.kind == Kind::Retry ? CampaignProgress::Retries
                                               : CampaignProgress::Failed);
    // A number migration: OneLink's card record follows the number.
    if (o.kind == twinmodels::ota::WriteOutcome::Kind::Done && mw.onelink) {
      if (const auto failed = w.scenario.campaigns[campaign].numbers_from)
        mw.onelink->number_moved(*failed, migrated_from(w.scenario, campaign, device), device);
    }
    // The write-card platform reports the number it wrote to chip management.
    if (o.kind == twinmodels::ota::WriteOutcome::Kind::Done && mw.chip_management) {
      report(w, mw.routes.write_module_to_chip_management(), o.at, [&w, &mw, o, c = campaign, d = device](SimTime l) {
        mw.chip_management->ota_written(o.at, c, d, l);
        // On its way: the SMSC actor hands it over.
        if (l > 0) mw.poke_smsc(o.at + l);
        pass_barring(w, mw);
        return false;
      });
    }
  }
}

SimTime smsc_next_due(const World& w) {
  const ModemWorld& mw = *w.modem;
  SimTime next = mw.smsc.next_wakeup();
  if (mw.write_module) next = std::min(next, mw.write_module->next_wakeup());
  if (mw.write_link) next = std::min(next, mw.write_link->next_wakeup());
  if (mw.sm_srs) next = std::min(next, mw.sm_srs->next_wakeup());
  if (mw.sm_dps) next = std::min(next, mw.sm_dps->next_wakeup());
  if (mw.chip_management) next = std::min(next, mw.chip_management->next_wakeup());
  if (mw.onelink) next = std::min(next, mw.onelink->next_wakeup());
  if (mw.onenet) next = std::min(next, mw.onenet->next_wakeup());
  if (mw.onelink_api) next = std::min(next, mw.onelink_api->next_wakeup());
  if (mw.mno_servers) next = std::min(next, mw.mno_servers->next_wakeup());
  if (mw.submitted < mw.submissions.size()) next = std::min(next, mw.submissions[mw.submitted].t);
  return next;
}

void smsc_actor(World& world) {
  sg4::Actor::self()->daemonize();
  ModemWorld& mw = *world.modem;
  Waker waker;
  mw.smsc_waker = &waker;
  // Killed (a checkpoint starts the platform's actors again), it unwinds:
  // no poke may reach its waker after that. The actor started in its place
  // may already have set its own.
  struct Forget {
    ModemWorld& mw;
    Waker* mine;
    ~Forget() {
      if (mw.smsc_waker == mine) mw.smsc_waker = nullptr;
    }
  } forget{mw, &waker};
  const SimTime stop = to_simtime(world.stop_s);
  const SimTime window = window_of(world.scenario.network.batch_window_s);
  auto next_due = [&world] { return smsc_next_due(world); };
  PlatformLinks* links = mw.links.get();
  // How far the platforms may go: the reports on their way allow up to
  // their horizon (platform_links.hpp).
  auto horizon = [&](SimTime now) { return links ? links->horizon(now) : twinmodels::kNever; };
  for (;;) {
    // An interrupted run stops where it was (the multiplexers do the same).
    if (world.interrupted || (world.interrupt && world.interrupt->load() && !world.checkpoint_on_interrupt)) break;
    const SimTime now = to_simtime(sg4::Engine::get_clock());
    if (now >= stop) break;
    // A sharded run's checkpoint drains what crosses to the devices' ranks:
    // no attempt starts, and no alert request leaves, until it is written.
    // The links drain meanwhile: what arrives reaches its platform.
    if (world.draining && world.shard_sms_down && (!world.scenario.campaigns.empty() || mw.chip_management)) {
      if (links) {
        links->deliver_arrived();
        links->flush();
      }
      waker.sleep_until(to_seconds(std::min(now + window, stop)));
      continue;
    }
    // The messages on the links that arrived.
    if (links) links->deliver_arrived();
    // What the multiplexers' delivery results left: reports, alert requests.
    take_outputs(world, mw);
    // What those and the multiplexers' own calls sent leaves now.
    if (links) links->flush();
    const SimTime due = next_due();
    if (due > now || due > horizon(now)) {
      // A multiplexer's message sent while this actor let others run (in
      // a flush) leaves before it sleeps.
      if (links && links->unsent()) continue;
      // Or until a multiplexer hands it something, or a report arrives.
      const SimTime wake = due > now ? due : links->unblocked_at(due, now);
      waker.sleep_until(to_seconds(std::min(wake, stop)));
      continue;
    }
    // Everything due up to the end of the current batch window, each at its
    // own time: one wake-up per window instead of one per token of the
    // rate limit (the multiplexers batch the same way).
    const SimTime window_end = (now / window + 1) * window;
    for (SimTime t = due; t <= window_end && t < stop && t <= horizon(now); t = next_due()) {
      submit_due(world, mw, t);
      mw.smsc.poll(t);
      take_outputs(world, mw);
      if (links) links->deliver_arrived();  // arrived while this actor waited in a call
    }
    // What this pass sent leaves now.
    if (links) links->flush();
  }
}

}  // namespace twinsim
