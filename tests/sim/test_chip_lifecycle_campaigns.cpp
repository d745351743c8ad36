// The chip management platform's lifecycle campaigns
// (sim/twinsim/engine/chip_management_run.hpp; the source document §3.2.3:
// 停机 suspension, 复机 resumption, 销户 deactivation, 报废 scrapping),
// driven directly on a ChipManagementRun: each release is a request at the
// platform's server, then the registry's step with its audit trail and
// billing; a deactivated chip's number is recycled by the chip's Recycle
// step after its quarantine, and only then may the chip be scrapped.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "resealed_state.hpp"
#include "twinsim/engine/chip_management_run.hpp"

namespace test_chip_lifecycle_campaigns {

namespace pf = twinmodels::platform;
using twinsim::ChipManagementRun;
using twinsim::SimTime;
using twinsim::to_simtime;

// Four meters the platform follows (devices 0-3) and two it does not;
// quarantine 10 min. Campaigns 0-4: suspend at 10 min, resume at 20 min,
// deactivate at 30 min, scrap at 35 min (in quarantine) and at 50 min.
const std::string kScenario =
    "general: {stop: 2h}\n"
    "populations:\n"
    "  - {name: meters, count: 4, device_model: modem}\n"
    "  - {name: locks, count: 2, device_model: modem, imsi_prefix: '46002'}\n"
    "platforms:\n"
    "  chip_management: {populations: [meters], quarantine: 10min, retry_after: 1min}\n"
    "campaigns:\n"
    "  - {name: stop, kind: chip-suspend, population: meters, at: 10min}\n"
    "  - {name: start, kind: chip-resume, population: meters, at: 20min}\n"
    "  - {name: close, kind: chip-deactivate, population: meters, at: 30min}\n"
    "  - {name: early-end, kind: chip-scrap, population: meters, at: 35min}\n"
    "  - {name: end, kind: chip-scrap, population: meters, at: 50min}\n";

constexpr std::uint16_t kSuspend = 0, kResume = 1, kDeactivate = 2, kEarlyScrap = 3, kScrap = 4;

struct Rig {
  twinsim::Scenario scenario = twinsim::parse_scenario(kScenario, "lifecycle.yaml");
  // Meters 0-2 power up at 1 s; meter 3 only at 15 min, after the suspension's release.
  ChipManagementRun run{scenario, {0, 4}, [](std::uint32_t d) { return d == 3 ? 900.0 : 1.0; }};

