// The platforms' messages on the SimGrid links of their routes in engine
// runs (twinsim/engine/platform_links.hpp): the write module's SMPP with
// the SMSC and its reports of its OTA writes to chip management, behind a
// link wide or narrow. A report takes its route's latency and its transfer,
// longer on a narrow link; the outcomes stay the same; the run is the same
// each time.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "renumbered_meters.hpp"
#include "run_in_child.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_platform_links_runs {

using namespace twinsim::testing;

// The time chip management recorded each device's OTA write.
std::map<std::uint32_t, double> ota_written_at(const Outcome& r) {
  std::map<std::uint32_t, double> out;
  for (const twinsim::ChipAuditRow& a : r.chip_audit) {
    if (a.action == "OtaWrite") out[a.device] = a.t;
  }
  return out;
}

TEST(PlatformLinksRuns, AMultiplexersMessageLeavesAtTheSmscActorsNextPass) {
  // scenarios/ota-campaign-100k.yaml at 600 meters, OneLink following them
  // 30 ms from the core (32 ms from the MMEs) behind 1 GB/s: every event
  // an MME sees crosses the links (bench/onelink_links_runs.sh). A
  // multiplexer's message leaves at the SMSC actor's pass after the
  // multiplexer's wake-up (on its 10 ms batch-window grid): none is on its
  // way longer than 32 ms + 10 ms and its transfer. One sent while the SMSC
  // actor had let others run (starting a courier) waited for its next
  // wake-up until it checked for them (73 ms).
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/scenarios/ota-campaign-100k.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  s.replace(s.find("count: 100000\n"), 14, "count: 600\n    profile: " ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof\n");
  s.replace(s.find("network:\n"), 9,
            "network:\n"
            "  topology:\n"
            "    nodes:\n"
            "      - {name: ran-a, kind: ran_mme}\n"
            "      - {name: ran-b, kind: ran_mme}\n"
            "      - {name: core, kind: core_router}\n"
            "      - {name: hss, kind: hss}\n"
            "      - {name: ol, kind: platform}\n"
            "    links:\n"
            "      - {name: a-core, from: ran-a, to: core, latency: 2ms}\n"
            "      - {name: b-core, from: ran-b, to: core, latency: 2ms}\n"
            "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
            "      - {name: core-ol, from: core, to: ol, latency: 30ms, bandwidth: 1GBps}\n");
  const std::string module = "submit_rate: 2000, burst: 200}\n";
  s.replace(s.find(module), module.size(), module + "  onelink: {populations: [meters], node: ol}\n");
  const Outcome r = run(twinsim::parse_scenario(s, ESIMTWIN_SOURCE_DIR "/scenarios/ota-campaign-600-onelink.yaml"),
                        "links-multiplexers");
  EXPECT_EQ(r.metrics.at("ota.done"), 600);
  EXPECT_GE(r.metrics.at("platform_links.messages"), 6 * 600);  // its attaches, PSM entries, ...
  EXPECT_LT(r.metrics.at("platform_links.longest_s"), 0.032 + 0.010 + 0.001);
}

TEST(PlatformLinksRuns, TheWriteModulesReportsCrossTheirLinksToChipManagement) {
  const Outcome near = run(renumbered_meters(20, false), "links-near");
  const Outcome wide = run(renumbered_meters(20, true), "links-wide");
  // 2000 B at 2 kB/s: a second on core-cm alone.
  const Outcome narrow = run(renumbered_meters(20, true, "2kBps"), "links-narrow");
  for (const Outcome* r : {&near, &wide, &narrow}) {
    EXPECT_EQ(r->metrics.at("ota.done"), 20);
    EXPECT_EQ(r->metrics.at("chip.ota_written"), 20);
    EXPECT_EQ(r->metrics.at("chip.failed"), 0);
  }
  // Without nodes nothing crosses a link.
  EXPECT_EQ(near.metrics.at("platform_links.messages"), 0);
  EXPECT_EQ(near.metrics.at("platform_links.batches"), 0);
  EXPECT_EQ(near.metrics.at("platform_links.longest_s"), 0);
  // Each order's packet, its PoR and the SMSC's final report (SMPP, 240 B
  // each) and the write's report to chip management (2000 B).
  for (const Outcome* r : {&wide, &narrow}) {
    EXPECT_EQ(r->metrics.at("platform_links.messages"), 80);
    EXPECT_EQ(r->metrics.at("platform_links.bytes"), 60 * 240 + 20 * 2000);
    EXPECT_GE(r->metrics.at("platform_links.batches"), 4);
    EXPECT_LE(r->metrics.at("platform_links.batches"), 80);
  }
  // 70 ms and 2000 B at 100 MB/s (20 us) when the route is idle, a few
  // reports in one batch a few tens of microseconds more.
  EXPECT_GT(wide.metrics.at("platform_links.longest_s"), 0.070020 - 1e-6);
  EXPECT_LT(wide.metrics.at("platform_links.longest_s"), 0.070200);
  // At least 70 ms and a second on the narrow link.
  EXPECT_GE(narrow.metrics.at("platform_links.longest_s"), 1.070 - 1e-6);
  // Chip management records each write at least a second later than over
  // the wide link (the transfer), the writes themselves at the same times.
  const auto at_wide = ota_written_at(wide);
  const auto at_narrow = ota_written_at(narrow);
  ASSERT_EQ(at_wide.size(), 20u);
  ASSERT_EQ(at_narrow.size(), 20u);
  for (const auto& [device, t] : at_wide) EXPECT_GE(at_narrow.at(device) - t, 1.0 - 1e-3) << "device " << device;
  EXPECT_EQ(wide.metrics.at("ota.last_done_s"), narrow.metrics.at("ota.last_done_s"));
}

TEST(PlatformLinksRuns, ReportsSharingANarrowLinkWaitForEachOther) {
  // Twenty writes a minute apart in tens: the reports of writes done
  // within a few seconds share core-cm at 200 B/s (10 s each alone).
  const Outcome r = run(renumbered_meters(20, true, "200Bps"), "links-shared");
  EXPECT_EQ(r.metrics.at("chip.ota_written"), 20);
  EXPECT_EQ(r.metrics.at("platform_links.messages"), 80);
  EXPECT_GT(r.metrics.at("platform_links.longest_s"), 10.070 + 1e-3);
}

TEST(PlatformLinksRuns, ALinkDegradedByAFaultSlowsTheReportsAcrossIt) {
  // core-cm at 200 B/s from 10 min to 40 min (a `degrade` fault, applied
  // to the SimGrid link): each report 10 s on it alone, where 100 MB/s
  // takes 20 us.
  const Outcome r = run(renumbered_meters(20, true, "", "faults:\n  - {at: 10min, target: 'link:core-cm', action: degrade, "
                                                        "bandwidth: 200Bps, for: 30min}\n"),
                        "links-degraded");
  EXPECT_EQ(r.metrics.at("chip.ota_written"), 20);
  EXPECT_GT(r.metrics.at("platform_links.longest_s"), 10.070 - 1e-3);
}

TEST(PlatformLinksRuns, ARunWithReportsOnTheLinksIsTheSameEachTime) {
  const Outcome a = run(renumbered_meters(20, true, "2kBps"), "links-same-a");
  const Outcome b = run(renumbered_meters(20, true, "2kBps"), "links-same-b");
  expect_same_outcome(a, b);
  ASSERT_EQ(a.chip_audit.size(), b.chip_audit.size());
  for (std::size_t i = 0; i < a.chip_audit.size(); ++i) {
    EXPECT_EQ(a.chip_audit[i].t, b.chip_audit[i].t);
    EXPECT_EQ(a.chip_audit[i].device, b.chip_audit[i].device);
    EXPECT_EQ(a.chip_audit[i].action, b.chip_audit[i].action);
  }
}

}  // namespace test_platform_links_runs
