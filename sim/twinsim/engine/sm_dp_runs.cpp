#include "twinsim/engine/sm_dp_runs.hpp"

#include <algorithm>

#include "twinsim/engine/platform_lists.hpp"

namespace twinsim {

SmDpRuns::SmDpRuns(const Scenario& s, const EuiccFactory& factory, SmSrRuns& smsrs, std::uint64_t devices)
    : scenario_(s) {
  for (std::size_t i = 0; i < s.sm_dps.size(); ++i)
    runs_.push_back(std::make_unique<SmDpRun>(s, static_cast<std::uint8_t>(i), factory, smsrs, devices));
}

SmDpRuns::~SmDpRuns() = default;

void SmDpRuns::release(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  runs_.at(scenario_.campaigns.at(campaign).sm_dp)->release(t, campaign, device);
}

void SmDpRuns::poll(SimTime t) {
  for (const auto& r : runs_) r->poll(t);
}

SimTime SmDpRuns::next_wakeup() const { return earliest_wakeup(runs_); }

void SmDpRuns::exchange(SimTime t) {
  for (bool more = true; more;) {
    more = false;
    for (const auto& r : runs_) more = r->exchange(t) || more;
  }
}

std::vector<SmDpRun::Outcome> SmDpRuns::take_outcomes() { return take_all_outcomes(runs_); }

SmDpCounters SmDpRuns::counters() const {
  SmDpCounters sum;
  for (const auto& r : runs_) {
    const SmDpCounters c = r->counters();
    sum.orders += c.orders;
    sum.done += c.done;
    sum.failed += c.failed;
    sum.refused += c.refused;
    sum.notifications_es2 += c.notifications_es2;
    sum.notifications_refused += c.notifications_refused;
    sum.eis_returned += c.eis_returned;
    sum.eis_profiles += c.eis_profiles;
    sum.notifications_es2_retries += c.notifications_es2_retries;
    sum.notifications_es2_given_up += c.notifications_es2_given_up;
    sum.retried += c.retried;
    sum.stock_restored += c.stock_restored;
    sum.es3_retried += c.es3_retried;
    sum.last_done_s = std::max(sum.last_done_s, c.last_done_s);
  }
  return sum;
}

}  // namespace twinsim
