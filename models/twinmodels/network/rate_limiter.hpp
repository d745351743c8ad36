#pragma once
// A token bucket of `burst` tokens refilled at `rate` per second, kept as the
// Generic Cell Rate Algorithm's single number, the theoretical arrival time
// (ITU-T I.371, its virtual scheduling form: the two are the same limiter). A
// request conforms at t when t >= TAT - (burst - 1) x interval; taking it
// sets TAT = max(TAT, t) + interval. Integer microseconds throughout: the
// interval is 1 s / rate rounded to the microsecond, so the rate is exact
// when it divides 10^6 and within 1 us per request otherwise.
//
// State: 8 bytes (TAT) beside the two constants.
#include <cstdint>

#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

class RateLimiter {
 public:
  // Throws std::invalid_argument unless 0 < rate_per_second <= 10^6 and burst >= 1.
  RateLimiter(double rate_per_second, std::uint32_t burst);

  // The earliest time >= t at which one request conforms.
  NetTime earliest(NetTime t) const;
  bool conforms(NetTime t) const { return earliest(t) == t; }
  // Takes a token at t; throws std::logic_error when t does not conform.
  void take(NetTime t);
  // Takes one if t conforms.
  bool try_take(NetTime t);

  NetTime interval() const { return interval_; }
  std::uint32_t burst() const { return burst_; }
  NetTime tat() const { return tat_; }
  void restore(NetTime tat) { tat_ = tat; }

 private:
  NetTime interval_;
  std::uint32_t burst_;
  NetTime tat_;
};

}  // namespace twinmodels
