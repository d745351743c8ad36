// An attached device whose subscription the chip management platform bars
// (chip-suspend) or withdraws (chip-deactivate) is detached by the network
// (sim/twinsim/engine/network_detach_cycle.cpp): the HSS tells its MME (IDR
// / CLR, TS 29.272), the MME pages an idle device and sends DETACH REQUEST
// #7 (TS 24.301 §5.5.2.3), again at each expiry of T3422, and detaches
// locally a device that never answers (one in PSM) at the fifth, which
// meets TAU REJECT #10 and then ATTACH REJECT #7 at its next TAU; a device
// back from PSM in time answers a retransmission. OneLink sees the cards
// offline and blocked; after a resumption (the HSS's IDR lifting the
// barring) a power cycle attaches them again (the USIM was invalid until
// switched off, §5.5.2.3.2). On a lossy route the HSS sends its messages
// again.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/modem_cycle.hpp"

namespace test_chip_network_detach {

using namespace twinsim::testing;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
constexpr int kMeters = 20;

// `kMeters` meters powering up in the first 2 minutes (`power_saving`
// given, or the default: no PSM, DRX 1.28 s), five others the platform does
// not follow; OneLink follows the meters; `extra` follows the platforms.
twinsim::Scenario meters(const std::string& power_saving, const std::string& extra, int count = kMeters) {
  const std::string text =
      "general: {name: chip-detach, seed: 11, stop: 60min}\n"
      "populations:\n"
      "  - {name: meters, count: " + std::to_string(count) + ", device_model: modem, modem: nb-iot, profile: " + kProfile +
      power_saving + ", start: {profile: uniform, at: 0s, over: 2min}, activity: {period: 24h, jitter: 1h}}\n"
      "  - {name: others, count: 5, device_model: modem, imsi_prefix: '46002', profile: " + kProfile + "}\n"
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  chip_management: {populations: [meters]}\n"
      "  onelink: {populations: [meters]}\n" + extra;
  return twinsim::parse_scenario(text, "chip-detach.yaml");
}

std::uint8_t kind(twinsim::EventKind k) { return static_cast<std::uint8_t>(k); }

// Each meter's rows of kind `k`: their times, in order.
std::map<std::uint32_t, std::vector<double>> rows_of(const Outcome& r, std::uint8_t k, std::int64_t value = -1) {
  std::map<std::uint32_t, std::vector<double>> at;
  for (const Row& row : r.events)
    if (row.kind == k && (value < 0 || row.value == value) && row.device < kMeters) at[row.device].push_back(row.t);
  return at;
}

// Each meter's first Detached row of `value`: its time.
std::map<std::uint32_t, double> detached(const Outcome& r, std::int64_t value) {
  std::map<std::uint32_t, double> at;
  for (const Row& row : r.events)
    if (row.kind == kind(twinsim::EventKind::Detached) && row.value == value && row.device < kMeters)
      at.emplace(row.device, row.t);
  return at;
}

const std::string kSuspendAt10 = "  - {name: stop, kind: chip-suspend, population: meters, at: 10min}\n";

TEST(ChipNetworkDetach, AnIdleDeviceSuspendedIsPagedAndDetachedWithCause7) {
  const Outcome r = run(meters("", "campaigns:\n" + kSuspendAt10), "detach-idle");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.suspended"), kMeters);
  EXPECT_EQ(m.at("chip.detaches"), kMeters);
  EXPECT_EQ(m.at("chip.detaches_local"), 0);
  EXPECT_EQ(m.at("chip.attaches_barred"), 0) << "the UE does not try again: its USIM is invalid";
  EXPECT_EQ(m.at("devices_registered"), 5);  // the others only
  // OneLink: offline, diagnosed blocked.
  EXPECT_EQ(m.at("onelink.offline"), kMeters);
  EXPECT_EQ(m.at("onelink.blocked"), kMeters);
  // The HSS's Insert Subscriber Data to the MME crossed the SimGrid links
  // of their route (platform_links.hpp), one each.
  EXPECT_EQ(m.at("platform_links.messages"), kMeters);
  // Each meter: its DETACH ACCEPT at the MME within 2.5 s of the
  // suspension: the platform's service of the 20 steps (4 workers, 20 ms
  // each), the S6a route, at most a paging cycle (1.28 s), the service
  // request and the DETACH REQUEST's way down, the modem's NAS message time
  // and the DETACH ACCEPT's way up.
  const auto at = detached(r, twinsim::kDetachedByNetwork);
  ASSERT_EQ(at.size(), static_cast<std::size_t>(kMeters));
  for (const auto& [d, t] : at) {
    EXPECT_GT(t, 600.0) << d;
    EXPECT_LT(t, 602.5) << d;
  }
  // The modem's own report: deregistered with #7; paged (Connected value 3)
  // just before.
  const std::uint8_t dereg = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Deregistered));
  std::size_t with_7 = 0, paged = 0;
  for (const Row& row : r.events) {
    with_7 += row.kind == dereg && row.value == 7;
    paged += row.kind == kind(twinsim::EventKind::Connected) && row.value == twinsim::kConnectPaged && row.t > 600.0;
  }
  EXPECT_EQ(with_7, static_cast<std::size_t>(kMeters));
  EXPECT_EQ(paged, static_cast<std::size_t>(kMeters));
}

