#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

std::uint64_t Scenario::device_count() const {
  std::uint64_t n = 0;
  for (const PopulationSpec& p : populations) n += p.count;
  return n;
}

}  // namespace twinsim
