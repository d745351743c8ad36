#include "twinsim/engine/onelink_run.hpp"

#include <stdexcept>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/platform_log.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

namespace {

std::int64_t ms_of(SimTime t) { return static_cast<std::int64_t>(t / 1000); }

pf::OneLinkConfig config_of(const OneLinkSpec& spec) {
  pf::OneLinkConfig c;
  c.max_events_per_card = spec.history;
  c.periods.length_ms = static_cast<std::int64_t>(spec.billing_period_s * 1000);
  return c;
}

// Population p's account terms (platforms.onelink.accounts): its own
// billing calendar, a monthly cycle on the run's calendar (the SMSC
// clock's: NetTime 0 is its epoch, local time its zone) or a fixed length
// from 0 s, and its data plan; none given: the platform's calendar, no plan.
std::pair<std::optional<pf::BillingPeriods>, std::optional<pf::QuotaPlan>> account_terms(const Scenario& s,
                                                                                           std::uint16_t p) {
  std::optional<pf::BillingPeriods> billing;
  std::optional<pf::QuotaPlan> plan;
  for (const OneLinkSpec::Account& a : s.onelink.accounts) {
    if (a.population != p) continue;
    if (a.cycle_day) {
      const twinmodels::SmsClock& clock = s.network.smsc.config.clock;
      pf::MonthlyCycle c;
      c.cycle_day = *a.cycle_day;
      c.epoch_unix_ms = clock.epoch_unix_seconds * 1000;
      c.utc_offset_min = clock.tz_quarters * 15;
      billing = pf::BillingPeriods{};
      billing->monthly = c;
    } else if (a.billing_period_s) {
      billing = pf::BillingPeriods{};
      billing->length_ms = static_cast<std::int64_t>(*a.billing_period_s * 1000);
    }
    if (a.data_plan_bytes) plan = pf::QuotaPlan{*a.data_plan_bytes, a.quota_alerts};
  }
  return {billing, plan};
}

}  // namespace

const char* onelink_diagnosis_metric(pf::FaultReason r) {
  switch (r) {
    case pf::FaultReason::NotOffline: return "onelink.not_offline";
    case pf::FaultReason::NoCoverage: return "onelink.no_coverage";
    case pf::FaultReason::PowerSaving: return "onelink.power_saving";
    case pf::FaultReason::WrongProfile: return "onelink.wrong_profile";
    case pf::FaultReason::Blocked: return "onelink.blocked";
    case pf::FaultReason::WornOutNvm: return "onelink.worn_out_nvm";
    case pf::FaultReason::AuthenticationFailure: return "onelink.auth_failure";
    case pf::FaultReason::Unknown: return "onelink.unexplained";
  }
  return "onelink.unexplained";
}

OneLinkRun::OneLinkRun(const Scenario& s, const std::vector<std::uint32_t>& population_first, std::uint64_t devices)
    : scenario_(s), population_first_(population_first), devices_(devices),
      followed_(s.populations.size(), false), onelink_(config_of(s.onelink)), routes_(s), backups_(s) {
  for (std::uint16_t p : s.onelink.populations) {
    followed_[p] = true;
    const PopulationSpec& spec = s.populations[p];
    pf::Thresholds t;
    if (s.onelink.offline_alert_s) t.offline_ms = static_cast<std::int64_t>(*s.onelink.offline_alert_s * 1000);
    t.data_bytes = s.onelink.account_data_alert_bytes;
    t.sms_count = s.onelink.account_sms_alert;
    const auto [billing, plan] = account_terms(s, p);
    onelink_.add_account(spec.name, spec.name, t, billing, plan);
    std::size_t enabled = 0;
    for (std::size_t k = 0; k < spec.euicc_profiles.size(); ++k) {
      if (spec.euicc_profiles[k].enabled) enabled = k;
    }
    for (std::uint64_t i = 0; i < spec.count; ++i) {
      const auto d = static_cast<std::uint32_t>(population_first[p] + i);
      pf::Card card;
      card.iccid = iccid_of(p, d);
      if (spec.card == "international") {
        card.eid = euicc_eid(d);
        card.smsr_id = "SM-SR";
      }
      card.expected = subscription(p, d, enabled);
      card.thresholds.data_bytes = s.onelink.data_alert_bytes;
      card.thresholds.sms_count = s.onelink.sms_alert;
      onelink_.add_card(spec.name, card);
    }
  }
}

