#include "twinsim/engine/modem_cycle.hpp"
#include "twinsim/engine/apdu_trace.hpp"
#include "twinsim/engine/handover_times.hpp"

#include <algorithm>
#include <array>

#include "cardcore/nvm/nvm.hpp"
#include "twinmodels/modem/euicc_port.hpp"
#include "twinmodels/network/detach_request.hpp"
#include "twinmodels/random/random_stream.hpp"
#include "cardcore/sms/submit.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/smsc_actor.hpp"
#include "twinsim/engine/sms_crossing.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"
#include "cardcore/util/constant_time.hpp"

namespace twinsim {

namespace mdm = twinmodels::modem;

namespace {

SimTime at_of(const mdm::ModemOutput& o, SimTime now) {
  return std::max<SimTime>(now, static_cast<SimTime>(o.at_ms) * 1000);
}

// TS 24.008 §10.5.1.3: the PLMN of an IMSI's MCC and MNC.
std::array<std::uint8_t, 3> plmn_of(const std::string& imsi, std::uint8_t mnc_length) {
  auto digit = [&](std::size_t i) { return static_cast<std::uint8_t>(i < imsi.size() ? imsi[i] - '0' : 0x0F); };
  const std::uint8_t mnc3 = mnc_length == 3 ? digit(5) : 0x0F;
  return {static_cast<std::uint8_t>(digit(1) << 4 | digit(0)), static_cast<std::uint8_t>(mnc3 << 4 | digit(2)),
          static_cast<std::uint8_t>(digit(4) << 4 | digit(3))};
}

}  // namespace

ModemCycle::ModemCycle(World& world, DeviceCycle::Host& host, DeviceCycle& usim_cycle, std::uint8_t mux)
    : world_(world), mw_(*world.modem), host_(host), usim_(usim_cycle), mux_(mux),
      trace_([this](std::uint8_t dir, cardcore::ByteView b) {
        record_traced_apdu(world_, trace_now_, trace_device_, dir, b);
      }) {}

bool ModemCycle::runs(std::uint32_t device) const {
  return mw_.slot_first[world_.devices[device].population] != ModemWorld::kNoSlot;
}

std::uint32_t ModemCycle::slot(std::uint32_t device) const {
  return mw_.slot(world_.devices[device].population, device, world_.population_first);
}

twinmodels::MmeReachability& ModemCycle::reach_of(std::uint32_t device) {
  return *mw_.reach[world_.devices[device].population];
}

void ModemCycle::record(SimTime t, std::uint32_t device, EventKind kind, std::int64_t value) {
  world_.events_sink().add(to_seconds(t), device, static_cast<std::uint8_t>(kind), value);
}

void ModemCycle::schedule(std::uint32_t device, SimTime t, Step step, std::uint16_t tag) {
  host_.schedule(Event{t, device, static_cast<std::uint8_t>(step), world_.devices[device].epoch, tag});
}

MmeProcedure* ModemCycle::running_procedure(std::uint32_t device) {
  const auto it = mw_.procedures.find(device);
  return it == mw_.procedures.end() ? nullptr : &it->second;
}

MmeProcedure* ModemCycle::procedure(std::uint32_t device, std::uint16_t seq) {
  return mw_.proc_seq[slot(device)] == seq ? running_procedure(device) : nullptr;
}

SimTime ModemCycle::downlink(SimTime t) const { return t + mw_.latency.s1ap_one_way + mw_.latency.radio_one_way; }

SimTime ModemCycle::uplink(SimTime t) const {
  const auto& l = mw_.latency;
  return t + l.radio_one_way + l.s1ap_one_way + l.mme_processing;
}

void ModemCycle::end_procedure(std::uint32_t device) {
  mw_.procedures.erase(device);
  ++mw_.proc_seq[slot(device)];
}

// ---------------------------------------------------------------- the modem

void ModemCycle::input(std::uint32_t device, SimTime now, const mdm::ModemInput& in) {
  Device& d = world_.devices[device];
  cardcore::euicc::Euicc* e = twinsim::euicc_of(world_, device);
  // A power-loss fault tears the next NVM program of the chip the terminal
  // talks to: a UICC's, or an eUICC's, be it its platform's (the ISD-R's
  // records, an ISD-P being created, keyed or installed: SGP.02 §3.1.3) or
  // its enabled profile's (an AUTHENTICATE's SQN, an EF update). Whichever
  // programs first tears; the other is disarmed after the input.
  const bool armed = d.power_loss_fault != kNoFault;
  const cardcore::Bytes enabled_isdp = armed && e ? e->enabled_isdp() : cardcore::Bytes{};
  // The armed NVMs, found again after the input by the enabled ISD-P's AID
  // (the input may switch or delete profiles).
  auto armed_nvms = [&]() -> std::array<cardcore::Nvm*, 2> {
    if (!e) return {&d.card.nvm(), nullptr};
    cardcore::Uicc* profile = enabled_isdp.empty() ? nullptr : e->profile_card(enabled_isdp);
    return {&e->platform().nvm(), profile ? &profile->nvm() : nullptr};
  };
  if (armed) {
    for (cardcore::Nvm* nvm : armed_nvms())
      if (nvm) nvm->arm_power_loss(1);
  }
  mdm::UiccPort uicc_port(d.card);
  std::optional<mdm::EuiccPort> euicc_port;
  if (e) euicc_port.emplace(*e);
  mdm::CardPort& port = e ? static_cast<mdm::CardPort&>(*euicc_port) : uicc_port;
  trace_device_ = device;
  trace_now_ = now;
  out_.clear();
  if (world_.wear) world_.wear->enter(d, device, to_seconds(now), world_.events_sink());
  mw_.modems[slot(device)].handle(port, static_cast<std::uint64_t>(now / 1000), in, out_,
                                  world_.traced[device] ? &trace_ : nullptr);
  if (world_.wear) world_.wear->leave();
  if (armed) {
    for (cardcore::Nvm* nvm : armed_nvms())
      if (nvm) nvm->arm_power_loss(0);
  }
  // output() may call input() again (it does not); copy to keep out_ free.
  const std::vector<mdm::ModemOutput> outs = std::move(out_);
  for (const mdm::ModemOutput& o : outs) output(device, now, o);
  // The modem lost its channel without closing it (a reboot): the admin
  // server's connection ends too.
  if (!mw_.bip.empty() && !mw_.modems[slot(device)].channel_open()) close_bearer(device, now);
}

void ModemCycle::output(std::uint32_t device, SimTime now, const mdm::ModemOutput& o) {
  const SimTime t = at_of(o, now);
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, mdm::Report>) {
          report(device, t, a);
        } else if constexpr (std::is_same_v<T, mdm::ScheduleTimer>) {
          // Exactly at its millisecond: the modem spots stale timers by their time.
          schedule(device, static_cast<SimTime>(o.at_ms) * 1000, Step::ModemTimer,
                   static_cast<std::uint16_t>(static_cast<unsigned>(a.timer) << 8 | a.id));
        } else if constexpr (std::is_same_v<T, mdm::SendAttachRequest>) {
          attach_request(device, t, a);
        } else if constexpr (std::is_same_v<T, mdm::SendAuthenticationResponse>) {
          auth_response(device, t, a.res);
        } else if constexpr (std::is_same_v<T, mdm::SendAuthenticationFailure>) {
          auth_failure(device, t, a);
        } else if constexpr (std::is_same_v<T, mdm::SendDetachRequest>) {
          // TS 24.301 §5.5.2.2: the MME deletes the context; a switch-off needs no answer.
          end_procedure(device);
          reach_of(device).detached(ModemWorld::ue(world_.devices[device].population, device, world_.population_first));
          end_mme_detach(device);  // the context, and the network's detach under way, gone
          to_onelink(device, t, twinmodels::platform::CardEventKind::Detached);
          const std::uint32_t s = slot(device);
          mw_.connected[s] = 0;
          ++mw_.conn_seq[s];
          record(t, device, EventKind::Detached, kDetachedByUe);
        } else if constexpr (std::is_same_v<T, mdm::SendDetachAccept>) {
          detach_accept(device, t);
        } else if constexpr (std::is_same_v<T, mdm::SendRpAck>) {
          trace_sms_report(world_, t, device, true, 0, a.deliver_report);
          rp_answer(device, t, a.deliver_report, true);
        } else if constexpr (std::is_same_v<T, mdm::SendRpError>) {
          trace_sms_report(world_, t, device, false, a.rp_cause, a.deliver_report);
          rp_answer(device, t, a.deliver_report, false);
        } else if constexpr (std::is_same_v<T, mdm::SendMoSms>) {
          trace_sms_sent(world_, t, device, a.service_centre, a.tpdu);
          // The SC's RP-ACK comes back after the message's round trip; the
          // MME's RP-ERROR when the SMSC is down (the tag: its cause).
          const SimTime one_way = to_simtime(world_.scenario.network.smsc.delivery_latency_s);
          std::uint16_t cause = 0;
          if (mw_.smsc.crashed_at(t + one_way)) {
            mo_refused(device, t + one_way);
            cause = kRpCauseNetworkOutOfOrder;
          } else {
            mo_sms(device, t, a.tpdu);
          }
          schedule(device, t + 2 * one_way, Step::MoSmsAck, cause);
        }
        else if constexpr (std::is_same_v<T, mdm::OpenBearer>) {
          open_bearer(device, t, a);
        } else if constexpr (std::is_same_v<T, mdm::SendChannelData>) {
          channel_send(device, t, a);
        } else if constexpr (std::is_same_v<T, mdm::CloseBearer>) {
          close_bearer(device, t);
        }
        // CancelTimer: a timer the modem no longer expects is ignored when it
        // fires. DeliverToApplication: no application in a run.
      },
      o.action);
}

