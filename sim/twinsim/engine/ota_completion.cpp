#include "twinsim/engine/ota_completion.hpp"

#include <algorithm>
#include <vector>

#include "twinsim/engine/modem_world.hpp"
#include "twinmodels/nearest_rank.hpp"

namespace twinsim {

OtaCompletion ota_completion(const ModemWorld& mw, const Scenario& s, const SupplySchedule& supply) {
  OtaCompletion out;
  if (!mw.write_module) return out;
  const twinmodels::ota::WriteModule& m = *mw.write_module;
  std::vector<double> done_after;
  std::uint64_t closed = 0, attempts = 0;
  for (std::size_t c = 0; c < s.campaigns.size(); ++c) {
    const CampaignSpec& spec = s.campaigns[c];
    if (spec.kind != CampaignKind::WriteCard) continue;
    const std::uint64_t count = s.populations[spec.population].count;
    for (std::uint64_t i = 0; i < count; ++i) {
      const auto order = static_cast<std::uint32_t>(mw.order_first[c] + i);
      const twinmodels::ota::WriteOrderState st = m.state(order);
      if (st != twinmodels::ota::WriteOrderState::Done && st != twinmodels::ota::WriteOrderState::Failed) continue;
      ++closed;
      attempts += m.attempts(order);
      if (st == twinmodels::ota::WriteOrderState::Done)
        done_after.push_back(to_seconds(m.done_at(order)) - release_base_s(spec, supply, static_cast<std::uint32_t>(i)));
    }
  }
  if (closed > 0) out.attempts_per_order = static_cast<double>(attempts) / static_cast<double>(closed);
  if (done_after.empty()) return out;
  std::sort(done_after.begin(), done_after.end());
  out.p50_s = twinmodels::nearest_rank(done_after, 0.5);
  out.p90_s = twinmodels::nearest_rank(done_after, 0.9);
  out.p99_s = twinmodels::nearest_rank(done_after, 0.99);
  out.max_s = done_after.back();
  return out;
}

}  // namespace twinsim
