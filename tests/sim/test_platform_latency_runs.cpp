// The platforms on their own network nodes in engine runs
// (twinsim/scenario/platform_routes.hpp, docs/SCENARIOS.md "network.topology"):
// the same run with the SM-SRs and the SM-DP far from the HSS's node and
// the SMSC. Each message between two platforms takes its route's latency:
// the SM-SR's SMS reach the SMSC later, every ES3 call and its answer
// cross the SM-DP's route, every ES7 call of an SM-SR change the route
// between the two SM-SRs; the outcomes stay the same.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace test_platform_latency_runs {

using namespace twinsim::testing;
using twinsim::EventKind;
using twinsim::SmDpEvent;
using twinsim::SmSrEvent;

// `count` importers (China Mobile's profile enabled) with China Mobile's
// SM-SR and the German SM-SR beside it; `campaigns`; with `far` the
// platforms at their nodes, else all at the HSS's node.
twinsim::Scenario importers(int count, bool far, const std::string& campaigns) {
  const std::string sr_bj = far ? ", node: sr-bj" : "";
  const std::string sr_fra = far ? ", node: sr-fra" : "";
  const std::string dp = far ? ", node: dp-fra" : "";
  const std::string text =
      "general: {name: platform-latency, seed: 17, stop: 40min}\npopulations:\n" + importers_population(count) +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms" + sr_bj + "}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms" + sr_fra + "}\n"
      "  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms" + dp + "}\n" +
      kBeijingFrankfurt + "campaigns:\n" + campaigns;
  return twinsim::parse_scenario(text, "platform-latency.yaml");
}

// Per device: the times of its first event of `kind`.
std::map<std::uint32_t, double> first_of(const Outcome& r, std::uint8_t kind) {
  std::map<std::uint32_t, double> out;
  for (const Row& e : r.events) {
    if (e.kind == kind) out.emplace(e.device, e.t);
  }
  return out;
}

const std::string kDownload =
    "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
    "batch_size: 10, batch_interval: 1min}\n";
const std::string kHandOver =
    "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 5min, "
    "batch_size: 10, batch_interval: 1min}\n";

TEST(PlatformLatencyRuns, TheDownloadCrossesTheSmDpsRouteAndTheSmSrsSmsTheirs) {
  const Outcome near = run(importers(4, false, kDownload), "download-near");
  const Outcome far = run(importers(4, true, kDownload), "download-far");
  for (const Outcome* r : {&near, &far}) {
    EXPECT_EQ(r->metrics.at("smdp.done"), 4);
    EXPECT_EQ(r->metrics.at("smsr.notifications"), 4);
    EXPECT_EQ(r->metrics.at("devices_registered"), 4);
  }
  // The SM-SR's first SMS (the registration's script, sent when the
  // SM-DP's order is served, which no latency comes before) reaches the
  // SMSC 21 ms later (sr-bj - core - hss) and its SMPP PDUs' transfer on
  // the links (platform_links.hpp): 240 B each at 100 MB/s, a few
  // microseconds.
  const auto sms_near = first_of(near, static_cast<std::uint8_t>(EventKind::SmsSubmitted));
  const auto sms_far = first_of(far, static_cast<std::uint8_t>(EventKind::SmsSubmitted));
  ASSERT_EQ(sms_near.size(), 4u);
  for (const auto& [device, t] : sms_near) {
    EXPECT_GT(sms_far.at(device) - t, 0.021 + 1e-6) << "device " << device;
    EXPECT_LT(sms_far.at(device) - t, 0.021 + 30e-6) << "device " << device;
  }
  // Each ES3 call crosses dp-fra - fra - core - sr-bj (175 ms) and its
  // answer back: the seven of a download with enable (GetEIS, CreateISDP,
  // three SendData, ProfileDownloadCompleted, EnableProfile) add 2.45 s at
  // least, the SM-SR's SMS more.
  const auto done_near = first_of(near, twinsim::smdp_event_kind(SmDpEvent::Done));
  const auto done_far = first_of(far, twinsim::smdp_event_kind(SmDpEvent::Done));
  ASSERT_EQ(done_near.size(), 4u);
  for (const auto& [device, t] : done_near) {
    SCOPED_TRACE(device);
    EXPECT_GE(done_far.at(device) - t, 2.45);
    EXPECT_LT(done_far.at(device) - t, 5);  // 2.94 s when written
  }
  // On the links (platform_links.hpp): the seven ES3 calls of each
  // download and their answers, 2000 B each, the SendData calls with the
  // package's segments besides (partner-eu.der, 1 373 B, protected), and
  // the SM-SRs' SMPP.
  EXPECT_EQ(near.metrics.at("platform_links.messages"), 0);
  EXPECT_GE(far.metrics.at("platform_links.messages"), 4 * 7 * 2);
  EXPECT_GE(far.metrics.at("platform_links.bytes"), 4 * (7 * 2 * 2000 + 1373));
}

