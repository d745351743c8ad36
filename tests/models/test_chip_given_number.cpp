// Activation and OTA write with a given number (the source document §3.2.3:
// number activation, OTA writing): a card personalised at the factory
// carries its IMSI (3GPP TS 23.003), and the operator opens that number, not
// the pool's lowest free one. NumberPool::allocate_number() and the
// registry's activate / ota_write taking an IMSI: the number and its pairing,
// the refusals (taken, in quarantine, outside the pool) changing nothing.
#include <gtest/gtest.h>

#include <string>

#include "chip_rig.hpp"
#include "twinmodels/platform/chip_registry.hpp"

namespace twinmodels::platform {
namespace test_chip_given_number {

using namespace chip_rig;

TEST(ChipGivenNumber, NumberPoolAllocatesTheGivenNumberAndRefusesATakenOne) {
  auto created = NumberPool::create({"P", "460040000000098", "0861480000098", 4, 10});
  ASSERT_TRUE(created.ok()) << created.refusal;
  NumberPool& p = *created.value;
  EXPECT_EQ(*p.allocate_number("460040000000100", "c", 0).value, (NumberPair{"460040000000100", "0861480000100"}));
  EXPECT_EQ(p.holder_of("460040000000100"), "c");
  EXPECT_EQ(*p.state_of("460040000000100").value, NumberState::Allocated);
  EXPECT_EQ(p.allocate_number("460040000000100", "d", 1).refusal,
            "number pool P: IMSI 460040000000100 is Allocated to c, not free");
  ASSERT_TRUE(p.release("460040000000100", 5).ok());
  EXPECT_EQ(p.allocate_number("460040000000100", "d", 6).refusal,
            "number pool P: IMSI 460040000000100 is in quarantine since 5 ms (last held by c), not free");
  EXPECT_EQ(p.allocate_number("460040000000102", "d", 6).refusal,
            "number pool P: IMSI 460040000000102 is not in the pool");
  EXPECT_EQ(p.allocate_number("46004000000010", "d", 6).refusal,
            "number pool P: IMSI 46004000000010 is not in the pool");  // 14 digits
  EXPECT_EQ(p.allocate_number("46004000000009A", "d", 6).refusal,
            "number pool P: IMSI 46004000000009A is not in the pool");
  // The refusals changed nothing: c's number rests in quarantine, 3 free.
  EXPECT_EQ(p.holder_of("460040000000100"), "c");
  EXPECT_EQ(p.count(NumberState::Quarantined), 1u);
  EXPECT_EQ(p.count(NumberState::Free), 3u);
  // The lowest free first goes on around the given number.
  EXPECT_EQ(p.allocate("e", 7).value->imsi, "460040000000098");
  EXPECT_EQ(p.allocate("f", 7).value->imsi, "460040000000099");
  EXPECT_EQ(p.allocate("g", 7).value->imsi, "460040000000101");
  EXPECT_FALSE(p.allocate("h", 7).ok());
  ASSERT_TRUE(p.recycle("460040000000100", 15).ok());
  EXPECT_EQ(p.allocate_number("460040000000100", "h", 16).value->msisdn, "0861480000100");
}

TEST(ChipGivenNumber, ActivationOpensTheNumberTheCardCarries) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(5)).ok());
  to_customer(r, "A");
  ASSERT_TRUE(r.activate("A", kOperator, "P1", 20, "460040000000103").ok());
  EXPECT_EQ(r.chip("A")->state(), ChipState::Activated);
  EXPECT_EQ(r.chip("A")->pool(), "P1");
  EXPECT_EQ(r.chip("A")->imsi(), "460040000000103");
  EXPECT_EQ(r.chip("A")->msisdn(), "8614800000103");  // the pool's pairing
  EXPECT_EQ(describe(r.chip("A")->audit().back()),
            "20 ms Operator:cmcc-iot Activate Sold -> Activated (account ACC-1, pool P1, IMSI 460040000000103, "
            "MSISDN 8614800000103)");
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000103"), "A");
  EXPECT_EQ(r.pool("P1")->count(NumberState::Allocated), 1u);
  ASSERT_EQ(r.billing().size(), 1u);
  EXPECT_EQ(r.billing()[0].activated_ms, 20u);
}

TEST(ChipGivenNumber, ActivationRefusedForATakenQuarantinedOrForeignNumberChangesNothing) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(5)).ok());
  for (const char* id : {"A", "B", "C"}) to_customer(r, id);
  ASSERT_TRUE(r.activate("A", kOperator, "P1", 20, "460040000000101").ok());
  ASSERT_TRUE(r.activate("B", kOperator, "P1", 20, "460040000000102").ok());
  ASSERT_TRUE(r.deactivate("B", kOperator, 30).ok());
  const cardcore::Bytes before = r.save_state();

  EXPECT_EQ(r.activate("C", kOperator, "P1", 40, "460040000000101").refusal,
            "chip C: Activate refused: number pool P1: IMSI 460040000000101 is Allocated to A, not free");
  EXPECT_EQ(r.activate("C", kOperator, "P1", 40, "460040000000102").refusal,
            "chip C: Activate refused: number pool P1: IMSI 460040000000102 is in quarantine since 30 ms (last "
            "held by B), not free");
  EXPECT_EQ(r.activate("C", kOperator, "P1", 40, "460040000000105").refusal,
            "chip C: Activate refused: number pool P1: IMSI 460040000000105 is not in the pool");
  EXPECT_EQ(r.activate("C", kOperator, "P1", 40, "").refusal,
            "chip C: Activate refused: number pool P1: IMSI  is not in the pool");
  EXPECT_EQ(r.activate("C", kOperator, "P9", 40, "460040000000103").refusal,
            "chip C: Activate refused: no number pool P9");
  // The chip first: a customer may not activate, whatever the number.
  EXPECT_EQ(r.activate("C", kCustomer, "P1", 40, "460040000000101").refusal,
            "chip C: Activate refused: Customer:cust-1 is not a Operator");
  EXPECT_EQ(r.activate("A", kOperator, "P1", 40, "460040000000103").refusal,
            "chip A: Activate refused: not allowed from Activated (only from Sold, Recycled)");

  EXPECT_EQ(r.chip("C")->state(), ChipState::Sold);
  EXPECT_TRUE(r.chip("C")->imsi().empty());
  EXPECT_EQ(r.chip("C")->audit().size(), 11u);
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000101"), "A");
  EXPECT_EQ(r.pool("P1")->count(NumberState::Free), 3u);
  EXPECT_EQ(r.billing().size(), 2u);
  EXPECT_EQ(r.save_state(), before);  // everything else as it was too
}

