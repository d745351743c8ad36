#pragma once
// Everything the actors of one run share: the scenario, the devices, the HSS
// model, the run file and the counters. Owned by run_scenario(); actors hold
// a reference. Single-threaded: SimGrid runs one actor at a time.
#include <atomic>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/recorded_event.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinsim/engine/background_cards.hpp"
#include "twinsim/engine/device.hpp"
#include "twinsim/engine/device_table.hpp"
#include "twinsim/engine/fault_plan.hpp"
#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/recorder/apdu_redaction.hpp"
#include "twinsim/engine/progress.hpp"
#include "twinsim/engine/supply_schedule.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace cardcore::euicc {
class Euicc;
}

namespace twinsim {

struct HssCounters {
  std::uint64_t served = 0;
  std::uint64_t rejected = 0;
  std::uint64_t queue = 0;
  std::uint64_t max_queue = 0;
  double busy_core_seconds = 0;
  std::uint64_t crash_lost = 0;  // requests lost with the HSS's process (crash faults)
};

// The HSS sampler's place: the counters at the last sample, the next time.
struct SamplerState {
  HssCounters last;
  double next_s = 0;
};

class Multiplexer;
class HssExchange;
struct ModemWorld;
struct PlatformReport;
struct SmsDown;
struct SmsUp;
using SmsBytes = std::vector<cardcore::Bytes>;  // sms_crossing.hpp
class CardWear;
namespace pcap {
class GsmtapTrace;
}


struct World {
  const Scenario& scenario;
  std::uint64_t seed = 0;
  double stop_s = 0;
  DeviceTable devices;
  std::vector<std::uint32_t> population_first;  // first device index of each population
  NetworkPlan network;                          // the topology and where the multiplexers sit
  SupplySchedule supply;                        // the populations' supply flows (supply_schedule.hpp)
  twinmodels::HssAuc hss;
  HssCounters hss_counters;
  RunFile* out = nullptr;
  // A sharded run's devices' events go here instead of to `out`.
  std::vector<RecordedEvent>* shard_events = nullptr;
  EventSink events_sink() const { return {out, shard_events}; }
  // A sharded run's traced devices' APDUs go here instead of to `out`.
  std::vector<RecordedApdu>* shard_apdus = nullptr;
  // A sharded run's modem devices' reports to the platforms go here, for
  // rank 0 (platform_report.hpp).
  std::vector<PlatformReport>* shard_reports = nullptr;
  // A sharded run's MT SMS between the SMSC on rank 0 and the devices'
  // MMEs (sms_crossing.hpp): rank 0's to the devices' ranks, theirs to it.
  std::vector<SmsDown>* shard_sms_down = nullptr;
  std::vector<SmsUp>* shard_sms_up = nullptr;
  std::vector<SmsBytes>* shard_sms_bytes = nullptr;  // the bytes they carry, this slot's
  std::vector<bool> traced;          // per device: record its APDUs
  // Per traced device: the command its next answers belong to, for masking
  // their secrets (apdu_trace.hpp). Within one exchange only: no checkpoint.
  std::unordered_map<std::uint32_t, ApduRedaction> trace_redaction;
  pcap::GsmtapTrace* pcap = nullptr;  // with --pcap: the traced devices' APDUs and SMS as GSMTAP
  bool gsmtap = false;                // a sharded run's ranks: --pcap given (rank 0 holds the trace)
  const std::atomic<bool>* interrupt = nullptr;
  bool interrupted = false;
  std::uint64_t events = 0;          // device events handled, all multiplexers
  std::uint64_t devices_powered = 0;
  std::uint64_t devices_attached = 0;  // devices with at least one success
  Progress* progress = nullptr;

  // Model state that outlives the actors running it, so that a checkpoint
  // can save it and the actors can be started again from it (docs/CHECKPOINTS.md).
  std::deque<HssRequest> hss_fifo;             // requests waiting at the HSS
  double hss_kept_to_s = 0;                    // the HSS's queue is known not lost in a crash up to this time
  bool hss_busy = false;                       // the HSS is in a service round
  // The multiplexed engine's exchange with the HSS (hss_exchange.hpp); null
  // where an HSS actor takes SimGrid messages (the actor-per-device
  // baseline) and on a sharded run's ranks other than 0.
  std::unique_ptr<HssExchange> hss_exchange;
  // The cards still being personalized beside the run (background_cards.hpp);
  // null when they all were before it. After `devices`: it stops first.
  std::unique_ptr<BackgroundCards> background_cards;
  SamplerState sampler;
  std::vector<std::unique_ptr<Multiplexer>> muxes;
  std::int64_t messages_in_network = 0;        // SimGrid messages sent and not yet taken
  bool draining = false;                       // a checkpoint holds the network exchange
  // The checkpointer's next look at the run (multiplexer_kernel.hpp): none
  // without one; set before each of its sleeps.
  double checkpointer_next_s = std::numeric_limits<double>::infinity();
  bool checkpoint_on_interrupt = false;        // SIGINT/SIGTERM: the checkpointer stops the run after saving it

  // Faults: what they do over time (stateless), how many of the engine's
  // fault actions are done, HSS backups taken and not yet restored, and
  // what the devices went through.
  FaultPlan faults;
  std::uint32_t fault_step = 0;
  std::map<std::uint16_t, std::vector<std::uint64_t>> hss_backups;  // by fault index: SQN_HE tables
  std::uint64_t power_cycles = 0;
  std::uint64_t brown_outs = 0;
  std::uint64_t power_losses = 0;
  // Exception-report faults: reports the devices sent, and those they had
  // no service for.
  std::uint64_t exception_reports = 0;
  std::uint64_t exception_reports_lost = 0;
  // Lossy links (network.topology): requests lost on the way to the HSS,
  // answers lost on the way back.
  std::uint64_t requests_lost = 0;
  std::uint64_t answers_lost = 0;

  // The modem devices and their network (modem_world.hpp); null when every
  // population is device_model usim.
  std::unique_ptr<ModemWorld> modem;
  // The environment's wear of the cards (card_wear.hpp); null when no
  // population has a temperature.
  std::unique_ptr<CardWear> wear;

  // The HSS has a subscriber per device, and one more per device a
  // write-card campaign gives a new subscription.
  World(const Scenario& s, std::uint64_t seed_, double stop, std::uint64_t count);
  ~World();
};

// Device d's eUICC when its card is international; nullptr otherwise.
cardcore::euicc::Euicc* euicc_of(const World& w, std::uint32_t device);

// The index of device d's multiplexer, whichever rank holds the device.
inline std::uint8_t mux_index_of(const World& w, std::uint32_t device) {
  return w.network.mux_of(device, w.scenario.population_of(device));
}

// Random stream numbers of a device (twinmodels::RandomStream).
namespace stream {
inline constexpr std::uint32_t kDevice = 1;
// A device's draws for fault i: kFault | i ("FA" then the index).
inline constexpr std::uint32_t kFault = 0x46410000u;
// A device's submission time in campaign i: kCampaign | i ("CA" then the index).
inline constexpr std::uint32_t kCampaign = 0x43410000u;
// Population p's supply flow's seed: the first word of (run seed, p, kSupply) ("SU").
inline constexpr std::uint32_t kSupply = 0x53550000u;
// Loss draws come from kDevice, and only on a lossy route: a lossless
// network draws nothing for them.
}  // namespace stream

}  // namespace twinsim
