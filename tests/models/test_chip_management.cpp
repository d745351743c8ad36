// The chip management platform (models/twinmodels/platform/chip_*.hpp,
// number_pool.hpp): one chip from production to recycling with its exact
// audit trail; the refusals (wrong role, not the holder, wrong order, an
// exhausted pool, recycling in quarantine) change nothing; numbers come back
// only after their quarantine; counts per state for a batch; billable days.
// The rules tested are ours where the source document is silent (README.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chip_rig.hpp"
#include "twinmodels/platform/chip_registry.hpp"

namespace twinmodels::platform {
namespace test_chip_management {

using namespace chip_rig;

std::vector<std::string> trail(const Chip& c) {
  std::vector<std::string> lines;
  for (const AuditEntry& e : c.audit()) lines.push_back(describe(e));
  return lines;
}

TEST(ChipManagement, OneChipFromProductionToRecyclingWithItsAuditTrail) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(3)).ok());
  ASSERT_TRUE(r.add_pool({"P2", "460040000000900", "8614800000900", 2, kQuarantine}).ok());
  to_customer(r, "89860400000000000011");
  const std::string id = "89860400000000000011";
  const std::uint64_t t0 = 100 * kDayMs;
  ASSERT_TRUE(r.activate(id, kOperator, "P1", t0).ok());
  ASSERT_TRUE(r.ota_write(id, kOperator, "P2", "write-card", t0 + 1000).ok());
  ASSERT_TRUE(r.suspend(id, kCustomer, t0 + 2000).ok());
  ASSERT_TRUE(r.resume(id, kOperator, t0 + 3000).ok());
  EXPECT_EQ(r.chip(id)->state(), ChipState::OtaWritten);  // back where it was suspended
  ASSERT_TRUE(r.deactivate(id, kOperator, t0 + 4000).ok());
  ASSERT_TRUE(r.recycle(id, kOperator, t0 + 4000 + kQuarantine).ok());
  ASSERT_TRUE(r.scrap(id, kOperator, t0 + 4000 + kQuarantine + 1).ok());

  const std::uint64_t end = t0 + 4000 + kQuarantine;
  const std::vector<std::string> expected{
      "1 ms ChipMaker:cm-1 Produce - -> Produced (card vendor cv-1, chip maker cm-1, batch B-2018-01)",
      "2 ms ChipMaker:cm-1 StockIn Produced -> InStock (into the stock of ChipMaker:cm-1)",
      "3 ms ChipMaker:cm-1 Ship InStock -> Shipped (from ChipMaker:cm-1 to Operator:cmcc-iot)",
      "4 ms Operator:cmcc-iot Receive Shipped -> InStock (from ChipMaker:cm-1 into the stock of Operator:cmcc-iot)",
      "5 ms Operator:cmcc-iot Ship InStock -> Shipped (from Operator:cmcc-iot to ModuleMaker:mm-1)",
      "6 ms ModuleMaker:mm-1 Receive Shipped -> InStock (from Operator:cmcc-iot into the stock of ModuleMaker:mm-1)",
      "7 ms ModuleMaker:mm-1 Mount InStock -> Mounted (module M-89860400000000000011)",
      "8 ms ModuleMaker:mm-1 Ship Mounted -> Shipped (from ModuleMaker:mm-1 to Oem:oem-1)",
      "9 ms Oem:oem-1 Receive Shipped -> InStock (from ModuleMaker:mm-1 into the stock of Oem:oem-1)",
      "10 ms Oem:oem-1 Integrate InStock -> Integrated (device D-89860400000000000011, module M-89860400000000000011)",
      "12 ms Oem:oem-1 Sell Integrated -> Sold (device D-89860400000000000011 to Customer:cust-1, account ACC-1)",
      std::to_string(t0) + " ms Operator:cmcc-iot Activate Sold -> Activated (account ACC-1, pool P1, IMSI "
                           "460040000000100, MSISDN 8614800000100)",
      std::to_string(t0 + 1000) + " ms Operator:cmcc-iot OtaWrite Activated -> OtaWritten (write-card: IMSI "
                                  "460040000000100 -> 460040000000900, MSISDN 8614800000100 -> 8614800000900, "
                                  "pool P1 -> P2)",
      std::to_string(t0 + 2000) + " ms Customer:cust-1 Suspend OtaWritten -> Suspended",
      std::to_string(t0 + 3000) + " ms Operator:cmcc-iot Resume Suspended -> OtaWritten",
      std::to_string(t0 + 4000) + " ms Operator:cmcc-iot Deactivate OtaWritten -> Deactivated (IMSI "
                                  "460040000000900, MSISDN 8614800000900 into quarantine)",
      std::to_string(end) + " ms Operator:cmcc-iot Recycle Deactivated -> Recycled (IMSI 460040000000900, MSISDN "
                            "8614800000900 back to pool P2)",
      std::to_string(end + 1) + " ms Operator:cmcc-iot Scrap Recycled -> Scrapped",
  };
  EXPECT_EQ(trail(*r.chip(id)), expected);

  // The numbers: P2's first is free again; P1's first, released by the OTA
  // write, rests in quarantine until the operator recycles it.
  EXPECT_EQ(*r.pool("P2")->state_of("460040000000900").value, NumberState::Free);
  EXPECT_EQ(*r.pool("P1")->state_of("460040000000100").value, NumberState::Quarantined);
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000100"), id);
  EXPECT_TRUE(r.recycle_number(kOperator, "P1", "460040000000100", t0 + 1000 + kQuarantine).ok());
  EXPECT_EQ(r.pool("P1")->count(NumberState::Free), 3u);
  EXPECT_FALSE(r.chip(id)->holder().has_value());
  EXPECT_TRUE(r.chip(id)->imsi().empty());
}

