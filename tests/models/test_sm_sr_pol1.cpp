// The SM-SR reads POL1 in its EIS before an EnableProfile, DisableProfile or
// DeleteProfile (SGP.02 §3.2-§3.4, Policy Rules; sm_sr_plan.cpp): a function
// POL1 forbids is refused at once, no SMS sent, where the eUICC would refuse
// it ('6985', card-core isd_r.cpp).
#include "smsr_rig.hpp"

#include "policy_eis.hpp"

#include <nlohmann/json.hpp>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr_pol1 {

using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionResult;
using platform::ProfileState;
using Kind = platform::FunctionCall::Kind;
namespace pol1 = cardcore::euicc::pol1;

const std::string& kEid = kPolicyEid;
const std::string& kOn = kPolicyOn;
const std::string& kOff = kPolicyOff;


FunctionResult refused(platform::SmSr& smsr, Kind k, const std::string& iccid) {
  smsr.call(es4(k, "p-1", kEid, iccid));
  std::vector<FunctionResult> r = smsr.take_results();
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(smsr.pending(kEid), 0u);
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
  return r.empty() ? FunctionResult{} : r.front();
}

TEST(SmSrPol1, EachRuleRefusesItsFunctionBeforeAnySms) {
  platform::SmSr smsr(cmcc_smsr_config());
  smsr.register_eis(policy_eis(pol1::kDisableNotAllowed, pol1::kDeleteNotAllowed), isd_r_config());
  // Enabling the disabled profile would disable the enabled one.
  FunctionResult r = refused(smsr, Kind::EnableProfile, kOff);
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.function, "ES4.EnableProfile");
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Refused (POL1: disabling not allowed)");
  EXPECT_EQ(r.message, "POL1 '01' of profile " + kOn);
  // SGP.02 §5.1.6: Reason Code 3.8 (Refused).
  EXPECT_EQ(platform::encode_result(r)["Header"]["FunctionExecutionStatus"]["StatusCodeData"]["ReasonCode"], "3.8");
  r = refused(smsr, Kind::DisableProfile, kOn);
  EXPECT_EQ(r.reason, "Refused (POL1: disabling not allowed)");
  r = refused(smsr, Kind::DeleteProfile, kOff);
  EXPECT_EQ(r.reason, "Refused (POL1: deletion not allowed)");
  EXPECT_EQ(r.message, "POL1 '02' of profile " + kOff);
  // An eUICC the SM-SR does not manage: EID / Unknown, 8.1.1 / 3.9.
  smsr.call(es4(Kind::EnableProfile, "p-9", "89049032123451234512345678900000", kOff));
  const std::vector<FunctionResult> unknown = smsr.take_results();
  ASSERT_EQ(unknown.size(), 1u);
  const nlohmann::json code = platform::encode_result(unknown[0])["Header"]["FunctionExecutionStatus"]["StatusCodeData"];
  EXPECT_EQ(code["SubjectCode"], "8.1.1");
  EXPECT_EQ(code["ReasonCode"], "3.9");
  // The EIS is as it was.
  EXPECT_EQ(smsr.eis(kEid)->enabled()->iccid, kOn);
  EXPECT_EQ(smsr.eis(kEid)->profiles.size(), 2u);
}

TEST(SmSrPol1, OtherRulesLetTheFunctionGo) {
  // 'Deletion mandatory when disabled' forbids nothing; 'deletion not
  // allowed' on the enabled profile does not stop enabling another.
  platform::SmSr smsr(cmcc_smsr_config());
  smsr.register_eis(policy_eis(pol1::kDeleteNotAllowed | pol1::kDeleteWhenDisabled, pol1::kDeleteWhenDisabled),
                    isd_r_config());
  smsr.call(es4(Kind::EnableProfile, "p-2", kEid, kOff));
  smsr.call(es4(Kind::DeleteProfile, "p-3", kEid, kOff));
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(kEid), 2u);
}

TEST(SmSrPol1, TheCardsPolicyIsReadFromTheEisNotLeftToTheCard) {
  // China Mobile's profile has POL1 'disabling not allowed' on the card and
  // in the EIS: enabling the foreign one is refused by the SM-SR, nothing
  // goes to the card, the device stays on its profile.
  SmSrRig rig(std::nullopt, {}, {}, EuiccLayout::ExportDisableLocked);
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "p-4", kIsdP2));
  const FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.reason, "Refused (POL1: disabling not allowed)");
  EXPECT_TRUE(rig.smsr_platform.take_outgoing(kScts).empty());
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->iccid, rig.iccid(kIsdP1));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
}

}  // namespace test_sm_sr_pol1
}  // namespace twinmodels::testing
