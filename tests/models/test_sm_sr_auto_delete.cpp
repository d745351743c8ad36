// POL2's Auto-Delete (SGP.02 Policy Rules: POL2's "Profile deletion is
// mandatory when its state is changed to disabled"; models/twinmodels/
// platform/sm_sr_auto_delete.cpp) against a modem with a real card-core
// eUICC: a profile whose POL2 has `DISABLE Auto-Delete` is deleted by the
// SM-SR after it was disabled — by a DisableProfile (the fall-back profile
// takes over) or by the EnableProfile of another profile — once the
// eUICC's notification of the change is confirmed; the ISD-P leaves the
// card, the EIS and the MSISDN index, and the profile's MNO is told.
#include "smsr_rig.hpp"

#include <stdexcept>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/platform_notification.hpp"
#include "twinmodels/platform/pol2.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr_auto_delete {

using platform::ExecutionStatus;
using platform::FunctionResult;
using platform::NotificationKind;
using platform::Pol2Action;
using platform::Pol2Qualification;
using platform::Pol2Rule;
using platform::ProfileState;
using Kind = platform::FunctionCall::Kind;

const Pol2Rule kAutoDelete{Pol2Action::Disable, Pol2Qualification::AutoDelete};

// The rig with the SM-SR's notifications collected and its address on the
// card (UpdateConnectivityParameters), and the network that takes the
// eUICC's notifications to the SM-SR after a switch.
struct AutoDeleteRig {
  SmSrRig rig;
  Network net;
  std::vector<platform::PlatformNotification> sent;

  AutoDeleteRig() {
    net.by_imsi[imsi_of(3)] = {3, kCmccMsisdn};
    net.by_imsi[imsi_of(4)] = {4, kForeignMsisdn};
    rig.smsr_platform.notify_to([this](const platform::PlatformNotification& n) { sent.push_back(n); });
    rig.smsr_platform.call(rig.call(Kind::UpdateConnectivityParameters, "c-1"));
    carry_all();
    EXPECT_TRUE(rig.only_result().ok());
  }
  platform::SmSr& smsr() { return rig.smsr_platform; }
  // Every SMS the SM-SR has, and those that follow, until none is left.
  void carry_all() {
    for (int i = 0; i < 10 && rig.smsr_platform.pending(rig.e.eid()) > 0; ++i) carry(rig, rig.smsr_platform, PorPath::Delivered, &net);
  }
  FunctionResult call(Kind k, const std::string& id, const std::string& isdp, const std::string& mno,
                      std::vector<Pol2Rule> pol2 = {}) {
    platform::FunctionCall f = rig.call(k, id, isdp);
    f.mno_id = mno;
    f.pol2 = std::move(pol2);
    rig.smsr_platform.call(f);
    carry(rig, rig.smsr_platform, PorPath::Delivered, &net);
    return rig.only_result();
  }
  bool on_card(const std::string& isdp) const {
    for (const auto& p : rig.e.profiles()) {
      if (cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(cardcore::from_hex(isdp))) return true;
    }
    return false;
  }
};

