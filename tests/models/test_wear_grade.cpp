// The card grades of the source document's table 2-2 (§3.1.1) and the
// Arrhenius factor the wear models accelerate with.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "twinmodels/wear/arrhenius.hpp"
#include "twinmodels/wear/grade.hpp"

namespace test_wear_grade {

using namespace twinmodels::wear;

TEST(WearGrade, Table22Values) {
  const GradeRating& consumer = rating(Grade::Consumer);
  EXPECT_STREQ(consumer.name, "consumer");
  EXPECT_EQ(consumer.t_min_c, -25.0);
  EXPECT_EQ(consumer.t_max_c, 85.0);
  EXPECT_EQ(consumer.rated_cycles, 100'000.0);
  EXPECT_EQ(consumer.retention_years, 10.0);

  const GradeRating& industrial = rating(Grade::Industrial);
  EXPECT_STREQ(industrial.name, "industrial");
  EXPECT_EQ(industrial.t_min_c, -40.0);
  EXPECT_EQ(industrial.t_max_c, 105.0);
  EXPECT_EQ(industrial.rated_cycles, 500'000.0);
  EXPECT_EQ(industrial.retention_years, 10.0);

  const GradeRating& auto1 = rating(Grade::Automotive1);
  EXPECT_STREQ(auto1.name, "automotive-1");
  EXPECT_EQ(auto1.t_min_c, -40.0);
  EXPECT_EQ(auto1.t_max_c, 105.0);
  EXPECT_EQ(auto1.rated_cycles, 1'000'000.0);
  EXPECT_EQ(auto1.retention_years, 17.0);

  const GradeRating& auto2 = rating(Grade::Automotive2);
  EXPECT_STREQ(auto2.name, "automotive-2");
  EXPECT_EQ(auto2.t_min_c, -40.0);
  EXPECT_EQ(auto2.t_max_c, 125.0);
  EXPECT_EQ(auto2.rated_cycles, 1'000'000.0);
  EXPECT_EQ(auto2.retention_years, 17.0);
}

TEST(WearGrade, RatingCarriesItsGrade) {
  for (Grade g : {Grade::Consumer, Grade::Industrial, Grade::Automotive1, Grade::Automotive2}) {
    EXPECT_EQ(rating(g).grade, g);
    ASSERT_TRUE(grade_named(rating(g).name).has_value());
    EXPECT_EQ(*grade_named(rating(g).name), g);
  }
  EXPECT_FALSE(grade_named("automotive").has_value());
  EXPECT_FALSE(grade_named("").has_value());
}

TEST(WearArrhenius, OneAtTheReferenceAndMonotone) {
  EXPECT_DOUBLE_EQ(arrhenius_factor(0.7, 55.0, 55.0), 1.0);
  double previous = 0;
  for (double t = -40; t <= 150; t += 5) {
    const double f = arrhenius_factor(0.7, 55.0, t);
    EXPECT_GT(f, previous) << t;
    EXPECT_EQ(f < 1, t < 55) << t;
    previous = f;
  }
  // No activation energy, no acceleration.
  EXPECT_DOUBLE_EQ(arrhenius_factor(0.0, 25.0, 125.0), 1.0);
}

TEST(WearArrhenius, HandComputedValues) {
  // exp(0.3 / 8.617333262e-5 · (1/358.15 − 1/398.15)) = 2.65529 (computed by
  // hand with Python's math.exp): a consumer page cycled at 125 instead of
  // 85 °C wears 2.655 times as fast with the endurance model's 0.3 eV.
  EXPECT_NEAR(arrhenius_factor(0.3, 85.0, 125.0), 2.6552928, 1e-6);
  // 1.1 eV from 55 to 85 °C: 26.0078; and its inverse.
  EXPECT_NEAR(arrhenius_factor(1.1, 55.0, 85.0), 26.007753, 1e-5);
  EXPECT_NEAR(arrhenius_factor(1.1, 85.0, 55.0), 1.0 / 26.007753, 1e-8);
}

TEST(WearArrhenius, RejectsBadArguments) {
  EXPECT_THROW(arrhenius_factor(-0.1, 25, 85), std::invalid_argument);
  EXPECT_THROW(arrhenius_factor(NAN, 25, 85), std::invalid_argument);
  EXPECT_THROW(arrhenius_factor(0.3, -273.15, 85), std::invalid_argument);
  EXPECT_THROW(arrhenius_factor(0.3, 25, -300), std::invalid_argument);
  EXPECT_THROW(arrhenius_factor(0.3, 25, INFINITY), std::invalid_argument);
}

}  // namespace test_wear_grade
