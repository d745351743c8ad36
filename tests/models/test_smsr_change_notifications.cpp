// HandleSMSRChangeNotification after an SM-SR change (SGP.02 §3.8; ES4
// §5.5, ES3 §5.4, ES2 §5.3.10): once the whole change (SmSrHandover) is
// done with a real eUICC, the new SM-SR notifies every MNO with a profile
// on the eUICC over ES4 and every SM-DP that installed one over ES3, each
// with its own profiles; the SM-DP passes it on over ES2 to the owner of
// its profile and from then on relays to the new SM-SR. A failed change
// and an SM-SR without a sink notify nobody.
#include "sm_dp_rig.hpp"
#include "smsr_change_rig.hpp"

#include <stdexcept>

namespace twinmodels::testing {
namespace test_smsr_change_notifications {

using platform::ExecutionStatus;
using platform::FunctionResult;
using platform::NotificationKind;
using platform::PlatformNotification;
using platform::SmDp;

std::vector<std::string> iccids(const platform::Eis& eis) {
  std::vector<std::string> v;
  for (const platform::EisProfile& p : eis.profiles) v.push_back(p.iccid);
  return v;
}

platform::SmSrConfig cmcc_with_agent() {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.es7_partners = {"SM-SR-AGENT"};
  return c;
}

// China Mobile's SM-SR with the eUICC (CMCC's factory profile enabled,
// FOREIGN's disabled, and subscriber 6's downloaded by CMCC's SM-DP), the
// agent's SM-SR it may be handed to; both SM-SRs' notifications collected.
struct NotifiedChange {
  ChangeRig rig{EuiccLayout::Export, cmcc_with_agent()};
  platform::SmSr agent{platform::SmSrConfig{"SM-SR-AGENT", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}}};
  SmDp dp = make_smdp();
  std::vector<PlatformNotification> from_cmcc, from_agent;
  const std::string eid = rig.e.eid();
  const std::string iccid = subscription_of(6).iccid;

  NotifiedChange() {
    dp.connect(rig.smsr_platform);
    dp.download_profile(order("o-1", eid, 6, false));
    SmDpDriver d{rig, dp};
    d.run();
    const FunctionResult r = only(dp);
    EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
    rig.smsr_platform.notify_to([this](const PlatformNotification& n) { from_cmcc.push_back(n); });
    agent.notify_to([this](const PlatformNotification& n) { from_agent.push_back(n); });
  }
};

TEST(SmSrChangeNotifications, TheNewSmSrNotifiesTheMnosAndTheSmDpWhichPassesItOn) {
  NotifiedChange t;
  platform::SmSrHandover h(t.rig.smsr_platform, t.agent, t.rig.handover_config("CMCC", "c1", kNewSmsr));
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  t.rig.run(h, t.rig.smsr_platform, t.agent);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());

  EXPECT_TRUE(t.from_cmcc.empty());
  ASSERT_EQ(t.from_agent.size(), 3u);
  const std::string factory = t.rig.iccid(kIsdP1), foreign = t.rig.iccid(kIsdP2);
  struct Expected {
    std::string name, to;
    std::vector<std::string> iccids;
  };
  const std::vector<Expected> expected = {
      {"ES4.HandleSMSRChangeNotification", "CMCC", {factory, t.iccid}},
      {"ES4.HandleSMSRChangeNotification", "FOREIGN", {foreign}},
      {"ES3.HandleSMSRChangeNotification", kSmdpId, {t.iccid}},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const PlatformNotification& n = t.from_agent[i];
    EXPECT_EQ(platform::notification_name(n), expected[i].name);
    EXPECT_EQ(n.from, "SM-SR-AGENT");
    EXPECT_EQ(n.to, expected[i].to);
    EXPECT_EQ(n.eid, t.eid);
    EXPECT_EQ(n.iccid, "");
    ASSERT_TRUE(n.eis);
    EXPECT_EQ(n.eis->smsr_id, "SM-SR-AGENT");
    EXPECT_EQ(iccids(*n.eis), expected[i].iccids);
  }