TEST(ChipGivenNumber, OtaWriteWithAGivenNumberQuarantinesTheOldOne) {
  ChipRegistry r;
  ASSERT_TRUE(r.add_pool(pool_config(3)).ok());
  ASSERT_TRUE(r.add_pool({"P2", "460040000000900", "8614800000900", 3, kQuarantine}).ok());
  to_customer(r, "A");
  to_customer(r, "B");
  ASSERT_TRUE(r.activate("A", kOperator, "P1", 20, "460040000000100").ok());
  ASSERT_TRUE(r.activate("B", kOperator, "P2", 20, "460040000000901").ok());
  const cardcore::Bytes before = r.save_state();

  // Refused: B's number, A's own, one outside P2; the chip first (a customer).
  EXPECT_EQ(r.ota_write("A", kOperator, "P2", "write-card", 30, "460040000000901").refusal,
            "chip A: OtaWrite refused: number pool P2: IMSI 460040000000901 is Allocated to B, not free");
  EXPECT_EQ(r.ota_write("A", kOperator, "P1", "write-card", 30, "460040000000100").refusal,
            "chip A: OtaWrite refused: number pool P1: IMSI 460040000000100 is Allocated to A, not free");
  EXPECT_EQ(r.ota_write("A", kOperator, "P2", "write-card", 30, "460040000000100").refusal,
            "chip A: OtaWrite refused: number pool P2: IMSI 460040000000100 is not in the pool");
  EXPECT_EQ(r.ota_write("A", kCustomer, "P2", "write-card", 30, "460040000000902").refusal,
            "chip A: OtaWrite refused: Customer:cust-1 is not a Operator");
  EXPECT_EQ(r.chip("A")->state(), ChipState::Activated);
  EXPECT_EQ(r.chip("A")->imsi(), "460040000000100");
  EXPECT_EQ(r.save_state(), before);

  const std::uint64_t t = 1000;
  ASSERT_TRUE(r.ota_write("A", kOperator, "P2", "write-card", t, "460040000000902").ok());
  EXPECT_EQ(r.chip("A")->state(), ChipState::OtaWritten);
  EXPECT_EQ(r.chip("A")->pool(), "P2");
  EXPECT_EQ(r.chip("A")->imsi(), "460040000000902");
  EXPECT_EQ(r.chip("A")->msisdn(), "8614800000902");
  EXPECT_EQ(describe(r.chip("A")->audit().back()),
            "1000 ms Operator:cmcc-iot OtaWrite Activated -> OtaWritten (write-card: IMSI 460040000000100 -> "
            "460040000000902, MSISDN 8614800000100 -> 8614800000902, pool P1 -> P2)");
  EXPECT_EQ(r.pool("P2")->holder_of("460040000000902"), "A");
  EXPECT_EQ(*r.pool("P1")->state_of("460040000000100").value, NumberState::Quarantined);
  EXPECT_EQ(r.pool("P1")->holder_of("460040000000100"), "A");
  // The old number comes back only after its quarantine.
  EXPECT_EQ(r.recycle_number(kOperator, "P1", "460040000000100", t + kQuarantine - 1).refusal,
            "number pool P1: IMSI 460040000000100 is in quarantine until " + std::to_string(t + kQuarantine) +
                " ms");
  ASSERT_TRUE(r.recycle_number(kOperator, "P1", "460040000000100", t + kQuarantine).ok());
  EXPECT_EQ(*r.pool("P1")->state_of("460040000000100").value, NumberState::Free);
  EXPECT_EQ(r.pool("P1")->count(NumberState::Free), 3u);
  // Written again within the same pool, with a given number.
  ASSERT_TRUE(r.ota_write("A", kOperator, "P2", "profile download", t + kQuarantine + 1, "460040000000900").ok());
  EXPECT_EQ(r.chip("A")->msisdn(), "8614800000900");
  EXPECT_EQ(*r.pool("P2")->state_of("460040000000902").value, NumberState::Quarantined);
  // Deactivated: its number is the chip's to recycle, not the operator's
  // bare number recycling (which would leave the chip recording it).
  const std::uint64_t off = t + kQuarantine + 2;
  ASSERT_TRUE(r.deactivate("A", kOperator, off).ok());
  EXPECT_EQ(r.recycle_number(kOperator, "P2", "460040000000900", off + kQuarantine).refusal,
            "number recycling refused: IMSI 460040000000900 is deactivated chip A's: its Recycle step returns it");
  EXPECT_EQ(*r.pool("P2")->state_of("460040000000900").value, NumberState::Quarantined);
  ASSERT_TRUE(r.recycle("A", kOperator, off + kQuarantine).ok());
  EXPECT_EQ(*r.pool("P2")->state_of("460040000000900").value, NumberState::Free);
}

}  // namespace test_chip_given_number
}  // namespace twinmodels::platform
