// An eUICC in the chip management platform (the source document §3.2.3 over
// GSMA SGP.02's profiles): a chip holding several numbers, one per profile
// installed, the enabled profile's the active one. Activation with the
// other installed profiles' numbers, a profile download (the OTA writing
// of an eUICC), an enable, a deletion (its number into quarantine and
// recycled), an SM-SR change, deactivation and recycling of every number;
// each refusal changes nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "chip_rig.hpp"
#include "twinmodels/platform/chip_registry.hpp"

namespace twinmodels::platform {
namespace test_chip_euicc {

using namespace chip_rig;

const std::string kEid = "89086030000000000000000000000012";
const std::string kOther = "89086030000000000000000000000029";
constexpr std::uint64_t kT0 = 10 * kDayMs;

// China Mobile's profiles (IMSI 46000..., MSISDN 86148...) and a German
// operator's (26202..., 86141...), four numbers each.
ChipRegistry two_pools() {
  ChipRegistry r;
  EXPECT_TRUE(r.add_pool({"CMCC", "460000000000000", "8614800000000", 4, kQuarantine}).ok());
  EXPECT_TRUE(r.add_pool({"DE", "262020000000000", "8614100000000", 4, kQuarantine}).ok());
  return r;
}

// The eUICC sold and activated on its China Mobile profile (device 1),
// the German profile downloaded later.
ChipRegistry activated() {
  ChipRegistry r = two_pools();
  to_customer(r, kEid);
  EXPECT_TRUE(r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {}).ok());
  return r;
}

NumberState state_of(const ChipRegistry& r, const std::string& pool, const std::string& imsi) {
  return *r.pool(pool)->state_of(imsi).value;
}

TEST(ChipEuicc, ActivationHoldsEveryInstalledProfilesNumber) {
  ChipRegistry r = two_pools();
  to_customer(r, kEid);
  ASSERT_TRUE(r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {{"DE", "262020000000001"}}).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_EQ(c.state(), ChipState::Activated);
  EXPECT_EQ(c.imsi(), "460000000000001");
  EXPECT_EQ(c.msisdn(), "8614800000001");
  EXPECT_EQ(c.others(), (std::vector<HeldNumber>{{"DE", "262020000000001", "8614100000001"}}));
  EXPECT_EQ(r.pool("DE")->holder_of("262020000000001"), kEid);
  EXPECT_EQ(describe(c.audit().back()),
            "864000000 ms Operator:cmcc-iot Activate Sold -> Activated (account ACC-1, pool CMCC, IMSI "
            "460000000000001, MSISDN 8614800000001; other profiles' numbers: IMSI 262020000000001, MSISDN "
            "8614100000001)");
  EXPECT_EQ(r.billing().size(), 1u);  // one record per chip, not per number
}

TEST(ChipEuicc, AnActivationWithATakenOtherNumberIsRefusedAndTakesNone) {
  ChipRegistry r = two_pools();
  to_customer(r, kEid);
  to_customer(r, kOther);
  ASSERT_TRUE(r.activate(kOther, kOperator, "DE", kT0, "262020000000001").ok());
  EXPECT_EQ(r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {{"DE", "262020000000001"}}).refusal,
            "chip " + kEid + ": Activate refused: number pool DE: IMSI 262020000000001 is Allocated to " + kOther +
                ", not free");
  EXPECT_EQ(r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {{"CMCC", "460000000000001"}}).refusal,
            "chip " + kEid + ": Activate refused: IMSI 460000000000001 given twice");
  EXPECT_EQ(r.activate(kEid, kOperator, "CMCC", kT0, "460000000000001", {{"FR", "208010000000001"}}).refusal,
            "chip " + kEid + ": Activate refused: no number pool FR");
  EXPECT_EQ(r.chip(kEid)->state(), ChipState::Sold);
  EXPECT_EQ(state_of(r, "CMCC", "460000000000001"), NumberState::Free);
  EXPECT_EQ(r.billing().size(), 1u);
}

