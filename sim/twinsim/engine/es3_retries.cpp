// Es3Retries (es3_retries.hpp): an SM-DP's ES3 calls made again after the
// SM-SR's server refused or failed them.
#include "twinsim/engine/es3_retries.hpp"

#include <algorithm>

#include "twinmodels/platform/sm_sr_state_fields.hpp"

namespace twinsim {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

namespace {
constexpr std::size_t kMaxEs3Text = 4096;
}  // namespace

void Es3Retries::sent(const pf::Es3Call& c) {
  if (spec_) sent_[c.call.call_id] = Sent{c, 1};
}

bool Es3Retries::again(SimTime t, const pf::FunctionResult& r) {
  const auto it = sent_.find(r.call_id);
  if (it == sent_.end()) return false;
  // The SM-SR's server answered for a function its model never saw.
  if (!pf::server_did_not_serve(r) || it->second.calls >= spec_->max_attempts) {
    sent_.erase(it);
    return false;
  }
  ++it->second.calls;
  due_.emplace(t + to_simtime(spec_->retry_after_s), r.call_id);
  ++retried_;
  return true;
}

std::vector<std::pair<SimTime, pf::Es3Call>> Es3Retries::take_due(SimTime t) {
  std::vector<std::pair<SimTime, pf::Es3Call>> out;
  while (!due_.empty() && due_.begin()->first <= t) {
    out.emplace_back(due_.begin()->first, sent_.at(due_.begin()->second).call);
    due_.erase(due_.begin());
  }
  return out;
}

void Es3Retries::save(cardcore::Bytes& out) const {
  st::put_u64(out, retried_);
  st::put_u32(out, static_cast<std::uint32_t>(sent_.size()));
  for (const auto& [id, s] : sent_) {
    st::put_u32(out, s.calls);
    st::put_text(out, s.call.smsr_id);
    pf::state_fields::put_call(out, s.call.call);
  }
  st::put_u32(out, static_cast<std::uint32_t>(due_.size()));
  for (const auto& [at, id] : due_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_text(out, id);
  }
}

void Es3Retries::restore(st::Reader& r, const std::vector<std::string>& smsr_ids) {
  const std::uint64_t retried = r.u64("ES3 calls made again");
  std::map<std::string, Sent> sent;
  const std::uint32_t ns = r.count("ES3 calls sent", 12);
  if (ns > 0 && !spec_) r.fail("ES3 calls kept for sending again, and the SM-DP has no es3_retry");
  for (std::uint32_t i = 0; i < ns; ++i) {
    Sent s;
    s.calls = r.u32("ES3 calls made");
    if (s.calls < 1 || s.calls > spec_->max_attempts)
      r.fail("an ES3 call made " + std::to_string(s.calls) + " times (es3_retry makes it at most " +
             std::to_string(spec_->max_attempts) + " times)");
    s.call.smsr_id = r.text("ES3 call's SM-SR", kMaxEs3Text);
    if (std::find(smsr_ids.begin(), smsr_ids.end(), s.call.smsr_id) == smsr_ids.end())
      r.fail("an ES3 call to SM-SR '" + s.call.smsr_id + "', which the scenario has not");
    s.call.call = pf::state_fields::read_call(r);
    if (!sent.empty() && s.call.call.call_id <= sent.rbegin()->first) r.fail("ES3 calls sent out of order or repeated");
    sent.emplace_hint(sent.end(), s.call.call.call_id, std::move(s));
  }
  std::multimap<SimTime, std::string> due;
  const std::uint32_t nd = r.count("ES3 calls due again", 12);
  for (std::uint32_t i = 0; i < nd; ++i) {
    const SimTime at = static_cast<SimTime>(r.u64("ES3 call due at"));
    if (!due.empty() && at < due.rbegin()->first) r.fail("ES3 calls due again out of time order");
    std::string id = r.text("ES3 call due again", kMaxEs3Text);
    const auto it = sent.find(id);
    if (it == sent.end()) r.fail("ES3 call '" + id + "' due again was not sent");
    if (it->second.calls < 2) r.fail("ES3 call '" + id + "' due again counts no second call");
    due.emplace_hint(due.end(), at, std::move(id));
  }
  retried_ = retried;
  sent_ = std::move(sent);
  due_ = std::move(due);
}

}  // namespace twinsim
