#pragma once
// What the chip management tests share (test_chip_management.cpp,
// test_chip_given_number.cpp, test_chip_registry_state.cpp): the parties, a
// number pool and a chip carried from production to its end customer.
#include <gtest/gtest.h>

#include <string>

#include "twinmodels/platform/chip_registry.hpp"

namespace twinmodels::platform::chip_rig {

inline const Party kCardVendor{Role::CardVendor, "cv-1"};
inline const Party kChipMaker{Role::ChipMaker, "cm-1"};
inline const Party kOperator{Role::Operator, "cmcc-iot"};
inline const Party kAgent{Role::Agent, "agent-1"};
inline const Party kModuleMaker{Role::ModuleMaker, "mm-1"};
inline const Party kOem{Role::Oem, "oem-1"};
inline const Party kCustomer{Role::Customer, "cust-1"};

inline constexpr std::uint64_t kQuarantine = 30 * kDayMs;  // a test value, not a rule

// IMSIs of 15 digits (3GPP TS 23.003: MCC 460, MNC 04, MSIN).
inline NumberPoolConfig pool_config(std::uint32_t size) {
  return {"P1", "460040000000100", "8614800000100", size, kQuarantine};
}

inline const ProductionInfo kInfo{"cv-1", "cm-1", "B-2018-01"};

// The chip `id` carried to the end customer: made by the chip maker, through
// the operator, a module maker and an OEM, sold (times 1..12 ms).
inline void to_customer(ChipRegistry& r, const std::string& id) {
  ASSERT_TRUE(r.produce(id, kInfo, kChipMaker, 1).ok());
  ASSERT_TRUE(r.stock_in(id, kChipMaker, 2).ok());
  ASSERT_TRUE(r.ship(id, kChipMaker, kOperator, 3).ok());
  ASSERT_TRUE(r.receive(id, kOperator, 4).ok());
  ASSERT_TRUE(r.ship(id, kOperator, kModuleMaker, 5).ok());
  ASSERT_TRUE(r.receive(id, kModuleMaker, 6).ok());
  ASSERT_TRUE(r.mount(id, kModuleMaker, "M-" + id, 7).ok());
  ASSERT_TRUE(r.ship(id, kModuleMaker, kOem, 8).ok());
  ASSERT_TRUE(r.receive(id, kOem, 9).ok());
  ASSERT_TRUE(r.integrate(id, kOem, "D-" + id, 10).ok());
  ASSERT_TRUE(r.sell(id, kOem, kCustomer, "ACC-1", 12).ok());
}

}  // namespace twinmodels::platform::chip_rig
