#pragma once
// A named series of points for a plot: x in simulated seconds.
#include <string>
#include <vector>

namespace twinviz {

struct Series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
};

}  // namespace twinviz
