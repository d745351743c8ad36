// POL2, the SM-SR's policy rules (SGP.02 Policy Rules; models/twinmodels/platform/
// pol2.hpp): ES4.UpdatePolicyRules sets a profile's POL2 in the EIS
// (sm_sr_policy.cpp), the SM-SR refuses what a "Not-Allowed" rule forbids
// before any script (sm_sr_plan.cpp), and the SM-DP relays
// ES2.UpdatePolicyRules as ES3.UpdatePolicyRules (es2_relay.hpp).
#include "sm_dp_rig.hpp"

#include "policy_eis.hpp"

#include "twinmodels/platform/pol2.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr_pol2 {

using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionResult;
using platform::Pol2Action;
using platform::Pol2Qualification;
using platform::Pol2Rule;
using platform::ProfileState;
using Kind = platform::FunctionCall::Kind;

const std::string& kEid = kPolicyEid;
const std::string& kOn = kPolicyOn;
const std::string& kOff = kPolicyOff;

const Pol2Rule kDisableNotAllowed{Pol2Action::Disable, Pol2Qualification::NotAllowed};
const Pol2Rule kDeleteNotAllowed{Pol2Action::Delete, Pol2Qualification::NotAllowed};
const Pol2Rule kEnableNotAllowed{Pol2Action::Enable, Pol2Qualification::NotAllowed};
const Pol2Rule kAutoDelete{Pol2Action::Disable, Pol2Qualification::AutoDelete};


platform::FunctionCall update(const std::string& id, const std::string& iccid, std::vector<Pol2Rule> rules,
                              const std::string& mno = "CMCC", const std::string& eid = kEid) {
  platform::FunctionCall f = es4(Kind::UpdatePolicyRules, id, eid, iccid);
  f.mno_id = mno;
  f.pol2 = std::move(rules);
  return f;
}

FunctionResult one(platform::SmSr& smsr, const platform::FunctionCall& f) {
  smsr.call(f);
  std::vector<FunctionResult> r = smsr.take_results();
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(smsr.pending(f.eid), 0u) << "UpdatePolicyRules and POL2 refusals queue nothing";
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
  return r.empty() ? FunctionResult{} : r.front();
}

// China Mobile's SM-SR with the two profiles' eUICC registered.
struct Registered {
  platform::SmSr smsr{cmcc_smsr_config()};
  Registered() { smsr.register_eis(policy_eis(), isd_r_config()); }
};

TEST(SmSrPol2, UpdatePolicyRulesSetsThePol2InTheEisAtOnce) {
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  FunctionResult r = one(smsr, update("u-1", kOn, {kDisableNotAllowed, kDeleteNotAllowed}));
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.function, "ES4.UpdatePolicyRules");
  EXPECT_EQ(r.call_id, "u-1");
  EXPECT_EQ(r.iccid, kOn);
  EXPECT_EQ(r.message, "POL2: DISABLE Not-Allowed, DELETE Not-Allowed");
  EXPECT_EQ(smsr.eis(kEid)->by_iccid(kOn)->pol2, (std::vector<Pol2Rule>{kDisableNotAllowed, kDeleteNotAllowed}));
  EXPECT_TRUE(smsr.eis(kEid)->by_iccid(kOff)->pol2.empty());
  // A request without POL2 leaves the profile without rules.
  r = one(smsr, update("u-2", kOn, {}));
  EXPECT_EQ(r.status, ExecutionStatus::Success);
  EXPECT_EQ(r.message, "POL2: none");
  EXPECT_TRUE(smsr.eis(kEid)->by_iccid(kOn)->pol2.empty());
  // Over ES3 (an SM-DP on the MNO's behalf) the result is ES3's.
  platform::FunctionCall es3 = update("u-3", kOff, {kAutoDelete});
  es3.interface = "ES3";
  r = one(smsr, es3);
  EXPECT_EQ(r.function, "ES3.UpdatePolicyRules");
  EXPECT_EQ(smsr.eis(kEid)->by_iccid(kOff)->pol2, std::vector<Pol2Rule>{kAutoDelete});
}