void ModemCycle::to_onelink(std::uint32_t device, SimTime t, twinmodels::platform::CardEventKind kind, std::uint8_t emm_cause,
                            bool with_imsi, bool nvm_worn) {
  // OneNET hears of the attaches and detaches too (onenet_run.hpp); OneLink
  // from the MME of the device's access node, across its route
  // (onelink_network_events.cpp; on its links, report_size): the SMSC
  // actor hands it over on arrival (platform_report.cpp).
  if (!mw_.onenet && !mw_.onelink) return;
  PlatformReport r = report_of(device, t, PlatformReport::Kind::NetworkEvent);
  r.event = kind;
  r.emm_cause = emm_cause;
  r.nvm_worn = nvm_worn;
  if (with_imsi) {
    const std::string imsi = mw_.modems[slot(device)].imsi();
    imsi.copy(r.imsi, sizeof r.imsi - 1);
  }
  if (kind == twinmodels::platform::CardEventKind::PsmEntered) {
    r.has_next_reachable = true;
    r.next_reachable_ms = static_cast<std::int64_t>(twinmodels::next_periodic_tau(reach_of(device).profile(), t) / 1000);
  }
  send_platform_report(world_, r);
}

PlatformReport ModemCycle::report_of(std::uint32_t device, SimTime t, PlatformReport::Kind kind) const {
  PlatformReport r;
  r.kind = kind;
  r.mux = mux_;
  r.population = world_.devices[device].population;
  r.device = device;
  r.t = t;
  return r;
}

