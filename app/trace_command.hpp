#pragma once
// `esimtwin trace TRACE --encoding soap`: a platform log of function calls
// and results (models/twinmodels/platform/function_trace.hpp) read in one
// encoding (JSON Lines or SOAP envelopes, SGP.02 Annex B) and written in
// the other, every message checked on the way.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

namespace esimtwin {

struct TraceOptions {
  std::string trace;            // "-" = standard input
  std::string from = "json";    // the encoding read
  std::string encoding = "json";  // the encoding written
  std::string output;           // empty: standard output
};

void add_trace_command(CLI::App& app, TraceOptions& opts, int& exit_code);

// Exit codes: 0 written, 2 bad input (an unknown encoding, a file that
// cannot be read or written, a malformed line: its number and field).
int run_trace_command(const TraceOptions& opts, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
