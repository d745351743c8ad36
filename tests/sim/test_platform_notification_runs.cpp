// The platforms' notifications in engine runs (GSMA SGP.02 §5.1.3; ES4
// §5.5, ES3 §5.4, ES2 §5.3.8-§5.3.11; sim/twinsim/engine/sm_sr_notices.cpp,
// sm_dp_notices.cpp): the SM-SR tells the owner of a profile whose state
// changed — not the MNO that asked, which has the result —, over ES4 when
// the profile came with the card, through the SM-DP that installed it
// otherwise (ES3, then the SM-DP's ES2 notification to the MNO, after the
// route between the two); the new SM-SR of a change tells every owner
// (HandleSMSRChangeNotification). Each is counted and in the platform log
// at the time it was sent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

#include "euicc_run_scenarios.hpp"
#include "run_in_child.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinsim/engine/engine.hpp"

namespace test_platform_notification_runs {

using namespace twinsim::testing;
namespace pf = twinmodels::platform;

// `count` importers (China Mobile's profile enabled, the German one to be
// downloaded) with China Mobile's SM-SR, the German SM-SR and SM-DP; with
// `far`, each at its node.
twinsim::Scenario importers(int count, bool far, const std::string& campaigns) {
  const std::string text =
      "general: {name: platform-notifications, seed: 41, stop: 50min}\npopulations:\n" + importers_population(count) +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms" +
      std::string(far ? ", node: sr-bj" : "") + "}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms" +
      std::string(far ? ", node: sr-fra" : "") + "}\n"
      "  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms" + std::string(far ? ", node: dp-fra" : "") + "}\n" +
      kBeijingFrankfurt + "campaigns:\n" + campaigns;
  return twinsim::parse_scenario(text, "platform-notifications.yaml");
}

std::string log_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("esimtwin-notif-" + name + "-" + std::to_string(getpid()) + ".jsonl"))
      .string();
}

// The notifications of the platform log at `path`, which it removes.
std::vector<std::pair<std::int64_t, pf::PlatformNotification>> notifications_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::pair<std::int64_t, pf::PlatformNotification>> out;
  for (pf::TraceEntry& e : pf::read_trace(in)) {
    if (auto* n = std::get_if<pf::PlatformNotification>(&e.message)) out.emplace_back(e.time_ms, std::move(*n));
  }
  std::filesystem::remove(path);
  return out;
}

// One line per notification, for a failure's message.
std::string listed(const std::vector<std::pair<std::int64_t, pf::PlatformNotification>>& ns) {
  std::string out;
  for (const auto& [t, n] : ns) out += std::to_string(t) + " " + pf::notification_name(n) + " " + n.from + " -> " + n.to + " " + n.eid + " " + n.iccid + "\n";
  return out;
}

std::size_t count_named(const std::vector<std::pair<std::int64_t, pf::PlatformNotification>>& ns, const std::string& name,
                        const std::string& to) {
  std::size_t n = 0;
  for (const auto& [t, x] : ns) n += pf::notification_name(x) == name && x.to == to;
  return n;
}

const std::string kDownload =
    "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
    "batch_size: 10, batch_interval: 1min}\n";
// China Mobile takes the trackers back: the German profile is disabled.
const std::string kBack =
    "  - {name: back, kind: enable-profile, population: importers, profile: CMCC, at: 25min, "
    "batch_size: 10, batch_interval: 1min}\n";

