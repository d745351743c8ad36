// An SM-SR's admin server (ES5 over HTTPS, SGP.02 §2.4.4; GP Amendment B)
// in a crash of the SM-SR (SmSr::https_crash / https_restart;
// models/twinmodels/platform/sm_sr_https.cpp): the session open at the
// crash is cut, a connection while it is down finds nothing listening,
// and at the restart every function still awaiting its session counts a
// failed attempt — the push goes again, or the function expires.
#include "https_rig.hpp"

namespace twinmodels::testing {
namespace test_smsr_https_crash {

using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;

// Crashes the SM-SR before the card's first record reaches it, once.
void crash_at_the_first_send(HttpsRig& rig) {
  rig.ip_network.before_send = [&rig](IpNetwork& n) {
    n.before_send = nullptr;
    n.crash(rig.smsr_platform);
  };
}

TEST(SmSrHttpsCrash, ASessionCutByTheCrashIsPushedAgainAtTheRestart) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  smsr.call(rig.call(Kind::UpdateConnectivityParameters, "c1"));
  crash_at_the_first_send(rig);
  rig.carry_all(smsr);
  // The card took the push and opened its session; the crash cut it.
  EXPECT_EQ(rig.ip_network.cut, 1u);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(eid), 1u);
  // Nothing goes while it waits for the session.
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());

  rig.ip_network.restart(smsr);
  rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 2u);
  EXPECT_EQ(smsr.pending(eid), 0u);
  ASSERT_TRUE(rig.e.admin_session());
  EXPECT_EQ(rig.e.admin_session()->outcome(), cardcore::scp81::AdminSession::Outcome::Completed);
}

TEST(SmSrHttpsCrash, AConnectionWhileDownFindsNothingListeningAndThePushGoesAgainAtTheRestart) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  smsr.call(rig.call(Kind::UpdateConnectivityParameters, "c1"));
  rig.ip_network.crash(smsr);
  rig.carry_all(smsr);
  EXPECT_EQ(rig.ip_network.refused_down, 1u);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 0u);
  EXPECT_TRUE(smsr.take_results().empty());

  rig.ip_network.restart(smsr);
  rig.carry_all(smsr);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
}

TEST(SmSrHttpsCrash, ThreeCrashesInItsSessionsExpireTheFunction) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  smsr.call(rig.call(Kind::UpdateConnectivityParameters, "c1"));
  for (int attempt = 1; attempt <= 3; ++attempt) {
    SCOPED_TRACE(attempt);
    crash_at_the_first_send(rig);
    rig.carry_all(smsr);
    EXPECT_EQ(rig.ip_network.cut, static_cast<std::size_t>(attempt));
    EXPECT_TRUE(smsr.take_results().empty());
    rig.ip_network.restart(smsr);
  }
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Expired) << platform::describe(r);
  EXPECT_EQ(r.message, "3 attempts; last: no session: the admin server crashed");
  EXPECT_EQ(smsr.pending(rig.e.eid()), 0u);
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
}

// A restart with no function awaiting its session changes nothing, and a
// crash with no connection open cuts none.
TEST(SmSrHttpsCrash, ACrashAndRestartWithNothingUnderWayChangeNothing) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const cardcore::Bytes before = smsr.save_state();
  EXPECT_TRUE(smsr.https_crash().empty());
  smsr.https_restart();
  EXPECT_EQ(smsr.save_state(), before);
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
  EXPECT_TRUE(smsr.take_results().empty());
}

}  // namespace test_smsr_https_crash
}  // namespace twinmodels::testing
