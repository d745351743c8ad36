#include "twinsim/engine/sm_sr_changes.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/platform_log.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"

namespace twinsim {

namespace {

namespace pf = twinmodels::platform;
using Caller = SmSrRun::Caller;

}  // namespace

SmSrChanges::SmSrChanges(const Scenario& s, const EuiccFactory& factory, SmSrRuns& runs)
    : scenario_(s), factory_(factory), runs_(runs) {
  if (!factory.pki()) throw std::logic_error("SM-SR changes need the run's PKI (EuiccFactory)");
  for (std::size_t i = 0; i < s.sm_srs.size(); ++i)
    parties_.push_back(factory.pki()->smsr(s.sm_srs[i].id, static_cast<std::uint8_t>(i + 1)));
}

SmSrChanges::~SmSrChanges() = default;

std::string SmSrChanges::call_id(const Change& c, std::uint32_t device) const {
  return scenario_.campaigns.at(c.campaign).name + "-" + std::to_string(device);
}

void SmSrChanges::release(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  const std::uint8_t to = scenario_.campaigns.at(campaign).to;
  if (changes_.count(device) != 0) {
    // One SM-SR change per eUICC at a time (the SM-SR refuses a second:
    // sm_sr_es4_change.cpp); the MNO's order fails at once.
    ++counters_.refused;
    outcomes_.push_back({t, device, SmSrEvent::Refused, campaign});
    return;
  }
  Change& c = changes_[device];
  c.campaign = campaign;
  c.from = runs_.manager(device);
  c.to = to;
  c.phase = Phase::Prepare;
  c.waiting = call_id(c, device) + "-prepare";
  ++counters_.calls;
  // SGP.02 §3.8: the MNO asks the new SM-SR first.
  log_order(t, device, c, true);
  runs_.at(to).submit_order(t, Caller::SmSrChange, "ES4.PrepareSMSRChange", c.waiting, euicc_eid(device));
}

void SmSrChanges::pump(SimTime t) {
  for (bool more = true; more;) {
    more = false;
    for (std::uint8_t i = 0; i < runs_.size(); ++i) {
      for (const pf::FunctionResult& r : runs_.at(i).take_results(Caller::SmSrChange, t)) {
        const std::optional<std::uint32_t> device = device_of_eid(r.eid);
        if (!device) continue;
        const auto it = changes_.find(*device);
        if (it == changes_.end() || it->second.waiting != r.call_id) continue;
        it->second.waiting.clear();
        on_answer(t, *device, it->second, r);
        more = true;
      }
    }
    // The registrations' first scripts done: those changes start.
    for (std::uint8_t i = 0; i < runs_.size(); ++i) {
      for (std::uint32_t device : runs_.at(i).take_registrations()) {
        const auto it = changes_.find(device);
        if (it == changes_.end() || it->second.phase != Phase::Registering || it->second.from != i) continue;
        start(t, device, it->second);
        more = true;
      }
    }
  }
}

void SmSrChanges::on_answer(SimTime t, std::uint32_t device, Change& c, const pf::FunctionResult& r) {
  switch (c.phase) {
    case Phase::Prepare:
    case Phase::Order:
      if (!r.ok()) {
        finish(t, device, c, pf::server_refused(r) ? SmSrEvent::Refused : SmSrEvent::Failed);
        return;
      }
      if (c.phase == Phase::Prepare) {
        // Then the current SM-SR.
        c.phase = Phase::Order;
        c.waiting = call_id(c, device);
        log_order(t, device, c, false);
        runs_.at(c.from).submit_order(t, Caller::SmSrChange, "ES4.SMSRChange", c.waiting, euicc_eid(device));
        return;
      }
      // The EUM registered the eUICC with its first SM-SR (ES1.RegisterEIS),
      // which gives it its address first (sm_sr_run.hpp).
      if (!runs_.at(c.from).is_registered(device)) {
        runs_.at(c.from).register_euicc(scenario_.population_of(device), device);
        c.phase = Phase::Registering;
        return;
      }
      start(t, device, c);
      return;
    case Phase::Registering: return;
    case Phase::Handover:
      if (c.es7_send_data && pf::server_refused(r)) c.handover->on_unreachable();  // over ES7, the current SM-SR unreachable
      else c.handover->on_result(r);
      advance(t, device, c);
      return;
  }
}

pf::SmSrHandoverConfig SmSrChanges::handover_config(std::uint32_t device, const Change& c) const {
  const std::string eid = euicc_eid(device);
  const std::string id = call_id(c, device);
  pf::SmSrHandoverConfig config{
      .mno_id = c.mno_id,
      .eid = eid,
      .prepare_call_id = id + "-prepare",
      .change_call_id = id,
      .certificate = parties_[c.to].certificate,
      .signing_key = parties_[c.to].key,
      .ephemeral_key = factory_.pki()->key("eSK.SR.ECKA/" + id),
      .key_version = c.key_version,
      .link = factory_.isd_r(scenario_.population_of(device), device, runs_.at(c.to).address()),
  };
  // The new SM-SR's SCP81 PSK, when start() chose one.
  if (c.psk_version != 0) {
    config.psk_version = c.psk_version;
    config.psk_ephemeral_key = factory_.pki()->key("eSK.SR.PSK/" + id);
  }
  return config;
}

void SmSrChanges::start(SimTime t, std::uint32_t device, Change& c) {
  c.phase = Phase::Handover;
  // The MNO of the enabled profile orders it (the current SM-SR refuses
  // any other: sm_sr_es4_change.cpp).
  const pf::SmSr& current = runs_.at(c.from).model();
  const std::string eid = euicc_eid(device);
  const pf::Eis* eis = current.eis(eid);
  if (eis && eis->enabled()) c.mno_id = eis->enabled()->mno_id;
  c.key_version = static_cast<std::uint8_t>(current.key_version(eid).value_or(1) % 15 + 1);
  // An eUICC on HTTPS going to an SM-SR with an admin server: the new
  // SM-SR establishes its own SCP81 PSK too (SGP.02 §2.4.4).
  if (scenario_.sm_srs[c.to].https && eis && eis->isd_r_psk_version)
    c.psk_version = static_cast<std::uint8_t>(*eis->isd_r_psk_version == 0x4F ? 0x40 : *eis->isd_r_psk_version + 1);
  c.handover = std::make_unique<pf::SmSrHandover>(runs_.at(c.from).model(), runs_.at(c.to).model(),
                                                  handover_config(device, c));
  if (!c.handover->start()) {
    finish(t, device, c, SmSrEvent::Failed);
    return;
  }
  advance(t, device, c);
}

void SmSrChanges::advance(SimTime t, std::uint32_t device, Change& c) {
  // Twice: a next() that finds the key agreement cannot go on fails the
  // change and returns nothing; the clean-up's call comes from the next one.
  std::optional<pf::HandoverStep> step;
  for (int i = 0; i < 2 && !step; ++i) {
    if (c.handover->finished()) {
      const pf::FunctionResult& r = c.handover->result();
      if (r.ok()) runs_.handed_over(device, c.to);
      finish(t, device, c,
             r.ok() ? SmSrEvent::Done : r.status == pf::ExecutionStatus::Expired ? SmSrEvent::Expired : SmSrEvent::Failed);
      return;
    }
    step = c.handover->next();
  }
  if (!step) return;  // waiting for an answer
  c.es7_send_data = step->to == pf::HandoverSide::Current && step->call.kind == pf::FunctionCall::Kind::SendData;
  c.waiting = step->call.call_id;
  SmSrRun& to = runs_.at(step->to == pf::HandoverSide::Current ? c.from : c.to);
  // An ES7 call comes from the other SM-SR, over the network between them;
  // an ES5 one is the SM-SR's own.
  const bool es7 = step->call.interface == "ES7";
  const SimTime latency = es7 ? to_simtime(runs_.routes().sm_sr_sm_sr_s(c.from, c.to)) : 0;
  // An ES7 call is the other SM-SR's (on the links of their route, with
  // them); an ES5 script the SM-SR's own.
  const bool to_current = step->to == pf::HandoverSide::Current;
  const std::uint8_t caller = es7 ? (to_current ? c.to : c.from) : (to_current ? c.from : c.to);
  if (runs_.log()) runs_.log()->request(t, pf::request_of(step->call, scenario_.sm_srs[caller].id));
  to.submit(t, Caller::SmSrChange, std::move(step->call), c.campaign, latency, es7 ? caller : SmSrRun::kNoSmSr);
}

void SmSrChanges::log_order(SimTime t, std::uint32_t device, const Change& c, bool prepare) const {
  if (!runs_.log()) return;
  // The MNO of the enabled profile orders it (the EUM's EIS before the
  // current SM-SR has its own).
  const std::string eid = euicc_eid(device);
  const pf::Eis eis = runs_.at(c.from).eis_of(device);
  pf::SmSrChangeRequest r;
  r.prepare = prepare;
  r.order.call_id = prepare ? call_id(c, device) + "-prepare" : call_id(c, device);
  r.order.mno_id = eis.enabled() ? eis.enabled()->mno_id : std::string();
  r.order.eid = eid;
  r.order.smsr_id = scenario_.sm_srs[prepare ? c.from : c.to].id;
  runs_.log()->request(t, pf::request_of(r));
}

void SmSrChanges::finish(SimTime t, std::uint32_t device, Change& c, SmSrEvent event) {
  // ES4.SMSRChange's result to the MNO, once the handover ran.
  if (runs_.log() && c.handover && c.handover->finished()) runs_.log()->result(t, c.handover->result());
  switch (event) {
    case SmSrEvent::Done:
      ++counters_.done;
      counters_.last_done_s = std::max(counters_.last_done_s, to_seconds(t));
      break;
    case SmSrEvent::Expired: ++counters_.expired; break;
    case SmSrEvent::Refused: ++counters_.refused; break;
    default: ++counters_.failed; break;
  }
  outcomes_.push_back({t, device, event, c.campaign});
  changes_.erase(device);
}

}  // namespace twinsim
