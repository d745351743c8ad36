#include "twinsim/pcap/gsmtap.hpp"

#include <algorithm>
#include <iterator>

namespace twinsim::pcap {

std::vector<std::uint8_t> gsmtap_packet(std::uint8_t type, std::uint8_t sub_type, bool uplink,
                                        std::span<const std::uint8_t> payload) {
  const std::uint16_t arfcn = uplink ? kGsmtapArfcnUplink : 0;
  const std::uint8_t header[16] = {kGsmtapVersion,
                                   4,  // header length: 4 words of 32 bits
                                   type,
                                   0,  // timeslot
                                   static_cast<std::uint8_t>(arfcn >> 8),
                                   static_cast<std::uint8_t>(arfcn),
                                   0,  // signal level, dBm
                                   0,  // signal-to-noise ratio, dB
                                   0, 0, 0, 0,  // frame number
                                   sub_type,
                                   0,   // antenna
                                   0,   // sub-slot
                                   0};  // reserved
  std::vector<std::uint8_t> p(sizeof header + payload.size());
  std::copy(std::begin(header), std::end(header), p.begin());
  std::copy(payload.begin(), payload.end(), p.begin() + sizeof header);
  return p;
}

}  // namespace twinsim::pcap
