// The network's events about the cards OneLink follows cross the route
// from the MME of the device's access node to OneLink's node
// (platforms.onelink.node; onelink_network_events.cpp, platform_routes.hpp;
// docs/SCENARIOS.md "Platforms on the network"): OneLink takes each the
// route's latency after the network saw it, and without a node at once.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "scenario_errors.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/platform_routes.hpp"
#include "twinmodels/modem/modem_io.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"

namespace test_onelink_network_routes {

using namespace twinsim::testing;
using twinsim::EventKind;
namespace pf = twinmodels::platform;

const std::string kProfile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";

// One NB-IoT meter on a RAN site 2 ms from the core, OneLink 188 ms from
// the core (190 ms from the MME) with `at_node`; PSM one minute after each
// release, a periodic TAU 10 min after it. `campaigns`: the scenario's;
// `ol_link` continues the map of OneLink's link to the core.
twinsim::Scenario meter(bool at_node, const std::string& campaigns = "", const std::string& ol_link = "") {
  const std::string text =
      "general: {name: onelink-network-routes, seed: 41, stop: 16min}\n"
      "populations:\n"
      "  - {name: meters, count: 1, device_model: modem, modem: nb-iot, profile: " + kProfile +
      ", power_saving: {t3324: 1min, t3412: 10min}, connected: 10s, start: {profile: at-once, at: 5s}, "
      "activity: {period: 30min}}\n"
      "engine: {multiplexers: 1}\n"
      "platforms:\n"
      "  onelink: {populations: [meters]" + std::string(at_node ? ", node: ol" : "") + "}\n"
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
      "      - {name: core-ol, from: core, to: ol, latency: 188ms" + ol_link + "}\n" +
      (campaigns.empty() ? "" : "campaigns:\n" + campaigns);
  return twinsim::parse_scenario(text, "onelink-network-routes.yaml");
}

double first_time(const Outcome& r, std::uint8_t kind, std::int64_t value) {
  for (const Row& e : r.events) {
    if (e.kind == kind && e.value == value) return e.t;
  }
  ADD_FAILURE() << "no row of kind " << int{kind} << " with value " << value;
  return 0;
}

// The rows of the devices and the network, without OneLink's answers.
std::vector<Row> without_queries(const Outcome& r) {
  std::vector<Row> out;
  for (const Row& e : r.events) {
    // The query's answers and its request's row (the customer API's).
    if (e.kind != twinsim::onelink_query_kind() && e.kind != twinsim::onelink_query_request_kind()) out.push_back(e);
  }
  return out;
}

std::string query_at(const std::string& name, double t) {
  char line[160];
  std::snprintf(line, sizeof line, "  - {name: %s, kind: onelink-query, population: meters, at: %.6fs}\n", name.c_str(), t);
  return line;
}

TEST(OneLinkNetworkRoutes, TheMmeToOneLinkLatencyIsTheRoutes) {
  const twinsim::Scenario s = meter(true);
  const twinsim::PlatformRoutes routes(s);
  ASSERT_TRUE(s.network.topology);
  EXPECT_NEAR(routes.mme_onelink_s(s.network.topology->at("ran")), 0.190, 1e-12);
  // Nodes no followed population attaches through have none.
  EXPECT_EQ(routes.mme_onelink_s(s.network.topology->at("hss")), 0);
  EXPECT_EQ(twinsim::PlatformRoutes(meter(false)).mme_onelink_s(s.network.topology->at("ran")), 0);
}

// OneLinkRun alone: an event the network saw at 100 s reaches OneLink
// 190 ms later, stamped then; another at the same moment without latency
// is taken at once.
TEST(OneLinkNetworkRoutes, OneLinkTakesTheNetworksEventWhenItArrives) {
  const twinsim::Scenario s = meter(true);
  const std::vector<std::uint32_t> first = {0};
  twinsim::OneLinkRun onelink(s, first, 1);
  const std::string iccid = onelink.model().account("meters")->cards.at(0);
  const twinsim::SimTime sent = twinsim::to_simtime(100), latency = twinsim::to_simtime(0.190);
  pf::CardEvent e;
  e.kind = pf::CardEventKind::Registered;
  e.imsi = "460040000000000";
  onelink.network_event(0, 0, e, sent, latency);
  EXPECT_EQ(onelink.next_wakeup(), sent + latency);
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "onelink-network-event-rows.h5";
  twinsim::RunFile out(path.string(), twinsim::RunMetadata{}, twinsim::event_kind_names());
  onelink.poll(sent + latency - 1, out);
  EXPECT_EQ(onelink.model().status(iccid)->status, pf::OnlineStatus::Unknown);
  onelink.poll(sent + latency, out);
  EXPECT_EQ(onelink.model().status(iccid)->status, pf::OnlineStatus::Online);
  EXPECT_EQ(onelink.model().events(iccid)->back().at_ms, 100190);
  // Without a node: at once.
  const twinsim::Scenario without_node = meter(false);  // the run keeps a reference to it
  twinsim::OneLinkRun near(without_node, first, 1);
  near.network_event(0, 0, e, sent, 0);
  EXPECT_EQ(near.next_wakeup(), twinmodels::kNever);
  EXPECT_EQ(near.model().events(iccid)->back().at_ms, 100000);
}

// A run: OneLink 190 ms from the MME answers a query the route's latency
// after each status change of the meter — its registration, its PSM, its
// periodic TAU out of PSM — with the old diagnosis a millisecond before and
// the new one at that moment; the devices' rows are those of the run
// without a node.
TEST(OneLinkNetworkRoutes, EachStatusChangeReachesOneLinkTheRoutesLatencyLater) {
  const Outcome near = run(meter(false), "onelink-routes-near");
  const double registered = first_time(near, twinsim::modem_report_kind(
                                                 static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Registered)), 0);
  const double released = first_time(near, static_cast<std::uint8_t>(EventKind::Released), 1);
  const double psm = released + 60;  // T3324
  const double tau = first_time(near, static_cast<std::uint8_t>(EventKind::Wake), 0);  // out of PSM
  ASSERT_LT(registered, released);
  ASSERT_LT(psm, tau);
  // On the links of the route (platform_links.hpp): 2000 B at 100 MB/s
  // besides, 20 us, from the multiplexer's wake-up that sent it, on the
  // 10 ms batch-window grid (the registration's was on it).
  const double latency = 0.190, transfer = 20e-6 + 0.010;
  const double ms = 0.001;
  std::string campaigns;
  const std::vector<double> at = {registered + latency - ms, registered + latency + transfer, psm + latency - ms,
                                  psm + latency + transfer,  tau + latency - ms,               tau + latency + transfer};
  // Each query is a request OneLink's server serves its service time
  // after it arrives (the default 20 ms, onelink_api_run.hpp): sent that
  // much earlier, OneLink answers it at the moment.
  const double service = 0.020;
  for (std::size_t i = 0; i < at.size(); ++i) campaigns += query_at("q" + std::to_string(i), at[i] - service);
  const Outcome far = run(meter(true, campaigns), "onelink-routes-far");
  // The network did the same.
  const std::vector<Row> a = without_queries(near), b = without_queries(far);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].t, b[i].t);
    EXPECT_EQ(a[i].kind, b[i].kind);
    EXPECT_EQ(a[i].value, b[i].value);
  }
  std::map<double, std::int64_t> answers;
  for (const Row& e : far.events) {
    if (e.kind == twinsim::onelink_query_kind()) answers[e.t] = e.value;
  }
  ASSERT_EQ(answers.size(), at.size());
  const auto reason = [](pf::FaultReason r) { return static_cast<std::int64_t>(r); };
  const std::vector<std::int64_t> expected = {reason(pf::FaultReason::Unknown),     reason(pf::FaultReason::NotOffline),
                                              reason(pf::FaultReason::NotOffline),  reason(pf::FaultReason::PowerSaving),
                                              reason(pf::FaultReason::PowerSaving), reason(pf::FaultReason::NotOffline)};
  std::size_t i = 0;
  for (const auto& [t, value] : answers) {
    EXPECT_NEAR(t, at[i], 1e-6);
    EXPECT_EQ(value, expected[i]) << "query at " << t << " s";
    ++i;
  }
  EXPECT_EQ(far.metrics.at("onelink.online"), near.metrics.at("onelink.online"));
  EXPECT_EQ(far.metrics.at("onelink.sleeping"), near.metrics.at("onelink.sleeping"));
}

