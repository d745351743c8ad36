#pragma once
// Statistics of a column of a run file (one value per device or sample):
// the mean and maximum (Eigen) and the nearest-rank percentiles
// (twinmodels/nearest_rank.hpp).
#include <span>

namespace twinanalysis {

struct ColumnStatistics {
  double mean = 0, p50 = 0, p90 = 0, max = 0;  // all 0 for no values
};

ColumnStatistics column_statistics(std::span<const double> values);

}  // namespace twinanalysis
