#pragma once
// The access sweeps' oracle: an access rule in expanded format (TS 102 221
// §9.2.4, ISO/IEC 7816-4 §5.4.3.3), as a terminal reads it from an EF.ARR
// record, decoded here on its own, without fs/access_rule (the code under
// test), so that the sweeps compare the card with the specification.
#include <cstdint>
#include <functional>
#include <set>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore::testing::arr_oracle {

// The key references a security state satisfies (verified, or a PIN whose
// verification is disabled, TS 102 221 §9.5.1).
using Keys = std::set<std::uint8_t>;

// One BER-TLV data object of the rule: its tag and value.
struct Object {
  std::uint8_t tag = 0;
  ByteView value;
};

// Reads the data objects of `b` up to the end or the padding ('FF' or '00'
// where a tag would start, TS 102 221 §9.2.4); `ok` false when malformed.
inline std::vector<Object> objects(ByteView b, bool& ok) {
  std::vector<Object> out;
  ok = true;
  std::size_t i = 0;
  while (i < b.size() && b[i] != 0xFF && b[i] != 0x00) {
    if (i + 1 >= b.size()) return ok = false, out;
    const std::uint8_t tag = b[i];
    std::size_t len = b[i + 1];
    std::size_t at = i + 2;
    if (len == 0x81) {  // ISO/IEC 7816-4 §5.2.2.2: one length byte follows
      if (at >= b.size()) return ok = false, out;
      len = b[at++];
    } else if (len > 0x7F) {
      return ok = false, out;
    }
    if (at + len > b.size()) return ok = false, out;
    out.push_back(Object{tag, b.subspan(at, len)});
    i = at + len;
  }
  return out;
}

// ISO/IEC 7816-4 §5.4.3.3.2 security condition data objects: '90' always,
// '97' never, 'A4' a control reference template whose '83' names the key
// to authenticate the user with, 'A0' any of the SC_DOs inside, 'AF' all of
// them. Anything else is not satisfied.
inline bool satisfied(const Object& sc, const Keys& keys) {
  switch (sc.tag) {
    case 0x90: return sc.value.empty();
    case 0x97: return false;
    case 0xA4: {
      bool ok = false;
      for (const Object& o : objects(sc.value, ok))
        if (ok && o.tag == 0x83 && o.value.size() == 1) return keys.count(o.value[0]) != 0;
      return false;
    }
    case 0xA0:
    case 0xAF: {
      bool ok = false;
      const std::vector<Object> inner = objects(sc.value, ok);
      if (!ok || inner.empty()) return false;
      bool any = false, all = true;
      for (const Object& o : inner) {
        const bool s = satisfied(o, keys);
        any = any || s;
        all = all && s;
      }
      return sc.tag == 0xA0 ? any : all;
    }
    default: return false;
  }
}

// True if an AM_DO (tag '80'-'8F') of the rule names the operation (as
// `names` decides) and one of the SC_DOs after it, before the next AM_DO,
// is satisfied (§5.4.3.3: the SC_DOs of one AM_DO are alternatives).
inline bool allows(ByteView rule, const std::function<bool(const Object&)>& names, const Keys& keys) {
  bool ok = false;
  const std::vector<Object> all = objects(rule, ok);
  if (!ok) return false;
  bool named = false;
  for (const Object& o : all) {
    if ((o.tag & 0xF0) == 0x80) {
      named = names(o);
      continue;
    }
    if (named && satisfied(o, keys)) return true;
  }
  return false;
}

// An access mode bit of the AM byte (AM_DO '80', b8 = 0; TS 102 221
// §9.2.4 / ISO/IEC 7816-4 Table 17 for an EF: b1 READ, b2 UPDATE, b3
// INCREASE, b4 DEACTIVATE, b5 ACTIVATE, b6 TERMINATE, b7 DELETE FILE).
inline bool mode_allowed(ByteView rule, std::uint8_t bit, const Keys& keys) {
  return allows(rule, [bit](const Object& o) {
    return o.tag == 0x80 && o.value.size() == 1 && (o.value[0] & 0x80) == 0 && (o.value[0] & bit) != 0;
  }, keys);
}

// A command named by an AM_DO of instruction type (ISO/IEC 7816-4
// §5.4.3.3.1: tag '8X', b4 b3 b2 b1 of X announcing CLA, INS, P1, P2 in the
// value, in that order); TS 102 222 §6.10 gives RESIZE FILE this way.
inline bool command_allowed(ByteView rule, std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2,
                            const Keys& keys) {
  return allows(rule, [&](const Object& o) {
    if (o.tag == 0x80) return false;
    const std::uint8_t header[4] = {cla, ins, p1, p2};
    std::size_t at = 0;
    for (int k = 0; k < 4; ++k) {
      if ((o.tag & (0x08 >> k)) == 0) continue;
      if (at >= o.value.size() || o.value[at] != header[k]) return false;
      ++at;
    }
    return at == o.value.size();
  }, keys);
}

}  // namespace cardcore::testing::arr_oracle