TEST(OneLinkNetworkRoutes, OnANarrowLinkTheEventsTakeTheirTransfer) {
  // OneLink behind 2 kB/s: the registration's event (2000 B) reaches it
  // a second after the route's latency (platform_links.hpp).
  const Outcome near = run(meter(false), "onelink-routes-near");
  const double registered = first_time(near, twinsim::modem_report_kind(
                                                 static_cast<std::uint8_t>(twinmodels::modem::ModemEvent::Registered)), 0);
  const double service = 0.020;
  const double before = registered + 0.190 + 0.9, after = registered + 0.190 + 1.1;
  const Outcome narrow = run(meter(true, query_at("before", before - service) + query_at("after", after - service),
                                   ", bandwidth: 2kBps"),
                             "onelink-routes-narrow");
  std::map<double, std::int64_t> answers;
  for (const Row& e : narrow.events) {
    if (e.kind == twinsim::onelink_query_kind()) answers[e.t] = e.value;
  }
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers.begin()->second, static_cast<std::int64_t>(pf::FaultReason::Unknown));
  EXPECT_EQ(answers.rbegin()->second, static_cast<std::int64_t>(pf::FaultReason::NotOffline));
}

TEST(OneLinkNetworkRoutes, OnALossyLinkTheEventsLostAreSentAgain) {
  // Half the packets lost on OneLink's link: the events' TCP segments lost
  // are sent again a timeout later (platform_links.hpp: 1 s, doubled), so
  // OneLink hears of some a second or more late, none lost; the network
  // did the same, and OneLink ends with the same view.
  const Outcome near = run(meter(false), "onelink-routes-near");
  const Outcome lossy = run(meter(true, "", ", loss: 0.5"), "onelink-routes-lossy");
  EXPECT_GT(lossy.metrics.at("platform_links.resent"), 0);
  EXPECT_GT(lossy.metrics.at("platform_links.longest_s"), 0.190 + 1.0);
  const std::vector<Row> a = without_queries(near), b = without_queries(lossy);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].t, b[i].t);
    EXPECT_EQ(a[i].kind, b[i].kind);
  }
  for (const char* m : {"onelink.online", "onelink.sleeping", "onelink.offline"})
    EXPECT_EQ(lossy.metrics.at(m), near.metrics.at(m)) << m;
}

// OneLink at a node joined to the HSS's only: servers do not forward, so
// no route reaches it from the RAN site's MME.
const std::string kOneLinkBehindTheHss =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - {name: meters, count: 2, device_model: modem}\n"
    "platforms:\n"
    "  onelink: {populations: [meters], node: ol}\n"
    "network:\n"
    "  topology:\n"
    "    nodes:\n"
    "      - {name: ran, kind: ran_mme}\n"
    "      - {name: hss, kind: hss}\n"
    "      - {name: ol, kind: platform}\n"
    "    links:\n"
    "      - {name: ran-hss, from: ran, to: hss, latency: 2ms}\n"
    "      - {name: hss-ol, from: hss, to: ol, latency: 1ms}\n";

INSTANTIATE_TEST_SUITE_P(
    OneLinkNetworkRoutes, ScenarioErrors,
    testing::Values(BrokenCase{"NoRouteFromTheMme", kOneLinkBehindTheHss,
                               "t.yaml:5:42: platforms.onelink.node: no route in network.topology from OneLink to the "
                               "MME at 'ran'"}));

}  // namespace test_onelink_network_routes
