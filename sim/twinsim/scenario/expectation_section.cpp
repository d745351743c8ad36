// The expectations section: checks on the run's metrics.
#include <stdexcept>
#include <utility>

#include "twinsim/scenario/expectation.hpp"
#include "twinsim/scenario/scenario_sections.hpp"

namespace twinsim {

void read_expectations(const YamlField& list, Scenario& s) {
  for (const YamlField& item : list.items()) {
    if (!item.node().IsScalar()) {
      item.fail("expected text such as \"hss.rejected == 0\", found " + item.describe());
    }
    try {
      Expectation e = parse_expectation(item.text());
      e.line = item.line();
      s.expectations.push_back(std::move(e));
    } catch (const std::invalid_argument& e) {
      item.fail(e.what());
    }
  }
}

}  // namespace twinsim
