#include "trace_command.hpp"

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <variant>
#include <vector>

#include "command_output.hpp"
#include "twinmodels/platform/function_trace.hpp"

namespace esimtwin {

namespace {

namespace platform = twinmodels::platform;

platform::TraceEncoding encoding_of(const std::string& option, const std::string& text) {
  const std::optional<platform::TraceEncoding> e = platform::trace_encoding_of(text);
  if (!e) throw std::invalid_argument(option + ": '" + text + "' is not json or soap");
  return *e;
}

}  // namespace

void add_trace_command(CLI::App& app, TraceOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "trace", "Rewrite a platform log of function calls and results (JSON Lines or SOAP 1.2, SGP.02 Annex B)");
  cmd->add_option("trace", opts.trace, "Trace file, one message a line ('-' for standard input)")->required();
  cmd->add_option("--from", opts.from, "Encoding of the trace read: json or soap")->capture_default_str();
  cmd->add_option("--encoding", opts.encoding,
                  "Encoding to write: json (JSON Lines) or soap (the time, a space and a SOAP envelope a line)")
      ->capture_default_str();
  cmd->add_option("-o,--output", opts.output, "File to write (default: standard output)");
  cmd->callback([&opts, &exit_code] { exit_code = run_trace_command(opts, std::cin, std::cout, std::cerr); });
}

int run_trace_command(const TraceOptions& opts, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    const platform::TraceEncoding from = encoding_of("--from", opts.from);
    const platform::TraceEncoding to = encoding_of("--encoding", opts.encoding);
    std::vector<platform::TraceEntry> entries;
    if (opts.trace == "-") {
      entries = platform::read_trace(in, from);
    } else {
      std::ifstream file(opts.trace);
      if (!file) throw std::invalid_argument("cannot open trace " + opts.trace);
      try {
        entries = platform::read_trace(file, from);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(opts.trace + ": " + e.what());
      }
    }
    // Written whole once every line is read: a bad line leaves no output.
    std::ostringstream text;
    platform::FunctionTrace t(text, to);
    for (const platform::TraceEntry& e : entries) t.entry(e);
    write_command_output(opts.output, text.str(), out);
  } catch (const std::invalid_argument& e) {
    err << "esimtwin trace: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace esimtwin
