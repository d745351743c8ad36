// The write module, OneLink and chip management on their own network
// nodes in engine runs (platforms.write_module.node, platforms.onelink.node,
// platforms.chip_management.node; twinsim/scenario/platform_routes.hpp,
// docs/SCENARIOS.md "Platforms on the network"): the same runs with each
// platform far from its peers. The write module's packets reach the SMSC a
// route later and its PoRs come back as late; OneLink's requests reach the
// foreign platforms later and their answers come back later; the reports
// reach chip management later. The outcomes stay the same.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <tuple>

#include "euicc_run_scenarios.hpp"
#include "renumbered_meters.hpp"
#include "run_in_child.hpp"
#include "twinmodels/ota/write_module.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_platform_node_runs {

using namespace twinsim::testing;
using twinsim::EventKind;
using twinsim::SmDpEvent;

// Per device: the times of its first event of `kind`.
std::map<std::uint32_t, double> first_of(const Outcome& r, std::uint8_t kind) {
  std::map<std::uint32_t, double> out;
  for (const Row& e : r.events) {
    if (e.kind == kind) out.emplace(e.device, e.t);
  }
  return out;
}

TEST(PlatformNodeRuns, TheWriteModulesPacketsAndPoRsCrossItsRouteToTheSmsc) {
  const Outcome near = run(renumbered_meters(20, false), "write-near");
  const Outcome far = run(renumbered_meters(20, true), "write-far");
  for (const Outcome* r : {&near, &far}) {
    EXPECT_EQ(r->metrics.at("ota.done"), 20);
    EXPECT_EQ(r->metrics.at("chip.ota_written"), 20);
    EXPECT_EQ(r->metrics.at("chip.failed"), 0);
  }
  // The first packet of each order reaches the SMSC 41 ms later (wm-bj -
  // core - hss) and its SMPP PDU's transfer at 100 MB/s: 240 B in 2.4 us (2 us
  // in the run's microseconds),
  // a few PDUs leaving together a few microseconds more
  // (platform_links.hpp).
  auto one_way = [](double d) { return d > 0.041 + 1e-6 && d < 0.041 + 30e-6; };
  const auto sms_near = first_of(near, static_cast<std::uint8_t>(EventKind::SmsSubmitted));
  const auto sms_far = first_of(far, static_cast<std::uint8_t>(EventKind::SmsSubmitted));
  ASSERT_EQ(sms_near.size(), 20u);
  for (const auto& [device, t] : sms_near) EXPECT_TRUE(one_way(sms_far.at(device) - t)) << "device " << device;
  // The module learns the PoR the SMSC read one way after it: the write is
  // done then, at once without the node.
  const std::uint8_t done = twinsim::write_outcome_kind(static_cast<std::uint8_t>(twinmodels::ota::WriteOutcome::Kind::Done));
  for (const Outcome* r : {&near, &far}) {
    const auto por = first_of(*r, static_cast<std::uint8_t>(EventKind::OtaPor));
    const auto written = first_of(*r, done);
    ASSERT_EQ(written.size(), 20u);
    for (const auto& [device, t] : written) {
      if (r == &near) EXPECT_NEAR(t - por.at(device), 0, 1e-6) << "device " << device;
      else EXPECT_TRUE(one_way(t - por.at(device))) << "device " << device;
    }
  }
  // The meters take their packets when they wake (PSM), 41 ms later or
  // not: each write ends one way later, on the PoR's way back.
  const auto done_near = first_of(near, done);
  const auto done_far = first_of(far, done);
  for (const auto& [device, t] : done_near) EXPECT_TRUE(one_way(done_far.at(device) - t)) << "device " << device;
}

// A chip management run of renumbered_meters(): its audit entry of the
// OTA write of device 3, reported at 700 s with `latency` on the way
// (served by 760 s).
std::uint64_t ota_write_recorded_ms(bool far, twinsim::SimTime latency) {
  const twinsim::Scenario s = renumbered_meters(5, far);
  const std::vector<std::uint32_t> first = {0};
  twinsim::ChipManagementRun chips(s, first, [](std::uint32_t d) { return 1.0 + d; });
  chips.poll(twinsim::to_simtime(60));  // the activations
  chips.ota_written(twinsim::to_simtime(700), 0, 3, latency);
  // Each due step at its own time, as the SMSC actor polls: the report's
  // arrival, its service.
  for (int i = 0; i < 100 && chips.next_wakeup() <= twinsim::to_simtime(760); ++i) chips.poll(chips.next_wakeup());
  EXPECT_EQ(chips.counters().ota_written, 1u);
  const twinmodels::platform::Chip* chip = chips.registry().chip(twinsim::chip_id(3));
  EXPECT_NE(chip, nullptr);
  if (!chip) return 0;
  return chip->audit().back().at_ms;
}