  // Everything due up to t, in time order.
  void advance(double t_s) {
    const SimTime t = to_simtime(t_s);
    for (SimTime next = run.next_wakeup(); next <= t; next = run.next_wakeup()) run.poll(next);
    run.poll(t);
  }
  void release(double t_s, std::uint16_t campaign) {
    advance(t_s);
    for (std::uint32_t d = 0; d < 4; ++d) run.release(to_simtime(t_s), campaign, d);
  }
  const pf::Chip& chip(std::uint32_t d) const { return *run.registry().chip(twinsim::chip_id(d)); }
};

// The chip's audit trail from its activation on: (action, state after).
std::vector<std::pair<pf::ChipAction, pf::ChipState>> steps_after_sale(const pf::Chip& c) {
  std::vector<std::pair<pf::ChipAction, pf::ChipState>> out;
  bool sold = false;
  for (const pf::AuditEntry& e : c.audit()) {
    if (sold) out.emplace_back(e.action, e.to);
    sold = sold || e.action == pf::ChipAction::Sell;
  }
  return out;
}

TEST(ChipLifecycleCampaigns, SuspendThenResumeStopsTheBillingInBetween) {
  Rig r;
  r.release(600, kSuspend);
  r.advance(700);
  for (std::uint32_t d = 0; d < 3; ++d) EXPECT_EQ(r.chip(d).state(), pf::ChipState::Suspended) << d;
  // Meter 3's chip is not activated yet: its suspension waits for that.
  EXPECT_EQ(r.chip(3).state(), pf::ChipState::Sold);
  r.advance(1100);
  EXPECT_EQ(r.chip(3).state(), pf::ChipState::Suspended);
  EXPECT_EQ(r.run.counters().suspended, 4u);
  EXPECT_GT(r.run.counters().retried, 0u);

  // Each suspension blocks the subscription (what OneLink is told) and
  // bars the subscriber at the HSS; the devices the platform does not
  // follow are never barred.
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_TRUE(r.run.barred(d)) << d;
  EXPECT_FALSE(r.run.barred(4));
  const std::vector<twinsim::BarringChange> blocks = r.run.take_barring();
  ASSERT_EQ(blocks.size(), 4u);
  for (const twinsim::BarringChange& b : blocks) EXPECT_TRUE(b.blocked);
  EXPECT_TRUE(r.run.take_barring().empty());

  r.release(1200, kResume);
  r.advance(1300);
  const std::vector<twinsim::BarringChange> lifts = r.run.take_barring();
  ASSERT_EQ(lifts.size(), 4u);
  for (const twinsim::BarringChange& b : lifts) EXPECT_FALSE(b.blocked);
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_FALSE(r.run.barred(d)) << d;
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_EQ(r.chip(d).state(), pf::ChipState::Activated) << d;
  EXPECT_EQ(r.run.counters().resumed, 4u);
  EXPECT_EQ(r.run.counters().failed, 0u);

  // A second resumption of a chip in service is refused by its state.
  r.release(1320, kResume);
  r.advance(1400);
  EXPECT_EQ(r.run.counters().resumed, 4u);
  EXPECT_EQ(r.run.counters().failed, 4u);

  using A = pf::ChipAction;
  using S = pf::ChipState;
  const pf::Chip& c = r.chip(0);
  EXPECT_EQ(steps_after_sale(c), (std::vector<std::pair<A, S>>{{A::Activate, S::Activated},
                                                               {A::Suspend, S::Suspended},
                                                               {A::Resume, S::Activated}}));
  for (const pf::AuditEntry& e : c.audit()) {
    if (e.action == A::Suspend || e.action == A::Resume) {
      EXPECT_EQ(e.actor.role, pf::Role::Operator);
    }
  }
  // Billing: in service from the activation to the suspension, and again
  // from the resumption on (chip_billing.hpp).
  ASSERT_EQ(r.run.registry().billing().size(), 4u);
  const pf::BillingRecord& b = r.run.registry().billing()[0];
  ASSERT_EQ(b.chip_id, c.id());
  ASSERT_EQ(b.in_service.size(), 2u);
  EXPECT_EQ(b.in_service[0].to_ms, c.audit()[c.audit().size() - 2].at_ms);  // the Suspend step
  EXPECT_EQ(b.in_service[1].from_ms, c.audit().back().at_ms);               // the Resume step
  EXPECT_FALSE(b.in_service[1].to_ms);
  EXPECT_EQ(pf::service_ms(b, 0, 1'400'000), 1'400'000 - 1'020 - (1'200'020 - 600'020));
}