TEST(ChipManagement, RefusesTheWrongRoleAndTheWrongHolderAndChangesNothing) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(3)).ok());
  const std::string id = "89860400000000000029";

  Status s = r.produce(id, kInfo, kAgent, 1);
  EXPECT_EQ(s.refusal, "chip " + id + ": Produce refused: Agent:agent-1 is not a CardVendor or ChipMaker");
  s = r.produce(id, kInfo, Party{Role::CardVendor, "cv-2"}, 1);
  EXPECT_EQ(s.refusal, "chip " + id + ": Produce refused: CardVendor:cv-2 is not the one named in the production record");
  EXPECT_EQ(r.chip(id), nullptr);

  ASSERT_TRUE(r.produce(id, kInfo, kCardVendor, 1).ok());
  EXPECT_EQ(r.produce(id, kInfo, kCardVendor, 1).refusal, "chip " + id + ": Produce refused: registered already");
  EXPECT_EQ(r.stock_in(id, kChipMaker, 2).refusal,
            "chip " + id + ": StockIn refused: ChipMaker:cm-1 does not hold it (CardVendor:cv-1 does)");
  ASSERT_TRUE(r.stock_in(id, kCardVendor, 2).ok());
  EXPECT_EQ(r.ship(id, kCardVendor, kCustomer, 3).refusal,
            "chip " + id + ": Ship refused: Customer:cust-1 does not keep stock (an end customer buys: Sell)");
  ASSERT_TRUE(r.ship(id, kCardVendor, kAgent, 3).ok());
  EXPECT_EQ(r.receive(id, kOem, 4).refusal,
            "chip " + id + ": Receive refused: it is addressed to Agent:agent-1, not Oem:oem-1");
  ASSERT_TRUE(r.receive(id, kAgent, 4).ok());
  // An agent neither mounts nor sells a bare chip.
  EXPECT_EQ(r.mount(id, kAgent, "M-1", 5).refusal,
            "chip " + id + ": Mount refused: Agent:agent-1 is not a ModuleMaker");
  EXPECT_EQ(r.sell(id, kAgent, kCustomer, "ACC-1", 5).refusal,
            "chip " + id + ": Sell refused: not in a device yet (Integrate first)");
  ASSERT_TRUE(r.ship(id, kAgent, kOem, 6).ok());
  ASSERT_TRUE(r.receive(id, kOem, 7).ok());
  ASSERT_TRUE(r.integrate(id, kOem, "D-1", 8).ok());
  ASSERT_TRUE(r.sell(id, kOem, kCustomer, "ACC-1", 9).ok());
  // Only the operator opens numbers; only the owner or the operator suspends.
  EXPECT_EQ(r.activate(id, kOem, "P1", 10).refusal, "chip " + id + ": Activate refused: Oem:oem-1 is not a Operator");
  EXPECT_EQ(r.activate(id, kCustomer, "P1", 10).refusal,
            "chip " + id + ": Activate refused: Customer:cust-1 is not a Operator");
  ASSERT_TRUE(r.activate(id, kOperator, "P1", 10).ok());
  EXPECT_EQ(r.suspend(id, Party{Role::Customer, "cust-2"}, 11).refusal,
            "chip " + id + ": Suspend refused: Customer:cust-2 does not own it");
  EXPECT_EQ(r.recycle_number(kCustomer, "P1", "460040000000100", 11).refusal,
            "number recycling refused: Customer:cust-1 is not the Operator");

  const Chip& c = *r.chip(id);
  EXPECT_EQ(c.state(), ChipState::Activated);
  EXPECT_EQ(c.audit().size(), 9u);  // Produce .. Activate: no refusal left a trace
  EXPECT_EQ(r.pool("P1")->count(NumberState::Allocated), 1u);
}

