// The MT SMS between the SMSC and a modem device's MME (sms_crossing.hpp).
#include "twinsim/engine/sms_crossing.hpp"

#include "twinsim/engine/bip_crossing.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_cycle.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/smsc_actor.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/engine/write_module_link.hpp"

namespace twinsim {

void mme_takes_forward(World& w, std::uint32_t d, twinmodels::SmscMessageId id, SimTime at, std::uint32_t smsc_attempt,
                       const std::function<void(const Event&)>& schedule) {
  ModemWorld& mw = *w.modem;
  const Device& dev = w.devices[d];
  const twinmodels::modem::Modem& m = mw.modems[mw.slot(dev.population, d, w.population_first)];
  twinmodels::UeReachability r;
  if (m.state() != twinmodels::modem::ModemState::Off && !mw.delivering.count(d)) {
    const twinmodels::MmeReachability& reach = *mw.reach[dev.population];
    const std::uint64_t ue = ModemWorld::ue(dev.population, d, w.population_first);
    // The IMSI matters for the paging occasion only (TS 36.304 §7.1).
    r = reach.reachability(ue, 0, m_tmsi_of(d), at);
    if (r.state == twinmodels::UeReachState::Pageable) r = reach.reachability(ue, imsi_value(m.imsi()), m_tmsi_of(d), at);
  }
  const SimTime latency = to_simtime(w.scenario.network.smsc.delivery_latency_s);
  SimTime t = 0;
  if (r.state == twinmodels::UeReachState::Connected) {
    t = at + latency;
  } else if (r.state == twinmodels::UeReachState::Pageable) {
    t = std::max(r.at, at) + latency;
  } else {
    ++mw.sms.absent;
    w.events_sink().add(to_seconds(at), d, static_cast<std::uint8_t>(EventKind::SmsAbsent), smsc_attempt);
    // The SMSC holds the message (its attempt is under way: it is up).
    if (w.shard_sms_up) {
      send_sms_answer(w, d, at, id, twinmodels::DeliveryOutcome::Absent, kAnswerAbsent);
    } else {
      mw.smsc.delivery_result(at, id, twinmodels::DeliveryOutcome::Absent);
    }
    return;
  }
  mw.delivering[d] = id;
  schedule(Event{t, d, static_cast<std::uint8_t>(Step::MtSms), dev.epoch, 0});
}

void mme_alerted(World& w, std::uint32_t d) {
  ModemWorld& mw = *w.modem;
  const std::uint16_t p = w.scenario.population_of(d);
  mw.reach[p]->request_reachability_notification(ModemWorld::ue(p, d, w.population_first));
}

void send_sms_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id,
                     twinmodels::DeliveryOutcome outcome, std::int64_t what) {
  SmsUp up;
  up.kind = SmsUp::Kind::Answer;
  up.device = device;
  up.t = t;
  up.id = id;
  up.outcome = outcome;
  up.what = what;
  w.shard_sms_up->push_back(up);
}

void smsc_takes_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id,
                       twinmodels::DeliveryOutcome outcome, std::int64_t what) {
  ModemWorld& mw = *w.modem;
  if (!mw.smsc.delivery_result(t, id, outcome)) w.events_sink().add(to_seconds(t), device, sms_answer_lost_kind(), what);
  mw.poke_smsc(t);
}

void smsc_takes_rp_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id, bool ack,
                          bool has_report, CampaignPlatforms::PorReading por) {
  ModemWorld& mw = *w.modem;
  const auto outcome = ack ? twinmodels::DeliveryOutcome::Delivered : twinmodels::DeliveryOutcome::TemporaryError;
  if (!mw.smsc.answer_reaches(t, id)) {
    // The SMSC crashed since it sent the message: the answer and its PoR
    // are lost, the platform learns nothing, the SMSC tries again.
    smsc_takes_answer(w, device, t, id, outcome, ack ? kAnswerRpAck : kAnswerRpError);
    return;
  }
  if (has_report) {
    // The PoR in the SMS-DELIVER-REPORT (TS 31.115 §4.3): the applet's answer.
    const ModemWorld::Message& msg = mw.messages.at(id);
    const std::uint32_t order = mw.order_of(msg.campaign, device, w.population_first, w.scenario);
    w.events_sink().add(to_seconds(t), device, static_cast<std::uint8_t>(EventKind::OtaPor), por.row);
    ++(por.result == 0 || por.result == 1 ? mw.sms.por_ok : mw.sms.por_errors);
    if (por.row >= CampaignPlatforms::kPorStatusRow)
      ++mw.sms.por_status[static_cast<std::size_t>(por.row - CampaignPlatforms::kPorStatusRow) & 0x0F];
    else if (por.row < 0)
      ++mw.sms.por_unreadable;
    if (mw.write_link) {
      // On its way to the write module: the SMSC actor hands it over.
      mw.write_link->por(t, order, por.result);
      mw.poke_smsc(t + mw.write_link->latency());
    } else {
      mw.write_module->on_por(t, order, por.result);
      record_write_outcomes(w);
    }
  }
  mw.smsc.delivery_result(t, id, outcome);
  mw.poke_smsc(t);
}

