#include "twinsim/engine/onelink_run.hpp"

#include <stdexcept>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_world.hpp"
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
      followed_(s.populations.size(), false), onelink_(config_of(s.onelink)) {
  for (std::uint16_t p : s.onelink.populations) {
    followed_[p] = true;
    const PopulationSpec& spec = s.populations[p];
    pf::Thresholds t;
    if (s.onelink.offline_alert_s) t.offline_ms = static_cast<std::int64_t>(*s.onelink.offline_alert_s * 1000);
    t.data_bytes = s.onelink.account_data_alert_bytes;
    onelink_.add_account(spec.name, spec.name, t);
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
      onelink_.add_card(spec.name, card);
    }
  }
}

OneLinkRun::~OneLinkRun() = default;

std::string OneLinkRun::iccid_of(std::uint16_t population, std::uint32_t device) const {
  // As the engine personalises the cards (engine.cpp, euicc_factory.hpp),
  // with the Luhn digit the card appends (E.118).
  return printed_iccid(scenario_.populations[population].card == "international" ? profile_iccid(0, device)
                                                                                  : domestic_iccid(device));
}

pf::Subscription OneLinkRun::subscription(std::uint16_t population, std::uint32_t device, std::size_t k) const {
  const PopulationSpec& spec = scenario_.populations[population];
  if (spec.card != "international") return {iccid_of(population, device), imsi_for(spec.imsi_prefix, device), {}};
  return {printed_iccid(profile_iccid(k, device)), imsi_for(spec.euicc_profiles.at(k).imsi_prefix, device),
          profile_msisdn(k, device)};
}

void OneLinkRun::report(std::uint16_t population, std::uint32_t device, const pf::CardEvent& e) {
  if (!followed_[population]) return;
  onelink_.report_event(iccid_of(population, device), e);
}

void OneLinkRun::expect_profile(std::uint16_t population, std::uint32_t device, std::size_t k) {
  if (!followed_[population]) return;
  onelink_.set_expected(iccid_of(population, device), subscription(population, device, k));
}

void OneLinkRun::expect_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi) {
  if (!followed_[population]) return;
  pf::Subscription s = subscription(population, device, 0);
  s.imsi = imsi;
  onelink_.set_expected(iccid_of(population, device), s);
}

void OneLinkRun::profile_switched(std::uint16_t population, std::uint32_t device, std::size_t k, SimTime t) {
  if (!followed_[population]) return;
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
  return r.status == pf::ForeignRequestStatus::Sent;
}

void OneLinkRun::answer(SimTime t, std::uint16_t population, std::uint32_t device, pf::ExecutionStatus status,
                        const std::string& reason) {
  const std::string iccid = iccid_of(population, device);
  const std::optional<std::size_t> i = onelink_.in_flight_request(iccid);
  if (!i) return;
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
  onelink_.on_result(r, ms_of(t));
}

void OneLinkRun::report_activity(std::uint16_t population, std::uint32_t device, SimTime t, RunFile& out) {
  const std::uint64_t bytes = scenario_.populations[population].activity_data_bytes;
  if (!followed_[population] || bytes == 0) return;
  pf::Usage u;
  u.data_bytes = bytes;
  onelink_.report_usage(iccid_of(population, device), ms_of(t), u);
  counters_.data_bytes += bytes;
  // Only usage raises alerts between the offline checks, which take theirs.
  for (const pf::Alert& a : onelink_.take_alerts()) {
    ++counters_.usage_alerts;
    out.add_event(static_cast<double>(a.at_ms) / 1000, device, onelink_usage_alert_kind(),
                  static_cast<std::int64_t>(a.value));
  }
}

void OneLinkRun::query(SimTime t, std::uint16_t population, std::uint32_t device, RunFile& out) {
  const pf::Diagnosis diagnosis = *onelink_.diagnose(iccid_of(population, device), ms_of(t));
  ++counters_.queries;
  if (diagnosis.reason != pf::FaultReason::NotOffline) ++counters_.queries_offline;
  out.add_event(to_seconds(t), device, onelink_query_kind(), static_cast<std::int64_t>(diagnosis.reason));
}

void OneLinkRun::check_offline(SimTime t, RunFile& out) {
  if (!scenario_.onelink.offline_alert_s) return;
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
      out.add_event(to_seconds(stop), d, onelink_event_kind(OneLinkEvent::Diagnosis), static_cast<std::int64_t>(reason));
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

// "OLRN", version u16 (3: the queries; 2 had none), alerts counted u64,
// data bytes u64, usage alerts u64, queries u64, queries finding the card
// offline u64, OneLink::save_state() (a blob), CRC-32 u32 of everything
// before it.
cardcore::Bytes OneLinkRun::save_state() const {
  namespace st = twinmodels::state;
  cardcore::Bytes out;
  st::put_header(out, "OLRN", 3);
  st::put_u64(out, counters_.alerts);
  st::put_u64(out, counters_.data_bytes);
  st::put_u64(out, counters_.usage_alerts);
  st::put_u64(out, counters_.queries);
  st::put_u64(out, counters_.queries_offline);
  st::put_blob(out, onelink_.save_state());
  st::put_crc(out);
  return out;
}

void OneLinkRun::restore_state(cardcore::ByteView in) {
  twinmodels::state::Reader r(in, "OneLink run");
  r.sealed_header("OLRN", 3);
  const std::uint64_t alerts = r.u64("alerts");
  const std::uint64_t data_bytes = r.u64("data bytes");
  const std::uint64_t usage_alerts = r.u64("usage alerts");
  const std::uint64_t queries = r.u64("queries");
  const std::uint64_t queries_offline = r.u64("queries finding the card offline");
  if (queries_offline > queries) r.fail(std::to_string(queries_offline) + " of " + std::to_string(queries) + " queries found the card offline");
  const cardcore::Bytes state = r.blob("OneLink", std::size_t{1} << 31);
  r.expect_end();
  // OneLink refuses a bad state before it changes anything.
  onelink_.restore_state(state);
  counters_.alerts = alerts;
  counters_.data_bytes = data_bytes;
  counters_.usage_alerts = usage_alerts;
  counters_.queries = queries;
  counters_.queries_offline = queries_offline;
}

}  // namespace twinsim