TEST(SmSrPol2, UpdatePolicyRulesRefusals) {
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  FunctionResult r = one(smsr, update("u-1", kOn, {kDisableNotAllowed}, "CMCC", "89049032123451234512345678900000"));
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.subject, "EID");
  EXPECT_EQ(r.reason, "Unknown");
  r = one(smsr, update("u-2", "8986040000000000993", {kDisableNotAllowed}));
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Unknown");
  r = one(smsr, update("u-3", "", {kDisableNotAllowed}));
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Missing");
  r = one(smsr, update("u-4", kOn, {kDisableNotAllowed}, "Vodafone"));
  EXPECT_EQ(r.subject, "Function requester");
  EXPECT_EQ(r.reason, "Not allowed (authorisation)");
  EXPECT_EQ(r.message, "MNO Vodafone; profile " + kOn + " is CMCC's");
  r = one(smsr, update("u-5", kOn, {kDisableNotAllowed}, ""));
  EXPECT_EQ(r.subject, "Function requester");
  EXPECT_EQ(r.message, "no MNO named; profile " + kOn + " is CMCC's");
  r = one(smsr, update("u-6", kOn, {{Pol2Action::Delete, Pol2Qualification::AutoDelete}}));
  EXPECT_EQ(r.subject, "POL2");
  EXPECT_EQ(r.reason, "Invalid");
  EXPECT_EQ(r.message, "rule 0 (DELETE Auto-Delete): Auto-Delete qualifies DISABLE only");
  r = one(smsr, update("u-7", kOn, {kDisableNotAllowed, kAutoDelete}));
  EXPECT_EQ(r.message, "rule 1 (DISABLE Auto-Delete): a second rule for DISABLE");
  // None of them changed the EIS.
  for (const platform::EisProfile& p : smsr.eis(kEid)->profiles) EXPECT_TRUE(p.pol2.empty()) << p.iccid;
}

TEST(SmSrPol2, UpdatePolicyRulesIsRefusedWhileAnSmSrChangeIsInFlight) {
  platform::SmSrConfig config = cmcc_smsr_config();
  config.es7_partners = {"SM-SR-X"};
  platform::SmSr smsr(config);
  smsr.register_eis(policy_eis(), isd_r_config());
  ASSERT_FALSE(smsr.smsr_change(platform::SmSrChangeOrder{"c-1", "CMCC", kEid, "SM-SR-X"}).has_value());
  const FunctionResult r = one(smsr, update("u-1", kOn, {kDisableNotAllowed}));
  EXPECT_EQ(r.subject, "eUICC");
  EXPECT_EQ(r.reason, "Refused");
  EXPECT_TRUE(smsr.eis(kEid)->by_iccid(kOn)->pol2.empty());
}

TEST(SmSrPol2, NotAllowedRulesRefuseTheirFunctionsBeforeAnySms) {
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  ASSERT_TRUE(one(smsr, update("u-1", kOn, {kDisableNotAllowed})).ok());
  ASSERT_TRUE(one(smsr, update("u-2", kOff, {kDeleteNotAllowed, kEnableNotAllowed})).ok());
  FunctionResult r = one(smsr, es4(Kind::DisableProfile, "d-1", kEid, kOn));
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.function, "ES4.DisableProfile");
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Refused (POL2: DISABLE Not-Allowed)");
  EXPECT_EQ(r.message, "POL2 'DISABLE Not-Allowed' of profile " + kOn);
  // Enabling the other profile would disable the enabled one; and the
  // other's own ENABLE Not-Allowed names it first.
  r = one(smsr, es4(Kind::EnableProfile, "e-1", kEid, kOff));
  EXPECT_EQ(r.reason, "Refused (POL2: ENABLE Not-Allowed)");
  EXPECT_EQ(r.message, "POL2 'DELETE Not-Allowed, ENABLE Not-Allowed' of profile " + kOff);
  r = one(smsr, es4(Kind::DeleteProfile, "x-1", kEid, kOff));
  EXPECT_EQ(r.reason, "Refused (POL2: DELETE Not-Allowed)");
  // Over ES3 (ES3.DeleteISDP) the same.
  platform::FunctionCall del = es4(Kind::DeleteProfile, "x-2", kEid, kOff);
  del.interface = "ES3";
  r = one(smsr, del);
  EXPECT_EQ(r.function, "ES3.DeleteISDP");
  EXPECT_EQ(r.reason, "Refused (POL2: DELETE Not-Allowed)");
  // Without ENABLE Not-Allowed, the enabled profile's DISABLE Not-Allowed.
  ASSERT_TRUE(one(smsr, update("u-3", kOff, {kDeleteNotAllowed})).ok());
  r = one(smsr, es4(Kind::EnableProfile, "e-2", kEid, kOff));
  EXPECT_EQ(r.reason, "Refused (POL2: DISABLE Not-Allowed)");
  EXPECT_EQ(r.message, "POL2 'DISABLE Not-Allowed' of profile " + kOn);
  EXPECT_EQ(smsr.eis(kEid)->enabled()->iccid, kOn);
}

