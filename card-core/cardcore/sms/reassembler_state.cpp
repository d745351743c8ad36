// Reassembler::save_state() / parse_state(): the concatenated short
// messages waiting for their other segments (TS 23.040 §9.2.3.24.1,
// §9.2.3.24.8), for the checkpoints of the platforms that hold one.
// Little-endian (util/state_io.hpp):
//
//   sets u32, in order of creation; each:
//     originator: TON u8, NPI u8, value (u8 length, bytes)
//     reference u16, total u8, sixteen_bit_reference u8, first_ms u64, last_ms u64
//     parts u8, in sequence order; each:
//       sequence u8, header elements u8 x (IEI u8, data (u8 length, bytes)),
//       body (u16 length, bytes)
//
// A set held is incomplete: 1 to total - 1 parts, each numbered 1..total.
#include <string>

#include "cardcore/sms/reassembler.hpp"

namespace cardcore::sms {

namespace {

void put_short(Bytes& out, ByteView b) {
  state::put_u8(out, static_cast<std::uint8_t>(b.size()));
  state::put_bytes(out, b);
}

Bytes read_short(state::Reader& in, const char* what) {
  const std::uint8_t n = in.u8(what);
  const ByteView b = in.bytes(n, what);
  return Bytes(b.begin(), b.end());
}

}  // namespace

void Reassembler::save_state(Bytes& out) const {
  state::put_u32(out, static_cast<std::uint32_t>(sets_.size()));
  for (const Set& s : sets_) {
    state::put_u8(out, static_cast<std::uint8_t>(s.originator.ton));
    state::put_u8(out, static_cast<std::uint8_t>(s.originator.npi));
    put_short(out, ByteView(reinterpret_cast<const std::uint8_t*>(s.originator.value.data()), s.originator.value.size()));
    state::put_u16(out, s.key.reference);
    state::put_u8(out, s.key.total);
    state::put_u8(out, s.key.sixteen_bit_reference ? 1 : 0);
    state::put_u64(out, s.first_ms);
    state::put_u64(out, s.last_ms);
    state::put_u8(out, static_cast<std::uint8_t>(s.parts.size()));
    for (const auto& [seq, p] : s.parts) {
      state::put_u8(out, seq);
      state::put_u8(out, static_cast<std::uint8_t>(p.header.elements.size()));
      for (const InformationElement& e : p.header.elements) {
        state::put_u8(out, e.iei);
        put_short(out, e.data);
      }
      state::put_u16(out, static_cast<std::uint16_t>(p.body.size()));
      state::put_bytes(out, p.body);
    }
  }
}

Reassembler Reassembler::parse_state(state::Reader& in) const {
  Reassembler r(timeout_ms_, max_sets_);
  const std::uint32_t count = in.u32("reassembler sets");
  if (count > max_sets_)
    state::fail("reassembler: " + std::to_string(count) + " sets, more than the limit " + std::to_string(max_sets_));
  for (std::uint32_t i = 0; i < count; ++i) {
    Set s;
    const std::uint8_t ton = in.u8("originator TON");
    const std::uint8_t npi = in.u8("originator NPI");
    if (ton > 7 || npi > 15)
      state::fail("reassembler: originator type of address " + std::to_string(ton) + "/" + std::to_string(npi) +
                  " out of range");
    s.originator.ton = static_cast<TypeOfNumber>(ton);
    s.originator.npi = static_cast<NumberingPlan>(npi);
    const Bytes value = read_short(in, "originator value");
    s.originator.value.assign(value.begin(), value.end());
    s.key.reference = in.u16("reference");
    s.key.total = in.u8("total");
    s.key.sixteen_bit_reference = in.flag("sixteen_bit_reference");
    if (!s.key.sixteen_bit_reference && s.key.reference > 0xFF)
      state::fail("reassembler: an 8-bit reference " + std::to_string(s.key.reference));
    s.first_ms = in.u64("first_ms");
    s.last_ms = in.u64("last_ms");
    if (s.last_ms < s.first_ms) state::fail("reassembler: a set's latest segment before its first");
    const std::string set = "reassembler: reference " + std::to_string(s.key.reference);
    const std::uint8_t parts = in.u8("parts");
    if (parts == 0 || parts >= s.key.total)
      state::fail(set + ": " + std::to_string(parts) + " of " + std::to_string(s.key.total) +
                  " parts (a set held is incomplete and not empty)");
    for (std::uint8_t k = 0; k < parts; ++k) {
      const std::uint8_t seq = in.u8("sequence");
      if (seq == 0 || seq > s.key.total || (!s.parts.empty() && seq <= s.parts.rbegin()->first))
        state::fail(set + ": part " + std::to_string(seq) + " out of 1.." + std::to_string(s.key.total) +
                    " or out of order");
      Part p;
      const std::uint8_t elements = in.u8("header elements");
      for (std::uint8_t e = 0; e < elements; ++e) {
        InformationElement ie;
        ie.iei = in.u8("IEI");
        if (ie.iei == kIeiConcatenation8 || ie.iei == kIeiConcatenation16)
          state::fail(set + ": a part's header keeps a concatenation element");
        ie.data = read_short(in, "IED");
        p.header.elements.push_back(std::move(ie));
      }
      const std::uint16_t body = in.u16("body length");
      const ByteView b = in.bytes(body, "body");
      p.body.assign(b.begin(), b.end());
      s.parts.emplace(seq, std::move(p));
    }
    for (const Set& other : r.sets_) {
      if (other.originator == s.originator && other.key.reference == s.key.reference &&
          other.key.sixteen_bit_reference == s.key.sixteen_bit_reference)
        state::fail(set + ": the set is there twice");
    }
    r.sets_.push_back(std::move(s));
  }
  return r;
}

}  // namespace cardcore::sms
