#include "twinmodels/wear/grade.hpp"

#include <array>

namespace twinmodels::wear {

namespace {

// Source document table 2-2: consumer −25..+85 °C, 10万 (100 000) cycles,
// 10 years; industrial −40..+105 °C, 50万, 10 years; automotive I −40..+105 °C
// and II −40..+125 °C, 100万, 17 years.
constexpr std::array<GradeRating, 4> kRatings{{
    {Grade::Consumer, "consumer", -25.0, 85.0, 100'000.0, 10.0},
    {Grade::Industrial, "industrial", -40.0, 105.0, 500'000.0, 10.0},
    {Grade::Automotive1, "automotive-1", -40.0, 105.0, 1'000'000.0, 17.0},
    {Grade::Automotive2, "automotive-2", -40.0, 125.0, 1'000'000.0, 17.0},
}};

}  // namespace

const GradeRating& rating(Grade g) { return kRatings.at(static_cast<std::size_t>(g)); }

std::optional<Grade> grade_named(std::string_view name) {
  for (const GradeRating& r : kRatings) {
    if (name == r.name) return r.grade;
  }
  return std::nullopt;
}

}  // namespace twinmodels::wear