TEST(PlatformNodeRuns, ChipManagementRecordsAReportWhenItArrives) {
  // 70 ms between the write module and chip management at their nodes.
  const twinsim::PlatformRoutes routes(renumbered_meters(5, true));
  ASSERT_NEAR(routes.chip_management_write_module_s(), 0.070, 1e-12);
  ASSERT_NEAR(routes.chip_management_hss_s(), 0.031, 1e-12);
  const std::uint64_t at_once = ota_write_recorded_ms(false, 0);
  const std::uint64_t later = ota_write_recorded_ms(true, twinsim::to_simtime(routes.chip_management_write_module_s()));
  EXPECT_EQ(later - at_once, 70u);
}

// renumbered_meters() with a suspension of the meters at 20 min and their
// resumption at 30 min.
twinsim::Scenario suspended_meters(bool far) {
  twinsim::Scenario s = renumbered_meters(5, far);
  for (const auto& [name, kind, at] : {std::tuple{"stop", twinsim::CampaignKind::ChipSuspend, 1200.0},
                                       std::tuple{"start", twinsim::CampaignKind::ChipResume, 1800.0}}) {
    twinsim::CampaignSpec c;
    c.name = name;
    c.kind = kind;
    c.population = 0;
    c.at_s = at;
    s.campaigns.push_back(c);
  }
  return s;
}

// Campaign `campaign` of suspended_meters() released for device 2 at `at`
// (s), served: its one block or lift.
twinsim::BarringChange step_of(twinsim::ChipManagementRun& chips, std::uint16_t campaign, double at) {
  chips.release(twinsim::to_simtime(at), campaign, 2);
  for (int i = 0; i < 100 && chips.next_wakeup() <= twinsim::to_simtime(at + 60); ++i) chips.poll(chips.next_wakeup());
  const std::vector<twinsim::BarringChange> changes = chips.take_barring();
  EXPECT_EQ(changes.size(), 1u);
  return changes.empty() ? twinsim::BarringChange{} : changes[0];
}

TEST(PlatformNodeRuns, TheHssBarsASuspendedSubscriberARouteAfterChipManagement) {
  for (const bool far : {false, true}) {
    SCOPED_TRACE(far);
    const twinsim::Scenario s = suspended_meters(far);
    const twinsim::SimTime latency = far ? twinsim::to_simtime(0.031) : 0;  // cm-bj - core - hss
    const std::vector<std::uint32_t> first = {0};
    twinsim::ChipManagementRun chips(s, first, [](std::uint32_t d) { return 1.0 + d; });
    chips.poll(twinsim::to_simtime(60));
    for (const auto& [campaign, at] : {std::pair{std::uint16_t{1}, 1200.0}, std::pair{std::uint16_t{2}, 1800.0}}) {
      const twinsim::BarringChange change = step_of(chips, campaign, at);
      const twinsim::SimTime step = change.at;
      const bool blocked = change.blocked;
      EXPECT_EQ(blocked, campaign == 1);
      EXPECT_EQ(chips.barred(2), blocked);  // the registry at once
      // The HSS until the change reaches it, and from then on.
      if (latency > 0) {
        EXPECT_EQ(chips.barred_at_hss(2, step + latency - 1), !blocked);
      }
      EXPECT_EQ(chips.barred_at_hss(2, step + latency), blocked);
      EXPECT_FALSE(chips.barred_at_hss(3, step));
    }
  }
}

TEST(PlatformNodeRuns, OnTheLinksTheHssBarsTheSubscriberWhenTheBlockArrives) {
  // hss_on_links(): the change's arrival is the links' (hss_heard()), not
  // a known latency after the step.
  const twinsim::Scenario s = suspended_meters(true);
  const std::vector<std::uint32_t> first = {0};
  twinsim::ChipManagementRun chips(s, first, [](std::uint32_t d) { return 1.0 + d; });
  chips.hss_on_links();
  chips.poll(twinsim::to_simtime(60));
  for (const auto& [campaign, at] : {std::pair{std::uint16_t{1}, 1200.0}, std::pair{std::uint16_t{2}, 1800.0}}) {
    const twinsim::BarringChange change = step_of(chips, campaign, at);
    const bool blocked = campaign == 1;
    EXPECT_TRUE(change.moves_view);
    EXPECT_FALSE(change.hss_only);
    // On its way: the HSS's view stays as it was, however late.
    const twinsim::SimTime step = change.at;
    EXPECT_EQ(chips.barred_at_hss(2, step + twinsim::to_simtime(3600)), !blocked);
    // It arrives 5 s after the step.
    const twinsim::SimTime arrival = step + twinsim::to_simtime(5);
    chips.hss_heard(2, arrival);
    EXPECT_EQ(chips.barred_at_hss(2, arrival - 1), !blocked);
    EXPECT_EQ(chips.barred_at_hss(2, arrival), blocked);
    // Another device's arrival changes nothing of it.
    chips.hss_heard(3, step);
    EXPECT_FALSE(chips.barred_at_hss(3, step));
  }
}

