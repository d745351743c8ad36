#include "twinmodels/network/attach_retry.hpp"

#include <algorithm>

namespace twinmodels {

NetTime AttachRetry::after_failure(NetTime t, AttachFailure, std::uint8_t& counter) const {
  // §5.5.1.2.6: increment; < 5: T3411; = 5: T3402 (the counter restarts then).
  ++counter;
  if (counter < cfg_.max_attempts) return t + cfg_.t3411;
  counter = 0;
  return t + cfg_.t3402;
}

NetTime AttachRetry::after_congestion(NetTime t, NasTimerValue t3346, std::uint8_t& counter) const {
  if (t3346.deactivated || t3346.duration == 0) return after_failure(t, AttachFailure::OtherReject, counter);
  return t + t3346.duration;  // §5.5.1.2.5 #22: start T3346; the counter is unchanged
}

NetTime AttachRetry::after_rrc_reject(NetTime t, NetTime cell_retry_at, std::uint8_t& counter) const {
  return std::max(after_failure(t, AttachFailure::LowerLayer, counter), cell_retry_at);
}

}  // namespace twinmodels
