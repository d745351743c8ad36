// The platforms' notifications to the MNOs and their retries
// (mno_notifications.hpp; SGP.02 §5.1.3, ES4 §5.4, ES2 §5.3.8-§5.3.11).
#include "twinsim/engine/mno_notifications.hpp"

#include <algorithm>
#include <utility>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/notification_state.hpp"
#include "twinsim/engine/platform_log.hpp"

namespace twinsim {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

MnoEndpoints::MnoEndpoints(const Scenario& s) {
  for (const FaultSpec& f : s.faults) {
    if (f.target != FaultTarget::Mno || f.action != FaultAction::Outage) continue;
    outages_[f.mno].emplace_back(to_simtime(f.at_s), f.for_s > 0 ? to_simtime(f.end_s()) : twinmodels::kNever);
  }
  for (auto& [mno, windows] : outages_) {
    std::sort(windows.begin(), windows.end());
    twinmodels::OutageWindows merged;
    for (const auto& w : windows) {
      if (!merged.empty() && w.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, w.second);
      else
        merged.push_back(w);
    }
    windows = std::move(merged);
  }
}

bool MnoEndpoints::takes(const std::string& mno, SimTime t) const {
  const auto it = outages_.find(mno);
  return it == outages_.end() || !twinmodels::down_at(it->second, t);
}

twinmodels::OutageWindows MnoEndpoints::outages(const std::string& mno) const {
  const auto it = outages_.find(mno);
  return it == outages_.end() ? twinmodels::OutageWindows{} : it->second;
}

MnoNotifications::MnoNotifications(const Scenario& s, std::string interface, std::string sender,
                                   std::optional<NotificationRetrySpec> retry)
    : mnos_(s), interface_(std::move(interface)), sender_(std::move(sender)), retry_(retry) {}

void MnoNotifications::send(SimTime t, const pf::PlatformNotification& n, std::uint8_t attempt) {
  if (servers_ && servers_->serves(n.to)) {
    // SGP.02 §5.1.3: its server admits it (acknowledged when served) or
    // refuses it at once (the MNO has no node).
    const pf::Admission a = servers_->submit(t, attempt, retry_.has_value(), n);
    if (a == pf::Admission::Accepted || !retry_) return;
    refused(t, n, attempt);
    return;
  }
  // Without notification_retry the sender does not wait for the
  // acknowledgement: the notification is the MNO's as sent.
  if (!retry_ || mnos_.takes(n.to, t)) return;
  refused(t, n, attempt);
}

void MnoNotifications::refused(SimTime t, const pf::PlatformNotification& n, std::uint8_t attempt) {
  if (attempt >= retry_->max_attempts) {
    ++given_up_;
    return;
  }
  refused_.emplace(t + to_simtime(retry_->retry_after_s), Refused{attempt, n});
}

void MnoNotifications::resend(SimTime t, PlatformLog* log) {
  // Only a sender that waits has its failures kept (mno_servers.hpp).
  if (servers_) {
    for (const MnoFailure& f : servers_->take_failed(interface_, sender_)) refused(f.at, f.notification, f.attempt);
  }
  while (!refused_.empty() && refused_.begin()->first <= t) {
    const SimTime at = refused_.begin()->first;
    Refused r = std::move(refused_.begin()->second);
    refused_.erase(refused_.begin());
    // The same notification (its CompletionTimestamp and call id) again:
    // in the platform log once per send.
    ++retries_;
    if (log) log->notification(at, r.notification);
    send(at, r.notification, static_cast<std::uint8_t>(r.attempt + 1));
  }
}

SimTime MnoNotifications::next_wakeup() const {
  const SimTime failed = servers_ ? servers_->failed_at(interface_, sender_) : twinmodels::kNever;
  return std::min(failed, refused_.empty() ? twinmodels::kNever : refused_.begin()->first);
}

void MnoNotifications::save_state(cardcore::Bytes& out) const {
  st::put_u64(out, retries_);
  st::put_u64(out, given_up_);
  st::put_u32(out, static_cast<std::uint32_t>(refused_.size()));
  for (const auto& [at, r] : refused_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, r.attempt);
    put_notification(out, r.notification);
  }
}

MnoNotifications MnoNotifications::parsed(st::Reader& r) const {
  const std::string who = (interface_ == "ES4" ? "SM-SR '" : "SM-DP '") + sender_ + "'";
  MnoNotifications out = *this;
  out.retries_ = r.u64("notifications to the MNOs sent again");
  out.given_up_ = r.u64("notifications to the MNOs given up");
  out.refused_.clear();
  SimTime last = 0;
  for (std::uint32_t i = 0, n = r.count("notifications refused by their MNO", 20); i < n; ++i) {
    const SimTime at = r.i64("refused notification's next send");
    if (at < last) r.fail("refused notification's next send " + std::to_string(at) + " is before the one saved before it");
    last = at;
    Refused x;
    x.attempt = r.u8("refused notification's attempt");
    if (!retry_) r.fail("a notification refused by its MNO, and " + who + " has no notification_retry");
    // A refused one waits only while it has sends left.
    if (x.attempt < 1) r.fail("a refused notification's attempt 0 is not one");
    if (x.attempt >= retry_->max_attempts)
      r.fail("a refused notification's attempt " + std::to_string(x.attempt) + " leaves no send after it (" + who +
             "'s notification_retry has max_attempts " + std::to_string(retry_->max_attempts) + ")");
    x.notification = read_notification(r);
    if (x.notification.interface != interface_ || x.notification.from != sender_)
      r.fail("a notification to the MNOs of " + who + " is " + pf::notification_name(x.notification) + " from '" +
             x.notification.from + "'");
    out.refused_.emplace_hint(out.refused_.end(), at, std::move(x));
  }
  return out;
}

}  // namespace twinsim
