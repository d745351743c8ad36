#pragma once
// An SM-DP's own ES3 calls made again (platforms.sm_dp[i].es3_retry,
// docs/SCENARIOS.md): a call the SM-SR's server refused (an outage, its
// queue full, above its admission rate) or failed before serving it (lost
// in the SM-SR's crash, its failure_ratio) goes to the SM-SR again
// `retry_after` after that answer, up to `max_attempts` calls in all, the
// first included. The SM-SR's model never saw such a call, so sending it
// again cannot run it twice. Ours: SGP.02 §5.1 leaves the caller's handling
// of a failed function call to it. ES3.GetEIS, an order rather than a
// function call in the run, is not among them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/sm_dp.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class Es3Retries {
 public:
  // None: no call is made again (and none is kept).
  explicit Es3Retries(std::optional<RetrySpec> spec) : spec_(spec) {}

  // The SM-DP sent `c` (its first call).
  void sent(const twinmodels::platform::Es3Call& c);
  // The SM-SR's answer `r` came at t: true when it is its server's own
  // (the call never served) and the call goes again (due at t +
  // retry_after); false when the answer is the SM-DP's to take (served, or
  // the last call made).
  bool again(SimTime t, const twinmodels::platform::FunctionResult& r);
  // When the next call is due; twinmodels::kNever when none waits.
  SimTime next() const { return due_.empty() ? twinmodels::kNever : due_.begin()->first; }
  // The calls due by t, the earliest first (ties in the order they were
  // answered), with the time each is due.
  std::vector<std::pair<SimTime, twinmodels::platform::Es3Call>> take_due(SimTime t);
  // Calls made again so far.
  std::uint64_t retried() const { return retried_; }

  // Checkpoints: retried u64; calls sent and not answered u32 x (calls
  // made u32, SM-SR id (u32 length, bytes), the call:
  // twinmodels::platform::put_call), by call id; calls due u32 x (at i64,
  // call id (u32 length, bytes)), in time order, each one of those sent.
  // restore() refuses calls made more often than max_attempts, a call due
  // that was not sent, SM-SR ids `smsr_ids` does not hold, entries out of
  // order and any call without es3_retry.
  void save(cardcore::Bytes& out) const;
  void restore(twinmodels::state::Reader& r, const std::vector<std::string>& smsr_ids);

 private:
  struct Sent {
    twinmodels::platform::Es3Call call;
    std::uint32_t calls = 1;
  };
  std::optional<RetrySpec> spec_;
  std::map<std::string, Sent> sent_;           // by call id: sent, not answered (or due again)
  std::multimap<SimTime, std::string> due_;    // call ids due again
  std::uint64_t retried_ = 0;
};

}  // namespace twinsim
