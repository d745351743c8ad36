#include "apdus_command.hpp"

#include <cstdio>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "twinanalysis/apdu_decode.hpp"
#include "command_output.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/units.hpp"

namespace esimtwin {

using twinanalysis::describe_command;
using twinanalysis::describe_response;

namespace {

using twinsim::ApduRow;

std::string seconds(double t) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6f", t);
  return b;
}

// The device's rows in [from, to]; the run's traced devices in `traced`.
std::vector<const ApduRow*> rows_of(const std::vector<ApduRow>& all, std::uint32_t device, double from, double to,
                                    std::set<std::uint32_t>& traced) {
  std::vector<const ApduRow*> rows;
  for (const ApduRow& r : all) {
    traced.insert(r.device);
    if (r.device == device && r.t >= from && r.t <= to) rows.push_back(&r);
  }
  return rows;
}

std::string traced_list(const std::set<std::uint32_t>& traced) {
  if (traced.empty()) return "no device is traced (run with --trace-device N, or the scenario's trace.devices)";
  std::string s = "traced: ";
  for (auto it = traced.begin(); it != traced.end(); ++it) s += (it == traced.begin() ? "" : ", ") + std::to_string(*it);
  return s;
}

// Writes the rows: a command and the response that follows it; a response
// that follows no command is the card's ATR at a power-on (TS 102 221 §6.3).
void write_rows(const std::vector<const ApduRow*>& rows, bool scriptor, std::ostream& out) {
  const ApduRow* command = nullptr;
  for (const ApduRow* r : rows) {
    const std::string hex = cardcore::to_hex(r->bytes, true);
    if (r->direction == 0) {
      command = r;
      if (scriptor) {
        out << "# " << seconds(r->t) << " s: " << describe_command(r->bytes) << "\n" << hex << "\n";
      } else {
        out << seconds(r->t) << "  > " << hex << "   [" << describe_command(r->bytes) << "]\n";
      }
      continue;
    }
    if (!command) {  // an ATR: the card powered on
      if (scriptor) {
        out << "# " << seconds(r->t) << " s: the card powers on\nreset\n# expect " << hex << "\n";
      } else {
        out << seconds(r->t) << "  < " << hex << "   [ATR]\n";
      }
      continue;
    }
    const std::string text = describe_response(command->bytes, r->bytes);
    if (scriptor) {
      out << "# expect " << hex << "\n# (" << text << ")\n";
    } else {
      out << seconds(r->t) << "  < " << hex << "   [" << text << "]\n";
    }
    command = nullptr;
  }
}

}  // namespace

void add_apdus_command(CLI::App& app, ApdusOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("apdus", "Print one traced device's APDUs from a run file (/apdu), decoded");
  cmd->add_option("run", opts.run, "Run file written by esimtwin run")->required();
  cmd->add_option("--device", opts.device, "The traced device (--trace-device of the run)")->required();
  cmd->add_option("--from", opts.from, "Only APDUs at or after this simulated time (e.g. 70min)");
  cmd->add_option("--to", opts.to, "Only APDUs at or before this simulated time (e.g. 2h)");
  cmd->add_option("--format", opts.format,
                  "text (time, direction, bytes, decode) or scriptor (an APDU script esimtwin card replays)")
      ->capture_default_str();
  cmd->add_option("-o,--output", opts.output, "File to write (default: standard output)");
  cmd->callback([&opts, &exit_code] { exit_code = run_apdus_command(opts, std::cout, std::cerr); });
}

int run_apdus_command(const ApdusOptions& opts, std::ostream& out, std::ostream& err) {
  try {
    if (opts.format != "text" && opts.format != "scriptor")
      throw std::invalid_argument("--format: '" + opts.format + "' is not text or scriptor");
    const double from = opts.from.empty() ? 0 : time_option("--from", opts.from);
    const double to = opts.to.empty() ? std::numeric_limits<double>::infinity() : time_option("--to", opts.to);
    if (from > to) throw std::invalid_argument("--from " + opts.from + " lies after --to " + opts.to);
    std::vector<ApduRow> all;
    try {
      all = twinsim::read_apdu_trace(opts.run);
    } catch (const twinsim::RunFileError& e) {
      throw std::invalid_argument(e.what());
    }
    std::set<std::uint32_t> traced;
    const std::vector<const ApduRow*> rows = rows_of(all, opts.device, from, to, traced);
    if (!traced.count(opts.device))
      throw std::invalid_argument(opts.run + ": device " + std::to_string(opts.device) + " is not traced; " +
                                  traced_list(traced));
    const bool scriptor = opts.format == "scriptor";
    std::size_t commands = 0;
    for (const ApduRow* r : rows) commands += r->direction == 0;
    std::ostringstream text;
    text << "# esimtwin apdus " << opts.run << " --device " << opts.device << ": " << commands << " commands, "
         << rows.size() - commands << " responses";
    if (!rows.empty()) text << ", " << seconds(rows.front()->t) << " s to " << seconds(rows.back()->t) << " s";
    text << "\n";
    if (scriptor)
      text << "# Replay: esimtwin card --profile <the population's profile> <this script> (each response the run's)\n";
    write_rows(rows, scriptor, text);
    write_command_output(opts.output, text.str(), out);
  } catch (const std::invalid_argument& e) {
    err << "esimtwin apdus: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace esimtwin
