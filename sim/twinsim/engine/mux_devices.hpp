#pragma once
// The devices of one multiplexer: device d of a population shared by the
// multiplexers L is L[d mod |L|]'s (NetworkPlan; without a topology, L is
// every multiplexer: d mod M).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "twinsim/engine/world.hpp"

namespace twinsim {

// Calls f(d) for each device of multiplexer `mux`, in increasing order.
template <class F>
void for_each_device_of(const World& world, std::uint8_t mux, F&& f) {
  const std::vector<std::uint32_t>& population_first = world.population_first;
  for (std::size_t p = 0; p < population_first.size(); ++p) {
    const std::vector<std::uint8_t>& list = world.network.population_muxes.at(p);
    const auto at = std::find(list.begin(), list.end(), mux);
    if (at == list.end()) continue;
    const auto k = static_cast<std::uint32_t>(list.size());
    const auto j = static_cast<std::uint32_t>(at - list.begin());
    const std::uint32_t first = population_first[p];
    const std::uint64_t end = p + 1 < population_first.size() ? population_first[p + 1] : world.devices.size();
    for (std::uint64_t next = first + (j + k - first % k) % k; next < end; next += k) f(static_cast<std::uint32_t>(next));
  }
}


}  // namespace twinsim