OneLinkRun::~OneLinkRun() = default;

std::string OneLinkRun::iccid_of(std::uint16_t population, std::uint32_t device) const {
  // As the engine personalises the cards (engine.cpp, euicc_factory.hpp),
  // with the Luhn digit the card appends (E.118).
  return printed_iccid(scenario_.populations[population].card == "international" ? profile_iccid(0, device)
                                                                                  : domestic_iccid(holder_of(device)));
}

void OneLinkRun::number_moved(std::uint16_t failed_population, std::uint32_t failed, std::uint32_t replacement) {
  if (!followed_.at(failed_population)) return;
  const std::string old_iccid = iccid_of(failed_population, failed);
  onelink_.move_card(old_iccid, printed_iccid(domestic_iccid(replacement)));
  moved_to_[failed] = replacement;
  moved_from_[replacement] = failed;
}

pf::Subscription OneLinkRun::subscription(std::uint16_t population, std::uint32_t device, std::size_t k) const {
  const PopulationSpec& spec = scenario_.populations[population];
  if (spec.card != "international") return {iccid_of(population, device), imsi_for(spec.imsi_prefix, device), {}};
  return {printed_iccid(profile_iccid(k, device)), imsi_for(spec.euicc_profiles.at(k).imsi_prefix, device),
          profile_msisdn(k, device)};
}

void OneLinkRun::report(std::uint16_t population, std::uint32_t device, const pf::CardEvent& e) {
  if (!follows(population, device)) return;
  onelink_.report_event(iccid_of(population, device), e);
}

void OneLinkRun::expect_profile(std::uint16_t population, std::uint32_t device, std::size_t k) {
  if (!followed_[population]) return;
  onelink_.set_expected(iccid_of(population, device), subscription(population, device, k));
}

void OneLinkRun::expect_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi) {
  if (!follows(population, device)) return;
  pf::Subscription s = subscription(population, device, 0);
  s.imsi = imsi;
  onelink_.set_expected(iccid_of(population, device), s);
}

void OneLinkRun::profile_switched(std::uint16_t population, std::uint32_t device, std::size_t k, SimTime t,
                                  SimTime latency) {
  if (!followed_[population]) return;
  if (latency > 0) {
    inbound_.emplace(t + latency, Inbound{Inbound::Kind::ProfileSwitched, population, device,
                                          static_cast<std::uint8_t>(k), {}, {}});
    return;
  }
  apply_switch(t, population, device, k);
}

void OneLinkRun::apply_switch(SimTime t, std::uint16_t population, std::uint32_t device, std::size_t k) {
  const pf::Subscription s = subscription(population, device, k);
  pf::CardEvent e;
  e.kind = pf::CardEventKind::ProfileSwitched;
  e.at_ms = ms_of(t);
  e.iccid = s.iccid;
  e.imsi = s.imsi;
  onelink_.report_event(iccid_of(population, device), e);
}

bool OneLinkRun::request(SimTime t, const CampaignSpec& c, std::uint32_t device) {
  const std::string iccid = iccid_of(c.population, device);
  const pf::ForeignRequest r =
      c.kind == CampaignKind::DownloadProfile
          ? onelink_.request_profile_download(iccid, scenario_.sm_dps.at(c.sm_dp).id,
                                              subscription(c.population, device, c.profile), ms_of(t))
          : onelink_.request_smsr_switch(iccid, scenario_.sm_srs.at(c.to).id, ms_of(t));
  if (r.status != pf::ForeignRequestStatus::Sent) return false;
  if (log_) log_->request(t, pf::request_of(r));
  return true;
}

PlatformHop OneLinkRun::hop_to(const CampaignSpec& c) const {
  return c.kind == CampaignKind::DownloadProfile ? routes_.onelink_to_sm_dp(c.sm_dp) : routes_.onelink_to_sm_sr(c.to);
}

void OneLinkRun::send_order(SimTime at, std::uint16_t campaign, std::uint32_t device) {
  orders_.emplace(at, std::make_pair(campaign, device));
}

std::pair<std::uint16_t, std::uint32_t> OneLinkRun::take_order() {
  const std::pair<std::uint16_t, std::uint32_t> o = orders_.begin()->second;
  orders_.erase(orders_.begin());
  return o;
}