TEST(SmSrAutoDelete, ADisabledProfileIsDeletedAfterTheNotificationIsConfirmed) {
  AutoDeleteRig t;
  const std::string foreign = t.rig.iccid(kIsdP2);
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-1", kIsdP2, "FOREIGN", {kAutoDelete}).ok());
  // Enabled, then disabled by its MNO: the fall-back profile (China
  // Mobile's) takes over; the disable's PoR comes before the eUICC's
  // notification, and nothing is deleted yet.
  ASSERT_TRUE(t.call(Kind::EnableProfile, "e-1", kIsdP2, "FOREIGN").ok());
  t.carry_all();  // the notification's confirmation
  EXPECT_TRUE(t.smsr().take_results().empty()) << "enabling deletes nothing";
  const FunctionResult disabled = t.call(Kind::DisableProfile, "d-1", kIsdP2, "FOREIGN");
  ASSERT_TRUE(disabled.ok()) << platform::describe(disabled);
  ASSERT_EQ(t.smsr().eis(t.rig.e.eid())->by_iccid(foreign)->state, ProfileState::Disabled);
  EXPECT_TRUE(t.on_card(kIsdP2));
  // The eUICC notified the change from the China Mobile number: the SM-SR
  // confirms it, then sends its own DeleteProfile.
  ASSERT_FALSE(t.net.notifications.empty());
  EXPECT_EQ(t.net.notifications.back().type, cardcore::euicc::notification::kProfileChangeAfterFallback);
  t.sent.clear();
  t.carry_all();
  const std::vector<FunctionResult> r = t.smsr().take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].function, "ES5.DeleteProfile");
  EXPECT_EQ(r[0].call_id, std::string(platform::SmSr::kAutoDeleteCall) + foreign);
  EXPECT_EQ(r[0].status, ExecutionStatus::Success) << platform::describe(r[0]);
  EXPECT_TRUE(platform::SmSr::auto_delete_call(r[0].call_id));
  // Gone from the card and the EIS; the device stays on China Mobile's.
  EXPECT_FALSE(t.on_card(kIsdP2));
  const platform::Eis* eis = t.smsr().eis(t.rig.e.eid());
  EXPECT_EQ(eis->by_iccid(foreign), nullptr);
  EXPECT_EQ(eis->enabled()->iccid, t.rig.iccid(kIsdP1));
  EXPECT_EQ(t.smsr().pending(t.rig.e.eid()), 0u);
  // Its MNO is told of the deletion (no one asked for it).
  ASSERT_EQ(t.sent.size(), 1u);
  EXPECT_EQ(t.sent[0].kind, NotificationKind::ProfileDeleted);
  EXPECT_EQ(t.sent[0].to, "FOREIGN");
  EXPECT_EQ(t.sent[0].iccid, foreign);
}

TEST(SmSrAutoDelete, EnablingAnotherProfileDeletesTheOneItDisables) {
  AutoDeleteRig t;
  const std::string cmcc = t.rig.iccid(kIsdP1);
  // The fall-back attribute moves to the foreign profile, so that China
  // Mobile's profile (enabled) can be deleted once disabled.
  ASSERT_TRUE(t.call(Kind::SetFallbackAttribute, "f-1", kIsdP2, "FOREIGN").ok());
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-1", kIsdP1, "CMCC", {kAutoDelete}).ok());
  ASSERT_TRUE(t.call(Kind::EnableProfile, "e-1", kIsdP2, "FOREIGN").ok());
  EXPECT_TRUE(t.on_card(kIsdP1));
  t.carry_all();
  const std::vector<FunctionResult> r = t.smsr().take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].call_id, std::string(platform::SmSr::kAutoDeleteCall) + cmcc);
  EXPECT_EQ(r[0].status, ExecutionStatus::Success) << platform::describe(r[0]);
  EXPECT_FALSE(t.on_card(kIsdP1));
  EXPECT_EQ(t.smsr().eis(t.rig.e.eid())->by_iccid(cmcc), nullptr);
  EXPECT_EQ(t.smsr().eis(t.rig.e.eid())->profiles.size(), 1u);
}

TEST(SmSrAutoDelete, TheFallbackProfileIsNotDeletedAndNothingIsSent) {
  // China Mobile's profile keeps the fall-back attribute: the SM-SR's
  // DeleteProfile checks refuse it (the eUICC would: '6985'), no SMS goes,
  // and the refusal is the SM-SR's own result.
  AutoDeleteRig t;
  const std::string cmcc = t.rig.iccid(kIsdP1);
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-1", kIsdP1, "CMCC", {kAutoDelete}).ok());
  platform::FunctionCall e = t.rig.call(Kind::EnableProfile, "e-1", kIsdP2);
  e.mno_id = "FOREIGN";
  t.smsr().call(e);
  // The enable's PoR, then the eUICC's notification: the deletion is
  // refused when it would be queued, after the confirmation.
  carry(t.rig, t.smsr(), PorPath::Delivered, &t.net);
  const std::vector<FunctionResult> r = t.smsr().take_results();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[0].ok()) << platform::describe(r[0]);
  EXPECT_EQ(r[1].function, "ES5.DeleteProfile");
  EXPECT_EQ(r[1].call_id, std::string(platform::SmSr::kAutoDeleteCall) + cmcc);
  EXPECT_EQ(r[1].status, ExecutionStatus::Failed);
  EXPECT_EQ(r[1].reason, "Refused (enabled or with an attribute)");
  t.carry_all();  // the confirmation alone
  EXPECT_TRUE(t.smsr().take_results().empty());
  EXPECT_TRUE(t.on_card(kIsdP1));
  EXPECT_EQ(t.smsr().eis(t.rig.e.eid())->by_iccid(cmcc)->state, ProfileState::Disabled);
}

