// The SMSC's crash in engine runs (docs/SCENARIOS.md, "faults": target
// `smsc`, action `crash`): nothing leaves it while it is down; the answers
// to attempts it had under way are lost with their PoRs, and it attempts
// those messages again at its restart. The cards that had taken the packet
// refuse the duplicate (its counter is not above theirs: TS 102 225
// §5.1.1, PoR "CNTR low"), the write module sends the order again and they
// answer "already applied": every card is written once. MO SMS that reach
// it while down are refused with RP-ERROR cause 38 (TS 24.011 §8.2.5.4).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_cycle.hpp"

namespace test_smsc_crash_runs {

using namespace twinsim::testing;
using twinsim::EventKind;

constexpr double kCrash = 603, kRestart = 660;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }

twinsim::FaultSpec smsc_crash(double at_s, double restart_s) {
  twinsim::FaultSpec f;
  f.at_s = at_s;
  f.restart_s = restart_s;
  f.target = twinsim::FaultTarget::Smsc;
  f.action = twinsim::FaultAction::Crash;
  return f;
}

bool in_crash(double t) { return t >= kCrash && t < kRestart; }

TEST(SmscCrashRuns, LostAnswersAreAttemptedAgainAndEveryCardIsWrittenOnce) {
  // 40 pageable meters; the campaign releases all at 600 s; the SMSC sends
  // 4 a second and crashes at 603 s with attempts under way, up at 660 s.
  twinsim::Scenario sc = meters(40, 2 * 3600, std::nullopt);
  sc.campaigns.push_back(write_card_at(600, 0));
  sc.faults.push_back(smsc_crash(kCrash, kRestart - kCrash));
  sc.network.smsc.config.rate_per_second = 4;
  sc.network.smsc.config.burst = 2;
  const Outcome r = run(sc, "smsc-crash");
  EXPECT_EQ(r.metrics.at("ota.done"), 40);
  EXPECT_EQ(r.metrics.at("ota.failed"), 0);
  EXPECT_EQ(r.metrics.at("refreshes"), 40) << "each card written once";

  const std::uint8_t lost_kind = twinsim::sms_answer_lost_kind();
  std::set<std::uint32_t> lost_ack;
  std::size_t lost = 0;
  std::map<std::uint32_t, std::vector<std::int64_t>> pors;
  for (const Row& e : r.events) {
    // Nothing leaves the SMSC and nothing reaches a platform through it
    // while it is down.
    if (e.kind == k(EventKind::SmsAttempt) || e.kind == k(EventKind::SmsDelivered) || e.kind == k(EventKind::OtaPor)) {
      EXPECT_FALSE(in_crash(e.t)) << "kind " << int(e.kind) << " at " << e.t;
    }
    if (e.kind == lost_kind) {
      ++lost;
      EXPECT_GE(e.t, kCrash);
      if (e.value == twinsim::kAnswerRpAck) lost_ack.insert(e.device);
    }
    if (e.kind == k(EventKind::OtaPor)) pors[e.device].push_back(e.value);
  }
  ASSERT_GT(lost, 0u) << "the crash came with attempts under way";
  EXPECT_EQ(static_cast<double>(lost), r.metrics.at("smsc.answers_lost"));
  ASSERT_GT(lost_ack.size(), 0u);
  // Of the cards whose RP-ACK was lost: the SMSC's duplicate is refused
  // ("CNTR low", 256 + 2), the write module's next attempt is "already
  // applied" (01); the others wrote at the first packet that reached them.
  for (const auto& [device, values] : pors) {
    if (lost_ack.count(device)) {
      EXPECT_EQ(values, (std::vector<std::int64_t>{258, 1})) << device;
    } else {
      ASSERT_FALSE(values.empty()) << device;
      EXPECT_EQ(values.back(), 0) << device;
    }
  }
  EXPECT_EQ(r.metrics.at("ota.por_counter_low"), static_cast<double>(lost_ack.size()));
  EXPECT_EQ(r.metrics.at("ota.retries"), static_cast<double>(lost_ack.size()));
}

TEST(SmscCrashRuns, OrdersReleasedInTheCrashAreTakenAtTheRestart) {
  twinsim::Scenario sc = meters(10, 3600, std::nullopt);
  sc.campaigns.push_back(write_card_at(620, 0));
  sc.faults.push_back(smsc_crash(kCrash, kRestart - kCrash));
  const Outcome r = run(sc, "smsc-crash-held");
  EXPECT_EQ(r.metrics.at("smsc.submissions_held"), 10);
  EXPECT_EQ(r.metrics.at("smsc.answers_lost"), 0);
  EXPECT_EQ(r.metrics.at("ota.done"), 10);
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::SmsAttempt)) {
      EXPECT_GE(e.t, kRestart);
    }
  }
}

