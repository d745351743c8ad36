#include "twinmodels/network/rate_limiter.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace twinmodels {

RateLimiter::RateLimiter(double rate_per_second, std::uint32_t burst)
    : interval_(0), burst_(burst), tat_(std::numeric_limits<NetTime>::min() / 2) {
  if (!(rate_per_second > 0) || rate_per_second > 1e6 || !std::isfinite(rate_per_second))
    throw std::invalid_argument("RateLimiter: rate must be in (0, 10^6] per second");
  if (burst == 0) throw std::invalid_argument("RateLimiter: burst must be at least 1");
  interval_ = std::max<NetTime>(1, static_cast<NetTime>(std::llround(static_cast<double>(kSecond) / rate_per_second)));
}

NetTime RateLimiter::earliest(NetTime t) const {
  return std::max(t, tat_ - static_cast<NetTime>(burst_ - 1) * interval_);
}

void RateLimiter::take(NetTime t) {
  if (!conforms(t)) throw std::logic_error("RateLimiter: no token at this time");
  tat_ = std::max(tat_, t) + interval_;
}

bool RateLimiter::try_take(NetTime t) {
  if (!conforms(t)) return false;
  tat_ = std::max(tat_, t) + interval_;
  return true;
}

}  // namespace twinmodels