TEST(PlatformLatencyRuns, TheSmSrChangesEs7CallsCrossTheRouteBetweenTheSmSrs) {
  const Outcome near = run(importers(4, false, kHandOver), "change-near");
  const Outcome far = run(importers(4, true, kHandOver), "change-far");
  for (const Outcome* r : {&near, &far}) {
    EXPECT_EQ(r->metrics.at("smsr.changes_done"), 4);
    EXPECT_EQ(r->metrics.at("smsr.changes_failed"), 0);
  }
  // Two ES7 SendData (AuthenticateSMSR, CreateAdditionalKeySet) from
  // Frankfurt to China Mobile's SM-SR and their answers: 4 x 174 ms at
  // least, with each of their SMS 21 ms later to the SMSC.
  const std::uint8_t done = twinsim::smsr_event_kind(SmSrEvent::Done);
  const auto t_near = first_of(near, done);
  const auto t_far = first_of(far, done);
  ASSERT_EQ(t_near.size(), 4u);
  for (const auto& [device, t] : t_near) {
    SCOPED_TRACE(device);
    EXPECT_GE(t_far.at(device) - t, 4 * 0.174);
    EXPECT_LT(t_far.at(device) - t, 5);  // 1.421 s when written
  }
}

TEST(PlatformLatencyRuns, TheEs7CallsAndAnswersCrossTheLinksBetweenTheSmSrs) {
  // A direct link of 150 ms between the two SM-SRs, the way of their ES7
  // calls only (174 ms through the core; their SMS go to the SMSC through
  // the core, 155 ms from Frankfurt against 171 ms over it): at 20 kB/s
  // each of the two calls of a change and their answers (report_size,
  // 2000 B, and the call's script) take 0.1 s more at least
  // (platform_links.hpp).
  auto with_direct = [](const std::string& bandwidth) {
    std::string text = importers(4, true, kHandOver).text;
    text.replace(text.find("    links:\n"), 11,
                 "    links:\n      - {name: sr-sr, from: sr-bj, to: sr-fra, latency: 150ms" + bandwidth + "}\n");
    return twinsim::parse_scenario(text, "platform-latency-direct.yaml");
  };
  const twinsim::PlatformRoutes routes(with_direct(""));
  ASSERT_NEAR(routes.sm_sr_sm_sr_s(0, 1), 0.150, 1e-12);
  ASSERT_NEAR(routes.sm_sr_smsc_s(1), 0.155, 1e-12);  // sr-fra - fra - core - hss, not over sr-sr
  const Outcome wide = run(with_direct(""), "es7-wide");
  const Outcome narrow = run(with_direct(", bandwidth: 20kBps"), "es7-narrow");
  for (const Outcome* r : {&wide, &narrow}) EXPECT_EQ(r->metrics.at("smsr.changes_done"), 4);
  const std::uint8_t done = twinsim::smsr_event_kind(SmSrEvent::Done);
  const auto t_wide = first_of(wide, done);
  const auto t_narrow = first_of(narrow, done);
  ASSERT_EQ(t_wide.size(), 4u);
  for (const auto& [device, t] : t_wide) {
    SCOPED_TRACE(device);
    EXPECT_GE(t_narrow.at(device) - t, 4 * 0.1);
    EXPECT_LT(t_narrow.at(device) - t, 10);
  }
}

}  // namespace test_platform_latency_runs
