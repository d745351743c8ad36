// Page endurance: each grade of table 2-2 survives its rated cycles at the
// rated temperature with the stated probability (1 − f_at_rated), a hotter
// page wears faster by exactly the model's Arrhenius factor, draws are
// deterministic per seed, and programs outside the range fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinmodels/random/random_stream.hpp"
#include "twinmodels/wear/endurance.hpp"

namespace test_wear_endurance {

using namespace twinmodels::wear;

constexpr Grade kGrades[] = {Grade::Consumer, Grade::Industrial, Grade::Automotive1, Grade::Automotive2};
constexpr int kPages = 200'000;

std::vector<double> thresholds(const EnduranceModel& m, std::uint64_t seed, int n) {
  twinmodels::RandomStream rng(seed, 0, 0);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = m.threshold(rng.uniform01());
  return v;
}

double median(std::vector<double> v) {
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

TEST(WearEndurance, EachGradeSurvivesItsRatedCyclesWithTheStatedProbability) {
  // 200 000 pages per grade, cycled at the grade's t_max: a page has failed
  // by the rated cycles when its threshold (equivalent cycles) is at most
  // rated_cycles · acceleration(t_max) = rated_cycles. The failed fraction
  // is Binomial(200 000, 0.01)/200 000: σ = √(0.01 · 0.99 / 200 000) =
  // 2.22e-4; we allow 5σ = 1.11e-3 (a false alarm once in 1.7 million seeds).
  const double sigma = std::sqrt(0.01 * 0.99 / kPages);
  for (Grade g : kGrades) {
    const EnduranceModel m(rating(g));
    EXPECT_EQ(m.acceleration(rating(g).t_max_c), 1.0);
    EXPECT_NEAR(m.failure_probability(rating(g).rated_cycles, rating(g).t_max_c), 0.01, 1e-14);
    const std::vector<double> th = thresholds(m, 2018 + static_cast<std::uint64_t>(g), kPages);
    const auto failed = std::count_if(th.begin(), th.end(), [&](double x) { return x <= rating(g).rated_cycles; });
    EXPECT_NEAR(double(failed) / kPages, 0.01, 5 * sigma) << rating(g).name;
  }
}

TEST(WearEndurance, MedianLifePerGrade) {
  // β = 3, 1 % by the rated cycles: the median is rated · (ln 2 / −ln 0.99)^(1/3)
  // = 4.1009 times the rated cycles (docs/MODELS.md quotes these).
  EXPECT_NEAR(EnduranceModel(rating(Grade::Consumer)).median_cycles(85), 410'092.3, 0.1);
  EXPECT_NEAR(EnduranceModel(rating(Grade::Industrial)).median_cycles(105), 2'050'461.6, 0.1);
  EXPECT_NEAR(EnduranceModel(rating(Grade::Automotive2)).median_cycles(125), 4'100'923.1, 0.1);
  // A consumer page at 25 °C wears 0.1414 times as fast as at 85 °C.
  EXPECT_NEAR(EnduranceModel(rating(Grade::Consumer)).acceleration(25), 0.1414032, 1e-6);
  EXPECT_NEAR(EnduranceModel(rating(Grade::Consumer)).median_cycles(25), 410'092.3 / 0.1414032, 5.0);
}

TEST(WearEndurance, RaisingTheTemperatureShortensLifeByTheAcceleration) {
  const EnduranceModel m(rating(Grade::Consumer));
  const std::vector<double> th = thresholds(m, 99, kPages);
  const double t_rated = 85, t_hot = 125;
  const double a = m.acceleration(t_hot);
  EXPECT_NEAR(a, 2.6552928, 1e-6);  // test_wear_grade.cpp: by hand
  // Cycles to failure of a page at t is its threshold / acceleration(t).
  std::vector<double> at_rated, at_hot;
  for (double x : th) {
    at_rated.push_back(x / m.acceleration(t_rated));
    at_hot.push_back(x / a);
  }
  const double median_rated = median(at_rated);
  const double median_hot = median(at_hot);
  EXPECT_NEAR(median_rated / median_hot, a, 1e-12);
  EXPECT_NEAR(m.median_cycles(t_rated) / m.median_cycles(t_hot), a, 1e-12);
  // The sample median is within 1 % of the model's (its relative standard
  // error here is about 0.1 %).
  EXPECT_NEAR(median_rated / m.median_cycles(t_rated), 1.0, 0.01);
  // n cycles when hot are n · a cycles at the rated temperature.
  for (double n : {10'000.0, 50'000.0, 150'000.0}) {
    EXPECT_DOUBLE_EQ(m.failure_probability(n, t_hot), m.failure_probability(n * a, t_rated));
    EXPECT_GT(m.failure_probability(n, t_hot), m.failure_probability(n, t_rated));
    EXPECT_LT(m.failure_probability(n, 25), m.failure_probability(n, t_rated));
  }
}

TEST(WearEndurance, DeterministicPerSeed) {
  const EnduranceModel m(rating(Grade::Industrial));
  const std::vector<double> a = thresholds(m, 42, 1000);
  const std::vector<double> b = thresholds(m, 42, 1000);
  const std::vector<double> c = thresholds(m, 43, 1000);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == c[i] ? 1 : 0;
  EXPECT_EQ(same, 0u);
}

TEST(WearEndurance, OutOfRangeProbability) {
  const EnduranceModel m(rating(Grade::Consumer));  // −25..85 °C
  for (double t : {-25.0, 0.0, 25.0, 85.0}) EXPECT_EQ(m.out_of_range_probability(t), 0.0) << t;
  double previous = 0;
  for (double t = 86; t <= 200; t += 1) {
    const double p = m.out_of_range_probability(t);
    EXPECT_GT(p, previous) << t;
    EXPECT_LE(p, 1.0);
    previous = p;
  }
  previous = 0;
  for (double t = -26; t >= -100; t -= 1) {
    const double p = m.out_of_range_probability(t);
    EXPECT_GT(p, previous) << t;
    previous = p;
  }
  // 1 − exp(−(excess/30)²): 30 °C beyond, 1 − 1/e; 15 °C below, 1 − e^(−1/4).
  EXPECT_NEAR(m.out_of_range_probability(115), 1 - std::exp(-1.0), 1e-15);
  EXPECT_NEAR(m.out_of_range_probability(-40), 1 - std::exp(-0.25), 1e-15);
  // Automotive II is rated to 125 °C.
  EXPECT_EQ(EnduranceModel(rating(Grade::Automotive2)).out_of_range_probability(125), 0.0);
  EXPECT_GT(EnduranceModel(rating(Grade::Automotive1)).out_of_range_probability(125), 0.0);
}

TEST(WearEndurance, RejectsParametersOutOfTheirDomain) {
  const auto rejects = [](EnduranceParams p, const std::string& name) {
    try {
      EnduranceModel m(rating(Grade::Consumer), p);
      ADD_FAILURE() << name << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  };
  EnduranceParams p;
  p.beta = 0;
  rejects(p, "beta");
  p = {};
  p.f_at_rated = 1;
  rejects(p, "f_at_rated");
  p = {};
  p.ea_ev = -0.1;
  rejects(p, "ea_ev");
  p = {};
  p.oor_scale_c = 0;
  rejects(p, "oor_scale_c");
  p = {};
  p.oor_shape = NAN;
  rejects(p, "oor_shape");
  EXPECT_THROW(EnduranceModel(rating(Grade::Consumer)).threshold(1.0), std::invalid_argument);
}

}  // namespace test_wear_endurance