// What OneLink hears of a modem report (card_event.hpp): the network's view
// of it, the IMSI where the network saw one.
void ModemCycle::report_to_onelink(std::uint32_t device, SimTime t, const mdm::Report& r) {
  using K = twinmodels::platform::CardEventKind;
  switch (r.event) {
    case mdm::ModemEvent::Registered: to_onelink(device, t, K::Registered, 0, true); return;
    case mdm::ModemEvent::AttachRejected:
      to_onelink(device, t, K::AttachRejected, static_cast<std::uint8_t>(r.detail), true);
      return;
    case mdm::ModemEvent::AttachTimedOut: to_onelink(device, t, K::AttachTimedOut); return;
    case mdm::ModemEvent::AuthMacFailure: to_onelink(device, t, K::AuthenticationFailure, 20); return;  // TS 24.301 §5.4.2.6
    case mdm::ModemEvent::AuthSyncFailure: to_onelink(device, t, K::AuthenticationFailure, 21); return;
    case mdm::ModemEvent::AuthenticationRejected: to_onelink(device, t, K::AuthenticationRejected); return;
    case mdm::ModemEvent::CardFailed:
      // The module's report names the card's memory problem ('6581', TS
      // 102 221 §10.2.1.4): OneLink's diagnosis reads it as NVM wear.
      to_onelink(device, t, K::CardFailed, 0, false, r.detail == cardcore::sw::kMemoryProblem);
      return;
    case mdm::ModemEvent::CardPowerLost: to_onelink(device, t, K::CardPowerLost); return;
    case mdm::ModemEvent::Deregistered: to_onelink(device, t, K::Detached); return;
    default: return;
  }
}

void ModemCycle::report(std::uint32_t device, SimTime t, const mdm::Report& r) {
  Device& d = world_.devices[device];
  record(t, device, static_cast<EventKind>(modem_report_kind(static_cast<std::uint8_t>(r.event))), r.detail);
  report_to_onelink(device, t, r);
  switch (r.event) {
    case mdm::ModemEvent::Registered:
      if (mw_.handover) send_platform_report(world_, report_of(device, t, PlatformReport::Kind::Registered));
      ++d.attaches;
      if (!d.ever_attached) ++world_.devices_attached;
      d.ever_attached = true;
      d.state = DeviceState::Attached;
      return;
    case mdm::ModemEvent::CardPowerLost: {
      // The card lost power in an NVM program (an armed power-loss fault):
      // whatever the device waited for is void; the modem restarts itself.
      const std::uint16_t fault = d.power_loss_fault;
      d.power_loss_fault = kNoFault;
      ++d.epoch;
      ++world_.power_losses;
      end_procedure(device);
      record(t, device, EventKind::PowerLoss, fault);
      return;
    }
    case mdm::ModemEvent::CardFailed:
      // The module stopped using its card: it answers the network no more
      // until the card works again (its next activation, populations'
      // card_retry), so the MME's procedure for it is void. A memory
      // problem is the environment's wear (card_wear.hpp).
      end_procedure(device);
      if (world_.wear && r.detail == cardcore::sw::kMemoryProblem) world_.wear->card_failed(device, to_seconds(t));
      return;
    case mdm::ModemEvent::AttachTimedOut:
      // T3410 ran out: the UE abandons the attempt, its RRC connection
      // establishment included (TS 24.301 §5.5.1.2.6 c); the network's
      // steps for it are void.
      end_procedure(device);
      return;
    case mdm::ModemEvent::Refresh: ++mw_.counters.refreshes; return;
    case mdm::ModemEvent::AuthSyncFailure: ++d.sync_failures; return;
    case mdm::ModemEvent::AuthMacFailure:
    case mdm::ModemEvent::AuthCardError: ++d.auth_failures; return;
    default: return;
  }
}

// ---------------------------------------------------------------- the MME

void ModemCycle::attach_request(std::uint32_t device, SimTime t, const mdm::SendAttachRequest& r) {
  record(t, device, EventKind::AttachRequest, r.m_tmsi ? 1 : 0);
  // A new attach replaces whatever the MME had under way for the device.
  end_procedure(device);
  const std::uint16_t seq = mw_.proc_seq[slot(device)];
  MmeProcedure p;
  p.kind = MmeProcedure::Kind::Attach;
  const auto subscriber = subscriber_of_imsi(world_.scenario, world_.population_first, world_.devices.size(), r.imsi);
  // ATTACH REJECT `cause` once the MME heard the HSS (the S6a round trip,
  // no authentication in between).
  auto reject = [&](std::uint8_t cause) {
    p.reject_cause = cause;
    mw_.procedures[device] = p;
    const auto& l = mw_.latency;
    schedule(device, t + l.radio_one_way + l.s1ap_one_way + l.s6a_round_trip + 2 * l.mme_processing + l.s1ap_one_way + l.radio_one_way,
             Step::AttachReject, seq);
  };
  if (!subscriber) {
    // The HSS knows no such IMSI (S6a DIAMETER_ERROR_USER_UNKNOWN): ATTACH
    // REJECT #8 (TS 29.272 Annex A, TS 24.301 §5.5.1.2.5).
    ++mw_.counters.unknown_imsi;
    record(t, device, EventKind::UnknownImsi, 0);
    reject(8);
    return;
  }
  p.subscriber = *subscriber;
  if (mw_.chip_management && mw_.chip_management->barred_at_hss(device, t)) {
    // The chip management platform suspended or deactivated the number: the
    // HSS answers the ULR with Subscriber-Status OPERATOR_DETERMINED_BARRING
    // and the ODB All Packet Oriented Services Barred (TS 29.272 §7.3.29,
    // §7.3.30); the MME rejects the attach with #7 EPS services not allowed
    // (TS 24.301 §5.5.1.2.5; the cause ours). The S6a round trip as for an
    // unknown IMSI, without the authentication in between (ours).
    mw_.chip_management->attach_barred();
    reject(7);
    return;
  }
  mw_.procedures[device] = p;
  schedule(device, t, Step::RrcRequest, seq);
}

