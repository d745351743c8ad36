// The cards' usage records cross the route to OneLink's node
// (platforms.onelink.node; onelink_usage_records.cpp, platform_routes.hpp):
// a data record from the MME of the device's access node, an MO SMS record
// from the SMSC, each taken by OneLink the route's latency after the card
// used it and counted in the billing period it was used in; without a node
// at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace test_onelink_usage_routes {

using namespace twinsim::testing;
using twinsim::EventKind;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// One NB-IoT meter on a RAN site 2 ms from the core, the HSS (and so the
// SMSC, without a node of its own) 1 ms from it, OneLink 188 ms from it
// with `at_node`: 190 ms from the MME, 189 ms from the SMSC. Each activity
// moves 1 kB and sends one MO SMS; OneLink alerts at 2 kB and at 2 SMS per
// card and billing period (`billing`).
twinsim::Scenario meter(bool at_node, const std::string& billing = "1d") {
  const std::string text =
      "general: {name: onelink-usage-routes, seed: 43, stop: 3h}\n"
      "populations:\n"
      "  - {name: meters, count: 1, device_model: modem, modem: nb-iot, profile: " + kProfile +
      ", connected: 10s, start: {profile: at-once, at: 5s}, activity: {period: 30min}, activity_data: 1kB, "
      "activity_sms: 1}\n"
      "engine: {multiplexers: 1}\n"
      "platforms:\n"
      "  onelink: {populations: [meters], data_alert: 2kB, sms_alert: 2, billing_period: " + billing +
      (at_node ? ", node: ol" : "") + "}\n"
      "network:\n"
      "  topology:\n"
      "    nodes:\n"
      "      - {name: ran, kind: ran_mme}\n"
      "      - {name: core, kind: core_router}\n"
      "      - {name: hss, kind: hss}\n"
      "      - {name: ol, kind: platform}\n"
      "    links:\n"
      "      - {name: ran-core, from: ran, to: core, latency: 2ms}\n"
      "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
      "      - {name: core-ol, from: core, to: ol, latency: 188ms}\n";
  return twinsim::parse_scenario(text, "onelink-usage-routes.yaml");
}

std::vector<double> times(const Outcome& r, std::uint8_t kind) {
  std::vector<double> t;
  for (const Row& e : r.events) {
    if (e.kind == kind) t.push_back(e.t);
  }
  return t;
}

TEST(OneLinkUsageRoutes, TheSmscToOneLinkLatencyIsTheRoutes) {
  EXPECT_NEAR(twinsim::PlatformRoutes(meter(true)).smsc_onelink_s(), 0.189, 1e-12);
  EXPECT_EQ(twinsim::PlatformRoutes(meter(false)).smsc_onelink_s(), 0);
}

// OneLinkRun alone: a record of data used at 100 s, 190 ms from OneLink,
// is counted at 100.19 s in the period of 100 s (periods of 100.1 s: the
// next one when it arrives); an MO SMS's likewise; without latency at once.
TEST(OneLinkUsageRoutes, OneLinkCountsTheRecordWhenItArrivesInThePeriodItWasUsedIn) {
  const twinsim::Scenario s = meter(true, "100100ms");
  const std::vector<std::uint32_t> first = {0};
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "onelink-usage-routes.h5";
  twinsim::RunFile out(path.string(), twinsim::RunMetadata{}, twinsim::event_kind_names());
  twinsim::OneLinkRun onelink(s, first, 1);
  const std::string iccid = onelink.model().account("meters")->cards.at(0);
  const twinsim::SimTime used = twinsim::to_simtime(100), latency = twinsim::to_simtime(0.190);
  onelink.report_activity(0, 0, used, latency, out);
  onelink.report_mo_sms(0, 0, used, latency, out);
  EXPECT_EQ(onelink.next_wakeup(), used + latency);
  onelink.poll(used + latency - 1, out);
  EXPECT_EQ(onelink.counters().data_bytes, 0u);
  EXPECT_EQ(onelink.counters().sms_mo, 0u);
  EXPECT_EQ(onelink.model().card_usage(iccid, 0).data_bytes, 0u);
  onelink.poll(used + latency, out);
  EXPECT_EQ(onelink.counters().data_bytes, 1000u);
  EXPECT_EQ(onelink.counters().sms_mo, 1u);
  EXPECT_EQ(onelink.model().card_usage(iccid, 0).data_bytes, 1000u);
  EXPECT_EQ(onelink.model().card_usage(iccid, 0).sms_count, 1u);
  EXPECT_EQ(onelink.model().card_usage(iccid, 1).data_bytes, 0u);
  EXPECT_EQ(onelink.next_wakeup(), twinmodels::kNever);
  // Without a node: at once.
  const twinsim::Scenario without_node = meter(false, "100100ms");  // the run keeps a reference to it
  twinsim::OneLinkRun near(without_node, first, 1);
  near.report_activity(0, 0, used, 0, out);
  near.report_mo_sms(0, 0, used, 0, out);
  EXPECT_EQ(near.next_wakeup(), twinmodels::kNever);
  EXPECT_EQ(near.counters().data_bytes, 1000u);
  EXPECT_EQ(near.counters().sms_mo, 1u);
}

// A run: the meter's second activity raises the data and the SMS alerts,
// OneLink 190 ms from the MME and 189 ms from the SMSC raises them those
// latencies later; the devices' rows are the same.
TEST(OneLinkUsageRoutes, TheAlertsComeTheRoutesLatencyLater) {
  const Outcome near = run(meter(false), "onelink-usage-near");
  const Outcome far = run(meter(true), "onelink-usage-far");
  const std::vector<double> data_near = times(near, twinsim::onelink_usage_alert_kind());
  const std::vector<double> data_far = times(far, twinsim::onelink_usage_alert_kind());
  const std::vector<double> sms_near = times(near, twinsim::onelink_sms_alert_kind());
  const std::vector<double> sms_far = times(far, twinsim::onelink_sms_alert_kind());
  ASSERT_EQ(data_near.size(), 1u);
  ASSERT_EQ(data_far.size(), 1u);
  ASSERT_EQ(sms_near.size(), 1u);
  ASSERT_EQ(sms_far.size(), 1u);
  EXPECT_NEAR(data_far[0] - data_near[0], 0.190, 1e-6);
  EXPECT_NEAR(sms_far[0] - sms_near[0], 0.189, 1e-6);
  // The SMS alert is at the second SMS the SMSC took.
  const std::vector<double> sms = times(near, twinsim::sms_mo_kind());
  ASSERT_GE(sms.size(), 2u);
  EXPECT_NEAR(sms_near[0], sms[1], 1e-3);
  const std::vector<double> c_near = times(near, static_cast<std::uint8_t>(EventKind::Connected));
  EXPECT_EQ(c_near, times(far, static_cast<std::uint8_t>(EventKind::Connected)));
  EXPECT_EQ(near.metrics.at("onelink.data_bytes"), far.metrics.at("onelink.data_bytes"));
  EXPECT_EQ(near.metrics.at("onelink.sms_mo"), far.metrics.at("onelink.sms_mo"));
  EXPECT_GT(far.metrics.at("onelink.sms_mo"), 0);
}

}  // namespace test_onelink_usage_routes
