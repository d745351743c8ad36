#pragma once
// The UE side of a failed attach, TS 24.301 §5.5.1.2.5 and §5.5.1.2.6: when
// to try again.
//
// - Lower layer failure, RRC reject, T3410 expiry (no ATTACH ACCEPT within
//   15 s of ATTACH REQUEST, §10.2), or a reject without a cause of its own:
//   the attach attempt counter is incremented; below 5 the UE retries when
//   T3411 (10 s) expires, at 5 it starts T3402 (12 min, or the value the
//   network sent) and the counter starts again from 0 at its expiry.
// - ATTACH REJECT #22 with T3346 (neither zero nor deactivated): the UE waits
//   T3346; the counter is not incremented. With T3346 zero or deactivated
//   it is the abnormal case above (§5.5.1.2.5).
// - RRCConnectionReject: the cell's retry time (ran_cell.hpp) and an
//   unsuccessful attempt.
// - ATTACH ACCEPT resets the counter.
//
// State per UE: the counter, one byte.
#include <cstdint>

#include "twinmodels/network/gprs_timer.hpp"
#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

struct AttachRetryConfig {
  NetTime t3410 = 15 * kSecond;       // TS 24.301 §10.2 Table 10.2.1
  NetTime t3411 = 10 * kSecond;       // TS 24.301 §10.2 Table 10.2.1
  NetTime t3402 = 12 * kMinute;       // TS 24.301 §10.2 Table 10.2.1 (default)
  std::uint8_t max_attempts = 5;      // §5.5.1.2.6: "attach attempt counter is equal to 5"
};

enum class AttachFailure : std::uint8_t {
  LowerLayer,  // lower layer failure, or the connection released before ACCEPT
  T3410Expiry,
  OtherReject,  // ATTACH REJECT with a cause not handled specially here
};

class AttachRetry {
 public:
  explicit AttachRetry(AttachRetryConfig cfg = {}) : cfg_(cfg) {}

  // When to try again after `failure` at t; updates `counter`.
  NetTime after_failure(NetTime t, AttachFailure failure, std::uint8_t& counter) const;
  // When to try again after ATTACH REJECT #22 carrying this T3346 at t.
  NetTime after_congestion(NetTime t, NasTimerValue t3346, std::uint8_t& counter) const;
  // When to try again after RRCConnectionReject at t: a lower layer failure
  // for NAS (T3411 or T3402 from t), and not before the cell lets the UE
  // back (T302 and the random access back-off: cell_retry_at).
  NetTime after_rrc_reject(NetTime t, NetTime cell_retry_at, std::uint8_t& counter) const;
  // ATTACH ACCEPT.
  void accepted(std::uint8_t& counter) const { counter = 0; }
  // True when an ATTACH ACCEPT arriving at `accept_at` for a request sent at
  // `request_at` comes too late (T3410 expired first).
  bool t3410_expired(NetTime request_at, NetTime accept_at) const { return accept_at - request_at >= cfg_.t3410; }

  const AttachRetryConfig& config() const { return cfg_; }

 private:
  AttachRetryConfig cfg_;
};

}  // namespace twinmodels
