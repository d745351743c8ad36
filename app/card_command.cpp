#include "card_command.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include "card_script.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"

namespace esimtwin {

void add_card_command(CLI::App& app, CardOptions& opts, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("card", "Run an APDU script (scriptor format) against a card-core card");
  cmd->add_option("script", opts.script, "APDU script file, or - for standard input")->required();
  cmd->add_option("-p,--profile", opts.profile, "Profile description file (.prof)")->required();
  auto* iccid = cmd->add_option("--iccid", opts.iccid, "Personalize: ICCID without its check digit (18-19 digits)");
  auto* imsi = cmd->add_option("--imsi", opts.imsi, "Personalize: IMSI (up to 15 digits)");
  auto* k = cmd->add_option("--k", opts.k, "Personalize: subscriber key K (32 hex digits)");
  auto* opc = cmd->add_option("--opc", opts.opc, "Personalize: OPc (32 hex digits)");
  auto* op = cmd->add_option("--op", opts.op, "Personalize: OP instead of OPc (32 hex digits)");
  opc->excludes(op);
  iccid->needs(imsi)->needs(k);
  imsi->needs(iccid);
  k->needs(iccid);
  opc->needs(iccid);
  op->needs(iccid);
  cmd->callback([&opts, &exit_code] { exit_code = run_card_command(opts, std::cout, std::cerr); });
}

int run_card_command(const CardOptions& opts, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const cardcore::ProfileTemplate> profile;
  try {
    profile = std::make_shared<const cardcore::ProfileTemplate>(cardcore::load_profile(opts.profile));
  } catch (const std::exception& e) {
    err << "esimtwin card: " << e.what() << "\n";
    return 2;
  }
  cardcore::Uicc card(profile);
  if (!opts.iccid.empty()) {
    try {
      const cardcore::Bytes k = cardcore::from_hex(opts.k);
      cardcore::Bytes opc;
      if (!opts.op.empty()) {
        // TS 35.206 §4.1: OPc = OP xor E_K(OP).
        const cardcore::Bytes op = cardcore::from_hex(opts.op);
        if (k.size() != 16 || op.size() != 16) throw std::invalid_argument("K and OP must be 16 bytes");
        const cardcore::Block128 v = cardcore::Milenage::opc_from_op(k.data(), op.data());
        opc.assign(v.begin(), v.end());
      } else if (!opts.opc.empty()) {
        opc = cardcore::from_hex(opts.opc);
      } else {
        throw std::invalid_argument("--opc or --op is required with --iccid");
      }
      card.personalize({opts.iccid, opts.imsi, k, opc});
    } catch (const std::exception& e) {
      err << "esimtwin card: personalization: " << e.what() << "\n";
      return 2;
    }
  }
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
    out << "# esimtwin card: profile " << profile->name << ", script " << opts.script << "\n";
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

}  // namespace esimtwin