void OneLinkRun::answer(SimTime t, std::uint16_t population, std::uint32_t device, pf::ExecutionStatus status,
                        const std::string& reason, SimTime latency) {
  if (answer_given(t, population, device, status, reason)) answer_arrives(t, population, device, status, reason, latency);
}

bool OneLinkRun::answer_given(SimTime t, std::uint16_t population, std::uint32_t device, pf::ExecutionStatus status,
                              const std::string& reason) {
  if (!follows(population, device)) return false;  // no request of its cards
  // Logged as the platform gives it.
  if (log_) {
    if (const std::optional<pf::FunctionResult> r = result_for(population, device, status, reason)) log_->result(t, *r);
  }
  return true;
}

void OneLinkRun::answer_arrives(SimTime t, std::uint16_t population, std::uint32_t device, pf::ExecutionStatus status,
                                const std::string& reason, SimTime latency) {
  if (latency > 0) {
    inbound_.emplace(t + latency, Inbound{Inbound::Kind::Answer, population, device,
                                          static_cast<std::uint8_t>(status), reason, {}});
    return;
  }
  apply_answer(t, population, device, status, reason);
}

void OneLinkRun::barring(std::uint16_t population, std::uint32_t device, bool blocked, SimTime t, SimTime latency) {
  if (!follows(population, device)) return;
  if (latency > 0) {
    inbound_.emplace(t + latency, Inbound{blocked ? Inbound::Kind::Blocked : Inbound::Kind::Unblocked, population,
                                          device, 0, {}, {}});
    return;
  }
  apply_barring(t, population, device, blocked);
}

void OneLinkRun::apply_barring(SimTime t, std::uint16_t population, std::uint32_t device, bool blocked) {
  pf::CardEvent e;
  e.kind = blocked ? pf::CardEventKind::Blocked : pf::CardEventKind::Unblocked;
  e.at_ms = ms_of(t);
  report(population, device, e);
}

void OneLinkRun::poll(SimTime t, RunFile& out) {
  for (;;) {
    // A backup or restore before a message of the same time.
    const SimTime backup = backups_.next();
    const SimTime message = inbound_.empty() ? twinmodels::kNever : inbound_.begin()->first;
    if (std::min(backup, message) > t) break;
    if (backup <= message) {
      backups_.run_next(onelink_);
      continue;
    }
    const SimTime at = message;
    const Inbound m = std::move(inbound_.begin()->second);
    inbound_.erase(inbound_.begin());
    apply(at, m, out);
  }
}

void OneLinkRun::apply(SimTime t, const Inbound& m, RunFile& out) {
  switch (m.kind) {
    case Inbound::Kind::Answer:
      apply_answer(t, m.population, m.device, static_cast<pf::ExecutionStatus>(m.value), m.reason);
      return;
    case Inbound::Kind::ProfileSwitched: apply_switch(t, m.population, m.device, m.value); return;
    case Inbound::Kind::Blocked:
    case Inbound::Kind::Unblocked: apply_barring(t, m.population, m.device, m.kind == Inbound::Kind::Blocked); return;
    case Inbound::Kind::NetworkEvent: {
      twinmodels::platform::CardEvent e = m.event;
      e.at_ms = ms_of(t);  // as OneLink hears it
      report(m.population, m.device, e);
      return;
    }
    case Inbound::Kind::DataUsage: apply_data_usage(m.used_at, t, m.population, m.device, out); return;
    case Inbound::Kind::SmsUsage: apply_sms_usage(m.used_at, t, m.population, m.device, out); return;
  }
}

SimTime OneLinkRun::next_wakeup() const {
  SimTime next = std::min(next_order(), backups_.next());
  if (!inbound_.empty()) next = std::min(next, inbound_.begin()->first);
  return next;
}

std::optional<pf::FunctionResult> OneLinkRun::result_for(std::uint16_t population, std::uint32_t device,
                                                          pf::ExecutionStatus status, const std::string& reason) const {
  const std::optional<std::size_t> i = onelink_.in_flight_request(iccid_of(population, device));
  if (!i) return std::nullopt;
  const pf::ForeignRequest& q = onelink_.requests()[*i];
  // The function names are OneLink's (foreign_platform.hpp); the subject
  // of a failure is the platform that gave it.
  pf::FunctionResult r;
  r.function = pf::function_name(q.kind);
  r.call_id = q.id;
  r.eid = q.eid;
  r.iccid = q.kind == pf::ForeignRequestKind::ProfileDownload ? q.profile.iccid : q.card_iccid;
  r.status = status;
  if (!r.ok()) {
    r.subject = q.platform;
    r.reason = reason;
  }
  return r;
}

