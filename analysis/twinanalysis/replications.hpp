#pragma once
// Figures over several runs: the mean of replications (one scenario,
// different seeds) with its Student-t interval, and two runs side by side.
#include <span>
#include <string>
#include <vector>

#include "twinanalysis/figure.hpp"
#include "twinanalysis/run_tables.hpp"

namespace twinanalysis {

// Throws AnalysisError unless the runs replicate the first: the same
// scenario text, each its own seed, none interrupted.
void check_replications(const std::vector<RunTables>& runs);

// Every figure any of the runs has (`figures[r]` is run r's), in
// first-seen order, and each run's value of it: values[figure][run]. An
// event kind's count a run lacks is 0 (the kind did not occur there), any
// other figure a run lacks is NaN.
struct FigureMatrix {
  Figures keys;  // section, name, subject; no value
  std::vector<std::vector<double>> values;
};
FigureMatrix figure_matrix(const std::vector<Figures>& figures);

// `key` with the mean of `values` (one per replication) as its value and
// the 95 % Student-t interval; NaN when a value is NaN; one value is its own
// mean, without an interval.
Figure mean_figure(const Figure& key, std::span<const double> values);

// Each figure's mean over the runs (at least two; `figures[r]` is run r's)
// with its 95 % Student-t interval (twinmodels::wear::mean_interval). A
// figure a run lacks counts as 0 for an event kind's count (the kind did
// not occur); any other figure lacking in a run, or NaN in one, has a NaN
// mean. The seed is left out (it is no quantity).
Figures replication_means(const std::vector<Figures>& figures);

// Two runs side by side: a figure of either with its value in each (NaN
// where it lacks), their difference b − a and ratio b / a (NaN for a = 0).
struct Comparison {
  Figure a;  // a's value (the key from whichever run has it)
  double b = kNoValue, difference = kNoValue, ratio = kNoValue;
};
std::vector<Comparison> compare(const Figures& a, const Figures& b);

}  // namespace twinanalysis
