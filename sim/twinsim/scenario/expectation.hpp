#pragma once
// Expectations: "<metric> <op> <right-hand side>" checks on the metrics the
// engine computes at the end of a run (docs/SCENARIOS.md lists them). The
// right-hand side is a number, a metric, or "<number> * <metric>", so that
// "ota.done >= 0.99 * devices" holds at any --devices.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// The metrics an expectation may name, in the order docs/SCENARIOS.md gives
// them; besides, "devices.<population>" for each population of the scenario.
const std::vector<std::string>& expectation_metrics();

// Parses one expectation's text; `populations` are the scenario's population
// names, the only ones "devices.<population>" accepts. Throws
// std::invalid_argument saying what is wrong (an unknown metric with a "did
// you mean", a missing operator, number or metric, trailing text); the caller
// adds where it was written.
Expectation parse_expectation(const std::string& text, const std::vector<std::string>& populations);

// The right-hand side's value given the run's metrics (value, or value times
// rhs_metric's); nullopt when rhs_metric is not among them.
std::optional<double> expectation_target(const Expectation& e, const std::map<std::string, double>& metrics);

// The right-hand side as written, normalised: "500", "devices", "0.99 * devices".
std::string expectation_rhs_text(const Expectation& e);

}  // namespace twinsim
