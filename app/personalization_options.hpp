#pragma once
// The command line's card personalization (ICCID, IMSI, K and OPc or OP),
// shared by `esimtwin card` and `esimtwin certify`.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cardcore/card/uicc.hpp"

namespace esimtwin {

struct PersonalizationOptions {
  std::string iccid;  // none: the profile's factory values
  std::string imsi;
  std::string k;
  std::string opc;
  std::string op;  // instead of opc: OPc = OP xor E_K(OP)
};

void add_personalization_options(CLI::App* cmd, PersonalizationOptions& opts);

// nullopt without --iccid. Throws std::invalid_argument for bad values.
std::optional<cardcore::Personalization> personalization_of(const PersonalizationOptions& opts);

}  // namespace esimtwin
