// The chip management platform's checkpoint with eUICCs (layout CHIP 2 in
// chip_registry_state.cpp: a chip's other numbers and its SM-SR): saved
// after every step of an eUICC's profiles and restored into a fresh
// registry, it answers alike, saves the same bytes and goes on alike; an
// other number its pool does not hold for the chip is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "chip_rig.hpp"
#include "state_refusals.hpp"
#include "twinmodels/platform/chip_registry.hpp"

namespace twinmodels::platform {
namespace test_chip_euicc_state {

using namespace chip_rig;
using twinmodels::testing::resealed;
using twinmodels::testing::StateRefusals;

using Step = std::function<Status(ChipRegistry&)>;

const std::string kEid = "89086030000000000000000000000012";
constexpr std::uint64_t kT0 = 10 * kDayMs;

std::vector<Step> profile_steps() {
  std::vector<Step> s;
  s.push_back([](ChipRegistry& r) { return r.add_pool({"CMCC", "460000000000000", "8614800000000", 4, kQuarantine}); });
  s.push_back([](ChipRegistry& r) { return r.add_pool({"DE", "262020000000000", "8614100000000", 4, kQuarantine}); });
  s.push_back([](ChipRegistry& r) { return r.add_pool({"FR", "208010000000000", "8614200000000", 4, kQuarantine}); });
  s.push_back([](ChipRegistry& r) { return r.produce(kEid, kInfo, kChipMaker, 1); });
  s.push_back([](ChipRegistry& r) { return r.stock_in(kEid, kChipMaker, 2); });
  s.push_back([](ChipRegistry& r) { return r.ship(kEid, kChipMaker, kOem, 3); });
  s.push_back([](ChipRegistry& r) { return r.receive(kEid, kOem, 4); });
  s.push_back([](ChipRegistry& r) { return r.integrate(kEid, kOem, "D-1", 5); });
  s.push_back([](ChipRegistry& r) { return r.sell(kEid, kOem, kCustomer, "ACC-1", 6); });
  s.push_back([](ChipRegistry& r) {
    return r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {{"FR", "208010000000001"}});
  });
  s.push_back([](ChipRegistry& r) { return r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", false, kT0 + 1); });
  s.push_back([](ChipRegistry& r) { return r.enable_profile(kEid, kOperator, "262020000000001", "P-DE", kT0 + 2); });
  s.push_back([](ChipRegistry& r) { return r.change_sm_sr(kEid, kOperator, "SM-SR-CN", "SM-SR-DE", kT0 + 3); });
  s.push_back([](ChipRegistry& r) { return r.delete_profile(kEid, kOperator, "208010000000001", "P-FR", kT0 + 4); });
  s.push_back([](ChipRegistry& r) { return r.recycle_number(kOperator, "FR", "208010000000001", kT0 + 4 + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.deactivate(kEid, kOperator, kT0 + 5 + kQuarantine); });
  s.push_back([](ChipRegistry& r) { return r.recycle(kEid, kOperator, kT0 + 5 + 2 * kQuarantine); });
  return s;
}

ChipRegistry after(const std::vector<Step>& steps, std::size_t n) {
  ChipRegistry r;
  for (std::size_t i = 0; i < n; ++i) {
    const Status s = steps[i](r);
    EXPECT_TRUE(s.ok()) << "step " << i << ": " << s.refusal;
  }
  return r;
}

std::string numbers_of(const Chip& c) {
  std::string s = c.pool() + " " + c.imsi() + " " + c.msisdn();
  for (const HeldNumber& n : c.others()) s += "; " + n.pool + " " + n.imsi + " " + n.msisdn;
  return s + " @" + c.sm_sr();
}

TEST(ChipEuiccState, RestoredAtEveryStepAnswersAlikeAndGoesOnAlike) {
  const std::vector<Step> steps = profile_steps();
  for (std::size_t n = 3; n <= steps.size(); ++n) {
    const ChipRegistry original = after(steps, n);
    ChipRegistry restored;
    restored.restore_state(original.save_state());
    EXPECT_EQ(restored.save_state(), original.save_state()) << "after step " << n;
    if (const Chip* c = original.chip(kEid)) {
      EXPECT_EQ(numbers_of(*restored.chip(kEid)), numbers_of(*c)) << "after step " << n;
      EXPECT_EQ(restored.chip(kEid)->audit(), c->audit()) << "after step " << n;
    }
    // The rest of the steps on both: the same bytes at the end.
    ChipRegistry left = after(steps, n);
    for (std::size_t i = n; i < steps.size(); ++i) {
      ASSERT_TRUE(steps[i](restored).ok()) << "step " << i << " after a restore at " << n;
      ASSERT_TRUE(steps[i](left).ok());
    }
    EXPECT_EQ(restored.save_state(), left.save_state()) << "restored after step " << n;
  }
}

TEST(ChipEuiccState, AnOtherNumberItsPoolDoesNotHoldForTheChipIsRefused) {
  const std::vector<Step> steps = profile_steps();
  const ChipRegistry mid = after(steps, 11);  // DE downloaded, not enabled; FR held from the activation
  ASSERT_EQ(mid.chip(kEid)->others().size(), 2u);
  const cardcore::Bytes saved = mid.save_state();
  ChipRegistry target = after(steps, 3);
  const StateRefusals<ChipRegistry> check(target, "chip registry state: ");
  check.cuts_refused(saved);
  check.header_damage_refused(saved, "chip registry", 1);  // the layout before several numbers
  // The DE number saved as 262020000000002: the pools save slots, not IMSI
  // texts, so the first is the chip's other number (its audit trail after).
  cardcore::Bytes bad = saved;
  const std::string imsi = "262020000000001";
  const auto at = static_cast<std::size_t>(std::search(bad.begin(), bad.end(), imsi.begin(), imsi.end()) - bad.begin());
  ASSERT_LT(at, bad.size());
  bad[at + 14] = '2';
  check.refused(resealed(bad), "chip " + kEid + ": MSISDN 8614100000001 is not the pool's pairing of IMSI 262020000000002");
  bad[at + 15 + 4 + 12] = '2';  // its MSISDN too (after the text's length)
  check.refused(resealed(bad), "chip " + kEid + ": its IMSI 262020000000002 is not held by it in pool DE");
}

}  // namespace test_chip_euicc_state
}  // namespace twinmodels::platform
