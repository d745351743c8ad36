#include "twinmodels/network/nas_congestion.hpp"

#include <stdexcept>

namespace twinmodels {

namespace {

NasCongestionConfig checked(NasCongestionConfig c) {
  if (c.t3346_min < kMinute || c.t3346_min > c.t3346_max || c.t3346_max > gprs_timer_max(GprsTimerKind::Timer) ||
      c.t3346_min % kMinute != 0 || c.t3346_max % kMinute != 0)
    throw std::invalid_argument("NasCongestionControl: T3346 range must be whole minutes in [1 min, 186 min]");
  return c;
}

// The largest GPRS timer 2 value not above m minutes (m <= 186).
NetTime representable_floor(std::uint64_t minutes) {
  if (minutes <= 31) return static_cast<NetTime>(minutes) * kMinute;
  return static_cast<NetTime>(minutes / 6 * 6) * kMinute;
}

}  // namespace

NasCongestionControl::NasCongestionControl(NasCongestionConfig cfg)
    : cfg_(checked(cfg)), rate_(cfg_.attaches_per_second, cfg_.burst) {}

NasAdmission NasCongestionControl::attach_request(NetTime t, RandomStream& rng) {
  NasAdmission a;
  if (rate_.try_take(t)) {
    a.admitted = true;
    ++admitted_;
    return a;
  }
  const std::uint64_t lo = static_cast<std::uint64_t>(cfg_.t3346_min / kMinute);
  const std::uint64_t hi = static_cast<std::uint64_t>(cfg_.t3346_max / kMinute);
  a.cause = kEmmCauseCongestion;
  a.t3346 = representable_floor(lo + rng.below(hi - lo + 1));
  a.t3346_ie = encode_gprs_timer_ie(kIeiT3346, NasTimerValue::of(a.t3346), GprsTimerKind::Timer);
  ++rejected_;
  return a;
}

}  // namespace twinmodels
