#include "twinsim/engine/apdu_trace.hpp"

#include "twinsim/engine/world.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"

namespace twinsim {

void record_traced_apdu(World& world, SimTime now, std::uint32_t device, std::uint8_t direction, cardcore::ByteView apdu) {
  const cardcore::Bytes bytes = world.scenario.trace_secrets ? cardcore::Bytes(apdu.begin(), apdu.end())
                                                             : world.trace_redaction[device].mask(direction, apdu);
  world.out->add_apdu(to_seconds(now), device, direction, bytes);
  if (world.pcap) world.pcap->apdu(to_seconds(now), device, direction, bytes);
}

}  // namespace twinsim