void ModemCycle::rrc_request(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  MmeProcedure& p = mw_.procedures.at(device);
  const std::uint16_t seq = mw_.proc_seq[slot(device)];
  twinmodels::RanCell& cell = mw_.areas.at(mux_).cell_of(device);
  auto rng = twinmodels::RandomStream::at(world_.seed, device, stream::kDevice, d.rng_position);
  const twinmodels::CellAdmission adm = cell.request(now, rng);
  d.rng_position = rng.position();
  if (!adm.admitted) {
    // RRCConnectionReject: T302 = waitTime plus the backoff draw (ran_cell.hpp).
    ++mw_.counters.rrc_rejected;
    record(now, device, EventKind::RrcRejected, (adm.at - now) / 1000);
    schedule(device, adm.at, Step::RrcRequest, seq);
    return;
  }
  const auto& l = mw_.latency;
  SimTime at_mme = adm.at + l.s1ap_one_way + l.mme_processing;
  if (p.kind == MmeProcedure::Kind::Attach) {
    // The modem's ATTACH REQUEST time already holds its own RRC set-up: the
    // cell adds its queueing only.
    at_mme -= std::min<SimTime>(adm.at - now, cell.config().rrc_setup_latency);
    if (!mw_.congestion.empty()) {
      // NAS level congestion control at the access node's MME when the
      // ATTACH REQUEST reaches it (TS 24.301 §5.3.9): beyond its admission
      // rate, ATTACH REJECT #22 with T3346 drawn from the device's stream
      // (nas_congestion.hpp), down S1 and the radio after the MME's
      // processing; the HSS is not asked.
      const twinmodels::NasAdmission nas = mw_.congestion[mux_].attach_request(at_mme - l.mme_processing, rng);
      d.rng_position = rng.position();
      if (!nas.admitted) {
        ++mw_.counters.congestion_rejects;
        p.reject_cause = nas.cause;
        p.t3346 = nas.t3346_ie[2];
        schedule(device, at_mme + l.s1ap_one_way + l.radio_one_way, Step::AttachReject, seq);
        return;
      }
    }
  } else {
    connect(device, adm.at, p.connection_kind);
  }
  schedule(device, at_mme, Step::MmeToHss, seq);
}

void ModemCycle::mme_to_hss(std::uint32_t device, SimTime now) {
  MmeProcedure& p = mw_.procedures.at(device);
  HssRequest r;
  r.device = device;
  r.subscriber = p.subscriber;
  r.kind = p.resync ? HssRequest::Kind::Resync : HssRequest::Kind::Vector;
  r.mux = mux_;
  r.epoch = world_.devices[device].epoch;
  r.tag = mw_.proc_seq[slot(device)];
  r.asked = now;
  if (p.resync) {
    r.rand = p.rand;
    r.auts = p.auts;
    p.resync = false;
  }
  const DeviceCycle::Losses lost = usim_.draw_losses(device, now);
  if (lost.request) ++world_.requests_lost;
  if (lost.answer) ++world_.answers_lost;
  if (lost.request || lost.answer) {
    // No answer will come. An attach is the modem's T3410 to repeat; a
    // connection goes on without AKA (the MME keeps the UE's context).
    if (p.kind == MmeProcedure::Kind::Connection) end_procedure(device);
    if (lost.request) return;
    r.answer_lost = true;
  }
  record(now, device, EventKind::VectorRequested, 0);
  host_.send(r);
}

void ModemCycle::on_answer(const HssAnswer& a, SimTime now) {
  if (a.lost) return;
  Device& d = world_.devices[a.device];
  if (a.epoch != d.epoch) return;
  MmeProcedure* pp = procedure(a.device, a.tag);
  if (!pp) return;  // the procedure ended meanwhile, or a newer one runs
  if (a.kind == HssAnswer::Kind::Unanswered) {
    // Lost in an HSS crash, as a lost message (mme_to_hss): an attach is
    // the modem's T3410 to repeat; a connection goes on without AKA.
    if (pp->kind == MmeProcedure::Kind::Connection) end_procedure(a.device);
    return;
  }
  ++world_.events;
  MmeProcedure& p = *pp;
  const std::uint16_t seq = a.tag;
  const SimTime down = downlink(now + mw_.latency.mme_processing);
  switch (a.kind) {
    case HssAnswer::Kind::Rejected:
      record(now, a.device, EventKind::Rejected, 0);
      if (p.kind == MmeProcedure::Kind::Connection) {
        end_procedure(a.device);  // no AKA this time
        return;
      }
      // No vector: ATTACH REJECT #22 congestion without T3346, the abnormal
      // case of TS 24.301 §5.5.1.2.5/§5.5.1.2.6: the modem retries after
      // T3411 (T3402 after the fifth attempt).
      p.reject_cause = 22;
      schedule(a.device, down, Step::AttachReject, seq);
      return;
    case HssAnswer::Kind::ResyncFailed:
      record(now, a.device, EventKind::ResyncFailed, 0);
      reject_authentication(a.device, now, now + mw_.latency.mme_processing, 21);
      return;
    case HssAnswer::Kind::Unanswered:
      return;  // handled above
    case HssAnswer::Kind::Vector:
      p.rand = a.rand;
      p.autn = a.autn;
      p.xres = a.xres;
      schedule(a.device, down, Step::AuthChallenge, seq);
      return;
  }
}

void ModemCycle::auth_response(std::uint32_t device, SimTime t, const cardcore::Bytes& res) {
  MmeProcedure* running = running_procedure(device);
  if (!running) return;
  MmeProcedure& p = *running;
  const std::uint16_t seq = mw_.proc_seq[slot(device)];
  const auto& l = mw_.latency;
  const SimTime at_mme = uplink(t);
  p.synch_failures = 0;
  if (!cardcore::equal_constant_time(res, p.xres)) {
    // TS 33.102 §6.3.3: RES differs from XRES: AUTHENTICATION REJECT.
    record(t, device, EventKind::ResMismatch, 0);
    reject_authentication(device, t, at_mme, 0);
    return;
  }
  if (p.kind == MmeProcedure::Kind::Attach) {
    // SECURITY MODE, S6a ULR/ULA, S11 Create Session, then ATTACH ACCEPT
    // in the Initial Context Setup (TS 23.401 §5.3.2.1).
    schedule(device, at_mme + l.s6a_round_trip + l.s11_round_trip + l.mme_processing + l.s1ap_one_way + l.radio_one_way,
             Step::AttachAccept, seq);
    return;
  }
  Device& d = world_.devices[device];
  ++d.attaches;
  record(t, device, EventKind::Authenticated, d.attaches);
  end_procedure(device);
}

