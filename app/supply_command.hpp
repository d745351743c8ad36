#pragma once
// `esimtwin supply SUPPLY.yaml`: the partners' flows of a supply file
// (docs/SUPPLY.md) over simulated days, compared: the time from the order
// to a device in service (mean, median, 90th percentile, the last), the
// units made, reworked and scrapped, and per stage where the time goes.
// --trace writes every unit's steps as CSV: the audit trail that traces a
// scrapped unit to its batch and stage and its replacement.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <optional>
#include <string>

namespace esimtwin {

struct SupplyOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string trace;  // empty: none
};

void add_supply_command(CLI::App& app, SupplyOptions& opts, int& exit_code);

// Exit codes: 0 written, 2 bad input (the supply file's errors name its
// line and key; an unwritable --trace file).
int run_supply_command(const SupplyOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
