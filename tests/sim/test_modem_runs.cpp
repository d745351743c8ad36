// Runs with the modem model (population device_model modem), end to end
// through the engine: devices attach with real crypto through the MME and
// the HSS server, resynchronise after the HSS's SQN jumps back, and a
// write-card campaign's MT SMS reach PSM devices at their next wake-up
// through the SMSC, whose rate limit spaces the attempts; the card's REFRESH
// after the number write leads to a new attach with the new IMSI; an attach
// storm meets the MME's NAS congestion control (ATTACH REJECT #22 with
// T3346) and every device waits out its T3346.
#include <gtest/gtest.h>

#include <map>

#include "modem_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace test_modem_runs {

using namespace twinsim::testing;
using twinmodels::kMinute;
using twinmodels::kSecond;
using twinmodels::NasTimerValue;
using twinsim::testing::meters;
using twinsim::testing::write_card_at;
using twinsim::EventKind;
using twinmodels::modem::ModemEvent;

std::uint8_t k(EventKind e) { return static_cast<std::uint8_t>(e); }
std::uint8_t k(ModemEvent e) { return twinsim::modem_report_kind(static_cast<std::uint8_t>(e)); }

TEST(ModemRuns, DevicesAttachWithRealCryptoThroughTheMmeAndHss) {
  const Outcome r = run(meters(30, 1800, std::nullopt), "attach");
  EXPECT_EQ(r.metrics.at("devices_attached"), 30);
  EXPECT_EQ(r.metrics.at("devices_registered"), 30);
  EXPECT_EQ(r.metrics.at("auth_rejects"), 0);
  EXPECT_EQ(r.metrics.at("unknown_imsi"), 0);
  EXPECT_EQ(r.metrics.at("hss.served"), 30);  // one vector per attach, no TAU yet
  EXPECT_EQ(count_of(r.events, k(ModemEvent::CardReady)), 30u);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::Registered)), 30u);
  EXPECT_EQ(count_of(r.events, k(EventKind::AttachRequest)), 30u);
  // Each device: ATTACH REQUEST, then registered within a second or so of
  // radio, S1, S6a and card time.
  std::map<std::uint32_t, double> asked;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::AttachRequest)) asked[e.device] = e.t;
    if (e.kind == k(ModemEvent::Registered)) {
      ASSERT_TRUE(asked.count(e.device));
      EXPECT_GT(e.t, asked[e.device]);
      EXPECT_LT(e.t, asked[e.device] + 3.0);
    }
  }
}

TEST(ModemRuns, AnSqnJumpBackAtTheHssIsResynchronised) {
  // A periodic TAU every hour re-authenticates; the HSS is restored to its
  // backup from before the first attaches, so its SQN is behind every card:
  // the cards answer AUTS, the MME resynchronises through the HSS and the
  // next challenge passes.
  twinsim::Scenario sc = meters(10, 2.5 * 3600, std::nullopt);
  twinsim::FaultSpec f;
  f.at_s = 1800;
  f.target = twinsim::FaultTarget::Hss;
  f.action = twinsim::FaultAction::RestoreBackup;
  f.backup_at_s = 0.001;
  sc.faults.push_back(f);
  const Outcome r = run(sc, "resync");
  EXPECT_EQ(r.metrics.at("sync_failures"), 10);
  EXPECT_EQ(r.metrics.at("auth_rejects"), 0);
  EXPECT_EQ(r.metrics.at("devices_registered"), 10);
  EXPECT_EQ(count_of(r.events, k(EventKind::SyncFailure)), 10u);
  EXPECT_GE(count_of(r.events, k(EventKind::Authenticated)), 10u);
}

