#include "twinsim/scenario/scenario.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace twinsim {

namespace {

// The index of the platform `id` in a list of SmSrSpec or SmDpSpec; their
// ids, comma separated.
template <class Spec>
std::optional<std::uint8_t> index_of(const std::vector<Spec>& specs, const std::string& id) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].id == id) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

template <class Spec>
std::string ids_of(const std::vector<Spec>& specs) {
  std::string ids;
  for (const Spec& spec : specs) ids += (ids.empty() ? "" : ", ") + spec.id;
  return ids;
}

// Bytes below ' ' and DEL as \xNN (the rest as they are: UTF-8 stays).
std::string printable(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b != 0x7F) {
      out.push_back(c);
      continue;
    }
    out += "\\x" + cardcore::hex_digits(b, 2);
  }
  return out;
}

}  // namespace

ScenarioError::ScenarioError(const std::string& message) : std::runtime_error(printable(message)) {}

std::optional<std::uint8_t> Scenario::sm_sr_index(const std::string& id) const { return index_of(sm_srs, id); }
std::string Scenario::sm_sr_ids() const { return ids_of(sm_srs); }
std::optional<std::uint8_t> Scenario::sm_dp_index(const std::string& id) const { return index_of(sm_dps, id); }
std::string Scenario::sm_dp_ids() const { return ids_of(sm_dps); }

const std::string& ordering_operator(const Scenario& s, std::uint16_t campaign) {
  const CampaignSpec& c = s.campaigns.at(campaign);
  return s.populations.at(c.population).euicc_profiles.at(names_a_profile(c.kind) ? c.profile : 0).operator_name;
}

std::size_t write_round(const Scenario& s, std::uint16_t campaign) {
  const CampaignSpec& c = s.campaigns.at(campaign);
  std::size_t round = 0;
  for (std::uint16_t i = 0; i < campaign; ++i)
    round += s.campaigns[i].kind == CampaignKind::WriteCard && s.campaigns[i].population == c.population;
  return round;
}

std::size_t write_module_round(const Scenario& s, std::uint16_t campaign) {
  const CampaignSpec& c = s.campaigns.at(campaign);
  std::size_t forgotten = 0;
  for (std::uint16_t i = 0; i < campaign; ++i) {
    const CampaignSpec& e = s.campaigns[i];
    if (e.kind != CampaignKind::WriteCard || e.population != c.population) continue;
    forgotten += std::any_of(s.faults.begin(), s.faults.end(), [&](const FaultSpec& f) {
      return f.target == FaultTarget::WriteModule && f.action == FaultAction::RestoreBackup && f.at_s <= c.at_s &&
             f.backup_at_s <= e.at_s && e.at_s < f.at_s;
    });
  }
  return write_round(s, campaign) - forgotten;
}

std::size_t write_rounds(const Scenario& s) {
  std::vector<std::size_t> per_population(s.populations.size(), 0);
  std::size_t most = 0;
  for (const CampaignSpec& c : s.campaigns) {
    if (c.kind == CampaignKind::WriteCard) most = std::max(most, ++per_population.at(c.population));
  }
  return most;
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
