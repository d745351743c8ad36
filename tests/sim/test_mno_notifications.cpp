// The notifications to the MNOs on their own (sim/twinsim/engine/
// mno_notifications.hpp; SGP.02 §5.1.3): an MNO's endpoint down during the
// outages naming it, merged; a sender with notification_retry keeps what it
// refused and sends it again retry_after later, up to max_attempts sends;
// one without takes nothing back; its checkpoint part read back, and what
// does not fit the sender refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/mno_notifications.hpp"
#include "twinsim/engine/notification_state.hpp"
#include "twinsim/engine/platform_log.hpp"

namespace test_mno_notifications {

namespace pf = twinmodels::platform;
using twinsim::MnoEndpoints;
using twinsim::MnoNotifications;
using twinsim::SimTime;

constexpr SimTime kMin = 60'000'000;  // one minute, in µs

// China Mobile down from 4 to 10 min (two outages that overlap), the
// German operator from 30 min to the end.
twinsim::Scenario with_outages() {
  return twinsim::parse_scenario(
      twinsim::testing::kLoaderGeneral + twinsim::testing::kLoaderCards + twinsim::testing::kLoaderProfiles +
          "platforms:\n  sm_sr: {notification_retry: {retry_after: 1min, max_attempts: 3}}\n"
          "campaigns:\n  - {name: e, kind: enable-profile, population: trackers, at: 10min, profile: DE-MNO}\n"
          "faults:\n"
          "  - {at: 6min, target: 'mno:CMCC', action: outage, for: 4min}\n"
          "  - {at: 4min, target: 'mno:CMCC', action: outage, for: 3min}\n"
          "  - {at: 30min, target: 'mno:DE-MNO', action: outage}\n",
      "t.yaml");
}

pf::PlatformNotification disabled(const std::string& to, const std::string& from = "SM-SR") {
  pf::PlatformNotification n;
  n.interface = "ES4";
  n.kind = pf::NotificationKind::ProfileDisabled;
  n.from = from;
  n.to = to;
  n.eid = "89049032123451234512345678901235";
  n.iccid = "8986040000000000038";
  n.completion_ms = 1'767'225'900'000;
  return n;
}

twinsim::NotificationRetrySpec retry(std::uint32_t attempts) { return {60, attempts}; }

std::string parse_error(const MnoNotifications& into, const cardcore::Bytes& state) {
  twinmodels::state::Reader r(state, "test");
  try {
    into.parsed(r);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(MnoNotifications, AnMnoIsDownDuringItsMergedOutages) {
  const MnoEndpoints mnos(with_outages());
  EXPECT_TRUE(mnos.takes("CMCC", 4 * kMin - 1));
  EXPECT_FALSE(mnos.takes("CMCC", 4 * kMin));
  EXPECT_FALSE(mnos.takes("CMCC", 7 * kMin));  // the second outage's start, inside the first's
  EXPECT_FALSE(mnos.takes("CMCC", 10 * kMin - 1));
  EXPECT_TRUE(mnos.takes("CMCC", 10 * kMin));
  EXPECT_TRUE(mnos.takes("DE-MNO", 29 * kMin));
  EXPECT_FALSE(mnos.takes("DE-MNO", 1000 * kMin));  // to the end of the run
  EXPECT_TRUE(mnos.takes("Another", 5 * kMin));     // no outage of its own
}

TEST(MnoNotifications, RefusedOnesAreSentAgainUntilTakenOrGivenUp) {
  const twinsim::Scenario s = with_outages();
  MnoNotifications sender(s, "ES4", "SM-SR", retry(3));
  twinsim::PlatformLog log;
  sender.send(3 * kMin, disabled("CMCC"));          // taken: before the outage
  sender.send(5 * kMin, disabled("DE-MNO"));        // taken: another MNO
  EXPECT_EQ(sender.waiting(), 0u);
  EXPECT_EQ(sender.next_wakeup(), twinmodels::kNever);
  sender.send(5 * kMin, disabled("CMCC"));          // refused: sends at 6 and 7 min, then given up
  sender.send(8 * kMin + 30'000'000, disabled("CMCC"));  // refused: sends at 9.5 (refused) and 10.5 min
  EXPECT_EQ(sender.waiting(), 2u);
  EXPECT_EQ(sender.next_wakeup(), 6 * kMin);
  sender.resend(6 * kMin - 1, &log);  // nothing due yet
  EXPECT_EQ(log.size(), 0u);
  sender.resend(7 * kMin, &log);      // the first one's second and third sends: refused, given up
  EXPECT_EQ(sender.retries(), 2u);
  EXPECT_EQ(sender.given_up(), 1u);
  EXPECT_EQ(log.size(), 2u);
  EXPECT_EQ(sender.next_wakeup(), 9 * kMin + 30'000'000);
  sender.resend(20 * kMin, &log);     // the second's at 9.5 min (refused) and 10.5 min (taken)
  EXPECT_EQ(sender.retries(), 4u);
  EXPECT_EQ(sender.given_up(), 1u);
  EXPECT_EQ(sender.waiting(), 0u);
  EXPECT_EQ(log.size(), 4u);
}

TEST(MnoNotifications, WithoutRetriesEveryOneIsTakenAsSent) {
  MnoNotifications sender(with_outages(), "ES2", "SM-DP", std::nullopt);
  sender.send(5 * kMin, disabled("CMCC", "SM-DP"));
  EXPECT_EQ(sender.waiting(), 0u);
  EXPECT_EQ(sender.retries(), 0u);
  EXPECT_EQ(sender.given_up(), 0u);
}

TEST(MnoNotifications, TheCheckpointPartReadsBackAndRefusesWhatDoesNotFit) {
  const twinsim::Scenario s = with_outages();
  MnoNotifications sender(s, "ES4", "SM-SR", retry(3));
  sender.send(5 * kMin, disabled("CMCC"));
  sender.send(5 * kMin + 1, disabled("CMCC"));
  sender.resend(6 * kMin, nullptr);  // the first's second send refused
  cardcore::Bytes state;
  sender.save_state(state);
  twinmodels::state::Reader r(state, "test");
  const MnoNotifications back = sender.parsed(r);
  r.expect_end();
  EXPECT_EQ(back.retries(), sender.retries());
  EXPECT_EQ(back.given_up(), sender.given_up());
  EXPECT_EQ(back.waiting(), 2u);
  EXPECT_EQ(back.next_wakeup(), sender.next_wakeup());
  cardcore::Bytes again;
  back.save_state(again);
  EXPECT_EQ(again, state);

  // Under a sender that does not retry, or allows fewer sends; from
  // another sender; over another interface.
  EXPECT_EQ(parse_error(MnoNotifications(s, "ES4", "SM-SR", std::nullopt), state),
            "test state: a notification refused by its MNO, and SM-SR 'SM-SR' has no notification_retry");
  EXPECT_EQ(parse_error(MnoNotifications(s, "ES4", "SM-SR", retry(2)), state),
            "test state: a refused notification's attempt 2 leaves no send after it (SM-SR 'SM-SR''s "
            "notification_retry has max_attempts 2)");
  EXPECT_EQ(parse_error(MnoNotifications(s, "ES4", "SM-SR-DE", retry(3)), state),
            "test state: a notification to the MNOs of SM-SR 'SM-SR-DE' is ES4.HandleProfileDisabledNotification "
            "from 'SM-SR'");
  EXPECT_EQ(parse_error(MnoNotifications(s, "ES2", "SM-SR", retry(3)), state),
            "test state: a notification to the MNOs of SM-DP 'SM-SR' is ES4.HandleProfileDisabledNotification "
            "from 'SM-SR'");
  // Times out of order; attempt 0; cut.
  cardcore::Bytes unordered;
  twinmodels::state::put_u64(unordered, 0);
  twinmodels::state::put_u64(unordered, 0);
  twinmodels::state::put_u32(unordered, 2);
  for (const SimTime at : {7 * kMin, 6 * kMin}) {
    twinmodels::state::put_u64(unordered, static_cast<std::uint64_t>(at));
    twinmodels::state::put_u8(unordered, 1);
    twinsim::put_notification(unordered, disabled("CMCC"));
  }
  EXPECT_EQ(parse_error(sender, unordered),
            "test state: refused notification's next send 360000000 is before the one saved before it");
  cardcore::Bytes zero = state;
  zero[8 + 8 + 4 + 8] = 0;  // the first refused one's attempt
  EXPECT_EQ(parse_error(sender, zero), "test state: a refused notification's attempt 0 is not one");
  cardcore::Bytes cut(state.begin(), state.end() - 3);
  EXPECT_NE(parse_error(sender, cut).find("truncated"), std::string::npos) << parse_error(sender, cut);
}

}  // namespace test_mno_notifications
