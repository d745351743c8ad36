#include "twinsim/scenario/scenario.hpp"

#include <stdexcept>
#include <string>

namespace twinsim {

std::optional<std::uint8_t> Scenario::sm_sr_index(const std::string& id) const {
  for (std::size_t i = 0; i < sm_srs.size(); ++i) {
    if (sm_srs[i].id == id) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

std::string Scenario::sm_sr_ids() const {
  std::string ids;
  for (const SmSrSpec& sr : sm_srs) ids += (ids.empty() ? "" : ", ") + sr.id;
  return ids;
}

std::uint16_t Scenario::population_of(std::uint64_t device) const {
  for (std::size_t i = 0; i < populations.size(); ++i) {
    if (device < populations[i].count) return static_cast<std::uint16_t>(i);
    device -= populations[i].count;
  }
  throw std::out_of_range("device " + std::to_string(device) + " is past the scenario's populations");
}

std::uint64_t Scenario::device_count() const {
  std::uint64_t n = 0;
  for (const PopulationSpec& p : populations) n += p.count;
  return n;
}

}  // namespace twinsim
