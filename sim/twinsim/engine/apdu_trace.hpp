#pragma once
// A traced device's APDU on its way to the run file's /apdu and, with
// --pcap, the GSMTAP trace: the secrets masked (recorder/apdu_redaction.hpp)
// unless the scenario keeps them (trace.secrets: clear).
#include <cstdint>

#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct World;

// In a sharded run (world.shard_apdus) kept for rank 0, which then writes it.
void record_traced_apdu(World& world, SimTime now, std::uint32_t device, std::uint8_t direction, cardcore::ByteView apdu);
// The masked APDU to the run file and the GSMTAP trace.
void write_traced_apdu(World& world, double t, std::uint32_t device, std::uint8_t direction, const cardcore::Bytes& bytes);

}  // namespace twinsim
