// OneNET's run (sim/twinsim/engine/onenet_run.hpp) driven directly: chip
// management's steps and the devices' events, each at its time, across
// OneNET's routes when it has a node; its state (ONRN 2) saved and taken
// back, and malformed states refused.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "resealed_state.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/engine/onenet_run.hpp"

namespace test_onenet_run {

namespace pf = twinmodels::platform;
using twinsim::OneNetRun;
using twinsim::OneNetStep;
using twinsim::SimTime;
using twinsim::to_simtime;
using K = pf::CardEventKind;

// Meters (devices 0-2) OneNET follows, registered at their activation, and
// locks (3-4) it does not; OneNET 2 s from the core, chip management 10 ms.
const std::string kScenario =
    "general: {stop: 1h}\n"
    "populations:\n"
    "  - {name: meters, count: 3, device_model: modem, activity_data: 50B}\n"
    "  - {name: locks, count: 2, device_model: modem, imsi_prefix: '46002'}\n"
    "platforms:\n"
    "  chip_management: {populations: [meters, locks], node: chips}\n"
    "  onenet: {populations: [meters], registration: activation, node: iot-cloud}\n"
    "network:\n"
    "  topology:\n"
    "    nodes:\n"
    "      - {name: hss, kind: hss}\n"
    "      - {name: ran, kind: ran_mme}\n"
    "      - {name: core, kind: core_router}\n"
    "      - {name: iot-cloud, kind: platform}\n"
    "      - {name: chips, kind: platform}\n"
    "    links:\n"
    "      - {name: ran-core, from: ran, to: core, latency: 5ms}\n"
    "      - {name: core-hss, from: core, to: hss, latency: 1ms}\n"
    "      - {name: core-iot, from: core, to: iot-cloud, latency: 2s}\n"
    "      - {name: core-chips, from: core, to: chips, latency: 10ms}\n";

struct Rig {
  twinsim::Scenario scenario = twinsim::parse_scenario(kScenario, "onenet.yaml");
  std::vector<std::uint32_t> first{0, 3};
  twinsim::NetworkPlan plan = twinsim::plan_network(scenario);
  std::vector<SimTime> wakes;
  OneNetRun run{scenario, first, plan, [](std::uint32_t d) { return "35000000000000" + std::to_string(d); },
                [this](SimTime t) { wakes.push_back(t); }};

