// The network detaches a modem device whose subscription the chip
// management platform barred (suspension) or withdrew (deactivation), and
// lifts the barring at a resumption:
//
// - The HSS tells the MME that serves the device (TS 29.272): Insert
//   Subscriber Data with Subscriber-Status OPERATOR_DETERMINED_BARRING and
//   the ODB "all packet oriented services barred" for a suspension
//   (§5.2.2.1, §7.3.29, §7.3.30), Cancel Location with Cancellation-Type
//   SUBSCRIPTION_WITHDRAWAL for a deactivation (§5.2.1.2, §7.3.24), Insert
//   Subscriber Data with the barring lifted for a resumption (§5.2.2.1.2:
//   the MME replaces the data of a context it has and answers
//   DIAMETER_SUCCESS, or DIAMETER_ERROR_USER_UNKNOWN without one). The SMSC
//   actor sends it (smsc_actor.cpp, pass_barring); it reaches the MME after
//   the route's latency from the HSS node to the device's access node.
// - A lossy route loses the message or its answer (IDA, CLA): the HSS,
//   which keeps the request pending until its answer comes (RFC 6733
//   §5.5.4), sends it again network.hss_answer_timeout after the last
//   sending, unless the subscriber's barring changed since (the newer
//   message went out). The MME takes a message it already acted on again
//   without doing anything twice.
// - The MME detaches the UE (TS 23.401 §5.3.8.3 MME-initiated, §5.3.8.4
//   HSS-initiated): DETACH REQUEST, "re-attach not required" (TS 24.301
//   §5.5.2.3.1), EMM cause #7 EPS services not allowed for the barring (as
//   the attach's reject, modem_cycle.cpp), #8 EPS services and non-EPS
//   services not allowed for the withdrawal (TS 23.401 names no cause: TS
//   29.272 Annex A gives #8 for a subscription the HSS does not have,
//   DIAMETER_ERROR_USER_UNKNOWN; our reading), and starts T3422 (6 s, TS
//   24.301 §10.2). A UE in ECM-CONNECTED gets it at once; one in ECM-IDLE
//   is paged first (§5.3.8.4 step 2) and gets it after its service
//   request (T3422 starts when it is sent); one in PSM (or whose TAU is
//   overdue) cannot be paged (TS 23.682 §4.5.4): the sending reaches
//   nothing, and T3422 runs from it (our reading).
// - T3422 runs out (§5.5.2.3.5 a): the MME sends the DETACH REQUEST again,
//   reaching the UE as the first did, and restarts T3422, four times; at
//   the fifth expiry it aborts the procedure and detaches the UE locally
//   (EMM-DEREGISTERED), 30 s after the first sending for a UE that never
//   answers. A UE back from PSM or idle in time answers a retransmission.
// - The UE answers DETACH ACCEPT (TS 24.301 §5.5.2.3.2); the MME stops
//   T3422 and releases its S1 connection. A UE detached locally learns it
//   at its next TAU or service request: TAU REJECT / SERVICE REJECT #10
//   implicitly detached (§5.5.3.2.5, §5.6.1.5), then a new attach, which
//   the HSS's barring rejects with #7 (modem_cycle.cpp, attach_request).
//
// The MME's detach under way (the cause, the sendings) is chip management's
// MmeDetach; T3422 and the HSS's resends are steps of the device's
// multiplexer. The DETACH REQUEST travels as the event's tag: its detach
// type octet and its EMM cause, the only octets of the message that vary;
// the device's side decodes the whole message
// (twinmodels/network/detach_request.hpp).
#include <algorithm>

#include "twinmodels/network/detach_request.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_cycle.hpp"

