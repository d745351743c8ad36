#pragma once
// What a sharded run's ranks send rank 0 at the end of the run and at a
// checkpoint (docs/SCALING.md, "Sharded runs"; docs/CHECKPOINTS.md): each
// rank's devices, counters and cards' wear; rank 0 puts them together in
// the unsharded run's layout.
#include <memory>
#include <string>
#include <vector>

#include "twinsim/checkpoint/checkpoint_file.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/shard/device_shard.hpp"
#include "twinsim/shard/shard_bytes.hpp"

namespace twinsim::shard {

// The cards' wear of the rank's devices: their /wear rows and the rank's
// counters; add_wear sets the rows in `wear` and adds the counters to `sum`.
void put_wear(std::string& part, const World& w);
void add_wear(Reader& in, CardWear& wear, WearCounters& sum);

// The modem model's counters of the rank's devices (ModemWorld's counters,
// SMS counters and the eUICCs' HTTPS sessions' counters, and its
// registered modems at the end); add_modem adds them to `sum` and
// `registered`.
struct ModemTotals {
  ModemCounters counters;
  SmsCounters sms;
  BipCounters bip;
  ModemTotals& operator+=(const ModemTotals& o) {
    counters += o.counters;
    sms += o.sms;
    bip += o.bip;
    return *this;
  }
};
ModemTotals modem_totals(const World& w);
void put_modem(std::string& part, const World& w);
void add_modem(Reader& in, ModemTotals& sum, std::uint64_t& registered);
// The sums on rank 0, as its world's counters.
void set_modem(World& w, const ModemTotals& sum);

// A rank's part of a checkpoint: its devices (row and card state), its
// shards' pending steps and held requests, its counters and wear; with the
// modem model, its modem devices' modems, MME reachability and procedures,
// its multiplexers' cells and NAS congestion control, and its modem
// counters; with chip management, its MMEs' counters and detaches under
// way.
std::string checkpoint_part(const World& w, const std::vector<std::unique_ptr<DeviceShard>>& shards);

// Rank 0: the checkpoint of every rank's part (consumed), in the unsharded
// layout with the HSS's state from `w`; each multiplexer's in_flight is
// what the HSS's queue holds of it. The modem parts go into w's modem
// world, for write_checkpoint to write: the other ranks' devices there
// (which rank 0 does not run) and its counters, the ranks' sums (the
// caller sets its own back after writing); so do the chip management
// platform's counters and every rank's MME detaches under way.
CheckpointParts checkpoint_parts(World& w, std::vector<std::string>& parts);

}  // namespace twinsim::shard