  const pf::OneNetDevice* device(std::uint32_t d) const { return run.model().device(run.chip_of(d)); }
};

SimTime s(double seconds) { return to_simtime(seconds); }

TEST(OneNetRun, ChipManagementsRegistrationArrivesARouteLater) {
  Rig r;
  r.run.chip_step(0, OneNetStep::Register, s(1));
  r.run.chip_step(3, OneNetStep::Register, s(1));  // a lock: not followed
  // Chip management (10 ms to the core) to OneNET (2 s from it).
  EXPECT_EQ(r.run.next_wakeup(), s(3.01));
  EXPECT_EQ(r.wakes, (std::vector<SimTime>{s(3.01)}));
  r.run.poll(s(3));
  EXPECT_EQ(r.device(0), nullptr);
  r.run.poll(s(3.01));
  ASSERT_NE(r.device(0), nullptr);
  EXPECT_EQ(r.device(0)->registered_ms, 3010);
  EXPECT_EQ(r.device(0)->product, "product-meters");
  EXPECT_EQ(r.device(0)->identity.imei, "350000000000000");
  EXPECT_EQ(r.device(0)->identity.chip_id, r.device(0)->identity.iccid);  // a domestic card's chip id is its ICCID
  EXPECT_EQ(r.run.model().devices().size(), 1u);
  EXPECT_EQ(r.run.next_wakeup(), twinmodels::kNever);
}

TEST(OneNetRun, ADeviceAttachedBeforeItsRegistrationIsOnlineOnceRegistered) {
  Rig r;
  // The attach heard at 2.005 s (ran 5 ms to the core, 2 s on): not
  // registered yet; the registration at 3.01 s finds it attached.
  r.run.connection(0, 0, s(0), K::Registered);
  r.run.uplink(0, 0, s(0.5));  // a reading before the registration: refused
  r.run.chip_step(0, OneNetStep::Register, s(1));
  r.run.poll(s(10));
  ASSERT_NE(r.device(0), nullptr);
  EXPECT_EQ(r.device(0)->state, pf::OneNetDeviceState::Online);
  EXPECT_EQ(r.run.model().totals().datapoints_refused, 1u);
  // PSM changes nothing; a detach takes it offline.
  r.run.connection(0, 0, s(20), K::PsmEntered);
  r.run.poll(s(30));
  EXPECT_EQ(r.device(0)->state, pf::OneNetDeviceState::Online);
  r.run.connection(0, 0, s(40), K::Detached);
  r.run.poll(s(42.004));
  EXPECT_EQ(r.device(0)->state, pf::OneNetDeviceState::Online);
  r.run.poll(s(42.005));
  EXPECT_EQ(r.device(0)->state, pf::OneNetDeviceState::Offline);
  EXPECT_EQ(r.device(0)->since_ms, 42005);
}

TEST(OneNetRun, SuspensionMarksDeactivationDeletesAndTheCountersSayIt) {
  Rig r;
  for (std::uint32_t d = 0; d < 3; ++d) r.run.chip_step(d, OneNetStep::Register, s(1));
  r.run.uplink(0, 1, s(100));
  r.run.chip_step(1, OneNetStep::Suspend, s(200));
  r.run.uplink(0, 1, s(300));  // suspended: refused
  r.run.chip_step(2, OneNetStep::Remove, s(400));
  const twinsim::OneNetCounters c = r.run.finish(s(1000));
  EXPECT_EQ(c.registrations, 3u);
  EXPECT_EQ(c.deletions, 1u);
  EXPECT_EQ(c.suspensions, 1u);
  EXPECT_EQ(c.datapoints, 1u);
  EXPECT_EQ(c.datapoint_bytes, 50u);
  EXPECT_EQ(c.datapoints_refused, 1u);
  EXPECT_EQ(c.devices, 2u);
  EXPECT_EQ(c.never_online, 2u);
  EXPECT_EQ(c.suspended, 1u);
  std::map<std::string, double> m;
  twinsim::add_onenet_metrics(c, m);
  EXPECT_EQ(m.at("onenet.devices_registered"), 2);
  EXPECT_EQ(m.at("onenet.datapoints_refused"), 1);
  EXPECT_EQ(m.size(), 15u);
}

TEST(OneNetRun, ARestoredRunGoesOnAsTheOriginal) {
  Rig a, b;
  for (Rig* r : {&a}) {
    r->run.chip_step(0, OneNetStep::Register, s(1));
    r->run.connection(0, 0, s(2), K::Registered);
    r->run.uplink(0, 0, s(2.5));
    r->run.poll(s(3.5));  // the registration arrived, the attach and the reading are on their way
  }
  b.run.restore_state(a.run.save_state());
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
  EXPECT_EQ(b.run.next_wakeup(), a.run.next_wakeup());
  for (Rig* r : {&a, &b}) {
    r->run.chip_step(0, OneNetStep::Suspend, s(10));
    r->run.poll(s(20));
  }
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
  EXPECT_EQ(b.device(0)->datapoints, 1u);
  EXPECT_TRUE(b.device(0)->suspended);
  EXPECT_EQ(b.device(0)->state, pf::OneNetDeviceState::Online);
}

using twinsim::testing::resealed;

std::string refusal(OneNetRun& run, const cardcore::Bytes& state) {
  try {
    run.restore_state(state);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(taken)";
}

TEST(OneNetRun, MalformedStatesAreRefusedAndChangeNothing) {
  Rig a, b;
  a.run.chip_step(0, OneNetStep::Register, s(1));  // on its way
  const cardcore::Bytes good = a.run.save_state();
  const cardcore::Bytes before = b.run.save_state();
  // Header 6, followed devices u32 and 3 flags, messages u32, then the
  // message: arrival u64, kind u8, device u32.
  const std::size_t kind_at = 6 + 4 + 3 + 4 + 8, device_at = kind_at + 1;
  EXPECT_EQ(refusal(b.run, resealed(good, 6, 4)),
            "OneNET run state: 4 followed devices; the scenario's OneNET follows 3");
  EXPECT_EQ(refusal(b.run, resealed(good, 10, 2)), "OneNET run state: attached is 2, not 0 or 1 (offset 10)");
  EXPECT_EQ(refusal(b.run, resealed(good, kind_at, 7)), "OneNET run state: message kind 7 is not one");
  EXPECT_EQ(refusal(b.run, resealed(good, device_at, 3)), "OneNET run state: device 3 is not one OneNET follows");
  cardcore::Bytes damaged = good;
  damaged[device_at] ^= 1;
  EXPECT_EQ(refusal(b.run, damaged),
            "OneNET run state: CRC-32 does not match: the state is damaged or truncated");
  EXPECT_EQ(b.run.save_state(), before);
  b.run.restore_state(good);
  EXPECT_EQ(b.run.next_wakeup(), s(3.01));
}

// The meters of kScenario with OneNET's server: one worker, 1 s per
// request, at most one waiting; no node, so every message arrives at once.
struct ServedRig {
  twinsim::Scenario scenario = twinsim::parse_scenario(
      "general: {stop: 1h}\n"
      "populations:\n"
      "  - {name: meters, count: 3, device_model: modem, activity_data: 50B}\n"
      "platforms:\n"
      "  chip_management: {populations: [meters]}\n"
      "  onenet: {populations: [meters], registration: activation, workers: 1, service_time: 1s, queue_limit: 1}\n",
      "served.yaml");
  std::vector<std::uint32_t> first{0};
  twinsim::NetworkPlan plan = twinsim::plan_network(scenario);
  std::vector<SimTime> wakes;
  OneNetRun run{scenario, first, plan, [](std::uint32_t d) { return "35000000000000" + std::to_string(d); },
                [this](SimTime t) { wakes.push_back(t); }};
};

TEST(OneNetRun, ItsServerDelaysRegistrationsAndDataPointsAndRefusesBeyondItsQueue) {
  ServedRig r;
  r.run.chip_step(0, OneNetStep::Register, s(1));  // served 1 s to 2 s
  r.run.chip_step(1, OneNetStep::Register, s(1));  // waits, served 2 s to 3 s
  r.run.chip_step(2, OneNetStep::Register, s(1));  // the queue is full: refused
  EXPECT_EQ(r.wakes.back(), s(2));
  EXPECT_FALSE(r.run.model().registered(r.run.chip_of(0)));
  r.run.poll(s(2));
  EXPECT_TRUE(r.run.model().registered(r.run.chip_of(0)));
  EXPECT_EQ(r.run.model().device(r.run.chip_of(0))->registered_ms, 2000);
  EXPECT_FALSE(r.run.model().registered(r.run.chip_of(1)));
  r.run.uplink(0, 0, s(2.5));  // waits behind meter 1's registration
  r.run.poll(s(4));
  EXPECT_TRUE(r.run.model().registered(r.run.chip_of(1)));
  EXPECT_EQ(r.run.model().device(r.run.chip_of(0))->datapoints, 1u);
  EXPECT_EQ(r.run.model().device(r.run.chip_of(0))->last_datapoint_ms, 4000);
  EXPECT_FALSE(r.run.model().registered(r.run.chip_of(2)));
  const twinsim::OneNetCounters c = r.run.finish(s(10));
  EXPECT_EQ(c.server_requests, 4u);
  EXPECT_EQ(c.registrations_server_refused, 1u);
  EXPECT_EQ(c.datapoints_server_refused, 0u);
  EXPECT_EQ(c.registrations, 2u);
  EXPECT_EQ(r.run.server()->counters().queue_full, 1u);
}

TEST(OneNetRun, RequestsInTheServerAreSavedAndARestoredRunGoesOnTheSame) {
  ServedRig a, b;
  a.run.chip_step(0, OneNetStep::Register, s(1));
  a.run.poll(s(1.2));                                // meter 0 in service
  a.run.chip_step(1, OneNetStep::Register, s(1.5));  // queued
  b.run.restore_state(a.run.save_state());
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
  EXPECT_EQ(b.run.next_wakeup(), s(2));
  for (ServedRig* r : {&a, &b}) {
    r->run.uplink(0, 0, s(2.5));
    r->run.poll(s(10));
  }
  EXPECT_EQ(b.run.save_state(), a.run.save_state());
  EXPECT_TRUE(b.run.model().registered(b.run.chip_of(1)));
  EXPECT_EQ(b.run.model().device(b.run.chip_of(1))->registered_ms, 3000);
  EXPECT_EQ(b.run.model().device(b.run.chip_of(0))->datapoints, 1u);
  EXPECT_EQ(b.run.server()->counters().served, 3u);
}

TEST(OneNetRun, AStateWithOrWithoutAServerGoesOnlyToARunLikeIt) {
  Rig plain;
  ServedRig served;
  EXPECT_EQ(refusal(served.run, plain.run.save_state()),
            "OneNET run state: saved without a server; the scenario's OneNET has one");
  // Version 1 (before the server) is refused: header "ONRN" then u16 2.
  cardcore::Bytes old = resealed(served.run.save_state(), 4, 1);
  EXPECT_EQ(refusal(served.run, old), "OneNET run state: version 1 is not the version this model reads (2)");
}

}  // namespace test_onenet_run
