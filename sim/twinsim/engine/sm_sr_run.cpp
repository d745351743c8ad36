#include "twinsim/engine/sm_sr_run.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/sms/address.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/platform_log.hpp"

namespace twinsim {

namespace {

namespace pf = twinmodels::platform;
using cardcore::sms::Address;
using cardcore::sms::NumberingPlan;
using cardcore::sms::TypeOfNumber;

Address e164(const std::string& digits) { return {TypeOfNumber::International, NumberingPlan::Isdn, digits}; }

// The SMSC as the card's service centre address (TS 102 223 §8.1): the
// Type-of-Address and the semi-octets of the TP address coding.
cardcore::cat::Address service_centre(const std::string& digits) {
  const cardcore::Bytes tp = cardcore::sms::encode_tp_address(e164(digits), "SMSC");
  return {tp[1], cardcore::Bytes(tp.begin() + 2, tp.end())};
}

// The call id prefix of register_euicc()'s first script.
const std::string kRegistrationCall = "connectivity-";

// The ES4 function (SGP.02 §5.4) a campaign of `k` calls.
pf::FunctionCall::Kind function_of(CampaignKind k) {
  using F = pf::FunctionCall::Kind;
  switch (k) {
    case CampaignKind::DisableProfile: return F::DisableProfile;
    case CampaignKind::DeleteProfile: return F::DeleteProfile;
    case CampaignKind::SetFallbackAttribute: return F::SetFallbackAttribute;
    case CampaignKind::AuditEis: return F::AuditEis;
    case CampaignKind::SetEmergencyProfileAttribute: return F::SetEmergencyProfileAttribute;
    case CampaignKind::UpdatePolicyRules: return F::UpdatePolicyRules;
    default: return F::EnableProfile;
  }
}

}  // namespace

std::optional<std::uint32_t> device_of_eid(std::string_view eid) {
  // euicc_eid(): "89086030", 22 digits of the device, 2 check digits.
  if (eid.size() != 32 || eid.substr(0, 8) != "89086030") return std::nullopt;
  std::uint64_t d = 0;
  for (char c : eid.substr(8, 22)) {
    if (c < '0' || c > '9') return std::nullopt;
    d = d * 10 + static_cast<std::uint64_t>(c - '0');
    if (d > 0xFFFFFFFFull) return std::nullopt;
  }
  if (euicc_eid(static_cast<std::uint32_t>(d)) != eid) return std::nullopt;
  return static_cast<std::uint32_t>(d);
}

pf::ServerConfig sm_sr_server_config(const Scenario& s, std::uint8_t index) {
  pf::ServerConfig c = s.sm_srs.at(index).server;
  c.outages = outages_of(s, FaultTarget::SmSr, index);
  c.crashes = outages_of(s, FaultTarget::SmSr, index, FaultAction::Crash);
  // Each SM-SR its own failure draws.
  c.seed = s.general.seed + index;
  return c;
}

namespace {

pf::SmSrConfig smsr_config(const Scenario& s, std::uint8_t index) {
  const SmSrSpec& spec = s.sm_srs.at(index);
  pf::SmSrConfig c{spec.id, e164(spec.address), service_centre(s.network.smsc.address), spec.max_attempts};
  for (const SmSrSpec& other : s.sm_srs) {
    if (other.id != spec.id) c.es7_partners.push_back(other.id);
  }
  if (spec.https) {
    c.https = pf::AdminEndpoint{cardcore::Bytes(spec.https->ipv4.begin(), spec.https->ipv4.end()), spec.https->port,
                                spec.https->host, spec.https->uri};
  }
  return c;
}

}  // namespace

SmSrRun::SmSrRun(const Scenario& s, std::uint8_t index, const EuiccFactory& factory, std::uint64_t devices,
                 SimTime smsc_latency)
    : scenario_(s), index_(index), factory_(factory), devices_(devices), config_(smsr_config(s, index)),
      smsr_(config_), server_(sm_sr_server_config(s, index)), backups_(s, index), smsc_latency_(smsc_latency),
      to_mnos_(s, "ES4", s.sm_srs[index].id, s.sm_srs[index].notification_retry) {
  // SGP.02 §5.1.3: the SM-SR's notifications (sm_sr_notices.cpp).
  smsr_.notify_to([this](const pf::PlatformNotification& n) { take_notification(n); });
}

SmSrRun::~SmSrRun() = default;

pf::FunctionCall SmSrRun::campaign_call(std::uint16_t campaign, std::uint32_t device) const {
  const CampaignSpec& spec = scenario_.campaigns.at(campaign);
  pf::FunctionCall f;
  f.kind = function_of(spec.kind);
  f.call_id = spec.name + "-" + std::to_string(device);
  f.eid = euicc_eid(device);
  if (names_a_profile(spec.kind)) f.iccid = printed_iccid(profile_iccid(spec.profile, device));
  f.pol2 = spec.pol2;  // update-policy-rules: the profile's new POL2
  return f;
}

void SmSrRun::log_result(SimTime t, const pf::FunctionResult& r) {
  if (log_) log_->result(t, r);
}

void SmSrRun::release(SimTime t, std::uint16_t campaign, std::uint32_t device) { call(catch_up(t), campaign, device); }

void SmSrRun::call(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  const pf::FunctionCall f = campaign_call(campaign, device);
  if (log_) log_->request(t, pf::request_of(f, ordering_operator(scenario_, campaign)));
  const pf::Admission a = server_.submit(t, request_id(campaign, device), pf::result_function(f));
  if (a == pf::Admission::Accepted) {
    ++counters_.calls;
    return;
  }
  // The MNO's call is answered at once (platform_server.hpp, server_refusal).
  log_result(t, pf::server_refusal(config_.id, a, pf::result_function(f), f.call_id, f.eid, f.iccid));
  if (retries_.again(t, scenario_.campaigns.at(campaign), {campaign, device})) return;
  ++counters_.refused;
  outcomes_.push_back({t, device, SmSrEvent::Refused, campaign});
}

void SmSrRun::register_euicc(std::uint16_t population, std::uint32_t device) {
  if (!registered_.insert(device).second) return;
  smsr_.register_eis(factory_.eis(population, device), factory_.isd_r(population, device, config_.address),
                     factory_.scp81_key(population, device));
  // Its first ES5 script gives the eUICC the SM-SR's address for its
  // notifications (ES5.UpdateConnectivityParameters, SGP.02 §4.1.3.4):
  // the EUM's personalization names no SM-SR. Its result is the SM-SR's own.
  pf::FunctionCall u;
  u.kind = pf::FunctionCall::Kind::UpdateConnectivityParameters;
  u.call_id = kRegistrationCall + std::to_string(device);
  u.eid = euicc_eid(device);
  smsr_.call(u);
}

const PlatformHop* SmSrRun::call_hop(Caller caller, std::uint8_t es7_from, bool from) const {
  if (!es3_links_) return nullptr;
  std::size_t j = es7_from;
  const std::vector<PlatformHop>* hops = from ? &from_sm_sr_ : &to_sm_sr_;
  if (caller != Caller::SmSrChange) {
    j = static_cast<std::size_t>(caller) - static_cast<std::size_t>(Caller::SmDp);
    hops = from ? &from_sm_dp_ : &to_sm_dp_;
  }
  return j < hops->size() && (*hops)[j].crosses ? &(*hops)[j] : nullptr;
}

void SmSrRun::submit(SimTime t, Caller caller, pf::FunctionCall call, std::optional<std::uint16_t> campaign,
                     SimTime latency, std::uint8_t es7_from) {
  Arriving a{CallerCall{caller, std::move(call), {}, latency, es7_from}, campaign};
  if (const PlatformHop* h = call_hop(caller, es7_from, true)) {
    // On the links: the call and its script (SendData's command script).
    const double bytes = es3_bytes_ + static_cast<double>(a.call.call.script.size());
    es3_links_->send(*h, t, bytes, [this, t, a](SimTime l) { arriving_.emplace(t + l, a); });
    return;
  }
  if (latency > 0) {
    arriving_.emplace(t + latency, std::move(a));
    return;
  }
  arrive(t, std::move(a));
}

void SmSrRun::arrive(SimTime t, Arriving a) {
  t = catch_up(t);
  if (a.campaign) {
    if (const std::optional<std::uint32_t> d = device_of_eid(a.call.call.eid)) campaign_of_[*d] = *a.campaign;
  }
  const std::string function = a.call.order.empty() ? pf::result_function(a.call.call) : a.call.order;
  admit(t, std::move(a.call), function);
}

void SmSrRun::submit_order(SimTime t, Caller caller, std::string function, std::string call_id, std::string eid,
                           SimTime latency) {
  CallerCall c{caller, {}, function, latency};
  c.call.call_id = std::move(call_id);
  c.call.eid = std::move(eid);
  if (const PlatformHop* h = call_hop(caller, kNoSmSr, true)) {
    es3_links_->send(*h, t, es3_bytes_, [this, t, a = Arriving{std::move(c), std::nullopt}](SimTime l) {
      arriving_.emplace(t + l, a);
    });
    return;
  }
  if (latency > 0) {
    arriving_.emplace(t + latency, Arriving{std::move(c), std::nullopt});
    return;
  }
  t = catch_up(t);
  admit(t, std::move(c), function);
}

void SmSrRun::admit(SimTime t, CallerCall c, const std::string& function) {
  const std::uint64_t id = kCallerRequest | caller_sequence_++;
  const pf::Admission a = server_.submit(t, id, function);
  if (a == pf::Admission::Accepted) {
    caller_waiting_.emplace(id, std::move(c));
    return;
  }
  answer(t, caller_of(c), pf::server_refusal(config_.id, a, function, c.call.call_id, c.call.eid, c.call.iccid));
}

pf::FunctionResult SmSrRun::served_order(const std::string& order, const pf::FunctionCall& f) const {
  pf::FunctionResult served;
  served.function = order;
  served.call_id = f.call_id;
  served.eid = f.eid;
  if (order == "ES3.GetEIS") {
    // SGP.02 §5.4.1: the output is the EIS the SM-SR holds; an eUICC it does
    // not manage is refused.
    if (const pf::Eis* eis = smsr_.eis(f.eid)) {
      served.eis = *eis;
    } else {
      served = pf::failed_result(order, f.call_id, f.eid, {}, "EID", "Unknown", "no EIS of this eUICC");
    }
  }
  return served;
}

void SmSrRun::answer(SimTime t, const CallerOf& to, pf::FunctionResult r) {
  const Caller caller = to.caller;
  log_result(t, r);
  // The log has the EIS a GetEIS returned; the caller reads the SM-SR's
  // EIS when the answer is back (SmDp::get_eis), so the answer on its way
  // (kept in checkpoints) carries no copy.
  r.eis.reset();
  if (const PlatformHop* h = call_hop(caller, to.es7_from, false)) {
    es3_links_->send(*h, t, es3_bytes_, [this, caller, t, r](SimTime l) {
      caller_results_[static_cast<std::size_t>(caller)].push_back({t + l, r});
    });
    return;
  }
  caller_results_[static_cast<std::size_t>(caller)].push_back({to.latency > 0 ? t + to.latency : 0, std::move(r)});
}

std::vector<pf::FunctionResult> SmSrRun::take_results(Caller caller, SimTime t) {
  std::vector<Answer>& all = caller_results_[static_cast<std::size_t>(caller)];
  std::vector<pf::FunctionResult> back;
  std::vector<Answer> on_the_way;
  for (Answer& a : all) {
    if (a.back <= t) back.push_back(std::move(a.result));
    else on_the_way.push_back(std::move(a));
  }
  all = std::move(on_the_way);
  return back;
}

void SmSrRun::poll(SimTime t) { catch_up(t); }

SimTime SmSrRun::next_arrival() const {
  SimTime next = twinmodels::kNever;
  if (!arriving_.empty()) next = arriving_.begin()->first;
  if (!inputs_.empty()) next = std::min(next, inputs_.begin()->first);
  return next;
}

SimTime SmSrRun::catch_up(SimTime t) {
  // What arrived by t first, each at its own time: a backup or restore of
  // the SM-SR's records, the calls, the SMSC's inputs of the same time,
  // then the MNOs' calls made again (campaigns[i].retry). The admin
  // server's crash or restart goes after the rest of its time: at a
  // restart, the SMSC's inputs it held (a push's PoR) come first.
  auto next = [this] { return std::min({next_arrival(), backups_.next(), retries_.next(), next_https_step()}); };
  for (SimTime at = next(); at <= t; at = next()) {
    if (backups_.next() == at) {
      backups_.run_next(smsr_);
    } else if (!arriving_.empty() && arriving_.begin()->first == at) {
      Arriving a = std::move(arriving_.begin()->second);
      arriving_.erase(arriving_.begin());
      arrive(at, std::move(a));
    } else if (!inputs_.empty() && inputs_.begin()->first == at) {
      const SmscInput in = std::move(inputs_.begin()->second);
      inputs_.erase(inputs_.begin());
      apply_input(at, in);
    } else if (retries_.next() == at) {
      for (const auto& [due, c] : retries_.take_due(at)) call(catch_up(due), c.campaign, c.device);
    } else {
      run_https_step();
      collect_results(at);
    }
  }
  t = server_time(t);
  server_.poll(t);
  run_served(t);
  return t;
}

SimTime SmSrRun::next_https_step() const {
  const twinmodels::OutageWindows& crashes = server_.config().crashes;
  if (!config_.https || https_steps_done_ >= 2 * crashes.size()) return twinmodels::kNever;
  const auto& crash = crashes[https_steps_done_ / 2];
  return https_steps_done_ % 2 == 0 ? crash.first : crash.second;
}

void SmSrRun::run_https_step() {
  if (https_steps_done_++ % 2 == 0) {
    for (std::uint32_t c : smsr_.https_crash()) cut_.insert(c);
  } else {
    smsr_.https_restart();
  }
}

bool SmSrRun::https_cut(SimTime t, std::uint32_t connection) {
  catch_up(t);
  return cut_.erase(connection) != 0;
}

SimTime SmSrRun::next_wakeup() const {
  SimTime next = std::min({server_.next_wakeup(), next_arrival(), backups_.next(), retries_.next(), next_https_step()});
  if (!outbox_.empty()) next = std::min(next, outbox_.begin()->first);
  if (!notices_.empty()) next = std::min(next, notices_.begin()->first);
  if (!refused_.empty()) next = std::min(next, refused_.begin()->first);
  next = std::min(next, to_mnos_.next_wakeup());
  for (const std::vector<Answer>& answers : caller_results_) {
    for (const Answer& a : answers) next = std::min(next, a.back);
  }
  return next;
}

void SmSrRun::run_served(SimTime t) {
  for (const pf::ServedRequest& r : server_.take_done()) {
    if (r.id & kCallerRequest) {
      CallerCall c = std::move(caller_waiting_.at(r.id));
      caller_waiting_.erase(r.id);
      const pf::FunctionCall& f = c.call;
      if (r.failed) {
        answer(t, caller_of(c), pf::server_failure(config_.id, r, f.call_id, f.eid, f.iccid));
        continue;
      }
      if (!c.order.empty()) {
        answer(t, caller_of(c), served_order(c.order, f));
        continue;
      }
      caller_calls_[f.call_id] = caller_of(c);
      smsr_.call(f);
      continue;
    }
    const Call c{static_cast<std::uint16_t>(r.id >> 32), static_cast<std::uint32_t>(r.id)};
    const SimTime at = std::min(t, static_cast<SimTime>(r.done));
    const pf::FunctionCall f = campaign_call(c.campaign, c.device);
    if (r.failed) {
      log_result(at, pf::server_failure(config_.id, r, f.call_id, f.eid, f.iccid));
      if (retries_.again(at, scenario_.campaigns.at(c.campaign), {c.campaign, c.device})) continue;
      ++counters_.failed;
      outcomes_.push_back({at, c.device, SmSrEvent::Failed, c.campaign});
      continue;
    }
    retries_.served({c.campaign, c.device});
    register_euicc(scenario_.campaigns.at(c.campaign).population, c.device);
    calls_[f.call_id] = c;
    campaign_of_[c.device] = c.campaign;
    // The MNO that asked: it has the result, and no notification about its
    // profile (SGP.02 §3.2-§3.7; SmSr::notify_to).
    pf::FunctionCall asked = f;
    asked.mno_id = ordering_operator(scenario_, c.campaign);
    smsr_.call(asked);
  }
  collect_results(t);
}

SmSrRun::Sms SmSrRun::make_sms(std::uint32_t device, const std::string& msisdn,
                               std::optional<std::uint16_t> campaign) const {
  Sms sms;
  sms.sm_sr = index_;
  sms.device = device;
  sms.submit.da = e164(msisdn);
  if (campaign) sms.submit.vp = campaign_validity(scenario_.campaigns.at(*campaign));
  return sms;
}

std::vector<SmSrRun::Sms> SmSrRun::take_sms(SimTime t) {
  std::vector<Sms> out;
  const twinmodels::SmsClock& clock = scenario_.network.smsc.config.clock;
  // The SMSC stamps what it forwards when the message reaches it.
  const SimTime reach = t + smsc_latency_;
  for (pf::OutgoingSms& m : smsr_.take_outgoing(clock.timestamp(reach))) {
    const std::optional<std::uint32_t> device = device_of_eid(m.eid);
    if (!device) continue;
    // The TP-VP of the campaign that made the SM-SR talk to the device.
    std::optional<std::uint16_t> campaign;
    if (const auto c = campaign_of_.find(*device); c != campaign_of_.end()) campaign = c->second;
    Sms sms = make_sms(*device, m.msisdn, campaign);
    sms.at = reach;
    sms.delivers = std::move(m.delivers);
    if (smpp_.links) {
      // One submit_sm per SMS-DELIVER; it reaches the SMSC its transfer
      // after t.
      const double bytes = smpp_.pdu_bytes * static_cast<double>(sms.delivers.size());
      smpp_.links->send(smpp_.to_smsc, t, bytes, [this, t, o = Outgoing{std::move(sms), campaign}](SimTime l) {
        Outgoing arrived = o;
        arrived.sms.at = t + l;
        outbox_.emplace(t + l, std::move(arrived));
      });
    } else if (smsc_latency_ > 0) {
      outbox_.emplace(reach, Outgoing{std::move(sms), campaign});
    } else {
      out.push_back(std::move(sms));
    }
  }
  while (!outbox_.empty() && outbox_.begin()->first <= t) {
    out.push_back(std::move(outbox_.begin()->second.sms));
    outbox_.erase(outbox_.begin());
  }
  return out;
}

cardcore::Bytes SmSrRun::https_receive(SimTime t, std::uint32_t connection, cardcore::ByteView bytes) {
  t = catch_up(t);
  cardcore::Bytes answer = smsr_.https_receive(connection, bytes);
  collect_results(t);
  return answer;
}

void SmSrRun::https_closed(SimTime t, std::uint32_t connection) {
  t = catch_up(t);
  cut_.erase(connection);
  smsr_.https_closed(connection);
  collect_results(t);
}

void SmSrRun::https_refused(SimTime t, std::uint32_t device) {
  t = catch_up(t);
  smsr_.https_refused(euicc_eid(device));
  collect_results(t);
}

void SmSrRun::on_delivery_report(SimTime t, std::uint32_t device, cardcore::ByteView report, bool ack) {
  take_input(t, {SmscInput::Kind::Report, device, {}, cardcore::Bytes(report.begin(), report.end()), ack});
}

void SmSrRun::on_delivery_failed(SimTime t, std::uint32_t device) {
  take_input(t, {SmscInput::Kind::Failed, device, {}, {}, false});
}

void SmSrRun::on_mo_sms(SimTime t, std::uint32_t device, const std::string& msisdn, cardcore::ByteView tpdu) {
  take_input(t, {SmscInput::Kind::MoSms, device, msisdn, cardcore::Bytes(tpdu.begin(), tpdu.end()), false});
}

void SmSrRun::take_input(SimTime t, SmscInput in) {
  // On its way from the SMSC: catch_up() takes it when it arrives. While
  // the SM-SR's process is down (a crash) its bind to the SMSC is gone:
  // the SMSC keeps what it has for it (the reports with their PoRs, the
  // notifications) and delivers it when the SM-SR binds again at its
  // restart (store and forward, TS 23.040 §3).
  if (smpp_.links) {
    smpp_.links->send(smpp_.from_smsc, t, smpp_.pdu_bytes, [this, t, in](SimTime l) {
      inputs_.emplace(twinmodels::up_at(server_.config().crashes, t + l), in);
    });
    return;
  }
  const SimTime at = twinmodels::up_at(server_.config().crashes, t + smsc_latency_);
  if (at > t) inputs_.emplace(at, std::move(in));
  else apply_input(t, in);
}

void SmSrRun::apply_input(SimTime t, const SmscInput& in) {
  const std::string eid = euicc_eid(in.device);
  switch (in.kind) {
    case SmscInput::Kind::Report: smsr_.on_delivery_report(eid, in.tpdu, in.ack); break;
    case SmscInput::Kind::Failed: smsr_.on_delivery_failed(eid); break;
    case SmscInput::Kind::MoSms: {
      const std::optional<pf::EuiccNotification> n =
          smsr_.on_mo_sms(in.msisdn, in.tpdu, static_cast<std::uint64_t>(t / 1000));
      if (n) {
        ++counters_.notifications;
        namespace type = cardcore::euicc::notification;
        if (n->type == type::kProfileChangeFailedAndRollback) ++euicc_switches_.rollbacks;
        if (n->type == type::kProfileChangeAfterFallback) ++euicc_switches_.fallbacks;
        outcomes_.push_back({t, in.device, SmSrEvent::Notification, n->type});
      }
      break;
    }
  }
  collect_results(t);
}

void SmSrRun::collect_results(SimTime t) {
  for (const pf::FunctionResult& r : smsr_.take_results()) {
    if (const auto c = caller_calls_.find(r.call_id); c != caller_calls_.end()) {
      answer(t, c->second, r);
      caller_calls_.erase(c);
      continue;
    }
    if (pf::SmSr::auto_delete_call(r.call_id)) {
      auto_deleted(t, r);
      continue;
    }
    const auto it = calls_.find(r.call_id);
    if (it == calls_.end()) {
      // The SM-SR's own: a registration's connectivity parameters.
      if (r.call_id.rfind(kRegistrationCall, 0) == 0) {
        if (const std::optional<std::uint32_t> d = device_of_eid(r.eid)) registrations_.push_back(*d);
      }
      continue;
    }
    const Call c = it->second;
    calls_.erase(it);
    log_result(t, r);
    if (r.ok()) {
      ++counters_.done;
      if (r.status == pf::ExecutionStatus::Warning) ++counters_.settled_by_audit;
      counters_.last_done_s = std::max(counters_.last_done_s, to_seconds(t));
      outcomes_.push_back({t, c.device, SmSrEvent::Done, c.campaign});
    } else if (r.status == pf::ExecutionStatus::Expired) {
      ++counters_.expired;
      outcomes_.push_back({t, c.device, SmSrEvent::Expired, c.campaign});
    } else {
      ++counters_.failed;
      if (r.por_status != 0) ++counters_.por_status[r.por_status & 0x0F];
      outcomes_.push_back({t, c.device, SmSrEvent::Failed, c.campaign});
    }
  }
  pass_notifications(t);
}

void SmSrRun::keep_delivers(twinmodels::SmscMessageId id, std::vector<cardcore::Bytes> delivers) {
  delivers_[id] = std::move(delivers);
}

std::optional<std::size_t> SmSrRun::switched_to(std::uint16_t campaign, std::uint32_t device) const {
  const CampaignSpec& spec = scenario_.campaigns.at(campaign);
  if (spec.kind == CampaignKind::EnableProfile) return spec.profile;
  if (spec.kind == CampaignKind::DownloadProfile) return spec.enable ? std::optional<std::size_t>(spec.profile) : std::nullopt;
  if (spec.kind != CampaignKind::DisableProfile) return std::nullopt;
  for (const pf::EisProfile& p : eis_of(device).profiles) {
    if (!p.fallback) continue;
    const std::optional<std::size_t> k = profile_of_iccid(p.iccid, device);
    if (k && *k != spec.profile) return k;
  }
  return std::nullopt;
}

pf::Eis SmSrRun::eis_of(std::uint32_t device) const {
  const pf::Eis* managed = smsr_.eis(euicc_eid(device));
  return managed ? *managed : factory_.eis(scenario_.population_of(device), device);
}

std::optional<std::size_t> SmSrRun::enabled_profile(std::uint32_t device) const {
  const pf::Eis* managed = smsr_.eis(euicc_eid(device));
  if (!managed) return std::nullopt;
  for (const pf::EisProfile& p : managed->profiles) {
    if (p.state == pf::ProfileState::Enabled) return profile_of_iccid(p.iccid, device);
  }
  return std::nullopt;
}

std::optional<std::size_t> SmSrRun::profile_of_iccid(const std::string& iccid, std::uint32_t device) const {
  const std::size_t n = scenario_.populations[scenario_.population_of(device)].euicc_profiles.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (iccid == printed_iccid(profile_iccid(k, device))) return k;
  }
  return std::nullopt;
}

std::vector<SmSrRun::Outcome> SmSrRun::take_outcomes() {
  std::vector<Outcome> out;
  out.swap(outcomes_);
  return out;
}

}  // namespace twinsim
