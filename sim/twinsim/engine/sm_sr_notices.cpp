// The SM-SR's notifications in a run (sm_sr_run.hpp, "notifications";
// GSMA SGP.02 §5.1.3 notification handlers, ES3 §5.4, ES4 §5.5).
#include <algorithm>
#include <utility>

#include "twinsim/engine/platform_log.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

bool SmSrRun::heard_through_sm_dp(const pf::PlatformNotification& n) const {
  const auto installed_by_sm_dp = [&](const pf::EisProfile& p) {
    return !p.smdp_id.empty() && scenario_.sm_dp_index(p.smdp_id).has_value();
  };
  // SGP.02 §3.8: an SM-SR change's, with the MNO's profiles.
  if (n.eis) return !n.eis->profiles.empty() && std::all_of(n.eis->profiles.begin(), n.eis->profiles.end(), installed_by_sm_dp);
  // A profile's: the EIS still has it when the SM-SR sends it (a deleted
  // profile leaves the EIS after its notification).
  const pf::Eis* eis = smsr_.eis(n.eid);
  const pf::EisProfile* p = eis ? eis->by_iccid(n.iccid) : nullptr;
  return p != nullptr && installed_by_sm_dp(*p);
}

void SmSrRun::take_notification(const pf::PlatformNotification& n) {
  if (n.interface == "ES4" && heard_through_sm_dp(n)) return;
  // Over ES3 to an SM-DP of the run only (the EIS names no other).
  if (n.interface == "ES3" && !scenario_.sm_dp_index(n.to)) return;
  notified_.push_back(n);
}

void SmSrRun::pass_notifications(SimTime t) {
  // The ES4 ones an MNO refused, due by now (notification_retry).
  to_mnos_.resend(t, log_);
  if (notified_.empty()) return;
  // SGP.02's CompletionTimestamp: the SM-SR learned the change now, on the
  // SMSC clock's calendar (twinmodels::SmsClock).
  const std::int64_t completion_ms = scenario_.network.smsc.config.clock.epoch_unix_seconds * 1000 + t / 1000;
  for (pf::PlatformNotification& n : std::exchange(notified_, {})) {
    n.completion_ms = completion_ms;
    if (log_) log_->notification(t, n);
    if (n.interface == "ES4") {
      // The MNOs have no node: it is there as sent, taken or refused
      // (mno_notifications.hpp).
      ++notices_sent_.es4;
      to_mnos_.send(t, n);
      continue;
    }
    ++notices_sent_.es3;
    const std::uint8_t j = *scenario_.sm_dp_index(n.to);
    send_notice(t, Notice{0, j, std::move(n)});
  }
}

void SmSrRun::send_notice(SimTime t, Notice n) {
  // On the links (use_es3_links()): report_size bytes, as an ES3 answer.
  if (const PlatformHop* h = call_hop(sm_dp_caller(n.sm_dp), kNoSmSr, false)) {
    es3_links_->send(*h, t, es3_bytes_, [this, t, n](SimTime l) mutable {
      n.at = t + l;
      notices_.emplace(n.at, std::move(n));
    });
    return;
  }
  n.at = t + sm_dp_latency(n.sm_dp);
  notices_.emplace(n.at, std::move(n));
}

std::vector<SmSrRun::Notice> SmSrRun::take_notifications(std::uint8_t sm_dp, SimTime t) {
  resend_refused(sm_dp, t);
  std::vector<Notice> out;
  for (auto it = notices_.begin(); it != notices_.end() && it->first <= t;) {
    if (it->second.sm_dp != sm_dp) {
      ++it;
      continue;
    }
    out.push_back(std::move(it->second));
    it = notices_.erase(it);
  }
  return out;
}

NotificationCounters SmSrRun::notification_counters() const {
  NotificationCounters c = notices_sent_;
  c.es4_retries = to_mnos_.retries();
  c.es4_given_up = to_mnos_.given_up();
  return c;
}

}  // namespace twinsim
