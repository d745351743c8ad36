#pragma once
// `esimtwin certify CARD`: the product testing gate (source document
// §4.1.1, §4.2-§4.3; docs/CERTIFICATION.md). CARD is a card-core profile
// description (.prof: the domestic card, personalized with --iccid ... or
// with its factory values) or an imported profile package (.der, TCA
// Interoperable Profile); or, with --factory-profile and --download, the
// platform description of an SGP.02 eUICC (an import card), which the
// laboratory makes with the factory profile enabled and into which it
// downloads the operator's profile. It runs the CMCC profile compatibility test and
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
  // An eUICC: its factory profile and the profile to download (packages),
  // its EID (empty: the laboratory's).
  std::string factory_profile, download, eid;
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
// --factory-profile without --download or the other way round, --eid or a
// profile description other than an eUICC platform's with them,
// a library file that is not one or cannot be written).
int run_certify_command(const CertifyOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace esimtwin
