// The SM-DP's side of the notifications and of ES2.GetEIS in a run
// (sm_dp_run.hpp; GSMA SGP.02 §5.3.1, §5.3.8-§5.3.11, §5.4.1).
#include <algorithm>
#include <stdexcept>

#include "twinsim/engine/platform_log.hpp"
#include "twinsim/engine/sm_dp_run.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

namespace {

// The ES3 call id of an ES2 order's (es2_relay.hpp's form).
const std::string kEs3Suffix = "/ES3";

}  // namespace

void SmDpRun::pass_on(SimTime at, const pf::PlatformNotification& n) {
  std::vector<pf::PlatformNotification> to_mnos;
  try {
    to_mnos = smdp_.on_notification(n);
  } catch (const std::invalid_argument&) {
    // Not one this SM-DP passes on (a profile it did not install there, ...):
    // one-way, so nobody is answered (SGP.02 §5.1.3).
    ++counters_.notifications_refused;
    return;
  }
  for (const pf::PlatformNotification& x : to_mnos) {
    ++counters_.notifications_es2;
    // The MNOs have no node: there as sent, taken or refused
    // (mno_notifications.hpp).
    if (log_) log_->notification(at, x);
    to_mnos_.send(at, x);
  }
}

bool SmDpRun::takes_notification(SimTime at) const {
  const pf::ServerConfig& c = server_.config();
  return !twinmodels::down_at(c.outages, at) && server_.queued() < c.queue_limit;
}

void SmDpRun::ask_eis(SimTime t, const Order& o) {
  // SGP.02 §5.3.1: the SM-DP asks the eUICC's SM-SR (ES3.GetEIS, §5.4.1)
  // across the route between the two; the MNO's answer waits for it.
  const pf::Es2Request q = es2_request(o.campaign, o.device);
  orders_[q.call_id] = o;
  SmSrRun& smsr = smsrs_.of(o.device);
  const std::string call_id = q.call_id + kEs3Suffix;
  if (log_) log_->request(t, pf::request_of(pf::GetEisRequest{"ES3", call_id, q.eid}, spec().id));
  smsr.submit_order(t, SmSrRun::sm_dp_caller(index_), kEs3GetEis, call_id, q.eid,
                    to_simtime(smsrs_.routes().sm_dp_sm_sr_s(index_, smsr.index())));
}

void SmDpRun::eis_answered(SimTime t, const pf::FunctionResult& r) {
  if (r.call_id.size() <= kEs3Suffix.size()) return;
  const auto it = orders_.find(r.call_id.substr(0, r.call_id.size() - kEs3Suffix.size()));
  if (it == orders_.end()) return;
  const Order o = it->second;
  orders_.erase(it);
  pf::FunctionResult answer;
  if (r.ok()) {
    // The SM-SR's EIS, the calling MNO's profiles only (SmDp::get_eis).
    const pf::SmDp::EisAnswer a = smdp_.get_eis(es2_request(o.campaign, o.device));
    answer = a.result;
    if (a.eis) {
      ++counters_.eis_returned;
      counters_.eis_profiles += a.eis->profiles.size();
    }
  } else {
    // The SM-SR's server refused or failed ES3.GetEIS: the MNO's answer.
    answer = pf::failed_result("ES2.GetEIS", download_call_id(scenario_, o.campaign, o.device), r.eid, {}, r.subject, r.reason, std::string(kEs3GetEis) + (r.message.empty() ? "" : ": " + r.message));
    answer.status = r.status;
  }
  answered(t, o, answer);
}

}  // namespace twinsim
