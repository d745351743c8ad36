// Interval statistics: a mean's Student-t interval, a proportion's Wilson
// interval against Newcombe's published examples, a fleet's failure curve.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "twinmodels/wear/statistics.hpp"

namespace test_wear_statistics {

using namespace twinmodels::wear;

TEST(WearStatistics, MeanIntervalByHand) {
  // 1..10: mean 5.5, s = √(82.5/9) = 3.02765; t(0.975; 9) = 2.262157;
  // half-width 2.262157 · 3.02765 / √10 = 2.16585.
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const Interval i = mean_interval(v);
  EXPECT_DOUBLE_EQ(i.estimate, 5.5);
  EXPECT_NEAR(i.upper - i.estimate, 2.262157 * std::sqrt(82.5 / 9) / std::sqrt(10.0), 1e-5);
  EXPECT_NEAR(i.estimate - i.lower, i.upper - i.estimate, 1e-12);
  // 99 %: t(0.995; 9) = 3.249836.
  const Interval j = mean_interval(v, 0.99);
  EXPECT_NEAR(j.upper - j.estimate, 3.249836 * std::sqrt(82.5 / 9) / std::sqrt(10.0), 1e-5);
  // Two replications: t(0.975; 1) = 12.7062.
  const std::vector<double> two{1, 3};
  EXPECT_NEAR(mean_interval(two).upper, 2 + 12.7062 * std::sqrt(2.0) / std::sqrt(2.0), 1e-3);
}

TEST(WearStatistics, MeanIntervalRejectsBadInput) {
  const std::vector<double> one{1};
  const std::vector<double> with_nan{1, NAN};
  const std::vector<double> fine{1, 2};
  EXPECT_THROW(mean_interval(one), std::invalid_argument);
  EXPECT_THROW(mean_interval(with_nan), std::invalid_argument);
  EXPECT_THROW(mean_interval(fine, 1.0), std::invalid_argument);
  EXPECT_THROW(mean_interval(fine, 0.0), std::invalid_argument);
}

TEST(WearStatistics, WilsonIntervalMatchesNewcombe) {
  // R. G. Newcombe, "Two-sided confidence intervals for the single
  // proportion: comparison of seven methods", Stat. Med. 17 (1998) 857,
  // Table II, method 3 (score, no continuity correction).
  struct Case {
    std::uint64_t x, n;
    double lower, upper;
  };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                        Case{1, 29, 0.0061, 0.1718}}) {
    const Interval i = proportion_interval(c.x, c.n);
    EXPECT_DOUBLE_EQ(i.estimate, double(c.x) / double(c.n));
    EXPECT_NEAR(i.lower, c.lower, 5e-5) << c.x << "/" << c.n;
    EXPECT_NEAR(i.upper, c.upper, 5e-5) << c.x << "/" << c.n;
  }
  const Interval all = proportion_interval(20, 20);
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_NEAR(all.lower, 1 - 0.1611, 5e-5);
  EXPECT_THROW(proportion_interval(1, 0), std::invalid_argument);
  EXPECT_THROW(proportion_interval(3, 2), std::invalid_argument);
  EXPECT_THROW(proportion_interval(1, 2, 1.5), std::invalid_argument);
}

TEST(WearStatistics, FailureCurveByHand) {
  const double never = std::numeric_limits<double>::infinity();
  const std::vector<double> times{2, 1, never, 5, 2};
  const std::vector<double> grid{0, 1, 2, 4.9, 5, 100};
  const std::vector<Interval> curve = failure_curve(times, grid);
  ASSERT_EQ(curve.size(), grid.size());
  const std::uint64_t failed[] = {0, 1, 3, 3, 4, 4};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const Interval expected = proportion_interval(failed[i], 5);
    EXPECT_DOUBLE_EQ(curve[i].estimate, failed[i] / 5.0) << grid[i];
    EXPECT_DOUBLE_EQ(curve[i].lower, expected.lower) << grid[i];
    EXPECT_DOUBLE_EQ(curve[i].upper, expected.upper) << grid[i];
  }
  const std::vector<double> none;
  const std::vector<double> with_nan{1, NAN};
  EXPECT_THROW(failure_curve(none, grid), std::invalid_argument);
  EXPECT_THROW(failure_curve(with_nan, grid), std::invalid_argument);
}

}  // namespace test_wear_statistics