TEST(ChipLifecycleCampaigns, DeactivateThenScrapAfterTheQuarantine) {
  Rig r;
  r.advance(1000);
  r.release(1800, kDeactivate);
  r.advance(1900);
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_EQ(r.chip(d).state(), pf::ChipState::Deactivated) << d;
  EXPECT_EQ(r.run.counters().deactivated, 4u);
  EXPECT_EQ(r.run.quarantined(), 4u);
  const std::string imsi = r.chip(0).imsi();
  EXPECT_EQ(r.run.registry().pool("meters")->holder_of(imsi), r.chip(0).id());
  const pf::BillingRecord& b = r.run.registry().billing()[0];
  ASSERT_TRUE(b.deactivated_ms);
  EXPECT_EQ(*b.deactivated_ms, 1'800'020u);

  // At 35 min the numbers are in quarantine: the chips cannot be scrapped.
  r.release(2100, kEarlyScrap);
  r.advance(2200);
  EXPECT_EQ(r.run.counters().scrapped, 0u);
  EXPECT_EQ(r.run.counters().failed, 4u);

  // At 40 min the quarantine ends: each chip's Recycle step.
  r.advance(2500);
  EXPECT_EQ(r.run.quarantined(), 0u);
  EXPECT_EQ(r.run.counters().recycled, 4u);
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_EQ(r.chip(d).state(), pf::ChipState::Recycled) << d;
  EXPECT_EQ(r.run.registry().pool("meters")->holder_of(imsi), "");  // back in the pool

  r.release(3000, kScrap);
  r.advance(3100);
  EXPECT_EQ(r.run.counters().scrapped, 4u);
  for (std::uint32_t d = 0; d < 4; ++d) EXPECT_TRUE(r.run.barred(d)) << d;
  using A = pf::ChipAction;
  using S = pf::ChipState;
  for (std::uint32_t d = 0; d < 4; ++d) {
    EXPECT_EQ(steps_after_sale(r.chip(d)), (std::vector<std::pair<A, S>>{{A::Activate, S::Activated},
                                                                         {A::Deactivate, S::Deactivated},
                                                                         {A::Recycle, S::Recycled},
                                                                         {A::Scrap, S::Scrapped}}))
        << d;
  }
  // Billing stopped at the deactivation.
  EXPECT_EQ(pf::service_ms(b, 0, 3'100'000), 1'800'020u - 1'020u);
  EXPECT_EQ(r.run.counters().failed, 4u);
}

TEST(ChipLifecycleCampaigns, AStepIsARequestAtTheServerRetriedAfterARefusal) {
  Rig r;
  r.advance(1000);
  const std::uint64_t submitted = r.run.server().counters().admitted;
  r.release(1800, kDeactivate);
  r.advance(1900);
  EXPECT_EQ(r.run.server().counters().admitted, submitted + 4);
}

TEST(ChipLifecycleCampaigns, ACheckpointCarriesTheStepsAndTheQuarantinedChips) {
  Rig a;
  a.release(600, kSuspend);
  a.advance(1000);
  a.release(1800, kDeactivate);
  a.advance(1900);
  Rig b;
  b.run.restore_state(a.run.save_state());
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
  a.advance(2500);
  b.advance(2500);
  EXPECT_EQ(b.run.counters().recycled, 4u);
  EXPECT_EQ(b.chip(0).state(), pf::ChipState::Recycled);
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
}

// A deactivation withdraws the subscription (the HSS's Cancel Location), a
// suspension bars it (Insert Subscriber Data): the changes say which, and a
// checkpoint keeps the changes not taken and the detach counters (CMRN 4);
// a change byte that is none of the four is refused, and a scrap's block
// for the HSS only that would not move its view (CMRN 7).
TEST(ChipLifecycleCampaigns, ADeactivationIsAWithdrawalAndACheckpointKeepsIt) {
  Rig a;
  a.release(600, kSuspend);
  a.advance(1000);
  const std::vector<twinsim::BarringChange> suspended = a.run.take_barring();
  ASSERT_EQ(suspended.size(), 4u);
  for (const twinsim::BarringChange& c : suspended) EXPECT_FALSE(c.withdrawn);
  a.release(1800, kDeactivate);
  a.advance(1900);
  a.run.detached(false);
  a.run.detached(true);
  a.run.detached(true);
  const cardcore::Bytes saved = a.run.save_state();
  Rig b;
  b.run.restore_state(saved);
  EXPECT_EQ(b.run.counters().detaches, 1u);
  EXPECT_EQ(b.run.counters().detaches_local, 2u);
  const std::vector<twinsim::BarringChange> withdrawn = b.run.take_barring();
  EXPECT_EQ(withdrawn, a.run.take_barring());
  ASSERT_EQ(withdrawn.size(), 4u);
  for (const twinsim::BarringChange& c : withdrawn) EXPECT_TRUE(c.blocked && c.withdrawn);
  // The first change's bytes: at i64, device u32, change u8 (2: withdrawn).
  cardcore::Bytes pattern;
  for (int i = 0; i < 8; ++i) pattern.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(withdrawn[0].at) >> (8 * i)));
  for (int i = 0; i < 4; ++i) pattern.push_back(static_cast<std::uint8_t>(withdrawn[0].device >> (8 * i)));
  pattern.push_back(2);
  const auto at = std::search(saved.begin(), saved.end(), pattern.begin(), pattern.end());
  ASSERT_NE(at, saved.end());
  for (const auto& [value, message] : {std::pair<std::uint8_t, std::string>{4, "barring change 4 is not 0, 1, 2 or 3"},
                                       {3, "a scrap's block for the HSS only that does not move its view"}}) {
    const cardcore::Bytes bad = twinsim::testing::resealed(saved, static_cast<std::size_t>(at - saved.begin()) + 12, value);
    Rig c;
    try {
      c.run.restore_state(bad);
      ADD_FAILURE() << "a barring change " << int(value) << " was taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
    EXPECT_EQ(c.run.counters().detaches, 0u) << "a refused state changes nothing";
  }
}