TEST(SmSrPol2, OtherRulesLetTheFunctionGo) {
  // Auto-Delete forbids nothing (it deletes the profile once disabled:
  // test_sm_sr_auto_delete.cpp), nor does a rule on another action.
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  ASSERT_TRUE(one(smsr, update("u-1", kOn, {kAutoDelete, kDeleteNotAllowed})).ok());
  ASSERT_TRUE(one(smsr, update("u-2", kOff, {kDisableNotAllowed})).ok());
  smsr.call(es4(Kind::DisableProfile, "d-1", kEid, kOn));
  smsr.call(es4(Kind::EnableProfile, "e-1", kEid, kOff));
  smsr.call(es4(Kind::DeleteProfile, "x-1", kEid, kOff));
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(kEid), 3u);
}

TEST(SmSrPol2, ThePol2IsInTheSmSrsCheckpoint) {
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  ASSERT_TRUE(one(smsr, update("u-1", kOn, {kDisableNotAllowed, kDeleteNotAllowed})).ok());
  ASSERT_TRUE(one(smsr, update("u-2", kOff, {kAutoDelete})).ok());
  const cardcore::Bytes saved = smsr.save_state();
  platform::SmSr restored(cmcc_smsr_config());
  restored.restore_state(saved);
  EXPECT_EQ(restored.eis(kEid)->by_iccid(kOn)->pol2, (std::vector<Pol2Rule>{kDisableNotAllowed, kDeleteNotAllowed}));
  EXPECT_EQ(restored.eis(kEid)->by_iccid(kOff)->pol2, std::vector<Pol2Rule>{kAutoDelete});
  EXPECT_EQ(restored.save_state(), saved);
  // And enforced after the restore.
  EXPECT_EQ(one(restored, es4(Kind::DisableProfile, "d-1", kEid, kOn)).reason, "Refused (POL2: DISABLE Not-Allowed)");
}

// ES2.UpdatePolicyRules (SGP.02): the SM-DP checks the request as its
// other relays and carries the POL2 in one ES3.UpdatePolicyRules.
TEST(SmSrPol2, TheSmDpRelaysEs2UpdatePolicyRulesAsEs3) {
  Registered reg;
  platform::SmSr& smsr = reg.smsr;
  platform::SmDp dp = make_smdp();
  dp.connect(smsr);
  platform::Es2Request q{"p-1", "CMCC", kEid, smsr.id(), kOff};
  q.pol2 = {kDeleteNotAllowed};
  dp.update_policy_rules(q);
  EXPECT_TRUE(dp.take_results().empty());
  std::optional<platform::Es3Call> c = dp.next();
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->call.kind, Kind::UpdatePolicyRules);
  EXPECT_EQ(c->call.interface, "ES3");
  EXPECT_EQ(c->call.call_id, "p-1/ES3");
  EXPECT_EQ(c->call.mno_id, "CMCC");
  EXPECT_EQ(c->call.pol2, std::vector<Pol2Rule>{kDeleteNotAllowed});
  // A checkpoint with the relay in flight carries the POL2.
  platform::SmDp copy = make_smdp();
  copy.connect(smsr);
  copy.restore_state(dp.save_state());
  EXPECT_EQ(copy.save_state(), dp.save_state());
  smsr.call(c->call);
  for (const FunctionResult& r : smsr.take_results()) dp.on_response(r);
  FunctionResult r = only(dp);
  EXPECT_EQ(r.function, "ES2.UpdatePolicyRules");
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.message, "ES3.UpdatePolicyRules: POL2: DELETE Not-Allowed");
  EXPECT_EQ(smsr.eis(kEid)->by_iccid(kOff)->pol2, std::vector<Pol2Rule>{kDeleteNotAllowed});
  // Refused before any ES3 call: another MNO's profile, a POL2 the SM-SR
  // would not take.
  dp.update_policy_rules(platform::Es2Request{"p-2", "Vodafone", kEid, smsr.id(), kOff});
  r = only(dp);
  EXPECT_EQ(r.subject, "Profile ICCID");
  EXPECT_EQ(r.reason, "Not allowed");
  q.call_id = "p-3";
  q.pol2 = {kEnableNotAllowed, kEnableNotAllowed};
  dp.update_policy_rules(q);
  r = only(dp);
  EXPECT_EQ(r.function, "ES2.UpdatePolicyRules");
  EXPECT_EQ(r.subject, "POL2");
  EXPECT_EQ(r.reason, "Invalid");
  EXPECT_EQ(r.message, "rule 1 (ENABLE Not-Allowed): a second rule for ENABLE");
  EXPECT_FALSE(dp.next().has_value());
}

}  // namespace test_sm_sr_pol2
}  // namespace twinmodels::testing
