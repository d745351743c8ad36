#pragma once
// What a run's list of platforms of one kind (its SM-SRs, its SM-DPs:
// sm_sr_runs.*, sm_dp_runs.*) does over all of them: the earliest wake-up,
// the outcomes of each in list order, and the saved states inside the state
// of their container (a count u8, then each platform's state as a blob).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "twinmodels/state/state_bytes.hpp"

namespace twinsim {

template <class Run>
auto earliest_wakeup(const std::vector<std::unique_ptr<Run>>& runs) {
  auto next = runs.front()->next_wakeup();
  for (const auto& run : runs) next = std::min(next, run->next_wakeup());
  return next;
}

template <class Run>
auto take_all_outcomes(const std::vector<std::unique_ptr<Run>>& runs) {
  decltype(runs.front()->take_outcomes()) out;
  for (const auto& run : runs) {
    auto o = run->take_outcomes();
    out.insert(out.end(), o.begin(), o.end());
  }
  return out;
}

template <class Run>
void put_platform_states(cardcore::Bytes& out, const std::vector<std::unique_ptr<Run>>& runs) {
  twinmodels::state::put_u8(out, static_cast<std::uint8_t>(runs.size()));
  for (const auto& run : runs) twinmodels::state::put_blob(out, run->save_state());
}

// The states of `expected` platforms (`what`: "SM-SR", ...); another count
// is refused (the scenario has another list).
inline std::vector<cardcore::Bytes> read_platform_states(twinmodels::state::Reader& r, std::size_t expected,
                                                          const std::string& what) {
  const std::uint8_t n = r.u8((what + "s").c_str());
  if (n != expected)
    r.fail(std::to_string(n) + " " + what + "s saved, the scenario has " + std::to_string(expected));
  std::vector<cardcore::Bytes> states(n);
  for (cardcore::Bytes& b : states) b = r.blob(what.c_str(), std::size_t{1} << 31);
  return states;
}

}  // namespace twinsim