TEST(SmSrAutoDelete, ARuleLiftedBeforeTheDisableDeletesNothing) {
  AutoDeleteRig t;
  const std::string foreign = t.rig.iccid(kIsdP2);
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-1", kIsdP2, "FOREIGN", {kAutoDelete}).ok());
  ASSERT_TRUE(t.call(Kind::EnableProfile, "e-1", kIsdP2, "FOREIGN").ok());
  t.carry_all();
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-2", kIsdP2, "FOREIGN", {}).ok());
  ASSERT_TRUE(t.call(Kind::DisableProfile, "d-1", kIsdP2, "FOREIGN").ok());
  t.carry_all();
  EXPECT_TRUE(t.smsr().take_results().empty());
  EXPECT_TRUE(t.on_card(kIsdP2));
  EXPECT_EQ(t.smsr().eis(t.rig.e.eid())->by_iccid(foreign)->state, ProfileState::Disabled);
}

TEST(SmSrAutoDelete, TheDeletionAwaitingTheNotificationSurvivesACheckpoint) {
  AutoDeleteRig t;
  const std::string foreign = t.rig.iccid(kIsdP2);
  ASSERT_TRUE(t.call(Kind::UpdatePolicyRules, "u-1", kIsdP2, "FOREIGN", {kAutoDelete}).ok());
  ASSERT_TRUE(t.call(Kind::EnableProfile, "e-1", kIsdP2, "FOREIGN").ok());
  t.carry_all();
  // The disable's PoR; the device's attach (and so its notification) held
  // back while the SM-SR is saved and restored.
  platform::FunctionCall d = t.rig.call(Kind::DisableProfile, "d-1", kIsdP2);
  d.mno_id = "FOREIGN";
  t.smsr().call(d);
  const Carried c = carry(t.rig, t.smsr());
  ASSERT_TRUE(t.rig.only_result().ok());
  const cardcore::Bytes saved = t.smsr().save_state();
  platform::SmSr restored(cmcc_smsr_config());
  restored.restore_state(saved);
  EXPECT_EQ(restored.save_state(), saved);
  // SMSR 2 had no Auto-Delete list (SMSR 3 no PoR status in a result, SMSR 4
  // no lost PoRs and settling audit in an operation): refused.
  cardcore::Bytes old = saved;
  old[4] = 2;
  platform::SmSr refusing(cmcc_smsr_config());
  try {
    refusing.restore_state(old);
    ADD_FAILURE() << "an SMSR 2 state was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("version 2 is not the version this model reads (5)"), std::string::npos)
        << e.what();
  }
  // The notification reaches the restored SM-SR, which deletes the profile.
  t.net.settle(t.rig, restored, c.last);
  ASSERT_FALSE(t.net.notifications.empty());
  for (int i = 0; i < 10 && restored.pending(t.rig.e.eid()) > 0; ++i) carry(t.rig, restored, PorPath::Delivered, &t.net);
  const std::vector<FunctionResult> r = restored.take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].call_id, std::string(platform::SmSr::kAutoDeleteCall) + foreign);
  EXPECT_TRUE(r[0].ok()) << platform::describe(r[0]);
  EXPECT_FALSE(t.on_card(kIsdP2));
}

}  // namespace test_sm_sr_auto_delete
}  // namespace twinmodels::testing
