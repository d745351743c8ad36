// The environmental grades of China Mobile's IoT eSIM cards: the source
// document's table 2-2 ("eSIM 卡环境使用等级指标", §3.1.1): operating
// temperature, erase cycles and data retention per grade.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace twinmodels::wear {

// Table 2-2 lists consumer, industrial and automotive; automotive has two
// temperature classes (I: −40..+105 °C, II: −40..+125 °C) with the same
// cycles and retention.
enum class Grade : std::uint8_t { Consumer, Industrial, Automotive1, Automotive2 };

struct GradeRating {
  Grade grade;
  const char* name;          // "consumer", "industrial", "automotive-1", "automotive-2"
  double t_min_c, t_max_c;   // operating range, °C (table 2-2 "温度")
  double rated_cycles;       // erase cycles per page (table 2-2 "擦写次数")
  double retention_years;    // table 2-2 "数据保存时间"
};

// The row of table 2-2 for g.
const GradeRating& rating(Grade g);

// The grade whose rating is named `name` ("consumer", ...); std::nullopt for
// another name.
std::optional<Grade> grade_named(std::string_view name);

}  // namespace twinmodels::wear