TEST(ChipNetworkDetach, TheBlocksCrossTheLinksToTheHssBeforeTheMmeHears) {
  // Chip management 30 ms from the core behind 2 kB/s: each block (2000 B,
  // network.report_size) takes a second on that link, the twenty one after
  // the other as the platform serves them (platform_links.hpp); the HSS
  // bars each subscriber when its block arrives and tells the MME then.
  std::string text = meters("", "campaigns:\n" + kSuspendAt10).text;
  const std::string chips = "chip_management: {populations: [meters]}";
  text.replace(text.find(chips), chips.size(), "chip_management: {populations: [meters], node: cm}");
  text +=
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: core, kind: core_router}\n"
      "      - {name: hss, kind: hss}\n"
      "      - {name: cm, kind: platform}\n"
      "    links:\n"
      "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
      "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
      "      - {name: core-cm, from: core, to: cm, latency: 30ms, bandwidth: 2kBps}\n";
  const Outcome r = run(twinsim::parse_scenario(text, "chip-detach-narrow.yaml"), "detach-narrow");
  EXPECT_EQ(r.metrics.at("chip.detaches"), kMeters);
  const auto at = detached(r, twinsim::kDetachedByNetwork);
  ASSERT_EQ(at.size(), static_cast<std::size_t>(kMeters));
  double last = 0;
  for (const auto& [d, t] : at) {
    EXPECT_GT(t, 600.0 + 0.031 + 1.0) << d;
    last = std::max(last, t);
  }
  // Twenty blocks of 2000 B at 2 kB/s: 20 s for the last one at least.
  EXPECT_GT(last, 600.0 + 20.0);
  EXPECT_LT(last, 600.0 + 25.0);
}

// The HSS's Cancel Location (subscription withdrawn): DETACH REQUEST #8.
TEST(ChipNetworkDetach, ADeactivatedDeviceIsDetachedWithCause8) {
  const Outcome r = run(meters("", "campaigns:\n  - {name: close, kind: chip-deactivate, population: meters, at: 10min}\n"),
                        "detach-deactivated");
  EXPECT_EQ(r.metrics.at("chip.deactivated"), kMeters);
  EXPECT_EQ(r.metrics.at("chip.detaches"), kMeters);
  EXPECT_EQ(r.metrics.at("devices_registered"), 5);
  EXPECT_EQ(r.metrics.at("onelink.blocked"), kMeters);
  const std::uint8_t dereg = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Deregistered));
  std::size_t with_8 = 0;
  for (const Row& row : r.events) with_8 += row.kind == dereg && row.value == 8;
  EXPECT_EQ(with_8, static_cast<std::size_t>(kMeters));
}

