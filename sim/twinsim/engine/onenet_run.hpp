#pragma once
// OneNET in a run (platforms.onenet): China Mobile's IoT open platform
// (twinmodels::platform::OneNet; the source document §3.2.3, §4.1.2)
// following the devices of the populations it names — one product per
// population, the customer's ("product-<population>", customer
// "customer-<population>" as at chip management), a device per card
// under its chip id (the eUICC's EID or the domestic card's ICCID) with
// its modem's IMEI and the card's ICCID.
//
// - Registration: by the customer before the run (`registration:
//   customer`, stamped 0), or by the chip management platform when it
//   opens the chip's number (`activation`: chip_activated()). Chip
//   management's other steps reach OneNET in both: a suspension marks the
//   device, a resumption lifts the mark, a deactivation, a recycling or a
//   scrapping deletes it (chip_step()).
// - The devices: online from their attach, offline from their detach (by
//   the device, by the network, or the card lost: connection()); each of
//   a device's own activities with `activity_data` is a data point of
//   those bytes (uplink()). A device attached before its registration
//   reached OneNET is online from then.
//
// On the network: with OneNET's `node`, chip management's messages take
// the route between their nodes (PlatformRoutes::chip_management_onenet_s)
// and a device's the route from its access node (its multiplexer's) to
// OneNET's, on their SimGrid links (use_links(), platform_links.hpp); they wait here until they arrive, and OneNET takes each then
// (poll()). Without a node nothing waits.
//
// OneNET's server (platforms.onenet's host, workers, ..., when one is
// given: OneNetSpec::served; "onenet" outages): a data point upload and a
// registration by chip management are requests ("OneNET.Datapoint",
// "OneNET.Register") when they reach OneNET; admitted, they wait and are
// served, and OneNET takes them when their service ends; refused (down,
// above the admission rate, queue full) or failed inside, they are lost
// (the device does not send the data point again, chip management does not
// register the chip again) and counted (datapoints_server_refused,
// registrations_server_refused). The other messages take no service.
//
// No clock: the caller gives every time.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "twinmodels/platform/card_event.hpp"
#include "twinmodels/platform/onenet.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/platform_links.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct NetworkPlan;

// What chip management tells OneNET of a chip's lifecycle step.
enum class OneNetStep : std::uint8_t { Register, Suspend, Resume, Remove };

struct OneNetCounters {
  // Made at OneNET over the run (OneNet::totals()).
  std::uint64_t registrations = 0, deletions = 0, suspensions = 0, resumptions = 0;
  std::uint64_t datapoints = 0, datapoint_bytes = 0, datapoints_refused = 0;
  // At its server (none without one): requests, and those refused or failed inside.
  std::uint64_t server_requests = 0, datapoints_server_refused = 0, registrations_server_refused = 0;
  // At the end: devices not deleted, and of those online, offline, never
  // online, suspended.
  std::uint64_t devices = 0, online = 0, offline = 0, never_online = 0, suspended = 0;
};

class OneNetRun {
 public:
  // `imei(d)`: device d's IMEI; `wake(t)`: a message arrives at t (the
  // SMSC actor polls then).
  OneNetRun(const Scenario& s, const std::vector<std::uint32_t>& population_first, const NetworkPlan& plan,
            std::function<std::string(std::uint32_t)> imei, std::function<void(SimTime)> wake);
  ~OneNetRun();

