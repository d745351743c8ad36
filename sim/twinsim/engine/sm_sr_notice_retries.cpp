// The SM-SR's ES3 notifications sent again (sm_sr_run.hpp,
// notification_refused; platforms.sm_sr[i].notification_retry). SGP.02
// §5.1.3: a notification is a function call whose receiver answers with
// its function execution response; an SM-DP that cannot take it (down, its
// queue full) answers none, and the sender tries again after a wait, a
// bounded number of times.
#include <utility>

#include "twinsim/engine/platform_log.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace twinsim {

void SmSrRun::notification_refused(Notice n) {
  // The refusal crosses the route back to the SM-SR: on the links
  // (use_es3_links()) report_size bytes, as an ES3 call.
  if (const PlatformHop* h = call_hop(sm_dp_caller(n.sm_dp), kNoSmSr, true)) {
    const SimTime at = n.at;
    es3_links_->send(*h, at, es3_bytes_, [this, at, n](SimTime l) { refusal_back(at + l, n); });
    return;
  }
  const SimTime back = n.at + sm_dp_latency(n.sm_dp);
  refusal_back(back, std::move(n));
}

void SmSrRun::refusal_back(SimTime back, Notice n) {
  const NotificationRetrySpec& retry = *spec().notification_retry;
  const SimTime acts = n.attempt < retry.max_attempts ? back + to_simtime(retry.retry_after_s) : back;
  refused_.emplace(acts, std::move(n));
}

void SmSrRun::resend_refused(std::uint8_t sm_dp, SimTime t) {
  for (auto it = refused_.begin(); it != refused_.end() && it->first <= t;) {
    if (it->second.sm_dp != sm_dp) {
      ++it;
      continue;
    }
    const SimTime at = it->first;
    Notice n = std::move(it->second);
    it = refused_.erase(it);
    if (n.attempt >= spec().notification_retry->max_attempts) {
      ++notices_sent_.given_up;
      continue;
    }
    // The same notification (its CompletionTimestamp and call id) again:
    // in the platform log once per send.
    ++notices_sent_.retries;
    if (log_) log_->notification(at, n.notification);
    ++n.attempt;
    // Due by t at once when the route takes no time: taken with the others.
    send_notice(at, std::move(n));
  }
}

}  // namespace twinsim
