#pragma once
// `esimtwin apdus RUN.h5 --device N`: one traced device's APDU exchange
// from the run file's /apdu table (docs/RUN-FILE.md), each command and
// response with its time and a short decode (apdu_decode.hpp), as text or
// as an APDU script in the scriptor format `esimtwin card` replays
// (card_script.hpp: each command followed by "# expect <its response>").
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace esimtwin {

struct ApdusOptions {
  std::string run;               // the run file
  std::uint32_t device = 0;
  std::string from;              // a duration ("10min"); empty: from the start
  std::string to;                // a duration; empty: to the end
  std::string format = "text";   // text or scriptor
  std::string output;            // empty: standard output
};

void add_apdus_command(CLI::App& app, ApdusOptions& opts, int& exit_code);

// Exit codes: 0 written, 2 bad input (not an HDF5 or run file, no /apdu
// table, the device not traced: the traced ones listed, a bad time or
// format, an output that cannot be written).
int run_apdus_command(const ApdusOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
