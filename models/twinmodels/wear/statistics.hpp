// Confidence intervals over replications and fleets: a mean with a
// Student-t interval, a proportion with a Wilson score interval, and a
// fleet's failure curve. Quantiles from Boost.Math.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace twinmodels::wear {

struct Interval {
  double estimate = 0, lower = 0, upper = 0;
};

// Mean of replications with a two-sided Student-t interval at `level`:
// mean ± t(1 − (1 − level)/2; n − 1) · s/√n, s the sample standard deviation.
// Throws std::invalid_argument for n < 2, a non-finite value, or a level
// outside (0, 1).
Interval mean_interval(std::span<const double> replications, double level = 0.95);
// A binomial proportion (failed of n) with the Wilson score interval at
// `level` (E. B. Wilson, JASA 22, 1927; R. G. Newcombe, Stat. Med. 17, 1998,
// method 3): (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n), z the
// normal quantile at 1 − (1 − level)/2; estimate p̂ = failed/n. Throws
// std::invalid_argument for n == 0, failed > n, or a level outside (0, 1).
Interval proportion_interval(std::uint64_t failed, std::uint64_t n, double level = 0.95);
// The failure curve of a fleet: at each grid time, the fraction of units
// failed by then (failure time <= grid time; units with failure time
// +infinity never fail) with its Wilson interval. Throws
// std::invalid_argument for no units or a NaN time.
std::vector<Interval> failure_curve(std::span<const double> failure_times, std::span<const double> grid,
                                    double level = 0.95);

}  // namespace twinmodels::wear
