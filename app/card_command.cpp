#include "card_command.hpp"

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

#include "card_script.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "vpcd_link.hpp"

namespace esimtwin {

void add_card_command(CLI::App& app, CardOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("card", "Run an APDU script (scriptor format) against a card-core card");
  auto* script = cmd->add_option("script", opts.script, "APDU script file, or - for standard input");
  auto* vpcd = cmd->add_option("--vpcd", opts.vpcd,
                               "Serve the card to vsmartcard's virtual reader (pcscd's vpcd driver) at HOST:PORT "
                               "instead of running a script, until vpcd closes the connection or SIGINT/SIGTERM")
                   ->expected(0, 1)
                   ->default_str(kVpcdDefaultAddress);
  script->excludes(vpcd);
  cmd->add_option("-p,--profile", opts.profile, "Profile description file (.prof)")->required();
  add_personalization_options(cmd, opts.personalization);
  cmd->callback([&opts, &exit_code] { exit_code = run_card_command(opts, std::cout, std::cerr); });
}

namespace {

std::atomic<bool> vpcd_stop{false};

extern "C" void stop_serving(int) { vpcd_stop.store(true); }

// The card of the profile, personalized when the options say so; empty
// after an error, written to `err`.
std::optional<cardcore::Uicc> make_card(const CardOptions& opts, std::ostream& err) {
  std::shared_ptr<const cardcore::ProfileTemplate> profile;
  try {
    profile = std::make_shared<const cardcore::ProfileTemplate>(cardcore::load_profile(opts.profile));
  } catch (const std::exception& e) {
    err << "esimtwin card: " << e.what() << "\n";
    return std::nullopt;
  }
  cardcore::Uicc card(profile);
  try {
    if (const auto p = personalization_of(opts.personalization)) card.personalize(*p);
  } catch (const std::exception& e) {
    err << "esimtwin card: personalization: " << e.what() << "\n";
    return std::nullopt;
  }
  return card;
}

int run_script(const CardOptions& opts, cardcore::Uicc& card, std::ostream& out, std::ostream& err) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (opts.script != "-") {
    file.open(opts.script);
    if (!file) {
      err << "esimtwin card: cannot open script " << opts.script << "\n";
      return 2;
    }
    in = &file;
  }
  try {
    out << "# esimtwin card: profile " << card.profile().name << ", script " << opts.script << "\n";
    out << "< ATR " << cardcore::to_hex(card.power_on(), true) << "\n";
    const ScriptResult r = run_card_script(*in, opts.script, card, out);
    out << "# " << r.apdus << " APDUs, " << r.expectations << " expectations, " << r.mismatches
        << " mismatches\n";
    return r.ok() ? 0 : 1;
  } catch (const ScriptError& e) {
    err << "esimtwin card: " << e.what() << "\n";
    return 2;
  }
}

// Serves the card to vpcd until it closes the connection (exit 0) or
// SIGINT/SIGTERM (exit 0); 2 for an unreachable vpcd or a broken frame.
int serve_card(const VpcdAddress& address, cardcore::Uicc& card, std::ostream& out, std::ostream& err) {
  int fd = -1;
  try {
    fd = connect_to_vpcd(address);
  } catch (const VpcdError& e) {
    err << "esimtwin card: " << e.what() << "\n";
    return 2;
  }
  vpcd_stop.store(false);
  struct sigaction on_stop {}, old_int{}, old_term{};
  on_stop.sa_handler = stop_serving;
  sigemptyset(&on_stop.sa_mask);
  sigaction(SIGINT, &on_stop, &old_int);
  sigaction(SIGTERM, &on_stop, &old_term);
  int code = 0;
  try {
    out << "# esimtwin card: profile " << card.profile().name << ", served to vpcd at " << address.text()
        << ", ATR " << cardcore::to_hex(card.profile().atr, true) << std::endl;
    const VpcdSession s = serve_vpcd(fd, card, vpcd_stop, out);
    out << "# " << (s.stopped ? "stopped by a signal" : "vpcd closed the connection") << ": " << s.apdus
        << " APDUs, " << s.controls << " controls" << std::endl;
  } catch (const VpcdError& e) {
    err << "esimtwin card: " << e.what() << "\n";
    code = 2;
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  close(fd);
  return code;
}

}  // namespace

int run_card_command(const CardOptions& opts, std::ostream& out, std::ostream& err) {
  const bool serve = !opts.vpcd.empty();
  if (!serve && opts.script.empty()) {
    err << "esimtwin card: script is required (or --vpcd to serve the card to a PC/SC reader)\n";
    return 2;
  }
  std::optional<VpcdAddress> address;
  if (serve) {
    try {
      address = parse_vpcd_address(opts.vpcd);
    } catch (const VpcdError& e) {
      err << "esimtwin card: " << e.what() << "\n";
      return 2;
    }
  }
  std::optional<cardcore::Uicc> card = make_card(opts, err);
  if (!card) return 2;
  return serve ? serve_card(*address, *card, out, err) : run_script(opts, *card, out, err);
}

}  // namespace esimtwin