TEST(ChipNetworkDetach, ResumedThenPowerCycledTheDevicesAttachAgain) {
  const std::string extra =
      "campaigns:\n" + kSuspendAt10 +
      "  - {name: start, kind: chip-resume, population: meters, at: 20min}\n"
      "faults:\n"
      "  - {at: 15min, target: population:meters, action: power-cycle, over: 20s}\n"
      "  - {at: 25min, target: population:meters, action: power-cycle, over: 20s}\n";
  const Outcome r = run(meters("", extra), "detach-resume");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.detaches"), kMeters);
  // Power-cycled while barred: the attach rejected #7; after the
  // resumption: attached.
  EXPECT_EQ(m.at("chip.attaches_barred"), kMeters);
  EXPECT_EQ(m.at("devices_registered"), kMeters + 5);
  EXPECT_EQ(m.at("onelink.blocked"), 0);
  EXPECT_EQ(m.at("onelink.online") + m.at("onelink.sleeping"), kMeters);
  // Resumed but not power-cycled: still detached (the USIM invalid until
  // switched off).
  const Outcome s = run(meters("", "campaigns:\n" + kSuspendAt10 +
                                       "  - {name: start, kind: chip-resume, population: meters, at: 20min}\n"),
                        "detach-resume-no-cycle");
  EXPECT_EQ(s.metrics.at("devices_registered"), 5);
}

TEST(ChipNetworkDetach, ADeviceInPsmIsDetachedLocallyAndRejectedAtItsNextTau) {
  // PSM after 2 min idle, a TAU every 20 min: at 10 min every meter sleeps.
  const Outcome r = run(meters(", power_saving: {t3324: 2min, t3412: 20min}", "campaigns:\n" + kSuspendAt10), "detach-psm");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.detaches"), 0);
  EXPECT_EQ(m.at("chip.detaches_local"), kMeters);
  // Its TAU meets #10, its new attach #7 (the HSS bars it): once each.
  EXPECT_EQ(m.at("chip.attaches_barred"), kMeters);
  EXPECT_EQ(m.at("devices_registered"), 5);
  EXPECT_EQ(m.at("onelink.offline"), kMeters);
  EXPECT_EQ(m.at("onelink.blocked"), kMeters);
  // The MME sent the DETACH REQUEST five times, 6 s apart (T3422, TS 24.301
  // §10.2), and detached each meter locally at the fifth expiry, 30 s after
  // the first (§5.5.2.3.5 a).
  EXPECT_EQ(m.at("chip.detach_retransmissions"), 4 * kMeters);
  const auto local = detached(r, twinsim::kDetachedLocally);
  const auto sent = rows_of(r, twinsim::detach_request_sent_kind());
  ASSERT_EQ(local.size(), static_cast<std::size_t>(kMeters));
  for (const auto& [d, t] : local) {
    ASSERT_EQ(sent.at(d).size(), 5u) << d;
    EXPECT_GT(sent.at(d)[0], 600.0) << d;
    EXPECT_LT(sent.at(d)[0], 602.0) << d;
    for (std::size_t i = 1; i < 5; ++i) EXPECT_NEAR(sent.at(d)[i] - sent.at(d)[i - 1], 6.0, 1e-6) << d;
    EXPECT_NEAR(t - sent.at(d)[0], 30.0, 1e-6) << d;
  }
  const std::uint8_t dereg = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Deregistered));
  const std::uint8_t rejected = twinsim::modem_report_kind(static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::AttachRejected));
  std::map<std::uint32_t, double> tau_reject, attach_reject;
  for (const Row& row : r.events) {
    if (row.kind == dereg && row.value == 10) tau_reject.emplace(row.device, row.t);
    if (row.kind == rejected && row.value == 7) attach_reject.emplace(row.device, row.t);
  }
  ASSERT_EQ(tau_reject.size(), static_cast<std::size_t>(kMeters));
  for (const auto& [d, t] : tau_reject) {
    EXPECT_GT(t, 1200.0) << d << ": at its TAU, 20 min after its attach";
    EXPECT_LT(attach_reject.at(d) - t, 5.0) << d;
  }
}

