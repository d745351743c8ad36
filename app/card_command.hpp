#pragma once
// `esimtwin card`: a card built from a profile description answers an APDU
// script, the annotated transcript going to standard output; or, with
// --vpcd, is served to vsmartcard's virtual reader for PC/SC applications.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <optional>
#include <string>

#include "personalization_options.hpp"

namespace esimtwin {

struct CardOptions {
  std::string profile;
  std::string script;        // "-" = standard input
  std::string vpcd;          // HOST:PORT of vpcd instead of a script; empty: none
  PersonalizationOptions personalization;  // ICCID, IMSI, K and OPc (or OP), or none
};

void add_card_command(CLI::App& app, CardOptions& opts, int& exit_code);

// Runs the command; returns the process exit code (0 ok, 1 expectation
// mismatch, 2 bad input). Errors go to `err`.
int run_card_command(const CardOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
