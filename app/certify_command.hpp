#pragma once
// `esimtwin certify CARD`: the product testing gate (source document
// §4.1.1, §4.2-§4.3; docs/CERTIFICATION.md). CARD is a card-core profile
// description (.prof: the domestic card, personalized with --iccid ... or
// with its factory values) or an imported profile package (.der, TCA
// Interoperable Profile). It runs the CMCC profile compatibility test and
// the end-to-end service test and prints a verdict per test case; --junit
// writes them as JUnit XML for a CI or test-management tool.
#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "personalization_options.hpp"

namespace esimtwin {

struct CertifyOptions {
  std::string card;
  PersonalizationOptions personalization;
  std::vector<std::string> plmns;  // empty: China Mobile's
  std::string iccid_prefix = "8986";
  std::string junit;  // empty: none
  // The product library (product_library.hpp) a certified card enters
  // under `product` from `partner`; empty: none.
  std::string library;
  std::string product;
  std::string partner = "partner";
};

void add_certify_command(CLI::App& app, CertifyOptions& opts, int& exit_code);

// Exit codes: 0 certified (no case failed), 1 not certified, 2 bad input
// (an unreadable card file, a bad personalization, a personalization given
// with a package, an unwritable --junit file, --library without --product,
// a library file that is not one or cannot be written).
int run_certify_command(const CertifyOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