TEST(ChipManagement, RefusesTheWrongOrder) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(3)).ok());
  const std::string id = "89860400000000000037";
  ASSERT_TRUE(r.produce(id, kInfo, kChipMaker, 1).ok());
  EXPECT_EQ(r.ship(id, kChipMaker, kOperator, 2).refusal,
            "chip " + id + ": Ship refused: not allowed from Produced (only from InStock, Mounted, Integrated)");
  ASSERT_TRUE(r.stock_in(id, kChipMaker, 2).ok());
  EXPECT_EQ(r.activate(id, kOperator, "P1", 3).refusal,
            "chip " + id + ": Activate refused: not allowed from InStock (only from Sold, Recycled)");
  EXPECT_EQ(r.recycle(id, kOperator, 3).refusal,
            "chip " + id + ": Recycle refused: not allowed from InStock (only from Deactivated)");
  EXPECT_EQ(r.pool("P1")->count(NumberState::Free), 3u);
  ASSERT_TRUE(r.scrap(id, kChipMaker, 4).ok());
  EXPECT_EQ(r.stock_in(id, kChipMaker, 5).refusal,
            "chip " + id + ": StockIn refused: not allowed from Scrapped (only from Produced)");
  EXPECT_EQ(r.stock_in("nope", kChipMaker, 5).refusal, "chip nope is not registered");
  EXPECT_EQ(r.chip(id)->audit().size(), 3u);
}

TEST(ChipManagement, ActivationWithAnExhaustedPoolIsRefused) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(1)).ok());
  to_customer(r, "A");
  to_customer(r, "B");
  ASSERT_TRUE(r.activate("A", kOperator, "P1", 20).ok());
  EXPECT_EQ(r.activate("B", kOperator, "P1", 21).refusal,
            "chip B: Activate refused: number pool P1 exhausted: 1 allocated, 0 in quarantine");
  EXPECT_EQ(r.activate("B", kOperator, "P9", 21).refusal, "chip B: Activate refused: no number pool P9");
  EXPECT_EQ(r.chip("B")->state(), ChipState::Sold);
  EXPECT_TRUE(r.chip("B")->imsi().empty());
  // A's number in quarantine is not free either.
  ASSERT_TRUE(r.deactivate("A", kOperator, 22).ok());
  EXPECT_EQ(r.activate("B", kOperator, "P1", 23).refusal,
            "chip B: Activate refused: number pool P1 exhausted: 0 allocated, 1 in quarantine");
  EXPECT_EQ(r.billing().size(), 1u);  // no record for a refused activation
}

