#include "twinmodels/supply/supply_figures.hpp"

#include "twinmodels/nearest_rank.hpp"

#include <algorithm>

namespace twinmodels::supply {

SupplyFigures supply_figures(const SupplyOutcome& outcome) {
  SupplyFigures f;
  std::vector<double> t = outcome.in_service_s;
  const double devices = static_cast<double>(t.size());
  if (!t.empty()) {
    std::sort(t.begin(), t.end());
    double sum = 0;
    for (double v : t) sum += v;
    f.mean_s = sum / devices;
    f.p50_s = nearest_rank(t, 0.5);
    f.p90_s = nearest_rank(t, 0.9);
    f.max_s = t.back();
  }
  f.units_made = outcome.units.size();
  for (const UnitRecord& u : outcome.units)
    if (u.replaces == UnitRecord::kNone && devices > 0) f.release_s += u.released_s / devices;
  for (const StageFigures& s : outcome.stages) {
    f.reworked += s.reworked;
    f.scrapped += s.scrapped;
    const double per = devices > 0 ? 1 / devices : 0;
    f.stages.push_back({s.queue_s * per, s.parts_s * per, s.work_s * per, s.cost * per});
    f.cost += s.cost * per;
  }
  for (std::size_t s = 1; s < f.stages.size(); ++s)
    if (f.stages[s].total_s() > f.stages[f.bottleneck].total_s()) f.bottleneck = s;
  return f;
}

}  // namespace twinmodels::supply
