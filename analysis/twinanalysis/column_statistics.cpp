#include "twinanalysis/column_statistics.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "twinmodels/nearest_rank.hpp"

namespace twinanalysis {

ColumnStatistics column_statistics(std::span<const double> values) {
  if (values.empty()) return {};
  const Eigen::Map<const Eigen::ArrayXd> column(values.data(), static_cast<Eigen::Index>(values.size()));
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  return {column.mean(), twinmodels::nearest_rank(sorted, 0.5), twinmodels::nearest_rank(sorted, 0.9), column.maxCoeff()};
}

}  // namespace twinanalysis
