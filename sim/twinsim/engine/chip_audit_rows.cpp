// ChipManagementRun::for_each_audit_row(): the chips' audit trails as the
// run file's /chip_audit rows (docs/RUN-FILE.md), merged into time order.
#include <algorithm>

#include "twinsim/engine/chip_management_run.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

void ChipManagementRun::for_each_audit_row(const std::function<void(const ChipAuditRow&)>& f) const {
  struct Step {
    std::uint64_t at_ms;
    std::uint32_t device;
    std::uint32_t index;  // in the chip's trail
    const pf::Chip* chip;
  };
  std::vector<Step> steps;
  auto add = [&](std::uint32_t d, const pf::Chip* chip, std::uint32_t from) {
    if (!chip) return;
    const auto& audit = chip->audit();
    for (auto i = from; i < audit.size(); ++i) steps.push_back({audit[i].at_ms, d, i, chip});
  };
  // The device's scrapped units' chips (supply flows), then its own.
  std::size_t k = 0;
  for (std::uint32_t d = 0; d < scenario_.device_count(); ++d) {
    for (; k < scrapped_.size() && scrapped_[k].first == d; ++k)
      add(d, registry_.chip(scrapped_[k].second), scrapped_restored_.empty() ? 0u : scrapped_restored_[k]);
    if (follows(d)) add(d, registry_.chip(chip_of(d)), audit_restored_.empty() ? 0u : audit_restored_[d]);
  }
  // Stable: the devices' order, and each trail's, among steps of one time.
  std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.at_ms < b.at_ms; });
  ChipAuditRow row;
  for (const Step& s : steps) {
    const pf::AuditEntry& e = s.chip->audit()[s.index];
    row.t = static_cast<double>(e.at_ms) / 1000.0;
    row.device = s.device;
    row.chip = s.chip->id();
    row.actor = pf::describe(e.actor);
    row.action = pf::to_string(e.action);
    row.from = e.from ? pf::to_string(*e.from) : "";
    row.to = pf::to_string(e.to);
    row.detail = e.detail;
    f(row);
  }
}

}  // namespace twinsim
