// The expectations section: checks on the run's metrics.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "twinsim/scenario/expectation.hpp"
#include "twinsim/scenario/scenario_sections.hpp"

namespace twinsim {

void read_expectations(const YamlField& list, Scenario& s) {
  std::vector<std::string> populations;
  for (const PopulationSpec& p : s.populations) populations.push_back(p.name);
  for (const YamlField& item : list.items()) {
    if (!item.node().IsScalar()) {
      item.fail("expected text such as \"hss.rejected == 0\", found " + item.describe());
    }
    try {
      Expectation e = parse_expectation(item.text(), populations);
      e.line = item.line();
      s.expectations.push_back(std::move(e));
    } catch (const std::invalid_argument& e) {
      item.fail(e.what());
    }
  }
}

}  // namespace twinsim
