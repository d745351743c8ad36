#include "twinsim/engine/apdu_trace.hpp"

#include "twinsim/engine/world.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"

namespace twinsim {

void record_traced_apdu(World& world, SimTime now, std::uint32_t device, std::uint8_t direction, cardcore::ByteView apdu) {
  cardcore::Bytes bytes = world.scenario.trace_secrets ? cardcore::Bytes(apdu.begin(), apdu.end())
                                                       : world.trace_redaction[device].mask(direction, apdu);
  if (world.shard_apdus) {
    world.shard_apdus->push_back({to_seconds(now), device, direction, std::move(bytes)});
    return;
  }
  write_traced_apdu(world, to_seconds(now), device, direction, bytes);
}

void write_traced_apdu(World& world, double t, std::uint32_t device, std::uint8_t direction, const cardcore::Bytes& bytes) {
  world.out->add_apdu(t, device, direction, bytes);
  if (world.pcap) world.pcap->apdu(t, device, direction, bytes);
}

}  // namespace twinsim