TEST(SmscCrashRuns, OwnMoSmsInTheCrashAreRefused) {
  // Meters connected for their own activity every 10 min, 2 SMS each.
  twinsim::Scenario sc = meters(30, 3600, std::nullopt);
  sc.populations[0].activity.period_s = 600;
  sc.populations[0].activity_sms = 2;
  sc.faults.push_back(smsc_crash(1200, 900));
  const Outcome r = run(sc, "smsc-crash-mo");
  const std::uint8_t mo = twinsim::sms_mo_kind(), refused = twinsim::sms_mo_refused_kind();
  std::size_t taken = 0, lost = 0;
  for (const Row& e : r.events) {
    if (e.kind == mo) {
      ++taken;
      EXPECT_FALSE(e.t >= 1200 && e.t < 2100) << e.t;
    }
    if (e.kind == refused) {
      ++lost;
      EXPECT_TRUE(e.t >= 1200 && e.t < 2100) << e.t;
      EXPECT_EQ(e.value, twinsim::kRpCauseNetworkOutOfOrder);
    }
  }
  EXPECT_GT(lost, 0u);
  EXPECT_GT(taken, 0u);
  EXPECT_EQ(static_cast<double>(taken), r.metrics.at("sms.mo"));
  EXPECT_EQ(static_cast<double>(lost), r.metrics.at("sms.mo_refused"));
}

TEST(SmscCrashRuns, TheSmSrSettlesTheDuplicatesRefusedByTheirCountersByAnAuditAndNoProfileIsSwitchedTwice) {
  // 40 trackers pageable for 10 min after each exchange; the German
  // profile enabled from 5 min, 10 a minute; the SMSC down from 5 min 2 s
  // for 2 min, with the first batch's enabling scripts under way.
  const twinsim::Scenario sc = twinsim::parse_scenario(
      "general: {name: smsc-crash-sm-sr, seed: 47, stop: 1h}\npopulations:\n" + trackers_population(40, "10min", "20min") +
          "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms}\n"
          "campaigns:\n" + switch_trackers_campaign() +
          "faults:\n  - {at: 302s, target: smsc, action: crash, restart: 2min}\n",
      "smsc-crash-sm-sr.yaml");
  const Outcome r = run(sc, "smsc-crash-sm-sr");
  std::set<std::uint32_t> lost_ack;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::SmsAttempt)) {
      EXPECT_FALSE(e.t >= 302 && e.t < 422) << e.t;
    }
    if (e.kind == twinsim::sms_answer_lost_kind() && e.value == twinsim::kAnswerRpAck) lost_ack.insert(e.device);
  }
  ASSERT_GT(lost_ack.size(), 0u);
  EXPECT_EQ(r.metrics.at("smsc.answers_lost"), static_cast<double>(lost_ack.size()));
  // A card whose RP-ACK (and PoR) was lost had enabled the profile; it
  // refuses the SMSC's duplicate as "CNTR low". The SM-SR, which never saw
  // the first PoR, audits the ISD-Ps with the next counter and finds the
  // profile enabled: those calls are done with a warning, every call is
  // done, and no profile is enabled twice.
  EXPECT_EQ(r.metrics.at("smsr.settled_by_audit"), static_cast<double>(lost_ack.size()));
  EXPECT_EQ(r.metrics.at("smsr.por_counter_low"), 0);
  EXPECT_EQ(r.metrics.at("smsr.failed"), 0);
  EXPECT_EQ(r.metrics.at("smsr.expired"), 0);
  EXPECT_EQ(r.metrics.at("smsr.done"), 40);
  EXPECT_EQ(r.metrics.at("refreshes"), 40) << "each profile enabled once";

  // Each eUICC's notification of its switch reached the SM-SR, or was
  // refused while the SMSC was down (sent again at its next power-up).
  EXPECT_GT(r.metrics.at("sms.mo_refused"), 0);
  EXPECT_EQ(r.metrics.at("smsr.notifications") + r.metrics.at("sms.mo_refused"), 40);
}

}  // namespace test_smsc_crash_runs
