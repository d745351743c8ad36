#pragma once
// The parties of the chips' circulation in a run's chip management (the
// source document §4.1; by default the module mode 1: China Mobile supplies
// the chip, the module maker mounts it, the OEM integrates the module);
// their ids are ours. Shared by chip_management_run.cpp and
// supply_chip_steps.cpp.
#include <stdexcept>
#include <string>

#include "twinmodels/platform/chip_lifecycle.hpp"
#include "twinmodels/platform/chip_result.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim::chip_parties {

using twinmodels::platform::Party;
using twinmodels::platform::Role;

inline const Party kOperator{Role::Operator, "CMCC"};
inline const Party kChipMaker{Role::ChipMaker, "chip-maker"};
inline const Party kCardVendor{Role::CardVendor, "card-vendor"};
inline const Party kAgent{Role::Agent, "agent"};
inline const Party kModuleMaker{Role::ModuleMaker, "module-maker"};
inline const Party kOem{Role::Oem, "oem"};

// The party of role r; an end customer is the population's (customer_of).
inline Party party_of(Role r) {
  switch (r) {
    case Role::Operator: return kOperator;
    case Role::ChipMaker: return kChipMaker;
    case Role::CardVendor: return kCardVendor;
    case Role::Agent: return kAgent;
    case Role::ModuleMaker: return kModuleMaker;
    default: return kOem;
  }
}

inline Party customer_of(const PopulationSpec& p) { return {Role::Customer, "customer-" + p.name}; }
inline std::string account_of(const PopulationSpec& p) { return "account-" + p.name; }

// A step the run's own set-up makes (the chips' way to the customer), which
// the lifecycle must take.
inline void must(const twinmodels::platform::Status& s, const std::string& what) {
  if (!s.ok()) throw std::logic_error("chip management: " + what + ": " + s.refusal);
}

}  // namespace twinsim::chip_parties
