#include "cardcore/fs/access_rule.hpp"

#include <optional>

namespace cardcore {

int KeySet::bit_of(std::uint8_t r) {
  // TS 102 221 §9.5.1 key references.
  if (r >= 0x01 && r <= 0x08) return r - 0x01;          // PIN Appl 1..8
  if (r >= 0x0A && r <= 0x0E) return 8 + (r - 0x0A);    // ADM1..ADM5
  if (r == 0x11) return 13;                             // Universal PIN
  if (r >= 0x81 && r <= 0x88) return 16 + (r - 0x81);   // second PIN Appl 1..8
  if (r >= 0x8A && r <= 0x8E) return 24 + (r - 0x8A);   // ADM6..ADM10
  return -1;
}

void KeySet::set(std::uint8_t key_ref, bool on) {
  const int b = bit_of(key_ref);
  if (b < 0) return;
  if (on) bits_ |= (1u << b);
  else bits_ &= ~(1u << b);
}

bool KeySet::has(std::uint8_t key_ref) const {
  const int b = bit_of(key_ref);
  return b >= 0 && (bits_ >> b) & 1u;
}

namespace {

struct Tlv {
  std::uint8_t tag;
  ByteView value;
};

// One simple TLV (one-byte tag, one-byte length: the sizes EF.ARR uses).
std::optional<Tlv> next_tlv(ByteView& in) {
  if (in.size() < 2 || in[0] == 0xFF || in[0] == 0x00) return std::nullopt;
  const std::size_t len = in[1];
  if (in.size() < 2 + len) return std::nullopt;
  Tlv t{in[0], in.subspan(2, len)};
  in = in.subspan(2 + len);
  return t;
}

bool is_sc_do(std::uint8_t tag) {
  return tag == 0x90 || tag == 0x97 || tag == 0xA4 || tag == 0xA0 || tag == 0xAF ||
         tag == 0x9E || tag == 0xA7 || tag == 0xB4 || tag == 0xB6 || tag == 0xB8;
}

std::uint8_t crt_key_ref(ByteView crt) {
  ByteView in = crt;
  while (auto t = next_tlv(in)) {
    if (t->tag == 0x83 && t->value.size() == 1) return t->value[0];
  }
  return 0;
}

// ISO 7816-4 §5.4.3.2: evaluates one security condition data object.
bool condition_met(const Tlv& sc, const KeySet& keys, int depth) {
  if (depth > 4) return false;
  switch (sc.tag) {
    case 0x90: return true;   // always
    case 0x97: return false;  // never
    case 0xA4: {              // control reference template for user authentication
      const std::uint8_t ref = crt_key_ref(sc.value);
      return ref != 0 && keys.has(ref);
    }
    case 0xA0:  // OR template
    case 0xAF: {  // AND template
      ByteView in = sc.value;
      bool any = false, all = true, seen = false;
      while (auto t = next_tlv(in)) {
        const bool ok = condition_met(*t, keys, depth + 1);
        any = any || ok;
        all = all && ok;
        seen = true;
      }
      if (!seen) return false;
      return sc.tag == 0xA0 ? any : all;
    }
    default:
      return false;  // secure messaging / external authentication: not offered here
  }
}

// Calls f(sc_do) for every SC_DO that follows an AM_DO `names` accepts;
// returns false if the rule is malformed.
template <typename Names, typename F>
bool for_each_condition(ByteView rule, Names&& names, F&& f) {
  ByteView in = rule;
  bool applies = false;
  while (!in.empty() && in[0] != 0xFF) {
    auto t = next_tlv(in);
    if (!t) return false;
    if (t->tag >= 0x80 && t->tag <= 0x8F) {
      applies = names(*t);
    } else if (is_sc_do(t->tag)) {
      if (applies) f(*t);
    } else {
      return false;
    }
  }
  return true;
}

// The AM_DO with the access mode byte ('80') names `mode` when it has its bit.
auto mode_byte(std::uint8_t mode) {
  return [mode](const Tlv& am) { return am.tag == 0x80 && am.value.size() == 1 && (am.value[0] & mode) != 0; };
}

template <typename Names>
bool any_condition_met(ByteView rule, Names&& names, const KeySet& keys) {
  bool allowed = false;
  // Several SC_DOs after one AM_DO: any one of them suffices (§9.2.4, OR).
  const bool well_formed = for_each_condition(rule, names, [&](const Tlv& sc) {
    if (condition_met(sc, keys, 0)) allowed = true;
  });
  return well_formed && allowed;
}

// The class of a CLA byte without its logical channel and secure messaging
// bits (TS 102 221 §10.1.1 Table 10.3): interindustry ('0X', '4X', '6X'),
// the UICC's proprietary class ('8X', 'CX', 'EX'), or the GSM application's
// 'A0' (TS 51.011 §9.1), which an AM_DO naming '80' does not name.
int class_of(std::uint8_t cla) { return cla == 0xA0 ? 2 : (cla & 0x80) != 0; }

}  // namespace

bool access_allowed(ByteView rule, std::uint8_t mode, const KeySet& keys) {
  return any_condition_met(rule, mode_byte(mode), keys);
}

bool command_allowed(ByteView rule, const CommandHeader& c, const KeySet& keys) {
  const auto names = [&c](const Tlv& am) {
    if (am.tag == 0x80) return false;
    // ISO/IEC 7816-4 §5.4.3.3.1: b4 CLA, b3 INS, b2 P1, b1 P2 follow.
    const std::uint8_t present = am.tag & 0x0F;
    const std::uint8_t header[4] = {c.cla, c.ins, c.p1, c.p2};
    std::size_t at = 0;
    for (int i = 0; i < 4; ++i) {
      if (!(present & (0x08 >> i))) continue;
      if (at >= am.value.size()) return false;
      const std::uint8_t want = am.value[at++];
      if (i == 0 ? class_of(want) != class_of(header[0]) : want != header[i]) return false;
    }
    return at == am.value.size() && (present & 0x04) != 0;  // an instruction must be named
  };
  return any_condition_met(rule, names, keys);
}

std::uint8_t required_key(ByteView rule, std::uint8_t mode) {
  std::uint8_t out = 0xFF;
  for_each_condition(rule, mode_byte(mode), [&](const Tlv& sc) {
    if (out != 0xFF) return;
    if (sc.tag == 0x90) out = 0x00;
    else if (sc.tag == 0xA4) out = crt_key_ref(sc.value);
    else if (sc.tag == 0xA0 || sc.tag == 0xAF) {
      ByteView in = sc.value;
      while (auto t = next_tlv(in)) {
        if (t->tag == 0xA4) { out = crt_key_ref(t->value); break; }
      }
    }
  });
  return out;
}

}  // namespace cardcore
