// Data objects of the bearer independent protocol (TS 102 223 §6.4.27-31):
// §8.52 bearer description, §8.53 channel data, §8.54 channel data length,
// §8.55 buffer size, §8.56 channel status, §8.58 other address, §8.59
// UICC/terminal interface transport level, §8.70 network access name.
#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

void put(Bytes& out, const BearerDescription& v) {
  Bytes b{v.type};
  b.insert(b.end(), v.parameters.begin(), v.parameters.end());
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, BearerDescription& out) {
  if (value.empty()) return "empty Bearer description";
  out.type = value[0];
  out.parameters.assign(value.begin() + 1, value.end());
  return nullptr;
}

void put(Bytes& out, const ChannelData& v) { tlv::put_ctlv(out, v.kTag, v.data); }
const char* read(ByteView value, ChannelData& out) {
  out.data.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const ChannelDataLength& v) { tlv::put_ctlv(out, v.kTag, ByteView(&v.length, 1)); }
const char* read(ByteView value, ChannelDataLength& out) {
  if (value.size() != 1) return "bad Channel data length length";
  out.length = value[0];
  return nullptr;
}

void put(Bytes& out, const BufferSize& v) {
  std::uint8_t b[2];
  put_be16(b, v.size);
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, BufferSize& out) {
  if (value.size() != 2) return "bad Buffer size length";
  out.size = be16(value.data());
  return nullptr;
}

void put(Bytes& out, const ChannelStatus& v) {
  const std::uint8_t b[2] = {v.status, v.further_info};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, ChannelStatus& out) {
  if (value.size() != 2) return "bad Channel status length";
  out = {value[0], value[1]};
  return nullptr;
}

void put(Bytes& out, const OtherAddress& v) {
  Bytes b;
  if (!v.null) {
    b.push_back(v.type);
    b.insert(b.end(), v.address.begin(), v.address.end());
  }
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, OtherAddress& out) {
  out = OtherAddress{};
  if (value.empty()) {
    out.null = true;
    return nullptr;
  }
  out.type = value[0];
  out.address.assign(value.begin() + 1, value.end());
  if (out.type == OtherAddress::kIpv4 && out.address.size() != 4) return "IPv4 Other address not of 4 bytes";
  if (out.type == OtherAddress::kIpv6 && out.address.size() != 16) return "IPv6 Other address not of 16 bytes";
  return nullptr;
}

void put(Bytes& out, const TransportLevel& v) {
  const std::uint8_t b[3] = {v.protocol, static_cast<std::uint8_t>(v.port >> 8), static_cast<std::uint8_t>(v.port)};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, TransportLevel& out) {
  if (value.size() != 3) return "bad UICC/terminal interface transport level length";
  out = {value[0], be16(value.data() + 1)};
  return nullptr;
}

void put(Bytes& out, const NetworkAccessName& v) { tlv::put_ctlv(out, v.kTag, v.name); }
const char* read(ByteView value, NetworkAccessName& out) {
  if (value.empty()) return "empty Network access name";
  out.name.assign(value.begin(), value.end());
  return nullptr;
}

}  // namespace cardcore::cat
