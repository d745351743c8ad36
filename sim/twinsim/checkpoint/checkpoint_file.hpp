#pragma once
// The checkpoint file: the whole state of a run at one simulated time, from
// which `esimtwin resume` continues it (docs/CHECKPOINTS.md). One HDF5 file:
//
//   /             attributes: format ("esimtwin checkpoint"), checkpoint_version,
//                 esimtwin_version, scenario (text), scenario_file, seed,
//                 devices, stop_s, requested_s, clock_s, multiplexers
//   /trace_devices                          devices whose APDUs are recorded
//   /world        attributes: the run's counters, the HSS and sampler state
//   /devices/{device,rng_position,attaches,auth_failures,sync_failures,
//             population,retries,state,ever_attached,card_offset,card_size}
//   /cards/bytes                            the card states, one after another
//   /hss/sqn_he                             SQN_HE per subscriber
//   /hss/queue/{device,subscriber,kind,mux,epoch,tag,rand,auts,answer_lost,asked}
//   /mux/<m>/events/{t,device,step}         pending device steps (t in us)
//   /mux/<m>/outgoing/{device,kind,mux,rand,auts}, attribute in_flight
//   /modem        runs with modem populations: modem_checkpoint.hpp
//
// /cards/bytes holds each card's cardcore::Uicc::save_state() bytes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/run_counters.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinsim {

// A checkpoint that cannot be written or read; the message names the file.
struct CheckpointError : RunFileError {
  using RunFileError::RunFileError;
};

// 2: requests carry answer_lost; the world counts lost requests and answers.
// 3: requests carry subscriber and tag; /modem holds the state of runs with
// device_model modem populations (modem_checkpoint.hpp).
// 6: requests carry the time they were asked; the world has the HSS's
// crash counter and the time its queue is known kept to (HSS crash faults).
// 7: the SMSC's state SMST 2 (its crashes: each attempt's start, the
// crash counters); /modem's sms_mo_refused.
inline constexpr int kCheckpointVersion = 7;

// What a checkpoint says about the run it was taken from.
struct CheckpointInfo {
  std::string esimtwin_version;
  std::string scenario_text;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::uint64_t devices = 0;       // the run's device count (after --devices)
  double stop_s = 0;               // the run's stop time
  double requested_s = 0;          // the time asked for
  double clock_s = 0;              // the simulated time of the state (after the drain)
  int multiplexers = 0;
  std::vector<std::uint64_t> trace_devices;
  // Taken by a sharded run (root attribute `sharded`, docs/SCALING.md):
  // resumed by a sharded run only, and an unsharded run's only unsharded.
  bool sharded = false;
};

// A device's row of /devices, without its card's state.
struct SavedDevice {
  std::uint64_t rng_position = 0;
  std::uint32_t attaches = 0;
  std::uint32_t auth_failures = 0;
  std::uint32_t sync_failures = 0;
  std::uint16_t population = 0;
  std::uint16_t power_loss_fault = kNoFault;
  std::uint8_t retries = 0;
  std::uint8_t state = 0;
  std::uint8_t ever_attached = 0;
  std::uint8_t epoch = 0;
};
SavedDevice saved_device(const Device& dev);
// Device d's card state as saved: its eUICC's for an international card.
cardcore::Bytes saved_card(const World& world, std::uint32_t d);

// What a checkpoint holds of the devices and multiplexers: from a world
// that holds them all, or gathered from a sharded run's ranks.
struct CheckpointParts {
  // Every device of the run, in order: its row and its card's state.
  std::function<void(std::uint32_t device, SavedDevice& row, cardcore::Bytes& card)> device;
  std::vector<MultiplexerState> muxes;  // by multiplexer
  RunCounters counters;
  cardcore::Bytes wear;  // CardWear::save_state(); empty without wear
  bool sharded = false;
};

// Writes the state of `world` at info.clock_s. Throws CheckpointError.
void write_checkpoint(const std::string& path, const CheckpointInfo& info, const World& world);
// The same with the devices, multiplexers, counters and wear from `parts`
// (the HSS, faults and sampler from `world`).
void write_checkpoint(const std::string& path, const CheckpointInfo& info, const World& world,
                      const CheckpointParts& parts);

// Reads the attributes and checks the file is a checkpoint this esimtwin
// reads. Throws CheckpointError.
CheckpointInfo read_checkpoint_info(const std::string& path);

// Restores devices, HSS, multiplexers (world.muxes is filled) and counters
// into a world made from the checkpoint's scenario (make_world without
// personalization). Throws CheckpointError.
void restore_checkpoint(const std::string& path, World& world);
// The same without making multiplexers: their states are returned, by
// multiplexer. A sharded rank's world restores only the devices it holds
// (and every counter: the caller keeps them on one rank).
std::vector<MultiplexerState> restore_checkpoint_state(const std::string& path, World& world);

}  // namespace twinsim
