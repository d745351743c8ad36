#include "twinsim/engine/sm_dp_run.hpp"

#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <utility>

#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/platform_log.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"

namespace twinsim {

namespace {

namespace pf = twinmodels::platform;

// SM-DP `index`: its id, CERT.DP.ECDSA and key, and its own randoms (the
// first's as a run had them with one SM-DP).
pf::SmDpConfig smdp_config(const Scenario& s, std::uint8_t index, const RunPki& pki) {
  const SmDpSpec& spec = s.sm_dps.at(index);
  const RunPki::Party party = pki.smdp(spec.id, static_cast<std::uint8_t>(index + 1));
  const std::string seed = "sm-dp/" + std::to_string(s.general.seed) + (index == 0 ? "" : "/" + spec.id);
  return pf::SmDpConfig{spec.id,    party.certificate, party.key, pki.ci(), {{kRunEumId, pki.eum()}},
                        0x30,  // the ISD-P key set version (GPC Amendment E: SCP03)
                        cardcore::Bytes(seed.begin(), seed.end())};
}

cardcore::Bytes read_package(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open '" + path + "'");
  return cardcore::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

pf::ServerConfig sm_dp_server_config(const Scenario& s, std::uint8_t index) {
  pf::ServerConfig c = s.sm_dps.at(index).server;
  c.outages = outages_of(s, FaultTarget::SmDp, index);
  c.crashes = outages_of(s, FaultTarget::SmDp, index, FaultAction::Crash);
  // Its own draws: not the SM-SRs', not another SM-DP's.
  c.seed = (s.general.seed + index) ^ 0x5D5D5D5Dull;
  return c;
}

std::string download_call_id(const Scenario& s, std::uint16_t campaign, std::uint32_t device) {
  return s.campaigns.at(campaign).name + "-" + std::to_string(device);
}

std::string profile_type_of(const Scenario& s, std::uint16_t population, std::size_t k) {
  return s.populations.at(population).name + "/" + s.populations.at(population).euicc_profiles.at(k).operator_name;
}

SmDpRun::SmDpRun(const Scenario& s, std::uint8_t index, const EuiccFactory& factory, SmSrRuns& smsrs,
                 std::uint64_t devices)
    : scenario_(s), index_(index), factory_(factory), smsrs_(smsrs), devices_(devices),
      smdp_(smdp_config(s, index, *factory.pki())), server_(sm_dp_server_config(s, index)),
      to_mnos_(s, "ES2", s.sm_dps[index].id, s.sm_dps[index].notification_retry), backups_(s, index),
      es3_(s.sm_dps[index].es3_retry) {
  for (std::uint8_t i = 0; i < smsrs.size(); ++i) smdp_.connect(smsrs.at(i).model());
  // The profile types its campaigns download, once each.
  std::set<std::string> types;
  for (const CampaignSpec& c : s.campaigns) {
    if (c.kind != CampaignKind::DownloadProfile || c.sm_dp != index) continue;
    const std::string type = profile_type_of(s, c.population, c.profile);
    if (!types.insert(type).second) continue;
    const PopulationSpec& p = s.populations[c.population];
    const EuiccProfileSpec& spec = p.euicc_profiles[c.profile];
    try {
      smdp_.add_profile_type(type, spec.operator_name, read_package(spec.package), std::nullopt);
    } catch (const std::exception& e) {
      throw ScenarioError(s.source + ": population " + p.name + ": profile of " + spec.operator_name + ": package '" +
                          spec.package + "': " + e.what());
    }
  }
}

SmDpRun::~SmDpRun() = default;

pf::DownloadProfileRequest SmDpRun::order_of(std::uint16_t campaign, std::uint32_t device) const {
  const CampaignSpec& spec = scenario_.campaigns.at(campaign);
  pf::DownloadProfileRequest order;
  order.call_id = download_call_id(scenario_, campaign, device);
  order.mno_id = ordering_operator(scenario_, campaign);
  order.eid = euicc_eid(device);
  order.iccid = printed_iccid(profile_iccid(spec.profile, device));
  order.profile_type = profile_type_of(scenario_, spec.population, spec.profile);
  // The MNO names the SM-SR that manages it now (SGP.02 §5.3.2).
  order.smsr_id = static_cast<const SmSrRuns&>(smsrs_).of(device).model().id();
  order.enable_profile = spec.enable;
  return order;
}

pf::Es2Relay SmDpRun::relay_of(std::uint16_t campaign) const {
  switch (scenario_.campaigns.at(campaign).kind) {
    case CampaignKind::DisableProfile: return pf::Es2Relay::DisableProfile;
    case CampaignKind::DeleteProfile: return pf::Es2Relay::DeleteProfile;
    case CampaignKind::AuditEis: return pf::Es2Relay::AuditEis;
    case CampaignKind::UpdatePolicyRules: return pf::Es2Relay::UpdatePolicyRules;
    default: return pf::Es2Relay::EnableProfile;
  }
}

pf::Es2Request SmDpRun::es2_request(std::uint16_t campaign, std::uint32_t device) const {
  const CampaignSpec& spec = scenario_.campaigns.at(campaign);
  pf::Es2Request q;
  q.call_id = download_call_id(scenario_, campaign, device);
  q.mno_id = ordering_operator(scenario_, campaign);
  q.eid = euicc_eid(device);
  q.smsr_id = static_cast<const SmSrRuns&>(smsrs_).of(device).model().id();
  if (names_a_profile(spec.kind)) q.iccid = printed_iccid(profile_iccid(spec.profile, device));
  q.pol2 = spec.pol2;  // update-policy-rules: ES2.UpdatePolicyRules' POL2
  return q;
}

pf::FunctionRequest SmDpRun::logged_request(std::uint16_t campaign, std::uint32_t device) const {
  if (!scenario_.campaigns.at(campaign).via_sm_dp) return pf::request_of(order_of(campaign, device));
  const pf::Es2Request q = es2_request(campaign, device);
  if (scenario_.campaigns.at(campaign).kind == CampaignKind::GetEis)
    return pf::request_of(pf::GetEisRequest{"ES2", q.call_id, q.eid}, q.mno_id);
  return pf::request_of(pf::Es2RelayRequest{relay_of(campaign), q});
}

std::string SmDpRun::function_of(std::uint16_t campaign) const {
  if (scenario_.campaigns.at(campaign).kind == CampaignKind::GetEis) return "ES2.GetEIS";
  return scenario_.campaigns.at(campaign).via_sm_dp ? pf::es2_function(relay_of(campaign)) : pf::Es8Download::kFunction;
}

void SmDpRun::release(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  catch_up(t);
  order(t, campaign, device);
}

void SmDpRun::catch_up(SimTime t) {
  // A backup or restore of its records first, at its own time.
  while (backups_.next() <= t) backups_.run_next(smdp_);
  for (auto& [due, c] : es3_.take_due(t)) send_es3(due, std::move(c));
  for (const auto& [due, c] : retries_.take_due(t)) order(due, c.campaign, c.device);
}

void SmDpRun::order(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  t = server_time(t);
  server_.poll(t);
  start_served(t);
  if (log_) log_->request(t, logged_request(campaign, device));
  const pf::Admission a = server_.submit(t, request_id(campaign, device), function_of(campaign));
  if (a == pf::Admission::Accepted) {
    ++counters_.orders;
    return;
  }
  // The MNO's order is answered at once (platform_server.hpp, server_refusal).
  if (log_) {
    const pf::Es2Request q = es2_request(campaign, device);
    log_->result(t, pf::server_refusal(spec().id, a, function_of(campaign), q.call_id, q.eid, q.iccid));
  }
  if (retries_.again(t, scenario_.campaigns.at(campaign), {campaign, device})) return;
  ++counters_.refused;
  outcomes_.push_back({t, device, SmDpEvent::Refused, campaign});
}

void SmDpRun::poll(SimTime t) {
  catch_up(t);
  t = server_time(t);
  server_.poll(t);
  start_served(t);
  // Its ES2 notifications an MNO refused, due by now (notification_retry).
  to_mnos_.resend(t, log_);
}

SimTime SmDpRun::next_wakeup() const {
  return std::min({server_.next_wakeup(), to_mnos_.next_wakeup(), retries_.next(), backups_.next(), es3_.next()});
}

SmDpCounters SmDpRun::counters() const {
  SmDpCounters c = counters_;
  c.notifications_es2_retries = to_mnos_.retries();
  c.notifications_es2_given_up = to_mnos_.given_up();
  c.retried = retries_.retried();
  c.stock_restored = backups_.stock_restored();
  c.es3_retried = es3_.retried();
  return c;
}

void SmDpRun::start_served(SimTime t) {
  for (const pf::ServedRequest& r : server_.take_done()) {
    const Order o{static_cast<std::uint16_t>(r.id >> 32), static_cast<std::uint32_t>(r.id)};
    const SimTime at = std::min(t, static_cast<SimTime>(r.done));
    if (r.failed) {
      if (log_) {
        const pf::Es2Request q = es2_request(o.campaign, o.device);
        log_->result(at, pf::server_failure(spec().id, r, q.call_id, q.eid, q.iccid));
      }
      if (retries_.again(at, scenario_.campaigns.at(o.campaign), {o.campaign, o.device})) continue;
      ++counters_.failed;
      outcomes_.push_back({at, o.device, SmDpEvent::Failed, o.campaign});
      continue;
    }
    retries_.served({o.campaign, o.device});
    const CampaignSpec& spec = scenario_.campaigns.at(o.campaign);
    // The EUM registered the eUICC with its SM-SR (ES1.RegisterEIS): ES3.GetEIS finds it.
    smsrs_.of(o.device).register_euicc(spec.population, o.device);
    if (spec.kind == CampaignKind::GetEis) {
      ask_eis(t, o);
      continue;
    }
    if (spec.via_sm_dp) {
      // The MNO's ES2 function, relayed to the SM-SR over ES3.
      const pf::Es2Request q = es2_request(o.campaign, o.device);
      orders_[q.call_id] = o;
      switch (relay_of(o.campaign)) {
        case pf::Es2Relay::EnableProfile: smdp_.enable_profile(q); break;
        case pf::Es2Relay::DisableProfile: smdp_.disable_profile(q); break;
        case pf::Es2Relay::DeleteProfile: smdp_.delete_profile(q); break;
        case pf::Es2Relay::AuditEis: smdp_.audit_eis(q); break;
        case pf::Es2Relay::UpdatePolicyRules: smdp_.update_policy_rules(q); break;
      }
      continue;
    }
    const pf::DownloadProfileRequest order = order_of(o.campaign, o.device);
    const pf::SubscriptionValues values = factory_.subscription(spec.population, spec.profile, o.device);
    if (stocked_.insert(static_cast<std::uint64_t>(spec.profile) << 32 | o.device).second)
      smdp_.load_stock(order.profile_type, values, profile_msisdn(spec.profile, o.device));
    orders_[order.call_id] = o;
    smdp_.download_profile(order);
  }
  pump(t);
}

bool SmDpRun::exchange(SimTime t) {
  bool took = false;
  for (bool more = true; more;) {
    more = false;
    for (std::uint8_t i = 0; i < smsrs_.size(); ++i) {
      const std::vector<pf::FunctionResult> answers = smsrs_.at(i).take_results(SmSrRun::sm_dp_caller(index_), t);
      for (const pf::FunctionResult& r : answers) {
        if (r.function == kEs3GetEis) eis_answered(t, r);
        else if (!es3_.again(t, r)) smdp_.on_response(r);
      }
      more = more || !answers.empty();
      SmSrRun& smsr = smsrs_.at(i);
      for (SmSrRun::Notice& n : smsr.take_notifications(index_, t)) {
        // With notification_retry the SM-SR waits for the acknowledgement
        // (SGP.02 §5.1.3), which the SM-DP gives only when it can take it.
        if (smsr.spec().notification_retry && !takes_notification(n.at)) smsr.notification_refused(std::move(n));
        else pass_on(n.at, n.notification);
      }
    }
    if (more) pump(t);
    took = took || more;
  }
  return took;
}

void SmDpRun::pump(SimTime t) {
  while (std::optional<pf::Es3Call> c = smdp_.next()) {
    es3_.sent(*c);
    send_es3(t, std::move(*c));
  }
  // An audit's EIS goes to the MNO with the result (not kept in a run).
  smdp_.take_audited_eis();
  for (const pf::FunctionResult& r : smdp_.take_results()) {
    const auto it = orders_.find(r.call_id);
    if (it == orders_.end()) continue;
    const Order o = it->second;
    orders_.erase(it);
    answered(t, o, r);
  }
}

void SmDpRun::send_es3(SimTime t, pf::Es3Call c) {
  // Over the network between the two (platform_routes.hpp).
  SmSrRun& smsr = *smsrs_.by_id(c.smsr_id);
  if (log_) log_->request(t, pf::request_of(c.call, spec().id));
  smsr.submit(t, SmSrRun::sm_dp_caller(index_), std::move(c.call), std::nullopt,
              to_simtime(smsrs_.routes().sm_dp_sm_sr_s(index_, smsr.index())));
}

void SmDpRun::answered(SimTime t, const Order& o, const pf::FunctionResult& r) {
  if (log_) log_->result(t, r);
  if (r.ok()) {
    ++counters_.done;
    counters_.last_done_s = std::max(counters_.last_done_s, to_seconds(t));
    outcomes_.push_back({t, o.device, SmDpEvent::Done, o.campaign});
  } else {
    ++counters_.failed;
    outcomes_.push_back({t, o.device, SmDpEvent::Failed, o.campaign});
  }
}

std::vector<SmDpRun::Outcome> SmDpRun::take_outcomes() { return std::exchange(outcomes_, {}); }

}  // namespace twinsim