void ModemCycle::auth_failure(std::uint32_t device, SimTime t, const mdm::SendAuthenticationFailure& f) {
  MmeProcedure* running = running_procedure(device);
  if (!running) return;
  MmeProcedure& p = *running;
  const std::uint16_t seq = mw_.proc_seq[slot(device)];
  const SimTime at_mme = uplink(t);
  if (f.emm_cause == 21 && f.auts && p.synch_failures == 0) {
    // TS 24.301 §5.4.2.6 c, TS 33.102 §6.3.5: resynchronise through the HSS,
    // then challenge again with a fresh vector.
    ++p.synch_failures;
    p.resync = true;
    p.auts = *f.auts;
    record(t, device, EventKind::SyncFailure, 0);
    schedule(device, at_mme, Step::MmeToHss, seq);
    return;
  }
  // A MAC failure, or a second synch failure in a row (mme_attach.hpp).
  reject_authentication(device, t, at_mme, f.emm_cause);
}

void ModemCycle::reject_authentication(std::uint32_t device, SimTime t, SimTime at_mme, std::uint8_t cause) {
  record(t, device, EventKind::AuthRejected, cause);
  ++mw_.counters.auth_rejects;
  schedule(device, downlink(at_mme), Step::AuthReject, mw_.proc_seq[slot(device)]);
}

void ModemCycle::accept(std::uint32_t device, SimTime now) {
  const std::uint32_t s = slot(device);
  mdm::Modem& m = mw_.modems[s];
  if (mw_.chip_management && mw_.chip_management->barred_at_hss(device, now)) {
    // Barred since the ATTACH REQUEST: the ULA carries the HSS's barring
    // (TS 29.272 §7.3.29, §7.3.30), ATTACH REJECT #7 as at the request.
    mw_.chip_management->attach_barred();
    end_procedure(device);
    input(device, now, mdm::AttachReject{twinmodels::kEmmCauseEpsServicesNotAllowed, std::nullopt});
    return;
  }
  mdm::AttachAccept acc;
  acc.plmn = plmn_of(m.imsi(), m.mnc_length());
  const twinmodels::RanCellConfig& cell = mw_.areas.at(mux_).cell_of(device).config();
  acc.tac = static_cast<std::uint16_t>(cell.tac);
  acc.cell_id = cell.cell_id;
  acc.m_tmsi = m_tmsi_of(device);
  acc.mme_group_id = static_cast<std::uint16_t>(0x8000 | mux_);
  acc.mme_code = 1;
  end_procedure(device);
  end_mme_detach(device);  // a new context: an old detach's T3422 no longer applies
  input(device, now, acc);
  if (m.state() != mdm::ModemState::Registered) return;
  connect(device, now, kConnectAttach);
  if (mw_.next_activity[s] == 0) mw_.next_activity[s] = usim_.next_activity(device, now);
}

// --------------------------------------------------------- connections, PSM

void ModemCycle::connect(std::uint32_t device, SimTime t, std::uint8_t kind) {
  const std::uint32_t s = slot(device);
  const std::uint16_t population = world_.devices[device].population;
  mw_.connected[s] = 1;
  const std::uint16_t conn = ++mw_.conn_seq[s];
  record(t, device, EventKind::Connected, kind);
  // The device's own activity moves its user data: OneLink counts it, its
  // record crossing the route from the access node's MME
  // (onelink_usage_records.cpp; on its links, report_size), and OneNET
  // takes it as a data point (platform_report.cpp).
  if (kind == kConnectActivity && (mw_.onelink || mw_.onenet))
    send_platform_report(world_, report_of(device, t, PlatformReport::Kind::Activity));
  // And its application's own MO SMS.
  if (kind == kConnectActivity && world_.scenario.populations[population].activity_sms > 0) own_sms(device, t);
  // TS 23.040 §3.2.5: an SMSC waiting for this device is alerted (in a
  // sharded run, on rank 0: sms_crossing.hpp).
  if (reach_of(device).connected(ModemWorld::ue(population, device, world_.population_first), t)) {
    if (world_.shard_sms_up) {
      SmsUp up;
      up.kind = SmsUp::Kind::Alert;
      up.device = device;
      up.t = t;
      world_.shard_sms_up->push_back(up);
    } else {
      smsc_takes_alert(world_, device, t);
    }
  }
  schedule(device, t + to_simtime(world_.scenario.populations[population].connected_s), Step::Release, conn);
}

void ModemCycle::release(std::uint32_t device, SimTime now) {
  const std::uint32_t s = slot(device);
  const std::uint16_t population = world_.devices[device].population;
  mw_.connected[s] = 0;
  twinmodels::MmeReachability& reach = reach_of(device);
  reach.released(ModemWorld::ue(population, device, world_.population_first), now);
  const twinmodels::PowerSavingProfile& ps = reach.profile();
  record(now, device, EventKind::Released, ps.psm() ? 1 : 0);
  // The next time the device connects on its own: its periodic TAU or its
  // own activity, whichever comes first (TS 24.301 §5.3.5, §5.3.11).
  const SimTime tau = twinmodels::next_periodic_tau(ps, now);
  // Activities that fell due while the device had no service (its card
  // failed, it was rejected) are skipped: its application reports at its
  // next period, not in the past.
  if (mw_.next_activity[s] <= now) mw_.next_activity[s] = usim_.next_activity(device, now);
  schedule(device, std::min(tau, mw_.next_activity[s]), Step::Wake, mw_.conn_seq[s]);
  // T3324 (TS 24.301 §5.3.11): PSM when the active time ends.
  if (ps.psm() && world_.scenario.populations[population].card_off_in_psm)
    schedule(device, twinmodels::active_time_end(ps, now), Step::PsmEnter, mw_.conn_seq[s]);
}