void OneLinkRun::apply_answer(SimTime t, std::uint16_t population, std::uint32_t device, pf::ExecutionStatus status,
                              const std::string& reason) {
  if (const std::optional<pf::FunctionResult> r = result_for(population, device, status, reason))
    onelink_.on_result(*r, ms_of(t));
}

void OneLinkRun::apply_data_usage(SimTime used, SimTime heard, std::uint16_t population, std::uint32_t device,
                                  RunFile& out) {
  const std::uint64_t bytes = scenario_.populations[population].activity_data_bytes;
  pf::Usage u;
  u.data_bytes = bytes;
  onelink_.report_usage(iccid_of(population, device), ms_of(used), u);
  counters_.data_bytes += bytes;
  // Only usage raises alerts between the offline checks, which take theirs.
  for (const pf::Alert& a : onelink_.take_alerts()) {
    const bool quota = a.kind == pf::AlertKind::QuotaLevel;
    ++(quota ? counters_.quota_alerts : counters_.usage_alerts);
    out.add_event(static_cast<double>(ms_of(heard)) / 1000, device, quota ? onelink_quota_alert_kind() : onelink_usage_alert_kind(),
                  static_cast<std::int64_t>(quota ? a.percent : a.value));
  }
}

void OneLinkRun::check_offline(SimTime t, RunFile& out) {
  if (!scenario_.onelink.offline_alert_s) return;
  poll(t, out);  // what reached OneLink by then
  onelink_.check_offline(ms_of(t));
  for (const pf::Alert& a : onelink_.take_alerts()) {
    ++counters_.alerts;
    // The ICCID's serial digits are the device (iccid_of).
    const std::uint32_t device = static_cast<std::uint32_t>(std::stoul(a.iccid.substr(6, 12)));
    out.add_event(static_cast<double>(a.at_ms) / 1000, device, onelink_event_kind(OneLinkEvent::Alert),
                  static_cast<std::int64_t>(a.value / 1000));
  }
}

const OneLinkCounters& OneLinkRun::finish(SimTime stop, RunFile& out) {
  poll(stop, out);
  counters_.expectations_restored = backups_.expectations_restored();
  const std::int64_t now = ms_of(stop);
  for (std::uint16_t p : scenario_.onelink.populations) {
    for (std::uint64_t i = 0; i < scenario_.populations[p].count; ++i) {
      const auto d = static_cast<std::uint32_t>(population_first_[p] + i);
      const std::string iccid = iccid_of(p, d);
      switch (onelink_.status(iccid)->status) {
        case pf::OnlineStatus::Online: ++counters_.online; break;
        case pf::OnlineStatus::Sleeping: ++counters_.sleeping; break;
        case pf::OnlineStatus::Offline: ++counters_.offline; break;
        case pf::OnlineStatus::Unknown: ++counters_.unseen; break;
      }
      const pf::Diagnosis diagnosis = *onelink_.diagnose(iccid, now);
      const auto reason = static_cast<std::size_t>(diagnosis.reason);
      ++counters_.diagnosis.at(reason);
      out.add_event(to_seconds(stop), holder_of(d), onelink_event_kind(OneLinkEvent::Diagnosis),
                    static_cast<std::int64_t>(reason));
    }
  }
  for (const pf::ForeignRequest& q : onelink_.requests()) {
    ++counters_.requests;
    switch (q.status) {
      case pf::ForeignRequestStatus::Sent: ++counters_.requests_in_flight; break;
      case pf::ForeignRequestStatus::Completed: ++counters_.requests_completed; break;
      case pf::ForeignRequestStatus::Failed: ++counters_.requests_failed; break;
    }
  }
  return counters_;
}

