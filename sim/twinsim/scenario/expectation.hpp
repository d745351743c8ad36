#pragma once
// Expectations: "<metric> <op> <number>" checks on the metrics the engine
// computes at the end of a run (docs/SCENARIOS.md lists them).
#include <string>
#include <vector>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// The metrics an expectation may name, in the order docs/SCENARIOS.md gives them.
const std::vector<std::string>& expectation_metrics();

// Parses one expectation's text. Throws std::invalid_argument saying what is
// wrong (an unknown metric with a "did you mean", a missing operator or number);
// the caller adds where it was written.
Expectation parse_expectation(const std::string& text);

}  // namespace twinsim
