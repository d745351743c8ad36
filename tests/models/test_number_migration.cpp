// The model parts of a number migration (the source document §2.4: a failed
// payment terminal's number written over the air to its replacement, the
// service bindings kept): the number pool handing an allocated number to
// another chip, the chip registry moving the number, the account and the
// billing from the failed chip (Replaced) to the replacement's (OtaWrite
// from it), refusals that change nothing, the checkpoint of a Replaced
// chip; OneLink's card record following the number to the new ICCID.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "chip_rig.hpp"
#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::platform {
namespace test_number_migration {

using namespace chip_rig;

const Party kOtherCustomer{Role::Customer, "cust-2"};

// Chip `id` made, through the operator, module maker and OEM, sold to
// `customer` under `account` (times 1..12 ms).
void sold(ChipRegistry& r, const std::string& id, const Party& customer, const std::string& account) {
  ASSERT_TRUE(r.produce(id, kInfo, kChipMaker, 1).ok());
  ASSERT_TRUE(r.stock_in(id, kChipMaker, 2).ok());
  ASSERT_TRUE(r.ship(id, kChipMaker, kOperator, 3).ok());
  ASSERT_TRUE(r.receive(id, kOperator, 4).ok());
  ASSERT_TRUE(r.ship(id, kOperator, kOem, 5).ok());
  ASSERT_TRUE(r.receive(id, kOem, 6).ok());
  ASSERT_TRUE(r.integrate(id, kOem, "D-" + id, 10).ok());
  ASSERT_TRUE(r.sell(id, kOem, customer, account, 12).ok());
}

// A (the failed terminal's chip, ACC-1, number ...103 of P1) and B (its
// replacement's, ACC-2, number ...201 of P2), both activated.
struct Migration : ::testing::Test {
  ChipRegistry r{ChipRegistryConfig{100}};
  void SetUp() override {
    ASSERT_TRUE(r.add_pool(pool_config(5)).ok());
    ASSERT_TRUE(r.add_pool({"P2", "460040000000200", "8614800000200", 5, kQuarantine}).ok());
    sold(r, "A", kCustomer, "ACC-1");
    sold(r, "B", kOtherCustomer, "ACC-2");
    ASSERT_TRUE(r.activate("A", kOperator, "P1", 20, "460040000000103").ok());
    ASSERT_TRUE(r.activate("B", kOperator, "P2", 30, "460040000000201").ok());
  }
};

TEST(NumberMigrationPool, HandOverKeepsTheNumberAllocatedToTheNewHolder) {
  auto created = NumberPool::create({"P", "460040000000100", "8614800000100", 3, 10});
  ASSERT_TRUE(created.ok()) << created.refusal;
  NumberPool& p = *created.value;
  ASSERT_TRUE(p.allocate_number("460040000000101", "a", 0).ok());
  EXPECT_EQ(p.hand_over("460040000000101", "b", "c").refusal,
            "number pool P: IMSI 460040000000101 is not allocated to b");
  EXPECT_EQ(p.hand_over("460040000000100", "a", "c").refusal,
            "number pool P: IMSI 460040000000100 is not allocated to a");  // free
  EXPECT_FALSE(p.hand_over("460040000000199", "a", "c").ok());           // not in the pool
  ASSERT_TRUE(p.hand_over("460040000000101", "a", "c").ok());
  EXPECT_EQ(p.holder_of("460040000000101"), "c");
  EXPECT_EQ(*p.state_of("460040000000101").value, NumberState::Allocated);
  EXPECT_EQ(p.count(NumberState::Quarantined), 0u);  // never in quarantine on the way
  EXPECT_EQ(p.count(NumberState::Free), 2u);
}

TEST_F(Migration, TheNumberItsAccountAndBillingMoveToTheReplacement) {
  ASSERT_TRUE(r.migrate_number("A", "B", kOperator, 100).ok());
  const Chip& a = *r.chip("A");
  const Chip& b = *r.chip("B");
  EXPECT_EQ(a.state(), ChipState::Replaced);
  EXPECT_TRUE(a.imsi().empty());
  EXPECT_TRUE(a.msisdn().empty());
  EXPECT_EQ(describe(a.audit().back()),
            "100 ms Operator:cmcc-iot NumberMigrate Activated -> Replaced (IMSI 460040000000103, MSISDN "
            "8614800000103 to chip B)");
  EXPECT_EQ(b.state(), ChipState::OtaWritten);
  EXPECT_EQ(b.pool(), "P1");
  EXPECT_EQ(b.imsi(), "460040000000103");
  EXPECT_EQ(b.msisdn(), "8614800000103");
  EXPECT_EQ(b.account(), "ACC-1");
  EXPECT_EQ(b.customer(), std::optional<Party>(kCustomer));
  EXPECT_EQ(describe(b.audit().back()),
            "100 ms Operator:cmcc-iot OtaWrite Activated -> OtaWritten (number migration from chip A, account ACC-2 "
            "-> ACC-1: IMSI 460040000000201 -> 460040000000103, MSISDN 8614800000201 -> 8614800000103, pool P2 -> P1)");
  // The number stayed allocated, now to B; B's own rests in quarantine.
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000103"), "B");
  EXPECT_EQ(*r.pool("P1")->state_of("460040000000103").value, NumberState::Allocated);
  EXPECT_EQ(*r.pool("P2")->state_of("460040000000201").value, NumberState::Quarantined);
  EXPECT_TRUE(r.recycle_number(kOperator, "P2", "460040000000201", 100 + kQuarantine).ok());
  // Billing: A's record and B's under ACC-2 closed at 100 ms; B bills under ACC-1 from then on.
  ASSERT_EQ(r.billing().size(), 3u);
  EXPECT_EQ(r.billing()[0].deactivated_ms, std::optional<std::uint64_t>(100));
  EXPECT_EQ(r.billing()[1].deactivated_ms, std::optional<std::uint64_t>(100));
  EXPECT_EQ(r.billing()[2].chip_id, "B");
  EXPECT_EQ(r.billing()[2].account, "ACC-1");
  EXPECT_EQ(r.billing()[2].customer, "cust-1");
  EXPECT_EQ(r.billing()[2].activated_ms, 100u);
  EXPECT_FALSE(r.billing()[2].deactivated_ms);
  EXPECT_EQ(r.billable_days("ACC-1", 0, 2 * kDayMs), 1u + 2u);  // A's started day, B's two
  EXPECT_EQ(r.billable_days("ACC-2", 0, 2 * kDayMs), 1u);
  EXPECT_EQ(r.steps_taken(ChipAction::NumberMigrate), 1u);
  // A replaced chip's end: the operator scraps it.
  ASSERT_TRUE(r.scrap("A", kOperator, 200).ok());
  EXPECT_EQ(r.chip("A")->state(), ChipState::Scrapped);
}

TEST_F(Migration, RefusalsChangeNothing) {
  // C sold, its activation not served yet; D suspended.
  sold(r, "C", kCustomer, "ACC-1");
  sold(r, "D", kCustomer, "ACC-1");
  ASSERT_TRUE(r.activate("D", kOperator, "P1", 40, "460040000000104").ok());
  ASSERT_TRUE(r.suspend("D", kOperator, 50).ok());
  const cardcore::Bytes before = r.save_state();
  EXPECT_EQ(r.migrate_number("A", "A", kOperator, 100).refusal, "chip A: NumberMigrate refused: to the chip itself");
  EXPECT_FALSE(r.migrate_number("A", "X", kOperator, 100).ok());  // no such chip
  EXPECT_FALSE(r.migrate_number("C", "B", kOperator, 100).ok());  // C has no number yet
  EXPECT_FALSE(r.migrate_number("A", "C", kOperator, 100).ok());  // C is not in service
  EXPECT_FALSE(r.migrate_number("A", "D", kOperator, 100).ok());  // a suspended chip takes no OTA write
  EXPECT_FALSE(r.migrate_number("A", "B", kCustomer, 100).ok());  // the operator's step
  EXPECT_EQ(r.save_state(), before);
  // A suspended chip's number migrates; a replaced one has none left.
  ASSERT_TRUE(r.migrate_number("D", "B", kOperator, 100).ok());
  EXPECT_EQ(r.chip("D")->audit().back().from, std::optional<ChipState>(ChipState::Suspended));
  const cardcore::Bytes after = r.save_state();
  EXPECT_FALSE(r.migrate_number("D", "A", kOperator, 110).ok());
  EXPECT_EQ(r.save_state(), after);
}

TEST_F(Migration, AReplacedChipIsSavedAndRestored) {
  ASSERT_TRUE(r.migrate_number("A", "B", kOperator, 100).ok());
  const cardcore::Bytes saved = r.save_state();
  ChipRegistry restored{ChipRegistryConfig{100}};
  restored.restore_state(saved);
  EXPECT_EQ(restored.save_state(), saved);
  EXPECT_EQ(restored.chip("A")->state(), ChipState::Replaced);
  EXPECT_EQ(restored.chip("B")->account(), "ACC-1");
  EXPECT_EQ(restored.steps_taken(ChipAction::NumberMigrate), 1u);
}

// OneLink: the merchant's account holds the card of the failed terminal;
// the record moves to the replacement's ICCID with its usage, events and
// the alerts it fired, and counts the replacement's usage on.
TEST(NumberMigrationOneLink, TheCardRecordFollowsTheNumber) {
  OneLink ol{OneLinkConfig{BillingPeriods{0, 86'400'000, {}}, {}, 64}};
  ol.add_account("merchant", "POS terminals");
  Card failed;
  failed.iccid = "8986040000000000004";
  failed.expected = {failed.iccid, "460040000000000", ""};
  failed.thresholds.data_bytes = 60'000;
  ol.add_card("merchant", failed);
  ASSERT_TRUE(ol.report_usage(failed.iccid, 1000, Usage{40'000, 0}));
  CardEvent detached;
  detached.kind = CardEventKind::Detached;
  detached.at_ms = 2000;
  ASSERT_TRUE(ol.report_event(failed.iccid, detached));

  const std::string replacement = "8986040000000000103";
  ol.move_card(failed.iccid, replacement);
  EXPECT_EQ(ol.card(failed.iccid), nullptr);
  ASSERT_NE(ol.card(replacement), nullptr);
  EXPECT_EQ(ol.card(replacement)->expected.iccid, replacement);
  EXPECT_EQ(ol.card(replacement)->expected.imsi, "460040000000000");  // the same number
  EXPECT_EQ(ol.account_of(replacement)->id, "merchant");
  EXPECT_EQ(ol.account("merchant")->cards, std::vector<std::string>{replacement});
  EXPECT_EQ(ol.events(replacement)->size(), 1u);
  EXPECT_EQ(ol.card_usage(replacement, 0).data_bytes, 40'000u);
  // The replacement's usage continues the record's: the alert at 60 kB fires
  // on its second 10 kB, which alone it would not have reached.
  ASSERT_TRUE(ol.report_usage(replacement, 3000, Usage{10'000, 0}));
  EXPECT_TRUE(ol.take_alerts().empty());
  ASSERT_TRUE(ol.report_usage(replacement, 4000, Usage{10'000, 0}));
  const std::vector<Alert> alerts = ol.take_alerts();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].iccid, replacement);
  EXPECT_EQ(alerts[0].value, 60'000u);
  // The state round-trips with the moved record.
  OneLink copy{OneLinkConfig{BillingPeriods{0, 86'400'000, {}}, {}, 64}};
  copy.restore_state(ol.save_state());
  EXPECT_EQ(copy.save_state(), ol.save_state());

  EXPECT_THROW(ol.move_card(failed.iccid, "8986040000000000200"), std::invalid_argument);  // no such card
  ol.add_card("merchant", Card{"8986040000000000201", "", {"8986040000000000201", "460040000000001", ""}, "", {}});
  EXPECT_THROW(ol.move_card(replacement, "8986040000000000201"), std::invalid_argument);  // listed already
  Card euicc{"8986040000000000300", "89086030000000000000000000000300", {}, "", {}};
  ol.add_card("merchant", euicc);
  EXPECT_THROW(ol.move_card(euicc.iccid, "8986040000000000301"), std::invalid_argument);  // an eUICC's
}

}  // namespace test_number_migration
}  // namespace twinmodels::platform