TEST(ChipNetworkDetach, AnAttachUnderWayWhenSuspendedIsRejectedAtItsUla) {
  // 200 meters power-cycled over the 20 s of their suspensions: some are
  // between their ATTACH REQUEST (not barred yet) and their ATTACH ACCEPT
  // when the block comes, so that the HSS's message finds no context at the
  // MME; the ULA carries the barring and the accept becomes ATTACH REJECT
  // #7. None stays attached.
  const std::string extra =
      "campaigns:\n  - {name: stop, kind: chip-suspend, population: meters, at: 10min, over: 20s}\n"
      "faults:\n  - {at: 10min, target: population:meters, action: power-cycle, over: 20s}\n";
  const Outcome r = run(meters("", extra, 200), "detach-race");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.suspended"), 200);
  EXPECT_EQ(m.at("devices_registered"), 5);  // the others only
  EXPECT_GT(m.at("chip.attaches_barred"), 0);
  EXPECT_GT(m.at("chip.detaches"), 0);
  EXPECT_EQ(m.at("onelink.blocked"), 200);
}

TEST(ChipNetworkDetach, TheSameScenarioAndSeedGiveTheSameRun) {
  const std::string extra = "campaigns:\n" + kSuspendAt10;
  expect_same_outcome(run(meters("", extra), "detach-same-a"), run(meters("", extra), "detach-same-b"));
}

// Meters in PSM whose periodic TAU comes within T3422's 30 s after the
// first DETACH REQUEST: back from PSM, each answers a retransmission; the
// others are detached locally at the fifth expiry.
TEST(ChipNetworkDetach, APsmDeviceBackInTimeAnswersARetransmission) {
  // PSM 2 min after the release, a TAU every 20 min: the meters' TAUs fall
  // between 20 and 23 min; the suspension at 21 min.
  const Outcome r = run(meters(", power_saving: {t3324: 2min, t3412: 20min}",
                               "campaigns:\n  - {name: stop, kind: chip-suspend, population: meters, at: 21min}\n"),
                        "detach-psm-retransmission");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.suspended"), kMeters);
  EXPECT_EQ(m.at("chip.detaches") + m.at("chip.detaches_local"), kMeters);
  const auto sent = rows_of(r, twinsim::detach_request_sent_kind());
  const auto by_network = detached(r, twinsim::kDetachedByNetwork);
  const auto local = detached(r, twinsim::kDetachedLocally);
  const auto taus = rows_of(r, kind(twinsim::EventKind::Connected), twinsim::kConnectTau);
  double retransmissions = 0;
  std::size_t answered_retransmission = 0;
  for (std::uint32_t d = 0; d < static_cast<std::uint32_t>(kMeters); ++d) {
    ASSERT_TRUE(sent.count(d)) << d;
    const std::vector<double>& s = sent.at(d);
    retransmissions += static_cast<double>(s.size() - 1);
    if (local.count(d)) {
      EXPECT_EQ(s.size(), 5u) << d;
      EXPECT_NEAR(local.at(d) - s[0], 30.0, 1e-6) << d;
      continue;
    }
    ASSERT_TRUE(by_network.count(d)) << d;
    if (s.size() < 2) continue;  // reachable at the first sending (its TAU just before)
    // It answered the last sending, which reached it after its TAU, at
    // most 6 s before (T3422), within the 30 s.
    ++answered_retransmission;
    EXPECT_LE(s.size(), 5u) << d;
    EXPECT_GT(by_network.at(d), s.back()) << d;
    EXPECT_LT(by_network.at(d), s[0] + 30.0) << d;
    bool tau_between = false;
    for (double t : taus.count(d) ? taus.at(d) : std::vector<double>{}) tau_between |= t > s[0] && t <= s.back();
    EXPECT_TRUE(tau_between) << d << ": back from PSM at its TAU between the first sending and the answered one";
  }
  EXPECT_GT(answered_retransmission, 0u);
  EXPECT_GT(local.size(), 0u);
  EXPECT_EQ(m.at("chip.detach_retransmissions"), retransmissions);
}