// "OLRN", version u16 (9; 8 had no backups; 7 had no numbers moved; 6 had no usage records on their way; 5 had either the quota alerts or the network's
// events on their way and the SMS counters, two layouts of December 2026;
// 4 none of them; 3 had the queries or the orders and messages on their
// way, not both; 2 neither), alerts counted u64, data bytes u64,
// usage alerts u64, quota alerts u64, queries u64, queries finding the card offline u64,
// MO SMS u64, SMS usage alerts u64, the backups of its records
// (OneLinkBackups::save()),
// numbers moved u32 x (failed device u32, replacement device u32), in
// failed device order (number_moved()),
// orders on their way u32 x (arrival i64, campaign u16, device u32),
// messages on their way u32 x (arrival i64, kind u8: 0 answer, 1 profile
// switched, 2 blocked, 3 unblocked, 4 the network's event, 5 a data usage
// record, 6 an MO SMS usage record, population u16, device u32, value u8:
// the answer's ExecutionStatus or the profile, reason text, for 4 the
// event: put_network_event(), for 5 and 6 the time used i64), each list in
// arrival order, OneLink::save_state() (a blob), CRC-32 u32 of everything
// before it.
cardcore::Bytes OneLinkRun::save_state() const {
  namespace st = twinmodels::state;
  cardcore::Bytes out;
  st::put_header(out, "OLRN", 9);
  st::put_u64(out, counters_.alerts);
  st::put_u64(out, counters_.data_bytes);
  st::put_u64(out, counters_.usage_alerts);
  st::put_u64(out, counters_.quota_alerts);
  st::put_u64(out, counters_.queries);
  st::put_u64(out, counters_.queries_offline);
  st::put_u64(out, counters_.sms_mo);
  st::put_u64(out, counters_.sms_alerts);
  backups_.save(out);
  st::put_u32(out, static_cast<std::uint32_t>(moved_to_.size()));
  for (const auto& [failed, replacement] : moved_to_) {
    st::put_u32(out, failed);
    st::put_u32(out, replacement);
  }
  st::put_u32(out, static_cast<std::uint32_t>(orders_.size()));
  for (const auto& [at, o] : orders_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u16(out, o.first);
    st::put_u32(out, o.second);
  }
  st::put_u32(out, static_cast<std::uint32_t>(inbound_.size()));
  for (const auto& [at, m] : inbound_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, static_cast<std::uint8_t>(m.kind));
    st::put_u16(out, m.population);
    st::put_u32(out, m.device);
    st::put_u8(out, m.value);
    st::put_text(out, m.reason);
    if (m.kind == Inbound::Kind::NetworkEvent) put_network_event(out, m.event);
    if (m.kind == Inbound::Kind::DataUsage || m.kind == Inbound::Kind::SmsUsage)
      st::put_u64(out, static_cast<std::uint64_t>(m.used_at));
  }
  st::put_blob(out, onelink_.save_state());
  st::put_crc(out);
  return out;
}