TEST(ModemRuns, WriteCardCampaignReachesPsmDevicesAtTheirNextWakeUpThenTheyAttachWithTheNewImsi) {
  // Active time 1 min: when the campaign starts (20 min) every device is in
  // PSM. The SMSC finds them absent, asks to be alerted, and delivers at
  // each device's periodic TAU (1 h after its release).
  twinsim::Scenario sc = meters(12, 2 * 3600, 1 * kMinute);
  sc.campaigns.push_back(write_card_at(1200, 60));
  const Outcome r = run(sc, "campaign");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("sms.submitted"), 12);
  EXPECT_EQ(m.at("sms.delivered"), 12);
  // Absent at the first attempt and at every retry of the schedule while in PSM.
  EXPECT_GE(m.at("sms.absent"), 12);
  EXPECT_EQ(m.at("sms.attempts"), m.at("sms.absent") + 12);
  EXPECT_EQ(m.at("ota.por_ok"), 12);
  EXPECT_EQ(m.at("ota.por_errors"), 0);
  EXPECT_EQ(m.at("refreshes"), 12);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("devices_registered"), 12);
  EXPECT_GT(m.at("sms.last_delivery_s"), 3600);
  // The card is off in PSM: initialised at power-up, again when the meter
  // leaves PSM for its TAU, and after the REFRESH's UICC reset.
  EXPECT_EQ(count_of(r.events, k(ModemEvent::CardReady)), 3u * 12);
  std::map<std::uint32_t, double> wake, delivered, por, released;
  std::map<std::uint32_t, int> registered_after;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::Released) && !delivered.count(e.device) && e.t < 1200) released[e.device] = e.t;
    if (e.kind == k(EventKind::Wake) && e.value == 0 && !wake.count(e.device)) wake[e.device] = e.t;
    if (e.kind == k(EventKind::SmsDelivered)) delivered[e.device] = e.t;
    if (e.kind == k(EventKind::OtaPor)) {
      EXPECT_EQ(e.value, 0);  // Done
      por[e.device] = e.t;
    }
    if (e.kind == k(ModemEvent::Registered) && por.count(e.device)) ++registered_after[e.device];
  }
  ASSERT_EQ(delivered.size(), 12u);
  for (const auto& [d, t] : delivered) {
    SCOPED_TRACE(d);
    // At the periodic TAU, T3412 after the release that followed the attach.
    ASSERT_TRUE(wake.count(d));
    EXPECT_NEAR(wake[d], released[d] + 3600, 1e-6);
    EXPECT_GE(t, wake[d]);
    EXPECT_LT(t, wake[d] + 5);
    // The REFRESH re-attach registers the new subscription (subscriber
    // devices + d at the HSS: its K and OPc, not the old ones).
    EXPECT_EQ(registered_after[d], 1);
  }
}

TEST(ModemRuns, SmscAtItsRateLimitQueuesTheAttempts) {
  // No PSM: every device is pageable. 20 messages submitted at once to an
  // SMSC of 2 messages/s, burst 1: attempts leave 0.5 s apart.
  twinsim::Scenario sc = meters(20, 1800, std::nullopt);
  sc.network.smsc.config.rate_per_second = 2;
  sc.network.smsc.config.burst = 1;
  sc.campaigns.push_back(write_card_at(600, 0));
  const Outcome r = run(sc, "rate");
  EXPECT_EQ(r.metrics.at("sms.delivered"), 20);
  std::vector<double> attempts;
  for (const Row& e : r.events)
    if (e.kind == k(EventKind::SmsAttempt)) attempts.push_back(e.t);
  ASSERT_EQ(attempts.size(), 20u);
  std::sort(attempts.begin(), attempts.end());
  // The write module's first packets leave after its 50 ms of service
  // (platforms.write_module's default).
  EXPECT_NEAR(attempts.front(), 600.05, 1e-9);
  for (std::size_t i = 1; i < attempts.size(); ++i) EXPECT_NEAR(attempts[i] - attempts[i - 1], 0.5, 1e-6);
}

TEST(ModemRuns, SameSeedSameEvents) {
  twinsim::Scenario sc = meters(8, 2 * 3600, 1 * kMinute);
  sc.campaigns.push_back(write_card_at(1200, 120));
  expect_same_outcome(run(sc, "det-a"), run(sc, "det-b"));
}

