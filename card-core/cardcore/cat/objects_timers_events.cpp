// Data objects of SET UP EVENT LIST, TIMER MANAGEMENT and their envelopes:
// TS 102 223 §8.25 event list, §8.37 timer identifier, §8.38 timer value.
#include "cardcore/cat/objects.hpp"
#include "cardcore/tlv/comprehension_tlv.hpp"

namespace cardcore::cat {

void put(Bytes& out, const EventList& v) { tlv::put_ctlv(out, v.kTag, v.events); }
const char* read(ByteView value, EventList& out) {
  out.events.assign(value.begin(), value.end());
  return nullptr;
}

void put(Bytes& out, const TimerIdentifier& v) { tlv::put_ctlv(out, v.kTag, ByteView(&v.id, 1)); }
const char* read(ByteView value, TimerIdentifier& out) {
  if (value.size() != 1) return "bad Timer identifier length";
  if (value[0] < 1 || value[0] > TimerIdentifier::kCount) return "Timer identifier outside '01'-'08'";
  out.id = value[0];
  return nullptr;
}

namespace {
// TS 23.040 §9.2.3.11 semi-octets: tens in the low nibble, units in the high.
std::uint8_t swapped_bcd(std::uint8_t v) { return static_cast<std::uint8_t>(((v % 10) << 4) | ((v / 10) % 10)); }
bool from_swapped_bcd(std::uint8_t b, std::uint8_t& v) {
  const unsigned tens = b & 0x0F;
  const unsigned units = b >> 4;
  if (tens > 9 || units > 9) return false;
  v = static_cast<std::uint8_t>(tens * 10 + units);
  return true;
}
}  // namespace

void TimerValue::to_bytes(std::uint8_t out[3]) const {
  out[0] = swapped_bcd(hours);
  out[1] = swapped_bcd(minutes);
  out[2] = swapped_bcd(seconds);
}

const char* TimerValue::from_bytes(const std::uint8_t in[3], TimerValue& out) {
  TimerValue v;
  if (!from_swapped_bcd(in[0], v.hours) || !from_swapped_bcd(in[1], v.minutes) ||
      !from_swapped_bcd(in[2], v.seconds)) {
    return "Timer value not in semi-octets";
  }
  if (v.minutes > 59 || v.seconds > 59) return "Timer value minutes or seconds above 59";
  out = v;
  return nullptr;
}

void put(Bytes& out, const TimerValue& v) {
  std::uint8_t b[3];
  v.to_bytes(b);
  tlv::put_ctlv(out, v.kTag, b);
}
const char* read(ByteView value, TimerValue& out) {
  if (value.size() != 3) return "bad Timer value length";
  return TimerValue::from_bytes(value.data(), out);
}

}  // namespace cardcore::cat