TEST(ChipEuicc, ADownloadIsTheOtaWritingOfAnEuiccAndAnEnableSwitchesTheActiveNumber) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "8986910000000000013", false, kT0 + 5).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_EQ(c.state(), ChipState::OtaWritten);
  EXPECT_EQ(c.imsi(), "460000000000001");  // not enabled: the active number stays
  EXPECT_EQ(c.others(), (std::vector<HeldNumber>{{"DE", "262020000000001", "8614100000001"}}));
  EXPECT_EQ(describe(c.audit().back()),
            "864000005 ms Operator:cmcc-iot ProfileDownload Activated -> OtaWritten (profile download: profile "
            "8986910000000000013, pool DE, IMSI 262020000000001, MSISDN 8614100000001)");
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Allocated);

  ASSERT_TRUE(r.enable_profile(kEid, kOperator, "262020000000001", "8986910000000000013", kT0 + 6).ok());
  EXPECT_EQ(c.imsi(), "262020000000001");
  EXPECT_EQ(c.msisdn(), "8614100000001");
  EXPECT_EQ(c.pool(), "DE");
  EXPECT_EQ(c.others(), (std::vector<HeldNumber>{{"CMCC", "460000000000001", "8614800000001"}}));
  EXPECT_EQ(describe(c.audit().back()),
            "864000006 ms Operator:cmcc-iot ProfileEnable OtaWritten -> OtaWritten (profile 8986910000000000013 "
            "enabled: IMSI 460000000000001 -> 262020000000001, MSISDN 8614800000001 -> 8614100000001)");
  // Both numbers stay allocated to the chip.
  EXPECT_EQ(state_of(r, "CMCC", "460000000000001"), NumberState::Allocated);
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Allocated);
}

TEST(ChipEuicc, ADownloadThatEnablesMakesItsNumberTheActiveOne) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", true, kT0 + 5).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_EQ(c.imsi(), "262020000000001");
  EXPECT_EQ(c.others(), (std::vector<HeldNumber>{{"CMCC", "460000000000001", "8614800000001"}}));
  EXPECT_EQ(c.audit().back().detail,
            "profile download: profile P-DE, pool DE, IMSI 262020000000001, MSISDN 8614100000001, enabled: IMSI "
            "460000000000001 -> 262020000000001, MSISDN 8614800000001 -> 8614100000001");
}

TEST(ChipEuicc, RefusedProfileStepsChangeNothing) {
  ChipRegistry r = activated();
  to_customer(r, kOther);
  ASSERT_TRUE(r.activate(kOther, kOperator, "DE", kT0, "262020000000002").ok());
  const std::vector<AuditEntry> before = r.chip(kEid)->audit();
  EXPECT_EQ(r.download_profile(kEid, kOperator, "DE", "262020000000002", "P", false, kT0 + 1).refusal,
            "chip " + kEid + ": ProfileDownload refused: number pool DE: IMSI 262020000000002 is Allocated to " +
                kOther + ", not free");
  EXPECT_EQ(r.download_profile(kEid, kOperator, "CMCC", "460000000000001", "P", false, kT0 + 1).refusal,
            "chip " + kEid + ": ProfileDownload refused: number pool CMCC: IMSI 460000000000001 is Allocated to " +
                kEid + ", not free");
  EXPECT_EQ(r.download_profile(kEid, kCustomer, "DE", "262020000000001", "P", false, kT0 + 1).refusal,
            "chip " + kEid + ": ProfileDownload refused: Customer:cust-1 is not a Operator");
  EXPECT_EQ(r.enable_profile(kEid, kOperator, "262020000000001", "P", kT0 + 1).refusal,
            "chip " + kEid + ": ProfileEnable refused: IMSI 262020000000001 is not one of its profiles' that is not "
            "enabled");
  EXPECT_EQ(r.delete_profile(kEid, kOperator, "460000000000001", "P", kT0 + 1).refusal,
            "chip " + kEid + ": ProfileDelete refused: IMSI 460000000000001 is the enabled profile's");
  EXPECT_EQ(r.chip(kEid)->audit(), before);
  EXPECT_EQ(r.chip(kEid)->state(), ChipState::Activated);
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Free);
  // Before activation nothing is downloaded.
  ChipRegistry sold = two_pools();
  to_customer(sold, kEid);
  EXPECT_EQ(sold.download_profile(kEid, kOperator, "DE", "262020000000001", "P", false, kT0).refusal,
            "chip " + kEid + ": ProfileDownload refused: not allowed from Sold (only from Activated, OtaWritten, "
            "Suspended)");
  EXPECT_EQ(state_of(sold, "DE", "262020000000001"), NumberState::Free);
}

TEST(ChipEuicc, ADeletedProfilesNumberGoesIntoQuarantineAndIsRecycled) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", false, kT0 + 5).ok());
  ASSERT_TRUE(r.delete_profile(kEid, kOperator, "262020000000001", "P-DE", kT0 + 10).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_TRUE(c.others().empty());
  EXPECT_EQ(c.state(), ChipState::OtaWritten);
  EXPECT_EQ(describe(c.audit().back()),
            "864000010 ms Operator:cmcc-iot ProfileDelete OtaWritten -> OtaWritten (profile P-DE deleted: IMSI "
            "262020000000001, MSISDN 8614100000001 into quarantine)");
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Quarantined);
  EXPECT_FALSE(r.recycle_number(kOperator, "DE", "262020000000001", kT0 + 9 + kQuarantine).ok());
  ASSERT_TRUE(r.recycle_number(kOperator, "DE", "262020000000001", kT0 + 10 + kQuarantine).ok());
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Free);
  // Downloaded again once free.
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", false, kT0 + 11 + kQuarantine).ok());
}