TEST(PlatformNotificationRuns, ASwitchTellsTheOtherProfilesOwnerOverEs4) {
  // The SM-SR's own campaigns: the German operator switches its trackers to
  // its profile, then back (the fall-back, China Mobile's, takes over).
  const std::string log = log_path("es4");
  const Outcome r = run(twinsim::parse_scenario(
                            "general: {name: notif-es4, seed: 43, stop: 50min}\npopulations:\n" +
                                trackers_population(6, "10min", "20min") +
                                "engine: {multiplexers: 2}\nplatforms:\n  sm_sr: {workers: 4, service_time: 50ms}\n"
                                "campaigns:\n" + switch_trackers_campaign() +
                                "  - {name: home, kind: disable-profile, population: trackers, profile: DE-MNO, at: 25min}\n",
                            "notif-es4.yaml"),
                        "notif-es4", log);
  const auto& m = r.metrics;
  EXPECT_EQ(m.at("smsr.done"), 12);
  // Per tracker: China Mobile hears its profile was disabled, then enabled
  // again; the German operator asked both times and hears nothing.
  EXPECT_EQ(m.at("notifications.es4"), 12);
  EXPECT_EQ(m.at("notifications.es3"), 0);
  EXPECT_EQ(m.at("notifications.es2"), 0);
  const auto ns = notifications_of(log);
  ASSERT_EQ(ns.size(), 12u);
  EXPECT_EQ(count_named(ns, "ES4.HandleProfileDisabledNotification", "CMCC"), 6u);
  EXPECT_EQ(count_named(ns, "ES4.HandleProfileEnabledNotification", "CMCC"), 6u);
  for (const auto& [t, n] : ns) {
    EXPECT_EQ(n.from, "SM-SR");
    EXPECT_EQ(n.iccid.substr(0, 6), "898690");  // China Mobile's, the first profile's ICCID
    // The CompletionTimestamp: the SMSC's calendar (2026-01-01) plus the run's time.
    ASSERT_TRUE(n.completion_ms);
    EXPECT_EQ(*n.completion_ms, 1'767'225'600'000 + t);
  }
}

TEST(PlatformNotificationRuns, ADownloadedProfilesOwnerHearsThroughTheSmDpAfterTheRoute) {
  const std::string near_log = log_path("near"), far_log = log_path("far");
  const Outcome near = run(importers(4, false, kDownload + kBack), "notif-near", near_log);
  const Outcome far = run(importers(4, true, kDownload + kBack), "notif-far", far_log);
  for (const Outcome* r : {&near, &far}) {
    EXPECT_EQ(r->metrics.at("smdp.done"), 4);
    EXPECT_EQ(r->metrics.at("smsr.done"), 4);
    // The download enables the German profile (China Mobile told over ES4);
    // China Mobile's switch back disables it: the SM-DP that installed it
    // is told (ES3) and tells the German operator (ES2).
    EXPECT_EQ(r->metrics.at("notifications.es4"), 4);
    EXPECT_EQ(r->metrics.at("notifications.es3"), 4);
    EXPECT_EQ(r->metrics.at("notifications.es2"), 4);
    EXPECT_EQ(r->metrics.at("notifications.refused"), 0);
  }
  for (const auto& [path, latency_ms] : {std::pair{near_log, 0}, std::pair{far_log, 175}}) {
    SCOPED_TRACE(path);
    const auto ns = notifications_of(path);
    ASSERT_EQ(ns.size(), 12u) << listed(ns);
    EXPECT_EQ(count_named(ns, "ES4.HandleProfileDisabledNotification", "CMCC"), 4u);
    EXPECT_EQ(count_named(ns, "ES3.HandleProfileDisabledNotification", "SM-DP-DE"), 4u);
    EXPECT_EQ(count_named(ns, "ES2.HandleProfileDisabledNotification", "DE-MNO"), 4u);
    // Each ES2 one leaves the SM-DP when the SM-SR's ES3 one reaches it.
    std::map<std::string, std::int64_t> es3_sent;
    for (const auto& [t, n] : ns) {
      if (n.interface == "ES3") es3_sent[n.eid] = t;
    }
    for (const auto& [t, n] : ns) {
      if (n.interface != "ES2") continue;
      EXPECT_EQ(n.from, "SM-DP-DE");
      EXPECT_EQ(n.iccid.substr(0, 6), "898691");  // the German profile's (the second)
      ASSERT_TRUE(es3_sent.count(n.eid)) << n.eid;
      EXPECT_EQ(t - es3_sent.at(n.eid), latency_ms) << n.eid;
      // The eUICC's change, not its news's arrival.
      EXPECT_EQ(*n.completion_ms, 1'767'225'600'000 + es3_sent.at(n.eid));
    }
  }
}