void ModemCycle::wake(std::uint32_t device, SimTime now) {
  const std::uint32_t s = slot(device);
  const bool activity = now >= mw_.next_activity[s];
  record(now, device, EventKind::Wake, activity ? 1 : 0);
  // Out of PSM first: the modem activates its card again.
  if (mw_.modems[s].state() == mdm::ModemState::Sleeping) {
    input(device, now, mdm::LeavePsm{});
    to_onelink(device, now, twinmodels::platform::CardEventKind::PsmLeft);
  }
  if (activity) mw_.next_activity[s] = usim_.next_activity(device, now);
  if (mw_.modems[s].state() != mdm::ModemState::Registered || mw_.procedures.count(device)) return;
  // Detached by the MME while it slept (network_detach_cycle.cpp).
  if (reject_update(device, now, activity)) return;
  // A periodic TAU or a service request: an RRC connection, then AKA
  // (TS 33.401 §6.1: the MME may run it at any NAS procedure; the twin does
  // at each, so every connection is real card work).
  const auto subscriber =
      subscriber_of_imsi(world_.scenario, world_.population_first, world_.devices.size(), mw_.modems[s].imsi());
  if (!subscriber) return;  // registered under an IMSI the HSS does not know: impossible, but no AKA then
  end_procedure(device);
  MmeProcedure p;
  p.kind = MmeProcedure::Kind::Connection;
  p.subscriber = *subscriber;
  p.connection_kind = activity ? kConnectActivity : kConnectTau;
  mw_.procedures[device] = p;
  rrc_request(device, now);
}

// ---------------------------------------------------------------- SMS

void ModemCycle::deliver_sms(std::uint32_t device, SimTime now, bool void_step) {
  const auto it = mw_.delivering.find(device);
  if (it == mw_.delivering.end()) return;
  const twinmodels::SmscMessageId id = it->second;
  const std::uint32_t s = slot(device);
  if (void_step || mw_.modems[s].state() != mdm::ModemState::Registered) {
    // Rebooted or deregistered since the SMSC tried: no paging response,
    // the MME answers absent subscriber.
    mw_.delivering.erase(it);
    mw_.sm_sr_delivers.erase(id);
    ++mw_.sms.absent;
    record(now, device, EventKind::SmsAbsent, 0);
    answer_smsc(device, now, id, twinmodels::DeliveryOutcome::Absent, kAnswerAbsent);
    return;
  }
  if (!mw_.connected[s]) connect(device, now, kConnectPaged);
  const ModemWorld::Message& msg = mw_.messages.at(id);
  std::vector<cardcore::Bytes> tpdus;
  if (const std::optional<std::uint8_t> sr = ModemWorld::sm_sr_of_message(msg.campaign)) {
    // As they crossed to this rank with the forward (a sharded run), or
    // the SM-SR's own (a resumed sharded rank's deliveries under way too).
    const auto crossed = mw_.sm_sr_delivers.find(id);
    tpdus = crossed != mw_.sm_sr_delivers.end() ? std::move(crossed->second) : mw_.sm_srs->at(*sr).delivers(id);
    if (crossed != mw_.sm_sr_delivers.end()) mw_.sm_sr_delivers.erase(crossed);
  } else {
    tpdus = mw_.platforms->delivers(msg.campaign, device, msg.attempt, now);
  }
  for (std::size_t i = 0; i < tpdus.size(); ++i) {
    last_segment_ = i + 1 == tpdus.size();
    trace_sms_delivered(world_, now, device, mw_.platforms->service_centre(), tpdus[i]);
    input(device, now, mdm::MtSms{mw_.platforms->service_centre(), tpdus[i]});
    if (!mw_.delivering.count(device)) return;  // answered (an RP-ERROR ends it early)
  }
  if (mw_.delivering.count(device)) {
    // No RP-ACK or RP-ERROR (the card lost power mid-download): the
    // network's relay timer runs out (TS 24.011 TR1N), the SMSC retries.
    mw_.delivering.erase(device);
    answer_smsc(device, now, id, twinmodels::DeliveryOutcome::TemporaryError, kAnswerNone);
  }
}

void ModemCycle::answer_smsc(std::uint32_t device, SimTime t, twinmodels::SmscMessageId id,
                             twinmodels::DeliveryOutcome outcome, std::int64_t what) {
  if (world_.shard_sms_up) return send_sms_answer(world_, device, t, id, outcome, what);
  smsc_takes_answer(world_, device, t, id, outcome, what);
}

void ModemCycle::on_sms_down(const SmsDown& down, const SmsBytes& bytes, SimTime now) {
  switch (down.kind) {
    case SmsDown::Kind::AlertRequest:
      return mme_alerted(world_, down.device);
    case SmsDown::Kind::HssMessage:
      return schedule(down.device, std::max(down.due, now), Step::HssDetach, down.tag);
    case SmsDown::Kind::BipOpened:
    case SmsDown::Kind::BipAnswer:
    case SmsDown::Kind::BipDropped:
      return from_admin_server(down, bytes, now);
    case SmsDown::Kind::Forward:
      mw_.messages[down.id] = {down.device, down.campaign, down.attempt};
      mme_takes_forward(world_, down.device, down.id, now, down.smsc_attempt, [this](const Event& e) { host_.schedule(e); });
      // An SM-SR's message: its SMS-DELIVERs for the delivery under way.
      if (!bytes.empty() && mw_.delivering.count(down.device) && mw_.delivering.at(down.device) == down.id)
        mw_.sm_sr_delivers[down.id] = bytes;
      return;
  }
}