TEST(ChipManagement, NumbersAreReusedOnlyAfterTheirQuarantine) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(1)).ok());
  to_customer(r, "A");
  to_customer(r, "B");
  ASSERT_TRUE(r.activate("A", kOperator, "P1", 100).ok());
  ASSERT_TRUE(r.deactivate("A", kOperator, 1000).ok());
  const Status early = r.recycle("A", kOperator, 1000 + kQuarantine - 1);
  EXPECT_EQ(early.refusal, "chip A: Recycle refused: number pool P1: IMSI 460040000000100 is in quarantine until " +
                               std::to_string(1000 + kQuarantine) + " ms");
  EXPECT_EQ(r.chip("A")->state(), ChipState::Deactivated);
  EXPECT_EQ(*r.pool("P1")->state_of("460040000000100").value, NumberState::Quarantined);
  ASSERT_TRUE(r.recycle("A", kOperator, 1000 + kQuarantine).ok());
  ASSERT_TRUE(r.activate("B", kOperator, "P1", 2000 + kQuarantine).ok());
  EXPECT_EQ(r.chip("B")->imsi(), "460040000000100");
  EXPECT_EQ(r.chip("B")->msisdn(), "8614800000100");
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000100"), "B");
  // A recycled chip gets a number again only when one is free.
  EXPECT_EQ(r.activate("A", kOperator, "P1", 3000 + kQuarantine).refusal,
            "chip A: Activate refused: number pool P1 exhausted: 1 allocated, 0 in quarantine");
}

TEST(ChipManagement, NumberPoolGivesTheLowestFreeNumberFirst) {
  auto created = NumberPool::create({"P", "460040000000098", "0861480000098", 4, 10});
  ASSERT_TRUE(created.ok()) << created.refusal;
  NumberPool& p = *created.value;
  EXPECT_EQ(*p.allocate("a", 0).value, (NumberPair{"460040000000098", "0861480000098"}));
  EXPECT_EQ(*p.allocate("b", 0).value, (NumberPair{"460040000000099", "0861480000099"}));
  EXPECT_EQ(*p.allocate("c", 0).value, (NumberPair{"460040000000100", "0861480000100"}));
  ASSERT_TRUE(p.release("460040000000098", 5).ok());
  ASSERT_TRUE(p.release("460040000000099", 6).ok());
  EXPECT_EQ(p.release("460040000000099", 6).refusal, "number pool P: IMSI 460040000000099 is Quarantined, not allocated");
  EXPECT_EQ(p.release("460040000000102", 6).refusal, "number pool P: IMSI 460040000000102 is not in the pool");
  ASSERT_TRUE(p.recycle("460040000000099", 16).ok());
  EXPECT_EQ(p.recycle("460040000000098", 14).refusal,
            "number pool P: IMSI 460040000000098 is in quarantine until 15 ms");
  ASSERT_TRUE(p.recycle("460040000000098", 15).ok());
  EXPECT_EQ(p.allocate("d", 20).value->imsi, "460040000000098");
  EXPECT_EQ(p.allocate("e", 20).value->imsi, "460040000000099");
  EXPECT_EQ(p.allocate("f", 20).value->imsi, "460040000000101");
  EXPECT_EQ(p.allocate("g", 20).refusal, "number pool P exhausted: 4 allocated, 0 in quarantine");

  EXPECT_EQ(NumberPool::create({"Q", "999999999999999", "8614800000000", 2, 0}).refusal,
            "number pool Q: the IMSI block runs past 15 digits");
  EXPECT_EQ(NumberPool::create({"Q", "460040000000000", "99", 2, 0}).refusal,
            "number pool Q: the MSISDN block runs past 2 digits");
  EXPECT_EQ(NumberPool::create({"Q", "4600400000001000", "8614800000000", 2, 0}).refusal,
            "number pool Q: first IMSI '4600400000001000' is not 6 to 15 digits");
}

