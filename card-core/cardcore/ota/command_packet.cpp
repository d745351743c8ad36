#include "cardcore/ota/command_packet.hpp"

namespace cardcore::ota {

std::string_view describe(PacketFormat format) {
  switch (format) {
    case PacketFormat::Ok: return "well formed";
    case PacketFormat::TooShort: return "truncated command packet";
    case PacketFormat::LengthMismatch: return "command packet longer than its CPL";
    case PacketFormat::HeaderLengthInvalid: return "CHL inconsistent with the packet";
  }
  return "?";
}

PacketFormat parse_command_header(ByteView packet, CommandHeader& h) {
  if (packet.size() < 2) return PacketFormat::TooShort;
  h.cpl = be16(packet.data());
  const std::size_t after_cpl = packet.size() - 2;
  if (h.cpl > after_cpl) return PacketFormat::TooShort;
  if (h.cpl < after_cpl) return PacketFormat::LengthMismatch;
  if (packet.size() < kCommandMinBytes) return PacketFormat::TooShort;
  h.chl = packet[2];
  if (h.chl < kCommandChlMin || 3u + h.chl > packet.size()) return PacketFormat::HeaderLengthInvalid;
  h.spi = Spi::parse(packet[3], packet[4]);
  h.kic = packet[5];
  h.kid = packet[6];
  h.tar = {packet[7], packet[8], packet[9]};
  return PacketFormat::Ok;
}

void command_integrity_input(ByteView header, ByteView plain, std::size_t field_length, Bytes& out) {
  const std::size_t fixed = kCounterBytes + 1;  // CNTR PCNTR
  out.clear();
  out.reserve(header.size() + plain.size() - field_length);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), plain.begin(), plain.begin() + fixed);
  out.insert(out.end(), plain.begin() + fixed + field_length, plain.end());
}

}  // namespace cardcore::ota