// The MME's detaches under way (T3422's sendings, network_detach_cycle.cpp)
// and their counters are kept in CMRN 6; a sending count T3422 never
// reaches, and a CMRN 5 state, are refused.
TEST(ChipLifecycleCampaigns, ACheckpointKeepsTheMmesDetachesUnderWay) {
  Rig a;
  a.release(600, kSuspend);
  a.advance(1000);
  a.run.start_mme_detach(1, false).transmissions = 3;
  a.run.start_mme_detach(2, true).transmissions = 1;
  a.run.detach_retransmitted();
  a.run.detach_retransmitted();
  a.run.isd_lifted();
  a.run.hss_resent();
  const cardcore::Bytes saved = a.run.save_state();
  Rig b;
  b.run.restore_state(saved);
  EXPECT_EQ(b.run.save_state(), saved);
  ASSERT_TRUE(b.run.mme_detach(1));
  EXPECT_EQ(*b.run.mme_detach(1), (twinsim::MmeDetach{false, 3}));
  EXPECT_EQ(*b.run.mme_detach(2), (twinsim::MmeDetach{true, 1}));
  EXPECT_FALSE(b.run.mme_detach(0));
  EXPECT_EQ(b.run.counters().detach_retransmissions, 2u);
  EXPECT_EQ(b.run.counters().isd_lifts, 1u);
  EXPECT_EQ(b.run.counters().hss_resends, 1u);
  b.run.end_mme_detach(1);
  EXPECT_FALSE(b.run.mme_detach(1));

  // Device 1's entry: device u32, withdrawn u8, transmissions u8 (3).
  const cardcore::Bytes entry = {1, 0, 0, 0, 0, 3, 2, 0, 0, 0, 1, 1};
  const auto at = std::search(saved.begin(), saved.end(), entry.begin(), entry.end());
  ASSERT_NE(at, saved.end());
  Rig c;
  try {
    c.run.restore_state(twinsim::testing::resealed(saved, static_cast<std::size_t>(at - saved.begin()) + 5, 6));
    ADD_FAILURE() << "a sixth sending was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("sent 6 times, not 1 to 5"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(c.run.mme_detach(1)) << "a refused state changes nothing";
  // The version u16 after the magic: 5 is the layout without them (6
  // without the barring changes' flag for the links, 7 without the supply
  // flows' steps).
  try {
    c.run.restore_state(twinsim::testing::resealed(saved, 4, 5));
    ADD_FAILURE() << "a CMRN 5 state was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("version 5 is not the version this model reads (8)"), std::string::npos)
        << e.what();
  }
}

}  // namespace test_chip_lifecycle_campaigns
