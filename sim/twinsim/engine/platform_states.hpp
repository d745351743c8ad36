#pragma once
// The saved states of a run's platforms of one kind (its SM-SRs, its
// SM-DPs), in platforms order, inside the state of their container
// (sm_sr_runs_state.cpp, sm_dp_runs_state.cpp): a count u8, then each
// platform's state as a blob.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "twinmodels/state/state_bytes.hpp"

namespace twinsim {

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