TEST(ChipEuicc, AnSmSrChangeIsInTheAuditTrail) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.change_sm_sr(kEid, kOperator, "SM-SR-CN", "SM-SR-DE", kT0 + 1).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_EQ(c.sm_sr(), "SM-SR-DE");
  EXPECT_EQ(c.state(), ChipState::Activated);
  EXPECT_EQ(describe(c.audit().back()),
            "864000001 ms Operator:cmcc-iot SmSrChange Activated -> Activated (SM-SR SM-SR-CN -> SM-SR-DE)");
  EXPECT_EQ(r.change_sm_sr(kEid, kOperator, "SM-SR-CN", "SM-SR-FR", kT0 + 2).refusal,
            "chip " + kEid + ": SmSrChange refused: SM-SR SM-SR-DE manages it, not SM-SR-CN");
  EXPECT_EQ(r.change_sm_sr(kEid, kOperator, "SM-SR-DE", "SM-SR-DE", kT0 + 2).refusal,
            "chip " + kEid + ": SmSrChange refused: SM-SR SM-SR-DE manages it already");
  ASSERT_TRUE(r.change_sm_sr(kEid, kOperator, "SM-SR-DE", "SM-SR-CN", kT0 + 3).ok());
  EXPECT_EQ(c.audit().size(), 14u);  // 11 to the customer, the activation, two changes
}

TEST(ChipEuicc, ADownloadWhileSuspendedIsResumedWritten) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.suspend(kEid, kOperator, kT0 + 1).ok());
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", true, kT0 + 2).ok());
  EXPECT_EQ(r.chip(kEid)->state(), ChipState::Suspended);
  ASSERT_TRUE(r.resume(kEid, kOperator, kT0 + 3).ok());
  EXPECT_EQ(r.chip(kEid)->state(), ChipState::OtaWritten);
  EXPECT_EQ(r.chip(kEid)->imsi(), "262020000000001");
}

TEST(ChipEuicc, DeactivationReleasesEveryNumberAndRecyclingReturnsThemAll) {
  ChipRegistry r = activated();
  ASSERT_TRUE(r.download_profile(kEid, kOperator, "DE", "262020000000001", "P-DE", true, kT0 + 5).ok());
  ASSERT_TRUE(r.deactivate(kEid, kOperator, kT0 + 10).ok());
  EXPECT_EQ(r.chip(kEid)->audit().back().detail,
            "IMSI 262020000000001, MSISDN 8614100000001; other profiles' numbers: IMSI 460000000000001, MSISDN "
            "8614800000001 into quarantine");
  EXPECT_EQ(state_of(r, "CMCC", "460000000000001"), NumberState::Quarantined);
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Quarantined);
  // The chip's Recycle step returns both, not recycle_number().
  EXPECT_EQ(r.recycle_number(kOperator, "CMCC", "460000000000001", kT0 + 10 + kQuarantine).refusal,
            "number recycling refused: IMSI 460000000000001 is deactivated chip " + kEid + "'s: its Recycle step returns it");
  EXPECT_EQ(r.recycle(kEid, kOperator, kT0 + 9 + kQuarantine).refusal,
            "chip " + kEid + ": Recycle refused: number pool DE: IMSI 262020000000001 is in quarantine until " +
                std::to_string(kT0 + 10 + kQuarantine) + " ms");
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Quarantined);
  ASSERT_TRUE(r.recycle(kEid, kOperator, kT0 + 10 + kQuarantine).ok());
  const Chip& c = *r.chip(kEid);
  EXPECT_EQ(c.state(), ChipState::Recycled);
  EXPECT_TRUE(c.others().empty());
  EXPECT_EQ(c.audit().back().detail,
            "IMSI 262020000000001, MSISDN 8614100000001 back to pool DE; IMSI 460000000000001, MSISDN 8614800000001 "
            "back to pool CMCC");
  EXPECT_EQ(state_of(r, "CMCC", "460000000000001"), NumberState::Free);
  EXPECT_EQ(state_of(r, "DE", "262020000000001"), NumberState::Free);
}

}  // namespace test_chip_euicc
}  // namespace twinmodels::platform
