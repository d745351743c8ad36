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
#include "twinsim/shard/device_shard.hpp"
#include "twinsim/shard/shard_bytes.hpp"

namespace twinsim::shard {

// The cards' wear of the rank's devices: their /wear rows and the rank's
// counters; add_wear sets the rows in `wear` and adds the counters to `sum`.
void put_wear(std::string& part, const World& w);
void add_wear(Reader& in, CardWear& wear, WearCounters& sum);

// A rank's part of a checkpoint: its devices (row and card state), its
// shards' pending steps and held requests, its counters and wear.
std::string checkpoint_part(const World& w, const std::vector<std::unique_ptr<DeviceShard>>& shards);

// Rank 0: the checkpoint of every rank's part (consumed), in the unsharded
// layout with the HSS's state from `w`; each multiplexer's in_flight is
// what the HSS's queue holds of it.
CheckpointParts checkpoint_parts(const World& w, std::vector<std::string>& parts);

}  // namespace twinsim::shard