namespace twinsim {

namespace mdm = twinmodels::modem;

namespace {

constexpr SimTime kT3422 = 6 * kUsPerSecond;  // TS 24.301 §10.2, Table 10.2.2
constexpr std::uint16_t kT3422Expiries = 5;   // TS 24.301 §5.5.2.3.5 a: aborted at the fifth

// The DETACH REQUEST `r` as an event tag, and back as its NAS octets.
std::uint16_t tag_of(const twinmodels::DetachRequest& r) {
  const cardcore::Bytes nas = twinmodels::encode_detach_request(r);
  return static_cast<std::uint16_t>(nas[2] | (nas.size() > 3 ? nas[4] << 8 : 0));
}

cardcore::Bytes nas_of(std::uint16_t tag) {
  cardcore::Bytes nas = {twinmodels::kEmmProtocolDiscriminator, twinmodels::kDetachRequestType,
                         static_cast<std::uint8_t>(tag)};
  if (tag >> 8) {
    nas.push_back(twinmodels::kEmmCauseIei);
    nas.push_back(static_cast<std::uint8_t>(tag >> 8));
  }
  return nas;
}

}  // namespace

void ModemCycle::hss_message(std::uint32_t device, SimTime now, std::uint16_t fault) {
  ChipManagementRun& cm = *mw_.chip_management;  // only its barrings send these
  const std::uint16_t kind = fault & 0x7F;
  const std::uint16_t resends = fault >> 8;
  // The route's latency, and what a delay fault adds to it now.
  const SimTime route = to_simtime(
      world_.network.topology.require_route(world_.network.hss, world_.network.mux_node.at(mux_)).latency_s +
      world_.faults.route_delay(world_.network.mux_links.at(mux_), to_seconds(now)));
  if (fault & kHssAtHss) {
    // The HSS's resend: only while the subscriber's barring is still what
    // the message says (a newer message superseded it otherwise).
    if (cm.barred_at_hss(device, now) != (kind != kHssLift)) return;
    cm.hss_resent();
    record(now, device, static_cast<EventKind>(hss_resend_kind()), kind == kHssWithdrawal ? 317 : 319);  // TS 29.272 §7.2
    schedule(device, now + route, Step::HssDetach, static_cast<std::uint16_t>(kind | resends << 8));
    return;
  }
  // The request, then its answer, cross the route from the HSS's node to
  // the access node (DeviceCycle::draw_losses: the device's stream, only on
  // a lossy route). Without the answer the HSS sends it again.
  const DeviceCycle::Losses lost = usim_.draw_losses(device, now);
  if (lost.request || lost.answer) {
    const SimTime sent = now - route;
    schedule(device, sent + to_simtime(world_.scenario.network.hss_answer_timeout_s), Step::HssDetach,
             static_cast<std::uint16_t>(kind | kHssAtHss | std::min(resends + 1, 0xFF) << 8));
  }
  if (lost.request) return;
  if (kind == kHssLift) {
    hss_lift(device, now);
  } else {
    hss_detach(device, now, kind == kHssWithdrawal);
  }
}

void ModemCycle::hss_detach(std::uint32_t device, SimTime now, bool withdrawn) {
  const std::uint16_t population = world_.devices[device].population;
  const std::uint64_t ue = ModemWorld::ue(population, device, world_.population_first);
  const twinmodels::UeReachability r = reach_of(device).reachability(ue, 0, m_tmsi_of(device), now);
  // No context at this MME (never attached, detached, or its attach under
  // way: that one meets the barring in its ULA, accept()), or its detach
  // under way already (a message sent again, or a withdrawal after the
  // barring: the procedure goes on with the cause it has).
  if (r.state == twinmodels::UeReachState::Detached) return;
  ChipManagementRun& cm = *mw_.chip_management;
  if (cm.mme_detach(device)) return;
  send_detach_request(device, now + mw_.latency.mme_processing, cm.start_mme_detach(device, withdrawn));
}

void ModemCycle::hss_lift(std::uint32_t device, SimTime now) {
  // TS 29.272 §5.2.2.1.2: an MME that knows the IMSI replaces the
  // subscription data of its context (the barring lifted); one that does not
  // answers DIAMETER_ERROR_USER_UNKNOWN. A detach already under way goes on:
  // TS 24.301 gives the network's detach no end for a change of the
  // subscription data (our reading).
  const std::uint64_t ue = ModemWorld::ue(world_.devices[device].population, device, world_.population_first);
  const bool context =
      reach_of(device).reachability(ue, 0, m_tmsi_of(device), now).state != twinmodels::UeReachState::Detached;
  mw_.chip_management->isd_lifted();
  record(now + mw_.latency.mme_processing, device, static_cast<EventKind>(isd_lift_kind()), context ? 2001 : 5001);
}

void ModemCycle::send_detach_request(std::uint32_t device, SimTime at, MmeDetach& d) {
  ++d.transmissions;
  const std::uint16_t population = world_.devices[device].population;
  const std::uint64_t ue = ModemWorld::ue(population, device, world_.population_first);
  twinmodels::MmeReachability& reach = reach_of(device);
  const twinmodels::UeReachability r = reach.reachability(ue, 0, m_tmsi_of(device), at);
  const std::uint16_t tag =
      tag_of({twinmodels::DetachType::ReattachNotRequired,
              d.withdrawn ? twinmodels::kEmmCauseEpsAndNonEpsServicesNotAllowed : twinmodels::kEmmCauseEpsServicesNotAllowed});
  SimTime sent = at;
  if (r.state == twinmodels::UeReachState::Connected) {
    schedule(device, downlink(sent), Step::DetachRequest, tag);
  } else if (r.state == twinmodels::UeReachState::Pageable) {
    // Paged at its next paging occasion (TS 36.304 §7.1, the IMSI's), its
    // service request up, then the DETACH REQUEST down.
    const std::string imsi = mw_.modems[slot(device)].imsi();
    const SimTime paged = std::max(reach.reachability(ue, imsi_value(imsi), m_tmsi_of(device), at).at,
                                   at + mw_.latency.s1ap_one_way);
    sent = uplink(paged);
    schedule(device, downlink(sent), Step::DetachRequest, tag);
  }
  // In PSM: the sending reaches nothing; T3422 runs all the same.
  record(sent, device, static_cast<EventKind>(detach_request_sent_kind()), d.transmissions);
  schedule(device, sent + kT3422, Step::T3422, d.transmissions);
}

void ModemCycle::t3422_expired(std::uint32_t device, SimTime now, std::uint16_t transmission) {
  ChipManagementRun& cm = *mw_.chip_management;
  MmeDetach* d = cm.mme_detach(device);
  if (!d || d->transmissions != transmission) return;  // stopped: answered, or the context went
  if (transmission >= kT3422Expiries) {
    // TS 24.301 §5.5.2.3.5 a: on the fifth expiry the procedure is
    // aborted and the MME enters EMM-DEREGISTERED: a local detach.
    cm.end_mme_detach(device);
    local_detach(device, now);
    return;
  }
  cm.detach_retransmitted();
  send_detach_request(device, now, *d);
}

void ModemCycle::end_mme_detach(std::uint32_t device) {
  if (mw_.chip_management) mw_.chip_management->end_mme_detach(device);
}

void ModemCycle::local_detach(std::uint32_t device, SimTime now) {
  const std::uint16_t population = world_.devices[device].population;
  reach_of(device).detached_locally(ModemWorld::ue(population, device, world_.population_first));
  record(now, device, EventKind::Detached, kDetachedLocally);
  to_onelink(device, now, twinmodels::platform::CardEventKind::Detached);
  if (mw_.chip_management) mw_.chip_management->detached(true);
}

void ModemCycle::detach_request(std::uint32_t device, SimTime now, std::uint16_t octets) {
  const twinmodels::DetachRequest req = twinmodels::decode_detach_request(nas_of(octets));
  const std::uint32_t s = slot(device);
  const mdm::ModemState state = mw_.modems[s].state();
  // No answer from a UE no longer registered: T3422 runs out at the MME
  // (t3422_expired()).
  if (state != mdm::ModemState::Registered && state != mdm::ModemState::Attaching) return;
  if (!mw_.connected[s]) connect(device, now, kConnectPaged);
  end_procedure(device);  // whatever the MME had under way ends with the detach
  input(device, now,
        mdm::NetworkDetach{req.type == twinmodels::DetachType::ReattachRequired, req.emm_cause});
}

void ModemCycle::detach_accept(std::uint32_t device, SimTime t) {
  // TS 23.401 §5.3.8.3: the MME deletes the context and releases the S1
  // connection (cause Detach) once the DETACH ACCEPT is in.
  const SimTime at_mme = uplink(t);
  const std::uint32_t s = slot(device);
  reach_of(device).detached(ModemWorld::ue(world_.devices[device].population, device, world_.population_first));
  end_mme_detach(device);  // T3422 stopped
  mw_.connected[s] = 0;
  ++mw_.conn_seq[s];
  record(at_mme, device, EventKind::Detached, kDetachedByNetwork);
  if (mw_.chip_management) mw_.chip_management->detached(false);
}

bool ModemCycle::reject_update(std::uint32_t device, SimTime now, bool service_request) {
  twinmodels::MmeReachability& reach = reach_of(device);
  const std::uint64_t ue = ModemWorld::ue(world_.devices[device].population, device, world_.population_first);
  if (!reach.locally_detached(ue)) return false;
  // The MME holds no context for the UE: it rejects the TAU (or service
  // request) with #10 implicitly detached (TS 24.301 §5.5.3.2.5, §5.6.1.5),
  // and has told it so.
  reach.detached(ue);
  end_procedure(device);
  schedule(device, downlink(uplink(now)), Step::UpdateReject, service_request ? 1 : 0);
  return true;
}

}  // namespace twinsim