void ModemCycle::mo_refused(std::uint32_t device, SimTime at) {
  ++mw_.sms.mo_refused;
  world_.events_sink().add(to_seconds(at), device, sms_mo_refused_kind(), kRpCauseNetworkOutOfOrder);
}

void ModemCycle::mo_sms(std::uint32_t device, SimTime t, const cardcore::Bytes& tpdu) {
  // An eUICC's notification to the SM-SR (SGP.02 §4.1.1.11), from the
  // number of the profile it runs; other MO SMS go nowhere in a run.
  if (!mw_.sm_srs || !twinsim::euicc_of(world_, device)) return;
  cardcore::sms::SmsSubmit submit;
  try {
    submit = cardcore::sms::decode_submit(tpdu);
  } catch (const std::exception&) {
    return;
  }
  // To the SM-SR whose number the eUICC has (UpdateConnectivityParameters).
  const std::optional<std::uint8_t> sr = mw_.sm_srs->by_address(submit.da.value);
  if (!sr) return;
  const std::uint16_t population = world_.devices[device].population;
  const int k = mw_.euicc_factory->profile_of_imsi(population, device, mw_.modems[slot(device)].imsi());
  if (k < 0) return;
  if (world_.shard_sms_up) {
    // A sharded run: to the SM-SR on rank 0 (sms_crossing.hpp).
    SmsUp up;
    up.kind = SmsUp::Kind::SmSrMoSms;
    up.device = device;
    up.t = t;
    up.sm_sr = *sr;
    up.profile = static_cast<std::uint16_t>(k);
    up.bytes = keep_sms_bytes(world_, {tpdu});
    world_.shard_sms_up->push_back(up);
    return;
  }
  sm_sr_takes_mo_sms(world_, device, t, *sr, static_cast<std::size_t>(k), tpdu);
}

void ModemCycle::rp_answer(std::uint32_t device, SimTime t, const cardcore::Bytes& report, bool ack) {
  const auto it = mw_.delivering.find(device);
  if (it == mw_.delivering.end()) return;
  if (ack && !last_segment_) return;  // a concatenated message's earlier segment
  const twinmodels::SmscMessageId id = it->second;
  const std::optional<std::uint8_t> sr = ModemWorld::sm_sr_of_message(mw_.messages.at(id).campaign);
  // The PoR the write-card platform reads in the SMS-DELIVER-REPORT (TS
  // 31.115 §4.3): what the card wrote (a pure reading of the report).
  CampaignPlatforms::PorReading por;
  const bool has_report = !sr && !report.empty();
  if (has_report) {
    const ModemWorld::Message& msg = mw_.messages.at(id);
    por = mw_.platforms->read_por(msg.campaign, device, msg.attempt, report, ack);
  }
  mw_.delivering.erase(it);
  if (world_.shard_sms_up) {
    // A sharded run: the answer crosses to the SMSC on rank 0 (sms_crossing.hpp).
    SmsUp up;
    up.kind = sr ? SmsUp::Kind::SmSrRpAnswer : SmsUp::Kind::RpAnswer;
    up.device = device;
    up.t = t;
    up.id = id;
    up.ack = ack;
    up.has_report = has_report;
    up.por = por;
    if (sr) up.bytes = keep_sms_bytes(world_, {report});
    world_.shard_sms_up->push_back(up);
    return;
  }
  if (sr) return smsc_takes_sm_sr_answer(world_, device, t, id, ack, report);
  smsc_takes_rp_answer(world_, device, t, id, ack, has_report, por);
}

// ---------------------------------------------------------------- steps

void ModemCycle::on_fault(const Event& e, SimTime now) {
  Device& d = world_.devices[e.device];
  switch (world_.scenario.faults[e.fault].action) {
    case FaultAction::PowerCycle:
      if (d.state == DeviceState::Off) return;  // not powered up yet
      ++d.epoch;
      ++world_.power_cycles;
      record(now, e.device, EventKind::PowerCycle, e.fault);
      end_procedure(e.device);
      input(e.device, now, mdm::PowerOff{});
      input(e.device, now, mdm::PowerOn{});
      return;
    case FaultAction::PowerLoss:
      d.power_loss_fault = e.fault;
      record(now, e.device, EventKind::PowerLossArmed, e.fault);
      return;
    case FaultAction::BrownOut:
      // The modem resets without detaching; it restarts on its own timer.
      if (d.state == DeviceState::Off) return;
      ++d.epoch;
      ++world_.brown_outs;
      record(now, e.device, EventKind::PowerCycle, e.fault);
      end_procedure(e.device);
      mw_.connected[slot(e.device)] = 0;
      input(e.device, now, mdm::BrownOut{});
      return;
    case FaultAction::EmergencyEnable:
    case FaultAction::EmergencyDisable:
      // SGP.02 v3.1 "Emergency Profile": the device's local switch; the
      // modem reports it, the eUICC's REFRESH and the attach follow.
      if (d.state == DeviceState::Off) return;  // not powered up yet
      input(e.device, now, mdm::LocalEmergencyProfile{world_.scenario.faults[e.fault].action == FaultAction::EmergencyEnable});
      return;
    case FaultAction::ExceptionReport: exception_report(e.device, now); return;
    case FaultAction::PowerOff:
      // Switched off for good: every step it planned is void (its power-on
      // too, when it has not powered up yet); a powered modem detaches with
      // "switch off" (TS 24.301 §5.5.2.2) and deactivates its card.
      ++d.epoch;
      world_.events_sink().add(to_seconds(now), e.device, power_off_kind(), e.fault);
      if (d.state == DeviceState::Off) return;
      end_procedure(e.device);
      input(e.device, now, mdm::PowerOff{});
      d.state = DeviceState::Off;  // later device faults find it off
      return;
    default:
      return;
  }
}

