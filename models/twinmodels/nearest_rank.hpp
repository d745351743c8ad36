#pragma once
// The nearest-rank percentile of sorted values, for the campaigns' tails
// (ota.done_p*_s, handover.p*_s) and the supply flows' times to service.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace twinmodels {

// The smallest value with at least the fraction `q` (0 < q <= 1) of the
// values at or below it: the ceil(q n)-th; 0 for no values.
inline double nearest_rank(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace twinmodels
