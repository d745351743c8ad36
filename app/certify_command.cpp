#include "certify_command.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "twinmodels/certification/certify.hpp"
#include "twinmodels/certification/product_library.hpp"
#include "twinmodels/platform/xml_text.hpp"

namespace esimtwin {

namespace cert = twinmodels::certification;

void add_certify_command(CLI::App& app, CertifyOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand(
      "certify", "Run the profile compatibility and end-to-end service tests against a card model, a verdict per case");
  cmd->add_option("card", opts.card,
                  "Card-core profile description (.prof), profile package (.der, TCA IPS), or with --factory-profile "
                  "an SGP.02 eUICC platform (.prof)")
      ->required();
  add_personalization_options(cmd, opts.personalization);
  cmd->add_option("--plmn", opts.plmns,
                  "The operator's PLMN (MCC and MNC, e.g. 46004) a profile's IMSI must belong to; repeatable "
                  "(default: China Mobile's 46000 46002 46004 46007 46008 46013)");
  cmd->add_option("--iccid-prefix", opts.iccid_prefix, "Issuer prefix the ICCID must start with (ITU-T E.118)")
      ->capture_default_str();
  cmd->add_option("--factory-profile", opts.factory_profile,
                  "CARD is an SGP.02 eUICC's platform (.prof); this profile package (.der) is enabled on it at the "
                  "eUICC factory (with --download)");
  cmd->add_option("--download", opts.download,
                  "The operator's profile package (.der) CMCC's SM-DP downloads into the eUICC; the profile cases run on it "
                  "(with --factory-profile)");
  cmd->add_option("--eid", opts.eid, "The eUICC's EID, 32 digits (SGP.02 §2.2.2; default: the laboratory's)");
  cmd->add_option("--junit", opts.junit, "Also write the verdicts as JUnit XML to this file");
  cmd->add_option("--library", opts.library,
                  "The product library (JSON) a certified card enters; created when missing (docs/CERTIFICATION.md)");
  cmd->add_option("--product", opts.product, "The card's product name in the library (with --library)");
  cmd->add_option("--partner", opts.partner, "Who submitted the product (with --library)")->capture_default_str();
  cmd->callback([&opts, &exit_code] { exit_code = run_certify_command(opts, std::cout, std::cerr); });
}

namespace {

std::string xml_escaped(const std::string& s) { return twinmodels::platform::xml_escaped(s, "JUnit file"); }

// One <testsuite> (the JUnit XML that CI tools read): a failed case is a
// <failure>, a case not applicable or not run is <skipped>.
void write_junit(std::ostream& x, const cert::CertificationReport& report) {
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuite name=\"esimtwin certify: " << xml_escaped(report.card) << "\" tests=\"" << report.cases.size()
    << "\" failures=\"" << report.count(cert::Verdict::Fail) << "\" errors=\"0\" skipped=\""
    << report.count(cert::Verdict::NotApplicable) + report.count(cert::Verdict::NotRun) << "\">\n";
  for (const cert::CaseResult& c : report.cases) {
    const char* suite = c.id.starts_with("PC-")   ? "profile-compatibility"
                        : c.id.starts_with("EU-") ? "euicc-function"
                                                  : "end-to-end-service";
    x << "  <testcase classname=\"" << suite << "\" name=\""
      << xml_escaped(c.id + " " + c.title) << "\">\n";
    if (c.verdict == cert::Verdict::Fail)
      x << "    <failure message=\"" << xml_escaped(c.detail) << "\">" << xml_escaped(c.clause) << "</failure>\n";
    else if (c.verdict != cert::Verdict::Pass)
      x << "    <skipped message=\"" << xml_escaped(std::string(cert::verdict_name(c.verdict)) + ": " + c.detail) << "\"/>\n";
    x << "    <system-out>" << xml_escaped(c.clause + ": " + c.detail) << "</system-out>\n";
    x << "  </testcase>\n";
  }
  x << "</testsuite>\n";
}

bool read_file(const std::string& path, std::string& bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// The library at `path`, empty when the file does not exist yet.
cert::ProductLibrary read_library(const std::string& path) {
  std::string text;
  if (!read_file(path, text)) return {};
  return cert::ProductLibrary::parse(text, path);
}

}  // namespace

int run_certify_command(const CertifyOptions& opts, std::ostream& out, std::ostream& err) {
  const char* command = "esimtwin certify: ";
  if (opts.library.empty() != opts.product.empty()) {
    err << command << "--library and --product go together: the library and the card's name in it\n";
    return 2;
  }
  // Read before the tests: a library that is not one is bad input.
  cert::ProductLibrary library;
  if (!opts.library.empty()) {
    try {
      library = read_library(opts.library);
    } catch (const std::invalid_argument& e) {
      err << command << e.what() << "\n";
      return 2;
    }
  }
  cert::CardSource source;
  source.name = opts.card;
  std::string bytes;
  if (!read_file(opts.card, bytes)) {
    err << command << "cannot read " << opts.card << "\n";
    return 2;
  }
  const bool euicc = !opts.factory_profile.empty() || !opts.download.empty();
  if (euicc) {
    if (opts.factory_profile.empty() || opts.download.empty()) {
      err << command << "--factory-profile and --download go together: an eUICC's factory profile and the profile to download\n";
      return 2;
    }
    if (opts.card.ends_with(".der") || !opts.personalization.iccid.empty()) {
      err << command << "with --download, " << opts.card
          << " must be an eUICC's platform description (.prof), without --iccid: its profiles carry their own\n";
      return 2;
    }
    std::string factory, download;
    for (const auto& [path, into] : {std::pair{&opts.factory_profile, &factory}, std::pair{&opts.download, &download}})
      if (!read_file(*path, *into)) {
        err << command << "cannot read " << *path << "\n";
        return 2;
      }
    source.kind = cert::CardSource::Kind::Euicc;
    source.description = bytes;
    source.factory_package.assign(factory.begin(), factory.end());
    source.package.assign(download.begin(), download.end());
    if (!opts.eid.empty()) {
      if (opts.eid.size() != 32 || opts.eid.find_first_not_of("0123456789") != std::string::npos) {
        err << command << "--eid " << opts.eid << ": not 32 digits\n";
        return 2;
      }
      source.eid = opts.eid;
    }
  } else if (!opts.eid.empty()) {
    err << command << "--eid is an eUICC's: give it with --factory-profile and --download\n";
    return 2;
  } else if (opts.card.ends_with(".der")) {
    source.kind = cert::CardSource::Kind::ProfilePackage;
    source.package.assign(bytes.begin(), bytes.end());
    if (!opts.personalization.iccid.empty()) {
      err << command << "a profile package carries its own ICCID, IMSI and keys: no --iccid with " << opts.card << "\n";
      return 2;
    }
  } else {
    source.description = bytes;
    try {
      source.personalization = personalization_of(opts.personalization);
    } catch (const std::exception& e) {
      err << command << "personalization: " << e.what() << "\n";
      return 2;
    }
  }
  cert::CertificationOptions options;
  if (!opts.plmns.empty()) options.home_plmns = opts.plmns;
  for (const std::string& p : options.home_plmns)
    if (p.size() < 5 || p.size() > 6 || p.find_first_not_of("0123456789") != std::string::npos) {
      err << command << "--plmn " << p << ": not an MCC and MNC of 5 or 6 digits\n";
      return 2;
    }
  options.iccid_prefix = opts.iccid_prefix;

  const cert::CertificationReport report = cert::certify(source, options);
  out << "# esimtwin certify: " << report.card << "\n";
  out << "case    verdict  title / what was seen\n";
  for (const cert::CaseResult& c : report.cases) {
    char head[32];
    std::snprintf(head, sizeof head, "%-7s %-8s ", c.id.c_str(), cert::verdict_name(c.verdict));
    out << head << c.title << " [" << c.clause << "]\n";
    if (!c.detail.empty()) out << "                 " << c.detail << "\n";
  }
  out << "# " << report.count(cert::Verdict::Pass) << " passed, " << report.count(cert::Verdict::Fail) << " failed, "
      << report.count(cert::Verdict::NotApplicable) << " not applicable, " << report.count(cert::Verdict::NotRun)
      << " not run: " << (report.passed() ? "CERTIFIED" : "NOT CERTIFIED") << "\n";
  if (!opts.junit.empty()) {
    std::ofstream x(opts.junit);
    try {
      if (x) write_junit(x, report);
    } catch (const std::invalid_argument& e) {
      err << command << opts.junit << ": " << e.what() << "\n";
      return 2;
    }
    if (!x) {
      err << command << "cannot write " << opts.junit << "\n";
      return 2;
    }
  }
  if (!opts.library.empty()) {
    // The gate (source document §4.3): only a certified product enters.
    if (!report.passed()) {
      out << "# not entered in the product library " << opts.library << "\n";
      return 1;
    }
    const std::string digest = cert::card_digest(bytes);
    const bool again = library.find(opts.product) != nullptr;
    library.enter({opts.product, opts.partner, opts.card, digest, ESIMTWIN_VERSION_STRING, {}}, report);
    std::ofstream lib(opts.library, std::ios::trunc);
    if (lib) lib << library.to_json();
    if (!lib) {
      err << command << "cannot write " << opts.library << "\n";
      return 2;
    }
    out << "# " << (again ? "entered again" : "entered") << " in the product library " << opts.library << " as "
        << opts.product << " (sha256 " << digest.substr(0, 16) << "...)\n";
  }
  return report.passed() ? 0 : 1;
}

}  // namespace esimtwin
