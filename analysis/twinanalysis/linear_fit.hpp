#pragma once
// An ordinary least-squares line y = a + b·x (Eigen) with its coefficient
// of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)².
#include <span>

namespace twinanalysis {

struct LinearFit {
  double a = 0, b = 0;
  double r_squared = 0;  // NaN when every y is the same (Σ(y − ȳ)² = 0)
};

// Throws std::invalid_argument for spans of different sizes, fewer than two
// distinct x, or a value that is not finite.
LinearFit fit_line(std::span<const double> x, std::span<const double> y);

}  // namespace twinanalysis