TEST(PlatformNotificationRuns, TheFallBackEnabledIsToldThroughTheSmDpAfterTheRoute) {
  // The German profile downloaded and enabled, China Mobile's back, the
  // German one made the fall-back, then China Mobile's disabled: the eUICC
  // enables the fall-back, whose owner hears of it through the SM-DP.
  const std::string log = log_path("fallback");
  twinsim::Scenario sc = importers(
      4, true,
      kDownload + kBack +
          "  - {name: fallback, kind: set-fallback, population: importers, profile: DE-MNO, at: 45min}\n"
          "  - {name: off, kind: disable-profile, population: importers, profile: CMCC, at: 65min}\n");
  sc.general.stop_s = 100 * 60;
  const Outcome r = run(sc, "notif-fallback", log);
  EXPECT_EQ(r.metrics.at("smsr.done"), 12);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 8);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 8);
  const auto ns = notifications_of(log);
  EXPECT_EQ(count_named(ns, "ES3.HandleProfileEnabledNotification", "SM-DP-DE"), 4u) << listed(ns);
  EXPECT_EQ(count_named(ns, "ES2.HandleProfileEnabledNotification", "DE-MNO"), 4u) << listed(ns);
  std::map<std::string, std::int64_t> es3_sent;
  for (const auto& [t, n] : ns) {
    if (pf::notification_name(n) == "ES3.HandleProfileEnabledNotification") es3_sent[n.eid] = t;
  }
  for (const auto& [t, n] : ns) {
    if (pf::notification_name(n) != "ES2.HandleProfileEnabledNotification") continue;
    ASSERT_TRUE(es3_sent.count(n.eid)) << n.eid;
    EXPECT_EQ(t - es3_sent.at(n.eid), 175) << n.eid;  // dp-fra - fra - core - sr-bj
  }
}

TEST(PlatformNotificationRuns, TheNewSmSrOfAChangeTellsTheOwners) {
  const std::string log = log_path("change");
  const Outcome r = run(importers(4, true,
                                  "  - {name: hand-over, kind: smsr-change, population: importers, to: SM-SR-DE, at: 5min, "
                                  "batch_size: 10, batch_interval: 1min}\n"),
                        "notif-change", log);
  EXPECT_EQ(r.metrics.at("smsr.changes_done"), 4);
  // China Mobile's profile came with the card: over ES4 to China Mobile.
  EXPECT_EQ(r.metrics.at("notifications.es4"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 0);
  const auto ns = notifications_of(log);
  ASSERT_EQ(ns.size(), 4u);
  for (const auto& [t, n] : ns) {
    EXPECT_EQ(pf::notification_name(n), "ES4.HandleSMSRChangeNotification");
    EXPECT_EQ(n.from, "SM-SR-DE");
    EXPECT_EQ(n.to, "CMCC");
    ASSERT_TRUE(n.eis);
    EXPECT_EQ(n.eis->eid, n.eid);
    ASSERT_EQ(n.eis->profiles.size(), 1u);  // China Mobile's only
    EXPECT_EQ(n.eis->profiles[0].mno_id, "CMCC");
  }
}

TEST(PlatformNotificationRuns, AnEs3NotificationCrossesTheLinksOfItsRoute) {
  // The German SM-DP behind a 20 kB/s link: the SM-SR's ES3 notification
  // (report_size, 2000 B) takes the route's 175 ms and 100 ms on that link
  // at least (platform_links.hpp), more when the four share it.
  const std::string log = log_path("narrow");
  twinsim::Scenario sc = importers(4, true, kDownload + kBack);
  const std::string link = "{name: fra-dp, from: fra, to: dp-fra, latency: 5ms}";
  std::string text = sc.text;
  const std::size_t at = text.find(link);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, link.size(), "{name: fra-dp, from: fra, to: dp-fra, latency: 5ms, bandwidth: 20kBps}");
  const Outcome r = run(twinsim::parse_scenario(text, "notif-narrow.yaml"), "notif-narrow", log);
  EXPECT_EQ(r.metrics.at("smdp.done"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es3"), 4);
  EXPECT_EQ(r.metrics.at("notifications.es2"), 4);
  const auto ns = notifications_of(log);
  std::map<std::string, std::int64_t> es3_sent;
  for (const auto& [t, n] : ns) {
    if (n.interface == "ES3") es3_sent[n.eid] = t;
  }
  ASSERT_EQ(es3_sent.size(), 4u) << listed(ns);
  for (const auto& [t, n] : ns) {
    if (n.interface != "ES2") continue;
    ASSERT_TRUE(es3_sent.count(n.eid)) << n.eid;
    EXPECT_GE(t - es3_sent.at(n.eid), 175 + 100) << n.eid;
    EXPECT_LE(t - es3_sent.at(n.eid), 175 + 4 * 100 + 50) << n.eid;
  }
}

TEST(PlatformNotificationRuns, RunsWithNotificationsRepeatThemselves) {
  const Outcome a = run(importers(4, true, kDownload + kBack), "notif-repeat-a");
  expect_same_outcome(a, run(importers(4, true, kDownload + kBack), "notif-repeat-b"));
}

}  // namespace test_platform_notification_runs
