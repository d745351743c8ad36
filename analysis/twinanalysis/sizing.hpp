#pragma once
// A sizing curve: runs of one scenario at different sizes (`esimtwin run
// --devices`), each platform's peak queue and peak busy fraction and the
// campaigns' completion time against the devices, with the least-squares
// line completion time = a + b·devices (linear_fit.hpp).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twinanalysis/linear_fit.hpp"
#include "twinanalysis/run_tables.hpp"

namespace twinanalysis {

struct SizingPoint {
  std::string path;
  double devices = 0;
  std::map<std::string, double> peak_queue, busy_peak;  // by platform
  // The time the last write-card campaign had all its released orders
  // done (its t100_s); NaN without campaigns or when one never finished.
  double completion_s = 0;
};

struct SizingCurve {
  std::vector<SizingPoint> points;    // in order of devices
  std::vector<std::string> platforms;  // every platform of any run
  std::optional<LinearFit> completion_fit;  // none when fewer than two points have a completion time
};

// Throws AnalysisError unless the runs share one scenario text and differ in
// their devices, and none is interrupted.
SizingCurve sizing_curve(const std::vector<RunTables>& runs);

}  // namespace twinanalysis
