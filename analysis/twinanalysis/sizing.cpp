#include "twinanalysis/sizing.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "twinanalysis/run_figures.hpp"

namespace twinanalysis {

SizingCurve sizing_curve(const std::vector<RunTables>& runs) {
  if (runs.size() < 2) throw AnalysisError("--sizing needs at least two runs of one scenario at different sizes");
  SizingCurve curve;
  std::set<std::string> platforms;
  for (const RunTables& r : runs) {
    if (r.summary.interrupted)
      throw AnalysisError(r.path + " is an interrupted run: it did not reach its stop time");
    if (r.summary.scenario_text != runs.front().summary.scenario_text)
      throw AnalysisError(r.path + " ran another scenario text than " + runs.front().path + " ('" + r.scenario_name +
                          "' vs '" + runs.front().scenario_name + "'): a sizing curve runs one scenario at different "
                          "sizes (--devices)");
    SizingPoint p{r.path, static_cast<double>(r.summary.devices), {}, {}, kNoValue};
    for (const auto& [name, samples] : r.platforms) {
      double queue = 0, busy = 0;
      for (const auto& s : samples) {
        queue = std::max(queue, static_cast<double>(s.queue));
        busy = std::max(busy, s.busy);
      }
      p.peak_queue[name] = queue;
      p.busy_peak[name] = busy;
      platforms.insert(name);
    }
    std::map<std::uint16_t, std::vector<twinsim::CampaignProgressRow>> by_campaign;
    for (const auto& row : r.progress) by_campaign[row.campaign].push_back(row);
    if (!by_campaign.empty()) {
      p.completion_s = 0;
      for (const auto& [c, rows] : by_campaign) {
        const double t = completion_time(rows, 100);
        p.completion_s = std::isnan(t) ? t : std::max(p.completion_s, t);
        if (std::isnan(t)) break;
      }
    }
    curve.points.push_back(std::move(p));
  }
  std::sort(curve.points.begin(), curve.points.end(),
            [](const SizingPoint& a, const SizingPoint& b) { return a.devices < b.devices; });
  for (std::size_t i = 1; i < curve.points.size(); ++i)
    if (curve.points[i].devices == curve.points[i - 1].devices)
      throw AnalysisError(curve.points[i].path + " and " + curve.points[i - 1].path + " have the same devices (" +
                          std::to_string(static_cast<std::uint64_t>(curve.points[i].devices)) +
                          "): a sizing curve needs runs at different sizes (--devices); for seeds, replications");
  curve.platforms.assign(platforms.begin(), platforms.end());
  std::vector<double> x, y;
  for (const SizingPoint& p : curve.points)
    if (!std::isnan(p.completion_s)) {
      x.push_back(p.devices);
      y.push_back(p.completion_s);
    }
  if (x.size() >= 2) curve.completion_fit = fit_line(x, y);
  return curve;
}

}  // namespace twinanalysis