TEST(ChipManagement, CountsPerStateForABatch) {
  ChipRegistry r;
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back("8986040000000000010" + std::to_string(i));
  for (const auto& id : ids) ASSERT_TRUE(r.produce(id, kInfo, kCardVendor, 1).ok());
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(r.stock_in(ids[i], kCardVendor, 2).ok());
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(r.ship(ids[i], kCardVendor, kAgent, 3).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(r.receive(ids[i], kAgent, 4).ok());
  ASSERT_TRUE(r.scrap(ids[8], kCardVendor, 5).ok());

  const std::map<ChipState, std::size_t> expected{{ChipState::Produced, 1},
                                                  {ChipState::InStock, 7},
                                                  {ChipState::Shipped, 1},
                                                  {ChipState::Scrapped, 1}};
  EXPECT_EQ(r.counts(), expected);
  EXPECT_EQ(r.in_state(ChipState::Shipped), std::vector<std::string>{ids[3]});
  EXPECT_EQ(r.in_state(ChipState::Produced), std::vector<std::string>{ids[9]});
  EXPECT_EQ(r.held_by(kAgent), (std::vector<std::string>{ids[0], ids[1], ids[2]}));
  // The card vendor: its stock, the chip on its way, the one not stocked yet.
  EXPECT_EQ(r.held_by(kCardVendor), (std::vector<std::string>{ids[3], ids[4], ids[5], ids[6], ids[7], ids[9]}));
  EXPECT_EQ(r.size(), 10u);
}

TEST(ChipManagement, BillsTheDaysInServiceBetweenActivationAndDeactivation) {
  ChipRegistry r({150});  // a fee per day for the test, not a tariff
  ASSERT_TRUE(r.add_pool(pool_config(3)).ok());
  to_customer(r, "A");
  const std::uint64_t h = kDayMs / 24;
  const std::uint64_t t0 = 10 * kDayMs + 5 * h;
  ASSERT_TRUE(r.activate("A", kOperator, "P1", t0).ok());
  ASSERT_TRUE(r.suspend("A", kCustomer, t0 + 3 * kDayMs + h).ok());
  ASSERT_TRUE(r.resume("A", kCustomer, t0 + 5 * kDayMs + h).ok());
  ASSERT_TRUE(r.deactivate("A", kOperator, t0 + 9 * kDayMs + 13 * h).ok());

  ASSERT_EQ(r.billing().size(), 1u);
  const BillingRecord& b = r.billing()[0];
  EXPECT_EQ(b.chip_id, "A");
  EXPECT_EQ(b.account, "ACC-1");
  EXPECT_EQ(b.customer, "cust-1");
  EXPECT_EQ(b.activated_ms, t0);
  EXPECT_EQ(b.deactivated_ms, t0 + 9 * kDayMs + 13 * h);
  ASSERT_EQ(b.in_service.size(), 2u);
  // In service 3 d 1 h, then 4 d 12 h: 7 d 13 h, 8 started days.
  const std::uint64_t all = 1000 * kDayMs;
  EXPECT_EQ(service_ms(b, 0, all), 7 * kDayMs + 13 * h);
  EXPECT_EQ(r.billable_days("ACC-1", 0, all), 8u);
  EXPECT_EQ(r.charge("ACC-1", 0, all), 8u * 150u);
  // A billing period cuts the stretches: [0, 12 d) holds 1 d 19 h of service.
  EXPECT_EQ(r.billable_days("ACC-1", 0, 12 * kDayMs), 2u);
  EXPECT_EQ(r.billable_days("ACC-1", 12 * kDayMs, all), 6u);  // 1 d 6 h + 4 d 12 h
  EXPECT_EQ(r.billable_days("ACC-2", 0, all), 0u);
  // Nothing is billed after the deactivation.
  EXPECT_EQ(r.billable_days("ACC-1", t0 + 9 * kDayMs + 13 * h, all), 0u);
  EXPECT_EQ(ChipRegistry().charge("ACC-1", 0, all), 0u);  // no fee given: none charged
}

}  // namespace test_chip_management
}  // namespace twinmodels::platform