// `count` importers with the German profile downloaded through OneLink
// (a campaign with `onelink: true`); with `far` OneLink and chip
// management in Beijing, 35 ms and 25 ms from the core, the SM-SRs and the
// SM-DP at their nodes (kBeijingFrankfurt): OneLink 185 ms from the
// German SM-DP. `ol_link` continues the map of OneLink's link to the core.
twinsim::Scenario downloads_through_onelink(int count, bool far, const std::string& ol_link = "") {
  std::string network = kBeijingFrankfurt;
  const std::string links = "    links:\n";
  network.insert(network.find(links), "      - {name: ol-bj, kind: platform}\n      - {name: cm-bj, kind: platform}\n");
  network += "      - {name: core-ol, from: core, to: ol-bj, latency: 35ms" + ol_link + "}\n"
             "      - {name: core-cm, from: core, to: cm-bj, latency: 25ms}\n";
  const std::string text =
      "general: {name: onelink-node-runs, seed: 17, stop: 40min}\npopulations:\n" + importers_population(count) +
      "engine: {multiplexers: 2}\n"
      "platforms:\n"
      "  sm_sr:\n"
      "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777', workers: 4, service_time: 50ms, node: sr-bj}\n"
      "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777', workers: 4, service_time: 50ms, node: sr-fra}\n"
      "  sm_dp: {id: SM-DP-DE, workers: 2, service_time: 200ms, node: dp-fra}\n"
      "  onelink: {populations: [importers]" + std::string(far ? ", node: ol-bj" : "") + "}\n"
      "  chip_management: {populations: [importers]" + std::string(far ? ", node: cm-bj" : "") + "}\n" +
      network +
      "campaigns:\n"
      "  - {name: german, kind: download-profile, population: importers, profile: DE-MNO, at: 5min, "
      "batch_size: 10, batch_interval: 1min, onelink: true}\n";
  return twinsim::parse_scenario(text, "onelink-node-runs.yaml");
}

TEST(PlatformNodeRuns, OneLinksRequestsCrossItsRouteToTheForeignPlatforms) {
  const twinsim::PlatformRoutes routes(downloads_through_onelink(4, true));
  ASSERT_NEAR(routes.onelink_sm_dp_s(0), 0.190, 1e-12);  // ol-bj - core - fra - dp-fra
  const Outcome near = run(downloads_through_onelink(4, false), "onelink-near");
  const Outcome far = run(downloads_through_onelink(4, true), "onelink-far");
  for (const Outcome* r : {&near, &far}) {
    EXPECT_EQ(r->metrics.at("smdp.done"), 4);
    EXPECT_EQ(r->metrics.at("onelink.requests_completed"), 4);
    EXPECT_EQ(r->metrics.at("onelink.requests_failed"), 0);
    EXPECT_EQ(r->metrics.at("chip.profiles_downloaded"), 4);
  }
  // Each order reaches the SM-DP 190 ms after OneLink sent it: the
  // SM-SR's first SMS for the device (its registration script, sent when
  // the SM-DP's first ES3 call is served) leaves 190 ms later.
  std::map<std::uint32_t, double> sms_near, sms_far;
  for (const auto& [r, out] : {std::pair{&near, &sms_near}, std::pair{&far, &sms_far}}) {
    for (const Row& e : r->events) {
      if (e.kind == static_cast<std::uint8_t>(EventKind::SmsSubmitted) && e.t >= 300) out->emplace(e.device, e.t);
    }
  }
  ASSERT_EQ(sms_near.size(), 4u);
  // On the links (platform_links.hpp): the four orders, 2000 B each, leave
  // in one batch, 80 us at 100 MB/s.
  for (const auto& [device, t] : sms_near) EXPECT_NEAR(sms_far.at(device) - t, 0.190 + 80e-6, 1e-6) << "device " << device;
  // The trackers take their SMS when they wake: the downloads end no
  // earlier, and OneLink has each answer 190 ms after the SM-DP sent it
  // (OneLinkTakesTheAnswerWhenItArrives).
  const auto done_near = first_of(near, twinsim::smdp_event_kind(SmDpEvent::Done));
  const auto done_far = first_of(far, twinsim::smdp_event_kind(SmDpEvent::Done));
  ASSERT_EQ(done_near.size(), 4u);
  for (const auto& [device, t] : done_near) EXPECT_GE(done_far.at(device), t) << "device " << device;
}