  bool follows(std::uint16_t population) const { return followed_.at(population); }
  // What the device's card and the network did at t (card_event.hpp):
  // Registered connects it, Detached, CardFailed and CardPowerLost
  // disconnect it; the others change nothing. Ignored for a population
  // OneNET does not follow.
  void connection(std::uint16_t population, std::uint32_t device, SimTime t,
                  twinmodels::platform::CardEventKind kind);
  // Device d's own activity at t moved its population's activity_data: a
  // data point (none without activity_data).
  void uplink(std::uint16_t population, std::uint32_t device, SimTime t);
  // Chip management's step for device d's chip at t (its platform's time);
  // ignored for a device OneNET does not follow, and a Register unless
  // registration is by activation.
  void chip_step(std::uint32_t device, OneNetStep step, SimTime t);
  // From now on chip management's messages and the devices' (from their
  // access nodes) cross the SimGrid links of their route
  // (platform_links.hpp), `bytes` each.
  void use_links(PlatformLinks& links, const PlatformHop& from_chip, double bytes) {
    links_ = &links;
    from_chip_ = from_chip;
    bytes_ = bytes;
  }
  // Takes what reached OneNET by t, each at its arrival.
  void poll(SimTime t);
  // When the next message reaches OneNET; kNever for none.
  SimTime next_wakeup() const;
  // At the stop time: what reached it by then, and the counters.
  OneNetCounters finish(SimTime stop);
  const twinmodels::platform::OneNet& model() const { return onenet_; }
  // Its server; null without one.
  const twinmodels::platform::PlatformServer* server() const { return server_.get(); }
  twinmodels::platform::ServerCounters& sampled() { return sampled_; }
  // Device d's chip id at OneNET.
  std::string chip_of(std::uint32_t device) const;

  // Checkpoints (docs/CHECKPOINTS.md): OneNET's state (ONET), which
  // followed devices are attached as OneNET heard it, the messages on
  // their way, the server's state and its requests ("ONRN" 2,
  // onenet_run_state.cpp); restore_state() takes it
  // into a OneNetRun of the same scenario. Throws std::invalid_argument
  // ("OneNET run state: ..." or OneNET's own) for malformed input, leaving
  // it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  // A message on its way to OneNET.
  struct Inbound {
    enum class Kind : std::uint8_t { Register, Suspend, Resume, Remove, Connect, Disconnect, Datapoint };
    Kind kind = Kind::Register;
    std::uint32_t device = 0;
  };
  void send(SimTime at, const Inbound& m);
  void apply(SimTime t, const Inbound& m);
  // A message reached OneNET at t: through the server, or applied at once.
  void arrive(SimTime t, const Inbound& m);
  // The services ended by t: their messages applied, or counted refused.
  void serve(SimTime t);
  void count_refused(const Inbound& m);
  SimTime server_time(SimTime t) { return last_t_ = std::max(last_t_, t); }
  void register_device(SimTime t, std::uint32_t device);
  // The index of device d among the followed ones; its population.
  std::size_t slot(std::uint32_t device) const;
  // Device d's message sent at t from its access node: on the links, a
  // route later, or at once.
  void from_device(std::uint32_t device, SimTime t, const Inbound& m);

  const Scenario& scenario_;
  const std::vector<std::uint32_t>& population_first_;
  std::function<std::string(std::uint32_t)> imei_;
  std::function<void(SimTime)> wake_;
  std::vector<bool> followed_;         // by population
  std::vector<std::size_t> slot_first_;  // by population: its first device's slot
  twinmodels::platform::OneNet onenet_;
  SimTime chip_latency_ = 0;
  PlatformLinks* links_ = nullptr;  // chip management's messages on the links (use_links())
  PlatformHop from_chip_;
  double bytes_ = 0;
  std::vector<PlatformHop> mux_hop_;   // by multiplexer: its access node to OneNET
  std::vector<std::uint8_t> device_mux_;  // by slot
  std::vector<bool> attached_;          // by slot: as OneNET heard it
  std::multimap<SimTime, Inbound> inbound_;  // by arrival, in the order sent
  std::unique_ptr<twinmodels::platform::PlatformServer> server_;  // null: none
  std::map<std::uint64_t, Inbound> in_server_;                    // by request id
  std::uint64_t next_id_ = 1;
  SimTime last_t_ = 0;
  std::uint64_t server_requests_ = 0, datapoints_server_refused_ = 0, registrations_server_refused_ = 0;
  twinmodels::platform::ServerCounters sampled_;
};

// The server's configuration in a run: platforms.onenet's, with the
// "onenet" outages of the faults and the run's seed.
twinmodels::platform::ServerConfig onenet_server_config(const Scenario& s);

// The metrics onenet.* of `c` into `m` (docs/SCENARIOS.md).
void add_onenet_metrics(const OneNetCounters& c, std::map<std::string, double>& m);

}  // namespace twinsim