void smsc_takes_alert(World& w, std::uint32_t device, SimTime t) {
  // TS 23.040 §3.2.5: an SMSC waiting for this device is alerted.
  ModemWorld& mw = *w.modem;
  if (mw.smsc.device_reachable(t, device)) mw.poke_smsc(t);
}

void smsc_takes_sm_sr_answer(World& w, std::uint32_t device, SimTime t, twinmodels::SmscMessageId id, bool ack,
                             cardcore::ByteView report) {
  ModemWorld& mw = *w.modem;
  if (!mw.smsc.answer_reaches(t, id)) {
    // The SMSC crashed since it sent the message: the answer and its PoR
    // are lost, the SM-SR learns nothing, the SMSC tries again (the
    // SM-SR's SMS-DELIVERs stay for it).
    smsc_takes_answer(w, device, t, id,
                      ack ? twinmodels::DeliveryOutcome::Delivered : twinmodels::DeliveryOutcome::TemporaryError,
                      ack ? kAnswerRpAck : kAnswerRpError);
    return;
  }
  // The SM-SR reads the PoR (or its absence) and retries on its own: the
  // SMSC's message ends with any RP answer (an RP-ERROR's TP-FCS '(U)SIM
  // data download error' is permanent, TS 23.040 §9.2.3.22).
  const std::uint8_t sr = *ModemWorld::sm_sr_of_message(mw.messages.at(id).campaign);
  mw.sm_srs->at(sr).drop_delivers(id);
  mw.sm_srs->at(sr).on_delivery_report(t, device, report, ack);
  mw.smsc.delivery_result(t, id, ack ? twinmodels::DeliveryOutcome::Delivered : twinmodels::DeliveryOutcome::PermanentError);
  pass_smsr_outputs(w, t);
  mw.poke_smsc(t);
}

void sm_sr_takes_mo_sms(World& w, std::uint32_t device, SimTime t, std::uint8_t sm_sr, std::size_t k,
                        cardcore::ByteView tpdu) {
  ModemWorld& mw = *w.modem;
  const SimTime at = t + to_simtime(w.scenario.network.smsc.delivery_latency_s);
  SmSrRun& smsr = mw.sm_srs->at(sm_sr);
  smsr.on_mo_sms(at, device, profile_msisdn(k, device), tpdu);
  pass_smsr_outputs(w, at);
  // On its way from the SMSC to the SM-SR, or held for it while it is
  // crashed: the SMSC actor hands it over.
  mw.poke_smsc(smsr.next_wakeup());
}

std::uint32_t keep_sms_bytes(World& w, SmsBytes b) {
  w.shard_sms_bytes->push_back(std::move(b));
  return static_cast<std::uint32_t>(w.shard_sms_bytes->size());
}

void smsc_takes(World& w, const SmsUp& up, const SmsBytes& bytes, SimTime at) {
  switch (up.kind) {
    case SmsUp::Kind::Answer: smsc_takes_answer(w, up.device, at, up.id, up.outcome, up.what); return;
    case SmsUp::Kind::RpAnswer: smsc_takes_rp_answer(w, up.device, at, up.id, up.ack, up.has_report, up.por); return;
    case SmsUp::Kind::Alert: smsc_takes_alert(w, up.device, at); return;
    case SmsUp::Kind::SmSrRpAnswer: smsc_takes_sm_sr_answer(w, up.device, at, up.id, up.ack, bytes.at(0)); return;
    case SmsUp::Kind::SmSrMoSms: sm_sr_takes_mo_sms(w, up.device, at, up.sm_sr, up.profile, bytes.at(0)); return;
    case SmsUp::Kind::BipOpen:
    case SmsUp::Kind::BipClose: admin_server_takes(w, up, {}, at); return;
    case SmsUp::Kind::BipData: admin_server_takes(w, up, bytes.at(0), at); return;
  }
}

}  // namespace twinsim
