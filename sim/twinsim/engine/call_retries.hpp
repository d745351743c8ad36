#pragma once
// The MNOs' campaign calls made again (campaigns[i].retry, docs/SCENARIOS.md):
// a call its platform's server refused (an outage, its queue full, above
// its admission rate) or failed inside the platform (lost in a crash, its
// failure_ratio) is made again `retry_after` after that answer, up to
// `max_attempts` calls in all, the first included. Ours: SGP.02 leaves the
// MNO's handling of a failed function call to it (§5.1: the
// FunctionExecutionStatus tells it what happened). The SM-SR's and the
// SM-DP's runs keep one each.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class CallRetries {
 public:
  // A campaign's call of one device.
  struct Call {
    std::uint16_t campaign = 0;
    std::uint32_t device = 0;
    bool operator==(const Call&) const = default;
  };

  // The call was refused or failed by the platform at t: true when its
  // campaign makes it again (due at t + retry_after), false when that was
  // its last (no retry, or max_attempts calls made).
  bool again(SimTime t, const CampaignSpec& spec, Call c);
  // The call was served: a failure after this is the eUICC's or the
  // platform's function result, not made again.
  void served(Call c) { attempts_.erase(key(c)); }
  // When the next call is due; twinmodels::kNever when none waits.
  SimTime next() const;
  // The calls due by t, the earliest first (ties in the order they were
  // refused).
  std::vector<std::pair<SimTime, Call>> take_due(SimTime t);
  // Calls made again so far.
  std::uint64_t retried() const { return retried_; }

  // Checkpoints: retried u64; calls due u32 x (at i64, campaign u16, device
  // u32), in order; calls made more than once and not yet served u32 x
  // (campaign u16, device u32, calls made u32), ascending. restore()
  // checks campaigns and devices against the scenario, `devices` and the
  // campaigns `ours` says are the platform's (`platform` names it).
  void save(cardcore::Bytes& out) const;
  void restore(twinmodels::state::Reader& r, const Scenario& s, std::uint64_t devices,
               const std::function<bool(const CampaignSpec&)>& ours, const std::string& platform);

 private:
  static std::uint64_t key(Call c) { return static_cast<std::uint64_t>(c.campaign) << 32 | c.device; }
  std::multimap<SimTime, Call> due_;
  std::map<std::uint64_t, std::uint32_t> attempts_;  // calls made so far, when more than one
  std::uint64_t retried_ = 0;
};

}  // namespace twinsim
