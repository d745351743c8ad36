// CallRetries (call_retries.hpp): the MNOs' campaign calls made again after
// their platform refused or failed them.
#include "twinsim/engine/call_retries.hpp"

#include <string>

namespace twinsim {

namespace st = twinmodels::state;

bool CallRetries::again(SimTime t, const CampaignSpec& spec, Call c) {
  const auto it = attempts_.find(key(c));
  const std::uint32_t made = it == attempts_.end() ? 1 : it->second;
  if (!spec.retry || made >= spec.retry->max_attempts) {
    if (it != attempts_.end()) attempts_.erase(it);
    return false;
  }
  attempts_[key(c)] = made + 1;
  due_.emplace(t + to_simtime(spec.retry->retry_after_s), c);
  ++retried_;
  return true;
}

SimTime CallRetries::next() const { return due_.empty() ? twinmodels::kNever : due_.begin()->first; }

std::vector<std::pair<SimTime, CallRetries::Call>> CallRetries::take_due(SimTime t) {
  std::vector<std::pair<SimTime, Call>> out;
  while (!due_.empty() && due_.begin()->first <= t) {
    out.emplace_back(due_.begin()->first, due_.begin()->second);
    due_.erase(due_.begin());
  }
  return out;
}

void CallRetries::save(cardcore::Bytes& out) const {
  st::put_u64(out, retried_);
  st::put_u32(out, static_cast<std::uint32_t>(due_.size()));
  for (const auto& [at, c] : due_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u16(out, c.campaign);
    st::put_u32(out, c.device);
  }
  st::put_u32(out, static_cast<std::uint32_t>(attempts_.size()));
  for (const auto& [k, made] : attempts_) {
    st::put_u16(out, static_cast<std::uint16_t>(k >> 32));
    st::put_u32(out, static_cast<std::uint32_t>(k));
    st::put_u32(out, made);
  }
}

void CallRetries::restore(st::Reader& r, const Scenario& s, std::uint64_t devices,
                          const std::function<bool(const CampaignSpec&)>& ours, const std::string& platform) {
  auto call = [&](const char* what) {
    Call c;
    c.campaign = r.u16(what);
    c.device = r.u32(what);
    if (c.campaign >= s.campaigns.size() || !s.campaigns[c.campaign].retry)
      r.fail(std::string(what) + ": campaign " + std::to_string(c.campaign) + " makes no call again (campaigns[i].retry)");
    if (!ours(s.campaigns[c.campaign]))
      r.fail(std::string(what) + ": campaign '" + s.campaigns[c.campaign].name + "' is not one of " + platform);
    if (c.device >= devices) r.fail(std::string(what) + ": device " + std::to_string(c.device) + " is not in the run");
    return c;
  };
  const std::uint64_t retried = r.u64("calls made again");
  std::multimap<SimTime, Call> due;
  const std::uint32_t nd = r.count("calls due again", 14);
  for (std::uint32_t i = 0; i < nd; ++i) {
    const SimTime at = static_cast<SimTime>(r.u64("call due at"));
    if (!due.empty() && at < due.rbegin()->first) r.fail("calls due again out of time order");
    due.emplace_hint(due.end(), at, call("call due again"));
  }
  std::map<std::uint64_t, std::uint32_t> attempts;
  const std::uint32_t na = r.count("calls made more than once", 10);
  for (std::uint32_t i = 0; i < na; ++i) {
    const Call c = call("call made more than once");
    const std::uint32_t made = r.u32("calls made");
    if (made < 2 || made > s.campaigns[c.campaign].retry->max_attempts)
      r.fail("a call made " + std::to_string(made) + " times (campaign '" + s.campaigns[c.campaign].name +
             "' makes it at most " + std::to_string(s.campaigns[c.campaign].retry->max_attempts) + " times)");
    if (!attempts.empty() && key(c) <= attempts.rbegin()->first) r.fail("calls made more than once out of order or repeated");
    attempts.emplace_hint(attempts.end(), key(c), made);
  }
  retried_ = retried;
  due_ = std::move(due);
  attempts_ = std::move(attempts);
}

}  // namespace twinsim
