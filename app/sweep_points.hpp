#pragma once
// The points of a sweep file as a table (`esimtwin sweep`'s summary and
// `esimtwin report SWEEP.h5`): each point's parameter values, its runs that
// failed an expectation, and chosen figures' means with their 95 %
// intervals; as CSV, every figure of every point.
#include <iosfwd>
#include <string>
#include <vector>

#include "twinanalysis/sweep_file.hpp"

namespace esimtwin {

// `figures`: "section/name/subject" each; none: the expectations' values.
// A figure no run has is named in a line before the table.
void write_sweep_points(const twinanalysis::SweepFile& f, const std::vector<std::string>& figures, std::ostream& out);

// One row per figure and point: section,name,subject, the parameters'
// values, failed (runs failing an expectation), mean,lower,upper (empty:
// none). The header names the parameters by their keys.
void write_sweep_csv(const twinanalysis::SweepFile& f, std::ostream& out);

}  // namespace esimtwin