TEST(ModemRuns, BrownOutResetsTheModemWhichAttachesAgainOnItsOwn) {
  // The supply dips for the whole population at 20 min: no detach, the card
  // loses power at once, the module restarts 2 s later (ModemConfig) and
  // attaches again with its stored GUTI.
  twinsim::Scenario sc = meters(20, 1800, std::nullopt);
  twinsim::FaultSpec f;
  f.at_s = 1200;
  f.target = twinsim::FaultTarget::Population;
  f.population = 0;
  f.action = twinsim::FaultAction::BrownOut;
  f.over_s = 10;
  sc.faults.push_back(f);
  const Outcome r = run(sc, "brown-out");
  EXPECT_EQ(r.metrics.at("brown_outs"), 20);
  EXPECT_EQ(r.metrics.at("devices_registered"), 20);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::CardReady)), 40u);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::Registered)), 40u);
  EXPECT_EQ(count_of(r.events, k(EventKind::Detached)), 0u);  // no orderly detach
  std::map<std::uint32_t, double> dipped;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::PowerCycle)) dipped[e.device] = e.t;
    if (e.kind == k(EventKind::AttachRequest) && dipped.count(e.device)) {
      EXPECT_GE(e.t, dipped[e.device] + 2.0);  // after the module's restart
      EXPECT_EQ(e.value, 1);                   // with the GUTI in EF.EPSLOCI
    }
  }
  EXPECT_EQ(dipped.size(), 20u);
}

TEST(UsimRuns, BrownOutRebootsTheDeviceAfterTheModuleRestart) {
  twinsim::Scenario sc = meters(10, 1800, std::nullopt);
  sc.populations[0].device_model = twinsim::DeviceModel::Usim;
  sc.populations[0].activity.period_s = 3600;
  twinsim::FaultSpec f;
  f.at_s = 600;
  f.target = twinsim::FaultTarget::Device;
  f.device = 4;
  f.action = twinsim::FaultAction::BrownOut;
  sc.faults.push_back(f);
  const Outcome r = run(sc, "usim-brown-out");
  EXPECT_EQ(r.metrics.at("brown_outs"), 1);
  EXPECT_EQ(r.metrics.at("attaches"), 11);
  double dip = -1, again = -1;
  for (const Row& e : r.events) {
    if (e.device != 4) continue;
    if (e.kind == k(EventKind::PowerCycle)) dip = e.t;
    if (e.kind == k(EventKind::PowerOn) && dip >= 0) again = e.t;
  }
  EXPECT_DOUBLE_EQ(dip, 600);
  EXPECT_DOUBLE_EQ(again, 602);
}

TEST(ModemRuns, AttachStormAtACellOfLittleCapacityIsRejectedAndSpreadOut) {
  // 200 meters power on within a second at one cell per access node that
  // sets up 20 connections a second: the cells reject most of the first
  // wave (RRCConnectionReject, waitTime 10 s plus the backoff draw), the
  // modems' own timers retry, and every meter is registered in the end.
  twinsim::Scenario sc = meters(200, 1800, std::nullopt);
  sc.populations[0].start.over_s = 1;
  sc.network.ran.cell.rrc_setups_per_second = 20;
  sc.network.ran.cell.burst = 5;
  const Outcome r = run(sc, "storm");
  EXPECT_GT(r.metrics.at("rrc_rejected"), 100);
  EXPECT_EQ(r.metrics.at("devices_registered"), 200);
  double last = 0;
  for (const Row& e : r.events) {
    if (e.kind == k(EventKind::RrcRejected)) {
      EXPECT_GE(e.value, 10000);        // waitTime 10 s
      EXPECT_LE(e.value, 10000 + 120);  // + BI 120 ms
    }
    if (e.kind == k(ModemEvent::Registered)) last = std::max(last, e.t);
  }
  EXPECT_GT(last, 10.0);  // the rejected ones came back after their wait
}

