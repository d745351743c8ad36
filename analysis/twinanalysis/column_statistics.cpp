#include "twinanalysis/column_statistics.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "twinsim/engine/nearest_rank.hpp"

namespace twinanalysis {

ColumnStatistics column_statistics(std::span<const double> values) {
  if (values.empty()) return {};
  const Eigen::Map<const Eigen::ArrayXd> column(values.data(), static_cast<Eigen::Index>(values.size()));
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return {column.mean(), twinsim::nearest_rank(sorted, 0.5), twinsim::nearest_rank(sorted, 0.9), column.maxCoeff()};
}

}  // namespace twinanalysis
