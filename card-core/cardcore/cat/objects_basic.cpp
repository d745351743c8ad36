// Simple data objects of every proactive session: TS 102 223 §8.1 address,
// §8.2 alpha identifier, §8.6 command details, §8.7 device identities, §8.8
// duration, §8.11 response length, §8.12 result, §8.13 SMS TPDU, §8.15 text
// string.
#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

void put(Bytes& out, const CommandDetails& v) {
  const std::uint8_t b[3] = {v.number, v.type, v.qualifier};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, CommandDetails& out) {
  if (value.size() != 3) return "bad Command details length";
  out = {value[0], value[1], value[2]};
  return nullptr;
}

void put(Bytes& out, const DeviceIdentities& v) {
  const std::uint8_t b[2] = {v.source, v.destination};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, DeviceIdentities& out) {
  if (value.size() != 2) return "bad Device identities length";
  out = {value[0], value[1]};
  return nullptr;
}

void put(Bytes& out, const CommandResult& v) {
  Bytes b{v.general};
  b.insert(b.end(), v.additional.begin(), v.additional.end());
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, CommandResult& out) {
  if (value.empty()) return "empty Result";
  out.general = value[0];
  out.additional.assign(value.begin() + 1, value.end());
  return nullptr;
}

void put(Bytes& out, const Duration& v) {
  const std::uint8_t b[2] = {v.unit, v.interval};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, Duration& out) {
  if (value.size() != 2) return "bad Duration length";
  if (value[0] > Duration::kTenths) return "bad Duration time unit";
  if (value[1] == 0) return "Duration interval '00' is reserved";
  out = {value[0], value[1]};
  return nullptr;
}

void put(Bytes& out, const AlphaIdentifier& v) { tlv::put_ctlv(out, v.kTag, v.text); }
const char* read(ByteView value, AlphaIdentifier& out) {
  out.text.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const Address& v) {
  Bytes b{v.ton_npi};
  b.insert(b.end(), v.number.begin(), v.number.end());
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, Address& out) {
  if (value.empty()) return "empty Address";
  out.ton_npi = value[0];
  out.number.assign(value.begin() + 1, value.end());
  return nullptr;
}

void put(Bytes& out, const SmsTpdu& v) { tlv::put_ctlv(out, v.kTag, v.tpdu); }
const char* read(ByteView value, SmsTpdu& out) {
  if (value.empty()) return "empty SMS TPDU";
  out.tpdu.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const TextString& v) {
  Bytes b;
  if (!v.null) {
    b.push_back(v.dcs);
    b.insert(b.end(), v.text.begin(), v.text.end());
  }
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, TextString& out) {
  out = TextString{};
  if (value.empty()) {
    out.null = true;
    return nullptr;
  }
  out.dcs = value[0];
  out.text.assign(value.begin() + 1, value.end());
  return nullptr;
}

void put(Bytes& out, const ResponseLength& v) {
  const std::uint8_t b[2] = {v.minimum, v.maximum};
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, ResponseLength& out) {
  if (value.size() != 2) return "bad Response length length";
  if (value[0] > value[1]) return "Response length minimum above its maximum";
  out = {value[0], value[1]};
  return nullptr;
}

}  // namespace cardcore::cat