// An attach storm: 300 NB-IoT meters power on at once behind one access node
// whose MME admits 20 attaches/s (burst 20). The excess gets ATTACH REJECT
// #22 with T3346 of 1 or 2 min (TS 24.301 §5.3.9, §5.5.1.2.5); every device
// stays away until its T3346 ran out, then attaches, and all register.
TEST(ModemRuns, AttachStormMeetsNasCongestionControlAndEveryDeviceWaitsOutT3346) {
  twinsim::Scenario sc = twinsim::parse_scenario(R"(general: {name: attach-storm, seed: 7, stop: 30min}
populations:
  - name: meters
    count: 300
    device_model: modem
    start: {profile: at-once, at: 0s}
    activity: {period: 3h, jitter: 0s}
network:
  mme: {attaches_per_second: 20, burst: 20, t3346_min: 1min, t3346_max: 2min}
engine: {multiplexers: 1}
)",
                                                 "attach-storm.yaml");
  sc.populations[0].profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
  const Outcome r = run(sc, "storm");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("devices_registered"), 300);
  EXPECT_EQ(m.at("devices_attached"), 300);
  EXPECT_EQ(m.at("hss.rejected"), 0);  // every #22 is the MME's
  EXPECT_EQ(m.at("auth_rejects"), 0);
  EXPECT_GT(m.at("mme.congestion_rejects"), 100);

  // Per device: each congestion reject, then its next ATTACH REQUEST.
  std::map<std::uint32_t, double> rejected_at;
  std::size_t rejects = 0, back_after_1min = 0, back_after_2min = 0;
  for (const Row& e : r.events) {
    if (e.kind == k(ModemEvent::AttachRejected)) {
      EXPECT_EQ(e.value, 22);
      EXPECT_FALSE(rejected_at.count(e.device)) << "two rejects without an attach between, device " << e.device;
      rejected_at[e.device] = e.t;
      ++rejects;
    }
    if (e.kind == k(EventKind::AttachRequest) && rejected_at.count(e.device)) {
      const double waited = e.t - rejected_at[e.device];
      // T3346 (1 or 2 min) from the reject, then the modem's RRC set-up and
      // NAS message (1.5 s for NB-IoT).
      EXPECT_GE(waited, 60.0) << "device " << e.device << " re-attached during T3346";
      EXPECT_LE(waited, 120.0 + 2.0) << "device " << e.device;
      ++(waited < 90 ? back_after_1min : back_after_2min);
      rejected_at.erase(e.device);
    }
  }
  EXPECT_TRUE(rejected_at.empty());  // every rejected device came back
  EXPECT_EQ(static_cast<double>(rejects), m.at("mme.congestion_rejects"));
  EXPECT_GT(back_after_1min, 0u);  // both T3346 values were drawn
  EXPECT_GT(back_after_2min, 0u);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::Registered)), 300u);

  // Deterministic: the same run again gives the same events.
  expect_same_outcome(run(sc, "storm-again"), r);
}

TEST(ModemRuns, EveryDeliveryOfAFloodIsReportedBack) {
  // 3000 pageable meters on 4 multiplexers get their messages at once from
  // an SMSC that can send them all: the deliveries' results reach the SMSC
  // from every multiplexer in the same instants, and each must be reported.
  // (A lost wake-up of the SMSC once left a few of 300 000 in flight; this
  // run is too small to show that one, but not any loss of results.)
  twinsim::Scenario sc = meters(3000, 1500, std::nullopt);
  sc.engine.multiplexers = 4;
  sc.network.ran.cells = 10;
  sc.network.smsc.config.rate_per_second = 1000;
  sc.network.smsc.config.burst = 1000;
  sc.campaigns.push_back(write_card_at(600, 0));
  const Outcome r = run(sc, "flood");
  EXPECT_EQ(r.metrics.at("sms.submitted"), 3000);
  EXPECT_EQ(r.metrics.at("ota.por_ok"), 3000);
  EXPECT_EQ(r.metrics.at("sms.delivered"), 3000);
}

TEST(ModemRuns, ACardKeptOnInPsmIsNotInitialisedAgain) {
  twinsim::Scenario sc = meters(12, 2 * 3600, 1 * kMinute);
  sc.populations[0].card_off_in_psm = false;
  sc.campaigns.push_back(write_card_at(1200, 60));
  const Outcome r = run(sc, "card-kept-on");
  EXPECT_EQ(r.metrics.at("sms.delivered"), 12);
  EXPECT_EQ(r.metrics.at("devices_registered"), 12);
  EXPECT_EQ(count_of(r.events, k(ModemEvent::CardReady)), 2u * 12);  // power-up and the REFRESH
}

}  // namespace test_modem_runs
