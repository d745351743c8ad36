// The network detaches a modem device whose subscription the chip
// management platform barred (suspension) or withdrew (deactivation):
//
// - The HSS tells the MME that serves the device (TS 29.272): Insert
//   Subscriber Data with Subscriber-Status OPERATOR_DETERMINED_BARRING and
//   the ODB "all packet oriented services barred" for a suspension
//   (§5.2.2.1, §7.3.29, §7.3.30), Cancel Location with Cancellation-Type
//   SUBSCRIPTION_WITHDRAWAL for a deactivation (§5.2.1.2, §7.3.24). The SMSC
//   actor sends it (smsc_actor.cpp, pass_barring); it reaches the MME after
//   the route's latency from the HSS node to the device's access node.
// - The MME detaches the UE (TS 23.401 §5.3.8.3 MME-initiated, §5.3.8.4
//   HSS-initiated): DETACH REQUEST, "re-attach not required" (TS 24.301
//   §5.5.2.3.1), EMM cause #7 EPS services not allowed for the barring (as
//   the attach's reject, modem_cycle.cpp), #8 EPS services and non-EPS
//   services not allowed for the withdrawal (TS 23.401 names no cause: TS
//   29.272 Annex A gives #8 for a subscription the HSS does not have,
//   DIAMETER_ERROR_USER_UNKNOWN; our reading). A UE in ECM-CONNECTED gets
//   it at once; one in ECM-IDLE is paged first (§5.3.8.4 step 2) and gets it
//   after its service request; one in PSM (or whose TAU is overdue) cannot
//   be paged (TS 23.682 §4.5.4): the MME detaches it locally (TS 23.401
//   §5.3.8.1, implicit detach).
// - The UE answers DETACH ACCEPT (TS 24.301 §5.5.2.3.2) and the MME
//   releases its S1 connection. A UE detached locally learns it at its next
//   TAU or service request: TAU REJECT / SERVICE REJECT #10 implicitly
//   detached (§5.5.3.2.5, §5.6.1.5), then a new attach, which the HSS's
//   barring rejects with #7 (modem_cycle.cpp, attach_request).
//
// The DETACH REQUEST travels as the event's tag: its detach type octet and
// its EMM cause, the only octets of the message that vary; the device's
// side decodes the whole message (twinmodels/network/detach_request.hpp).
#include <algorithm>

#include "twinmodels/network/detach_request.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/modem_cycle.hpp"

namespace twinsim {

namespace mdm = twinmodels::modem;

namespace {

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

void ModemCycle::hss_detach(std::uint32_t device, SimTime now, bool withdrawn) {
  const std::uint16_t population = world_.devices[device].population;
  const std::uint64_t ue = ModemWorld::ue(population, device, world_.population_first);
  twinmodels::MmeReachability& reach = reach_of(device);
  const twinmodels::UeReachability r = reach.reachability(ue, 0, m_tmsi_of(device), now);
  // No context at this MME (never attached, detached, or its attach under
  // way: that one meets the barring in its ULA, accept()).
  if (r.state == twinmodels::UeReachState::Detached) return;
  const std::uint16_t tag =
      tag_of({twinmodels::DetachType::ReattachNotRequired,
              withdrawn ? twinmodels::kEmmCauseEpsAndNonEpsServicesNotAllowed : twinmodels::kEmmCauseEpsServicesNotAllowed});
  const SimTime sent = now + mw_.latency.mme_processing;
  if (r.state == twinmodels::UeReachState::Connected) {
    schedule(device, downlink(sent), Step::DetachRequest, tag);
    return;
  }
  if (r.state == twinmodels::UeReachState::Pageable) {
    // Paged at its next paging occasion (TS 36.304 §7.1, the IMSI's), its
    // service request up, then the DETACH REQUEST down.
    const std::string imsi = mw_.modems[slot(device)].imsi();
    const SimTime paged =
        std::max(reach.reachability(ue, imsi_value(imsi), m_tmsi_of(device), now).at, sent + mw_.latency.s1ap_one_way);
    schedule(device, downlink(uplink(paged)), Step::DetachRequest, tag);
    return;
  }
  local_detach(device, now);
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
  const std::uint16_t population = world_.devices[device].population;
  const std::uint64_t ue = ModemWorld::ue(population, device, world_.population_first);
  const mdm::ModemState state = mw_.modems[s].state();
  if (state != mdm::ModemState::Registered && state != mdm::ModemState::Attaching) {
    // No answer (gone to PSM before the paging, or no longer registered):
    // T3422 runs out five times and the MME aborts the detach, EMM-
    // DEREGISTERED (TS 24.301 §5.5.2.3.5 a, the network's abnormal cases):
    // locally, if it still had the UE; the twin does it at once.
    if (reach_of(device).reachability(ue, 0, m_tmsi_of(device), now).state != twinmodels::UeReachState::Detached)
      local_detach(device, now);
    return;
  }
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