void OneLinkRun::restore_state(cardcore::ByteView in) {
  twinmodels::state::Reader r(in, "OneLink run");
  r.sealed_header("OLRN", 9);
  const std::uint64_t alerts = r.u64("alerts");
  const std::uint64_t data_bytes = r.u64("data bytes");
  const std::uint64_t usage_alerts = r.u64("usage alerts");
  const std::uint64_t quota_alerts = r.u64("quota alerts");
  const std::uint64_t queries = r.u64("queries");
  const std::uint64_t queries_offline = r.u64("queries finding the card offline");
  if (queries_offline > queries) r.fail(std::to_string(queries_offline) + " of " + std::to_string(queries) + " queries found the card offline");
  const std::uint64_t sms_mo = r.u64("MO SMS");
  const std::uint64_t sms_alerts = r.u64("SMS usage alerts");
  OneLinkBackups backups = backups_;
  backups.restore(r);
  auto device_of = [&](std::uint16_t population, const char* what) {
    const std::uint32_t d = r.u32(what);
    const PopulationSpec& p = scenario_.populations[population];
    if (d < population_first_[population] || d - population_first_[population] >= p.count)
      r.fail(std::string(what) + " " + std::to_string(d) + " is not of population '" + p.name + "'");
    return d;
  };
  // Each a migration of the scenario's, device i of its failed population
  // (one OneLink follows) to device i of its replacements.
  std::map<std::uint32_t, std::uint32_t> moved_to, moved_from;
  for (std::uint32_t n = r.count("numbers moved", 8); n > 0; --n) {
    const std::uint32_t failed = r.u32("failed device");
    const std::uint32_t replacement = r.u32("replacement device");
    if (!moved_to.empty() && failed <= moved_to.rbegin()->first) r.fail("numbers moved out of device order");
    if (failed >= devices_ || replacement >= devices_) r.fail("a number moved between devices the run does not have");
    const std::uint16_t fp = scenario_.population_of(failed), rp = scenario_.population_of(replacement);
    bool pairs = false;
    for (std::uint16_t c = 0; c < scenario_.campaigns.size(); ++c) {
      const CampaignSpec& spec = scenario_.campaigns[c];
      pairs |= spec.numbers_from == fp && spec.population == rp && migrated_from(scenario_, c, replacement) == failed;
    }
    if (!followed_[fp] || !pairs)
      r.fail("device " + std::to_string(failed) + "'s number moved to device " + std::to_string(replacement) +
             ": no number migration of the scenario's that OneLink follows");
    moved_to.emplace(failed, replacement);
    moved_from.emplace(replacement, failed);
  }
  std::multimap<SimTime, std::pair<std::uint16_t, std::uint32_t>> orders;
  for (std::uint32_t n = r.count("orders on their way", 14); n > 0; --n) {
    const auto at = static_cast<SimTime>(r.u64("order arrival"));
    if (!orders.empty() && at < orders.rbegin()->first) r.fail("orders on their way out of arrival order");
    const std::uint16_t c = r.u16("order's campaign");
    if (c >= scenario_.campaigns.size() || !scenario_.campaigns[c].via_onelink)
      r.fail("campaign " + std::to_string(c) + " is not one of the scenario's through OneLink");
    orders.emplace_hint(orders.end(), at, std::make_pair(c, device_of(scenario_.campaigns[c].population, "order's device")));
  }
  std::multimap<SimTime, Inbound> inbound;
  for (std::uint32_t n = r.count("messages on their way", 20); n > 0; --n) {
    const auto at = static_cast<SimTime>(r.u64("message arrival"));
    if (!inbound.empty() && at < inbound.rbegin()->first) r.fail("messages on their way out of arrival order");
    Inbound m;
    const std::uint8_t kind = r.u8("message kind");
    if (kind > static_cast<std::uint8_t>(Inbound::Kind::SmsUsage)) r.fail("message kind " + std::to_string(kind) + " is not one");
    m.kind = static_cast<Inbound::Kind>(kind);
    m.population = r.u16("message's population");
    if (m.population >= scenario_.populations.size())
      r.fail("population " + std::to_string(m.population) + " is not one OneLink follows");
    m.device = device_of(m.population, "message's device");
    if (!followed_[m.population] && !moved_from.count(m.device))
      r.fail("population " + std::to_string(m.population) + " is not one OneLink follows");
    m.value = r.u8("message's value");
    if (m.kind == Inbound::Kind::Answer && m.value > static_cast<std::uint8_t>(pf::ExecutionStatus::Expired))
      r.fail("answer status " + std::to_string(m.value) + " is not one");
    if (m.kind == Inbound::Kind::ProfileSwitched && m.value >= scenario_.populations[m.population].euicc_profiles.size())
      r.fail("profile " + std::to_string(m.value) + " is not one of the population's");
    m.reason = r.text("answer's reason", 256);
    if (m.kind == Inbound::Kind::NetworkEvent) m.event = read_network_event(r);
    if (m.kind == Inbound::Kind::DataUsage || m.kind == Inbound::Kind::SmsUsage) {
      m.used_at = static_cast<SimTime>(r.u64("usage record's time used"));
      if (m.used_at > at) r.fail("a usage record arrives before its card used it");
    }
    inbound.emplace_hint(inbound.end(), at, std::move(m));
  }
  const cardcore::Bytes state = r.blob("OneLink", std::size_t{1} << 31);
  r.expect_end();
  // OneLink refuses a bad state before it changes anything.
  onelink_.restore_state(state);
  counters_.alerts = alerts;
  counters_.data_bytes = data_bytes;
  counters_.usage_alerts = usage_alerts;
  counters_.quota_alerts = quota_alerts;
  counters_.queries = queries;
  counters_.queries_offline = queries_offline;
  counters_.sms_mo = sms_mo;
  counters_.sms_alerts = sms_alerts;
  orders_ = std::move(orders);
  inbound_ = std::move(inbound);
  moved_to_ = std::move(moved_to);
  moved_from_ = std::move(moved_from);
  backups_ = std::move(backups);
}

}  // namespace twinsim