  // The SM-DP takes it from an SM-SR it is connected to only.
  EXPECT_THROW(t.dp.on_notification(t.from_agent[2]), std::invalid_argument);
  t.dp.connect(t.agent);
  const std::vector<PlatformNotification> es2 = t.dp.on_notification(t.from_agent[2]);
  ASSERT_EQ(es2.size(), 1u);
  EXPECT_EQ(platform::notification_name(es2[0]), "ES2.HandleSMSRChangeNotification");
  EXPECT_EQ(es2[0].from, kSmdpId);
  EXPECT_EQ(es2[0].to, "CMCC");
  EXPECT_EQ(es2[0].kind, NotificationKind::SmsrChange);
  ASSERT_TRUE(es2[0].eis);
  EXPECT_EQ(es2[0].eis->smsr_id, "SM-SR-AGENT");
  EXPECT_EQ(iccids(*es2[0].eis), std::vector<std::string>{t.iccid});

  // The MNO's next ES2 function goes to the new SM-SR: the old one has no
  // such eUICC any more, the new one takes the ES3 call.
  t.dp.enable_profile({"e-1", "CMCC", t.eid, "SM-SR-CMCC", t.iccid});
  EXPECT_EQ(only(t.dp).reason, "Unknown");
  t.dp.enable_profile({"e-2", "CMCC", t.eid, "SM-SR-AGENT", t.iccid});
  const std::optional<platform::Es3Call> c = t.dp.next();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->smsr_id, "SM-SR-AGENT");
  EXPECT_EQ(c->call.kind, platform::FunctionCall::Kind::EnableProfile);
  t.agent.call(c->call);
  t.rig.deliver(t.agent);
  t.dp.on_response(ChangeRig::only_result(t.agent));
  const FunctionResult r = only(t.dp);
  EXPECT_EQ(r.function, "ES2.EnableProfile");
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  // The switch's notification now comes from the new SM-SR: the factory
  // profile's owner learns it was disabled (CMCC asked for the enable
  // through its SM-DP: no notification of its own change).
  ASSERT_EQ(t.from_agent.size(), 4u);
  EXPECT_EQ(platform::notification_name(t.from_agent[3]), "ES4.HandleProfileDisabledNotification");
  EXPECT_EQ(t.from_agent[3].from, "SM-SR-AGENT");
  EXPECT_EQ(t.from_agent[3].iccid, factory);
}

// A change that fails (the current SM-SR unreachable over ES7) hands
// nothing over: no notification from either SM-SR.
TEST(SmSrChangeNotifications, AFailedChangeNotifiesNobody) {
  NotifiedChange t;
  platform::SmSrHandover h(t.rig.smsr_platform, t.agent, t.rig.handover_config("CMCC", "c1", kNewSmsr));
  ASSERT_TRUE(h.start());
  ASSERT_TRUE(h.next());
  h.on_unreachable();
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.result().status, ExecutionStatus::Expired);
  EXPECT_TRUE(t.from_cmcc.empty());
  EXPECT_TRUE(t.from_agent.empty());
  EXPECT_FALSE(t.agent.smsr_change_completed(t.eid));  // not its eUICC
}

// Without a sink the SM-SR sends none (and keeps none: it has no state for them).
TEST(SmSrChangeNotifications, AnSmSrWithoutASinkNotifiesNobody) {
  NotifiedChange t;
  t.agent.notify_to(nullptr);
  platform::SmSrHandover h(t.rig.smsr_platform, t.agent, t.rig.handover_config("CMCC", "c1", kNewSmsr));
  ASSERT_TRUE(h.start());
  t.rig.run(h, t.rig.smsr_platform, t.agent);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success);
  EXPECT_TRUE(t.from_agent.empty());
  EXPECT_TRUE(t.agent.smsr_change_completed(t.eid));
  EXPECT_TRUE(t.from_agent.empty());
}

}  // namespace test_smsr_change_notifications
}  // namespace twinmodels::testing