// A resumption's Insert Subscriber Data lifts the barring at the MME (TS
// 29.272 §5.2.2.1.2): answered DIAMETER_ERROR_USER_UNKNOWN by an MME that
// detached the UE already, DIAMETER_SUCCESS by one that still has its
// context (T3422 running for a meter in PSM).
TEST(ChipNetworkDetach, AResumptionsInsertSubscriberDataReachesTheMme) {
  const std::string resume_at = "  - {name: start, kind: chip-resume, population: meters, at: ";
  const Outcome late = run(meters("", "campaigns:\n" + kSuspendAt10 + resume_at + "20min}\n"), "detach-lift-late");
  EXPECT_EQ(late.metrics.at("chip.resumed"), kMeters);
  EXPECT_EQ(late.metrics.at("chip.isd_lifts"), kMeters);
  const auto no_context = rows_of(late, twinsim::isd_lift_kind(), 5001);
  ASSERT_EQ(no_context.size(), static_cast<std::size_t>(kMeters));
  for (const auto& [d, t] : no_context) {
    EXPECT_GT(t.front(), 1200.0) << d;
    EXPECT_LT(t.front(), 1202.0) << d;
  }
  EXPECT_EQ(rows_of(late, twinsim::isd_lift_kind(), 2001).size(), 0u);

  // In PSM, resumed 10 s after the suspension: the MME still holds the
  // contexts (T3422 runs), updates them, and its detaches go on.
  const Outcome soon = run(meters(", power_saving: {t3324: 2min, t3412: 20min}",
                                  "campaigns:\n" + kSuspendAt10 + resume_at + "610s}\n"),
                           "detach-lift-soon");
  EXPECT_EQ(soon.metrics.at("chip.isd_lifts"), kMeters);
  EXPECT_EQ(rows_of(soon, twinsim::isd_lift_kind(), 2001).size(), static_cast<std::size_t>(kMeters));
  EXPECT_EQ(soon.metrics.at("chip.detaches_local"), kMeters);
  // Their TAU meets #10 and the new attach, no longer barred, is accepted.
  EXPECT_EQ(soon.metrics.at("chip.attaches_barred"), 0);
  EXPECT_EQ(soon.metrics.at("devices_registered"), kMeters + 5);
}

// The route between the HSS and the meters' MME loses a message in four:
// an IDR lost (or its IDA) is sent again 10 s (network.hss_answer_timeout)
// after the last sending, until answered; the MME detaches each meter once.
TEST(ChipNetworkDetach, AnIdrLostOnALossyRouteIsSentAgain) {
  const std::string network =
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: hss, kind: hss}\n"
      "    links:\n"
      "      - {name: ran-hss, from: ran, to: hss, latency: 5ms, loss: 0.25}\n";
  const Outcome r = run(meters("", "campaigns:\n" + kSuspendAt10 + network), "detach-lossy");
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("chip.suspended"), kMeters);
  EXPECT_GT(m.at("chip.hss_resends"), 0);
  const auto resends = rows_of(r, twinsim::hss_resend_kind(), 319);
  std::size_t rows = 0;
  for (const auto& [d, t] : resends) {
    rows += t.size();
    EXPECT_GT(t.front(), 609.0) << d << ": 10 s after the first sending at the earliest";
    for (std::size_t i = 1; i < t.size(); ++i) EXPECT_NEAR(t[i] - t[i - 1], 10.0, 1e-6) << d;
  }
  EXPECT_EQ(static_cast<double>(rows), m.at("chip.hss_resends"));
  EXPECT_EQ(rows_of(r, twinsim::hss_resend_kind(), 317).size(), 0u);
  // Every meter detached, once, however many IDRs reached its MME.
  EXPECT_EQ(m.at("chip.detaches") + m.at("chip.detaches_local"), kMeters);
  EXPECT_EQ(m.at("devices_registered"), 5);
  // A meter whose IDR was lost (not its answer) was detached only after a
  // resend reached its MME.
  const auto first_sent = rows_of(r, twinsim::detach_request_sent_kind(), 1);
  std::size_t after_resend = 0;
  for (const auto& [d, t] : resends) after_resend += first_sent.at(d).front() > t.front();
  EXPECT_GT(after_resend, 0u);
  // The same run without the loss: no resend.
  const Outcome clean = run(meters("", "campaigns:\n" + kSuspendAt10), "detach-lossless");
  EXPECT_EQ(clean.metrics.at("chip.hss_resends"), 0);
}

}  // namespace test_chip_network_detach
