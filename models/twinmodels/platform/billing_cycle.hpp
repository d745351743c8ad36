#pragma once
// A customer account's monthly billing cycle at OneLink (the source
// document §3.2.1 names threshold alerts, not the bills; the form is ours,
// after what IoT connectivity platforms offer their customers: a cycle
// starting on a chosen day of every month). Each period starts at 00:00
// local time on `cycle_day`, a day every month has (1 to 28), on a calendar
// whose date at time 0 the caller gives.
#include <cstdint>

namespace twinmodels::platform {

struct MonthlyCycle {
  unsigned cycle_day = 1;  // 1 to 28
  // The calendar's Unix time at time 0; by default 2026-01-01T00:00:00Z,
  // the engine's SMSC clock (twinmodels::SmsClock).
  std::int64_t epoch_unix_ms = 1'767'225'600'000;
  // The platform's local time; by default China Standard Time (UTC+8).
  std::int32_t utc_offset_min = 480;
};

// Throws std::invalid_argument for a cycle day outside 1..28 or an offset
// beyond ±14 h.
void check_cycle(const MonthlyCycle& c);

// The cycle `t_ms` falls in, counted from the one time 0 falls in (0; the
// ones before it negative).
std::int64_t cycle_index(const MonthlyCycle& c, std::int64_t t_ms);

// When cycle `index` starts (ms since time 0; negative before it).
std::int64_t cycle_start_ms(const MonthlyCycle& c, std::int64_t index);

}  // namespace twinmodels::platform