TEST(PlatformNodeRuns, OneLinksRequestsCrossTheLinksOfTheirRoute) {
  // OneLink behind a 20 kB/s link: its four orders (2000 B each, one batch)
  // reach the SM-DP 190 ms and 0.4 s later (platform_links.hpp).
  const Outcome near = run(downloads_through_onelink(4, false), "onelink-near");
  const Outcome narrow = run(downloads_through_onelink(4, true, ", bandwidth: 20kBps"), "onelink-narrow");
  EXPECT_EQ(narrow.metrics.at("onelink.requests_completed"), 4);
  std::map<std::uint32_t, double> sms_near, sms_narrow;
  for (const auto& [r, out] : {std::pair{&near, &sms_near}, std::pair{&narrow, &sms_narrow}}) {
    for (const Row& e : r->events) {
      if (e.kind == static_cast<std::uint8_t>(EventKind::SmsSubmitted) && e.t >= 300) out->emplace(e.device, e.t);
    }
  }
  ASSERT_EQ(sms_near.size(), 4u);
  for (const auto& [device, t] : sms_near) EXPECT_NEAR(sms_narrow.at(device) - t, 0.190 + 0.4, 1e-3) << "device " << device;
}

// A OneLinkRun of downloads_through_onelink(): device 1's request sent at
// 300 s, its order on its way, the SM-DP's answer at 310 s; the request's
// completion time in OneLink (ms).
std::int64_t completed_ms(bool far) {
  const twinsim::Scenario s = downloads_through_onelink(4, far);
  const std::vector<std::uint32_t> first = {0};
  twinsim::OneLinkRun onelink(s, first, 4);
  const twinsim::CampaignSpec& c = s.campaigns[0];
  const twinsim::SimTime sent = twinsim::to_simtime(300);
  EXPECT_TRUE(onelink.request(sent, c, 1));
  const twinsim::SimTime latency = twinsim::to_simtime(onelink.hop_to(c).latency_s);
  EXPECT_EQ(latency, far ? twinsim::to_simtime(0.190) : 0);
  if (latency > 0) {
    onelink.send_order(sent + latency, 0, 1);
    EXPECT_EQ(onelink.next_wakeup(), sent + latency);
    EXPECT_EQ(onelink.take_order(), (std::pair<std::uint16_t, std::uint32_t>{0, 1}));
  }
  onelink.answer(twinsim::to_simtime(310), 0, 1, twinmodels::platform::ExecutionStatus::Success, "", latency);
  // Not there before its time.
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "onelink-answer-rows.h5";
  twinsim::RunFile out(path.string(), twinsim::RunMetadata{}, twinsim::event_kind_names());
  onelink.poll(twinsim::to_simtime(310) + latency - 1, out);
  EXPECT_EQ(onelink.model().requests().at(0).status,
            latency > 0 ? twinmodels::platform::ForeignRequestStatus::Sent
                        : twinmodels::platform::ForeignRequestStatus::Completed);
  onelink.poll(twinsim::to_simtime(310) + latency, out);
  EXPECT_EQ(onelink.model().requests().at(0).status, twinmodels::platform::ForeignRequestStatus::Completed);
  return onelink.model().requests().at(0).done_ms.value_or(-1);
}

TEST(PlatformNodeRuns, OneLinkTakesTheAnswerWhenItArrives) {
  EXPECT_EQ(completed_ms(false), 310000);
  EXPECT_EQ(completed_ms(true), 310190);
}

// A customer's query (onelink-query) takes what reached OneLink by its
// time: a block from chip management arriving at the very moment of the
// query is part of the answer (the card Blocked).
TEST(PlatformNodeRuns, AQueryTakesWhatReachedOneLinkByItsTime) {
  const twinsim::Scenario s = downloads_through_onelink(4, true);
  const std::vector<std::uint32_t> first = {0};
  twinsim::OneLinkRun onelink(s, first, 4);
  const std::string path =
      (std::filesystem::temp_directory_path() / ("esimtwin-onelink-query-" + std::to_string(getpid()) + ".h5")).string();
  {
    twinsim::RunFile out(path, twinsim::RunMetadata{}, twinsim::event_kind_names());
    const twinsim::SimTime at = twinsim::to_simtime(600), latency = twinsim::to_simtime(0.060);
    onelink.barring(0, 1, true, at, latency);
    onelink.answer_query(at + latency, 0, {1}, "1", out);
    out.close(0, false);
  }
  const std::vector<Row> rows = read_events(path);
  std::filesystem::remove(path);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, twinsim::onelink_query_kind());
  EXPECT_EQ(rows[0].value, static_cast<std::int64_t>(twinmodels::platform::FaultReason::Blocked));
  EXPECT_EQ(onelink.counters().queries_offline, 1u);
}

}  // namespace test_platform_node_runs