// TR 45.820 Annex E, mobile autonomous reporting: an exception report (an
// alarm) is the application's own activity at once, outside its period,
// and its period starts again from it. A device in service sends it on the
// connection it has, on the one under way, or wakes for it (out of PSM,
// TS 24.301 §5.3.11: the UE may leave PSM at any time for MO data); one
// off, not registered or attaching has no service for it: lost.
void ModemCycle::exception_report(std::uint32_t device, SimTime now) {
  const std::uint32_t s = slot(device);
  const mdm::ModemState state = mw_.modems[s].state();
  const auto under_way = mw_.procedures.find(device);
  const bool in_service = state == mdm::ModemState::Registered || state == mdm::ModemState::Sleeping;
  if (!in_service || (under_way != mw_.procedures.end() && under_way->second.kind == MmeProcedure::Kind::Attach)) {
    ++world_.exception_reports_lost;
    return;
  }
  if (mw_.connected[s]) {
    ++world_.exception_reports;
    mw_.next_activity[s] = usim_.next_activity(device, now);
    connect(device, now, kConnectActivity);
    return;
  }
  if (under_way != mw_.procedures.end()) {
    // A TAU's RRC connection on its way: it carries the report.
    ++world_.exception_reports;
    under_way->second.connection_kind = kConnectActivity;
    mw_.next_activity[s] = usim_.next_activity(device, now);
    return;
  }
  mw_.next_activity[s] = now;
  wake(device, now);
  const auto started = mw_.procedures.find(device);
  ++(started != mw_.procedures.end() && started->second.connection_kind == kConnectActivity ? world_.exception_reports
                                                                                               : world_.exception_reports_lost);
}

void ModemCycle::on_step(const Event& e, SimTime now) {
  Device& d = world_.devices[e.device];
  const auto step = static_cast<Step>(e.kind);
  if (step == Step::MtSms) {
    ++world_.events;
    deliver_sms(e.device, now, e.epoch != d.epoch);
    return;
  }
  if (step == Step::HssDetach) {
    // At the MME (or the HSS): whatever the device did since, the HSS's message holds.
    ++world_.events;
    hss_message(e.device, now, e.fault);
    return;
  }
  if (step == Step::T3422) {
    // The MME's timer: a reboot of the device does not stop it.
    ++world_.events;
    t3422_expired(e.device, now, e.fault);
    return;
  }
  if (step != Step::Fault && e.epoch != d.epoch) return;  // scheduled before a reboot
  const std::uint32_t s = slot(e.device);
  switch (step) {
    case Step::PowerOn:
      ++world_.events;
      if (d.state == DeviceState::Off) {
        ++world_.devices_powered;
        d.state = DeviceState::WaitingVector;
      }
      record(now, e.device, EventKind::PowerOn, 0);
      input(e.device, now, mdm::PowerOn{});
      return;
    case Step::Fault: ++world_.events; on_fault(e, now); return;
    case Step::ModemTimer:
      ++world_.events;
      input(e.device, now, mdm::TimerExpired{static_cast<mdm::ModemTimer>(e.fault >> 8), static_cast<std::uint8_t>(e.fault)});
      return;
    case Step::Wake:
      if (e.fault != mw_.conn_seq[s]) return;  // a later connection planned its own
      ++world_.events;
      wake(e.device, now);
      return;
    case Step::Release:
      if (e.fault != mw_.conn_seq[s] || !mw_.connected[s]) return;
      ++world_.events;
      release(e.device, now);
      return;
    case Step::MoSmsAck:
      ++world_.events;
      input(e.device, now, mdm::MoSmsResult{e.fault == 0, static_cast<std::uint8_t>(e.fault)});
      return;
    case Step::ChannelData: ++world_.events; channel_data(e.device, now); return;
    case Step::ChannelUp: {
      // Only for the connection it was planned for (the card may have
      // closed it and opened another meanwhile).
      const BipLinks::Link* link = mw_.bip.of(e.device);
      if (!link || static_cast<std::uint16_t>(link->connection) != e.fault) return;
      ++world_.events;
      input(e.device, now, mdm::ChannelLinkEstablished{link->channel});
      return;
    }
    case Step::ChannelDropped:
      ++world_.events;
      input(e.device, now, mdm::ChannelLinkDropped{static_cast<std::uint8_t>(e.fault)});
      return;
    case Step::DetachRequest: ++world_.events; detach_request(e.device, now, e.fault); return;
    case Step::UpdateReject:
      ++world_.events;
      input(e.device, now, mdm::UpdateReject{twinmodels::kEmmCauseImplicitlyDetached, e.fault == 1});
      return;
    case Step::PsmEnter:
      if (e.fault != mw_.conn_seq[s] || mw_.connected[s]) return;  // it connected again meanwhile
      ++world_.events;
      input(e.device, now, mdm::EnterPsm{});
      to_onelink(e.device, now, twinmodels::platform::CardEventKind::PsmEntered);
      return;
    default: break;
  }
  // The MME's procedure steps.
  MmeProcedure* p = procedure(e.device, e.fault);
  if (!p) return;
  ++world_.events;
  switch (step) {
    case Step::RrcRequest: rrc_request(e.device, now); return;
    case Step::MmeToHss: mme_to_hss(e.device, now); return;
    case Step::AuthChallenge: input(e.device, now, mdm::AuthenticationRequest{p->rand, p->autn}); return;
    case Step::AttachAccept: accept(e.device, now); return;
    case Step::AuthReject:
      end_procedure(e.device);
      input(e.device, now, mdm::AuthenticationReject{});
      return;
    case Step::AttachReject: {
      const mdm::AttachReject reject{p->reject_cause, p->t3346};
      end_procedure(e.device);
      input(e.device, now, reject);
      return;
    }
    default: return;
  }
}

}  // namespace twinsim
