#include "twinsim/engine/sm_sr_runs.hpp"

#include <algorithm>

#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/platform_lists.hpp"
#include "twinsim/engine/sm_sr_changes.hpp"

namespace twinsim {

SmSrRuns::SmSrRuns(const Scenario& s, const EuiccFactory& factory, std::uint64_t devices)
    : scenario_(s), devices_(devices), routes_(s) {
  for (std::size_t i = 0; i < s.sm_srs.size(); ++i) {
    runs_.push_back(std::make_unique<SmSrRun>(s, static_cast<std::uint8_t>(i), factory, devices,
                                              to_simtime(routes_.sm_sr_smsc_s(i))));
    // Its ES3 notifications cross the route to each SM-DP (SGP.02 §5.4).
    std::vector<SimTime> to_sm_dps;
    for (std::size_t j = 0; j < s.sm_dps.size(); ++j) to_sm_dps.push_back(to_simtime(routes_.sm_dp_sm_sr_s(j, i)));
    runs_.back()->set_sm_dp_latencies(std::move(to_sm_dps));
  }
  if (std::any_of(s.campaigns.begin(), s.campaigns.end(),
                  [](const CampaignSpec& c) { return c.kind == CampaignKind::SmSrChange; }))
    changes_ = std::make_unique<SmSrChanges>(s, factory, *this);
}

SmSrRuns::~SmSrRuns() = default;

void SmSrRuns::use_links(PlatformLinks& links, double smpp_bytes, double report_bytes) {
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (routes_.sm_sr_to_smsc(i).crosses)
      runs_[i]->use_links({&links, routes_.sm_sr_to_smsc(i), routes_.smsc_to_sm_sr(i), smpp_bytes});
    std::vector<PlatformHop> from, to;
    for (std::size_t j = 0; j < scenario_.sm_dps.size(); ++j) {
      from.push_back(routes_.sm_dp_to_sm_sr(j, i));
      to.push_back(routes_.sm_sr_to_sm_dp(i, j));
    }
    runs_[i]->use_es3_links(links, std::move(from), std::move(to), report_bytes);
    std::vector<PlatformHop> from_srs, to_srs;
    for (std::size_t k = 0; k < runs_.size(); ++k) {
      from_srs.push_back(routes_.sm_sr_to_sm_sr(k, i));
      to_srs.push_back(routes_.sm_sr_to_sm_sr(i, k));
    }
    runs_[i]->use_es7_links(std::move(from_srs), std::move(to_srs));
  }
}

void SmSrRuns::set_log(PlatformLog* log) {
  log_ = log;
  for (const auto& r : runs_) r->set_log(log);
}

SmSrRun* SmSrRuns::by_id(const std::string& id) {
  const std::optional<std::uint8_t> i = scenario_.sm_sr_index(id);
  return i ? runs_[*i].get() : nullptr;
}

std::optional<std::uint8_t> SmSrRuns::by_address(const std::string& digits) const {
  for (std::size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i]->address().value == digits) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

std::uint8_t SmSrRuns::manager(std::uint32_t device) const {
  if (const auto it = moved_.find(device); it != moved_.end()) return it->second;
  return scenario_.populations[scenario_.population_of(device)].sm_sr;
}

void SmSrRuns::handed_over(std::uint32_t device, std::uint8_t to) {
  moved_[device] = to;
  runs_[to]->registered(device);
}

void SmSrRuns::release(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  if (scenario_.campaigns.at(campaign).kind == CampaignKind::SmSrChange) {
    changes_->release(t, campaign, device);
    pump(t);
    return;
  }
  of(device).release(t, campaign, device);
}

void SmSrRuns::poll(SimTime t) {
  for (const auto& r : runs_) r->poll(t);
  pump(t);
}

void SmSrRuns::pump(SimTime t) {
  if (changes_) {
    changes_->pump(t);
  } else {
    // Nobody waits for a registration.
    for (const auto& r : runs_) r->take_registrations();
  }
  // A change the handover finalised: the new SM-SR's
  // HandleSMSRChangeNotification (SGP.02 §3.8, SmSr::smsr_change_completed).
  for (const auto& r : runs_) r->pass_notifications(t);
}

NotificationCounters SmSrRuns::notification_counters() const {
  NotificationCounters sum;
  for (const auto& r : runs_) {
    sum.es4 += r->notification_counters().es4;
    sum.es3 += r->notification_counters().es3;
    sum.retries += r->notification_counters().retries;
    sum.given_up += r->notification_counters().given_up;
    sum.es4_retries += r->notification_counters().es4_retries;
    sum.es4_given_up += r->notification_counters().es4_given_up;
  }
  return sum;
}

SimTime SmSrRuns::next_wakeup() const { return earliest_wakeup(runs_); }

std::vector<SmSrRun::Outcome> SmSrRuns::take_outcomes() {
  std::vector<SmSrRun::Outcome> out = take_all_outcomes(runs_);
  if (changes_) {
    std::vector<SmSrRun::Outcome> o = changes_->take_outcomes();
    out.insert(out.end(), o.begin(), o.end());
  }
  return out;
}

SmSrCounters SmSrRuns::counters() const {
  SmSrCounters sum;
  auto add = [&sum](const SmSrCounters& c) {
    sum.calls += c.calls;
    sum.done += c.done;
    sum.failed += c.failed;
    sum.expired += c.expired;
    sum.refused += c.refused;
    sum.notifications += c.notifications;
    sum.last_done_s = std::max(sum.last_done_s, c.last_done_s);
    for (std::size_t k = 0; k < sum.por_status.size(); ++k) sum.por_status[k] += c.por_status[k];
    sum.settled_by_audit += c.settled_by_audit;
  };
  for (const auto& r : runs_) {
    add(r->counters());
    sum.retried += r->calls_retried();
  }
  return sum;
}

AutoDeleteCounters SmSrRuns::auto_delete_counters() const {
  AutoDeleteCounters sum;
  for (const auto& r : runs_) {
    sum.deleted += r->auto_delete_counters().deleted;
    sum.failed += r->auto_delete_counters().failed;
  }
  return sum;
}

EuiccSwitchCounters SmSrRuns::euicc_switch_counters() const {
  EuiccSwitchCounters sum;
  for (const auto& r : runs_) {
    sum.rollbacks += r->euicc_switch_counters().rollbacks;
    sum.fallbacks += r->euicc_switch_counters().fallbacks;
  }
  return sum;
}

SmSrCounters SmSrRuns::change_counters() const { return changes_ ? changes_->counters() : SmSrCounters{}; }

}  // namespace twinsim
