#pragma once
// NAS level mobility management congestion control at the MME (TS 24.301
// §5.3.9, TS 23.401 §4.3.7.4.2): when attach requests arrive faster than the
// MME admits them, it rejects them with EMM cause #22 "congestion" and a
// back-off timer T3346 in the reject (GPRS timer 2, IEI 0x5F, §8.2.3). The
// UE then stays away for T3346 (§5.5.1.2.5). TS 23.401 §4.3.7.4.2: the
// MME should select the value so that deferred requests are not
// synchronised; here it is a uniform whole number of minutes in
// [t3346_min, t3346_max], drawn from the device's stream, then the largest
// value a GPRS timer 2 can say not above it (every minute up to 31 min, then
// whole decihours).
#include <array>
#include <cstdint>

#include "twinmodels/network/gprs_timer.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/rate_limiter.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace twinmodels {

// TS 24.301 §9.9.3.9 EMM causes of the attach procedures modelled here.
inline constexpr std::uint8_t kEmmCauseMacFailure = 20;
inline constexpr std::uint8_t kEmmCauseSynchFailure = 21;
inline constexpr std::uint8_t kEmmCauseCongestion = 22;

struct NasCongestionConfig {
  double attaches_per_second = 200;  // the MME's admission rate for attach requests
  std::uint32_t burst = 200;
  NetTime t3346_min = 15 * kMinute;
  NetTime t3346_max = 30 * kMinute;
};

struct NasAdmission {
  bool admitted = false;
  std::uint8_t cause = 0;                // #22 when rejected
  NetTime t3346 = 0;                     // rejected: the back-off timer
  std::array<std::uint8_t, 3> t3346_ie{};  // rejected: 5F 01 vv
};

class NasCongestionControl {
 public:
  // Throws std::invalid_argument unless 1 min <= t3346_min <= t3346_max <=
  // 186 min (the GPRS timer 2's longest) and both are whole minutes, or for a
  // bad rate.
  explicit NasCongestionControl(NasCongestionConfig cfg = {});

  NasAdmission attach_request(NetTime t, RandomStream& rng);

  std::uint64_t admitted() const { return admitted_; }
  // Checkpoints: the bucket's TAT and the counters.
  NetTime tat() const { return rate_.tat(); }
  void restore(NetTime tat, std::uint64_t admitted, std::uint64_t rejected) {
    rate_.restore(tat);
    admitted_ = admitted;
    rejected_ = rejected;
  }
  std::uint64_t rejected() const { return rejected_; }
  const NasCongestionConfig& config() const { return cfg_; }

 private:
  NasCongestionConfig cfg_;
  RateLimiter rate_;
  std::uint64_t admitted_ = 0;
  std::uint64_t rejected_ = 0;
};

}  // namespace twinmodels
