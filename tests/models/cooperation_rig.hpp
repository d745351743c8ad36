#pragma once
// What the international cooperation flows share (the source document
// §4.1.6; tests/models/test_export_flows.cpp, test_import_flow.cpp,
// test_smsr_handover_failure.cpp; the flow runner's: cooperation_flow_rig.hpp):
// OneLink with the customer's account and the rig's card, the chip
// management platform with the chip sold into the customer's device, the
// card's and the EIS's profiles.
#include "smsr_change_rig.hpp"

#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::platform {
// gtest prints a profile state by its name.
inline void PrintTo(ProfileState s, std::ostream* os) { *os << to_string(s); }
}  // namespace twinmodels::platform

namespace twinmodels::testing {

inline const std::string kAccount = "ACC-FLEET";
inline const platform::Party kOperator{platform::Role::Operator, "CMCC"};

// OneLink with the fleet customer's account and the rig's eUICC, listed by
// `iccid`, expected to run `expected`, managed by `smsr_id`.
inline platform::OneLink onelink_with(const EuiccRig& rig, const std::string& iccid,
                                      const platform::Subscription& expected, const std::string& smsr_id) {
  platform::OneLink ol;
  ol.add_account(kAccount, "Fleet customer");
  platform::Card card;
  card.iccid = iccid;
  card.eid = rig.e.eid();
  card.expected = expected;
  card.smsr_id = smsr_id;
  ol.add_card(kAccount, card);
  return ol;
}

// The chip `id` made by a card vendor, built into an OEM's device and sold
// to the fleet customer's account (the source document §3.2.3, §4.1).
inline void sell_chip(platform::ChipRegistry& reg, const std::string& id) {
  const platform::Party vendor{platform::Role::CardVendor, "vendor-1"};
  const platform::Party oem{platform::Role::Oem, "oem-1"};
  const platform::Party customer{platform::Role::Customer, "customer-1"};
  ASSERT_TRUE(reg.produce(id, {"vendor-1", "chipmaker-1", "batch-1"}, vendor, 1).ok());
  ASSERT_TRUE(reg.stock_in(id, vendor, 2).ok());
  ASSERT_TRUE(reg.ship(id, vendor, oem, 3).ok());
  ASSERT_TRUE(reg.receive(id, oem, 4).ok());
  ASSERT_TRUE(reg.integrate(id, oem, "device-1", 5).ok());
  ASSERT_TRUE(reg.sell(id, oem, customer, kAccount, 6).ok());
}

inline platform::CardEvent registered(const std::string& imsi, std::int64_t at_ms) {
  platform::CardEvent e;
  e.kind = platform::CardEventKind::Registered;
  e.at_ms = at_ms;
  e.imsi = imsi;
  return e;
}

// The card's profiles as the eUICC holds them: ICCID and whether enabled.
inline std::vector<std::pair<std::string, bool>> card_profiles(const EuiccRig& rig) {
  std::vector<std::pair<std::string, bool>> out;
  for (const cardcore::euicc::ProfileInfo& p : rig.e.profiles()) {
    out.emplace_back(p.iccid, p.state == cardcore::euicc::isdp_state::kEnabled);
  }
  return out;
}

// The EIS's profiles: ICCID, state, MNO.
inline std::vector<std::tuple<std::string, platform::ProfileState, std::string>> eis_profiles(const platform::Eis& eis) {
  std::vector<std::tuple<std::string, platform::ProfileState, std::string>> out;
  for (const platform::EisProfile& p : eis.profiles) out.emplace_back(p.iccid, p.state, p.mno_id);
  return out;
}

}  // namespace twinmodels::testing
