// PEDefinitions v3.3.1 PE-PINCodes, PE-PUKCodes.
#include "cardcore/saip/pin_puk_codes.hpp"

#include <set>

namespace cardcore::saip {

// pinAppl1..8 (1-8), adm1..5 (10-14), secondPINAppl1..8 (129-136), adm6..10 (138-142).
bool valid_pin_reference(std::int64_t v) {
  return (v >= 1 && v <= 8) || (v >= 10 && v <= 14) || (v >= 129 && v <= 136) || (v >= 138 && v <= 142);
}
// pukAppl1..8 (1-8), secondPUKAppl1..8 (129-136).
bool valid_puk_reference(std::int64_t v) { return (v >= 1 && v <= 8) || (v >= 129 && v <= 136); }

namespace codec {

using namespace der;

namespace {
std::uint8_t reference(Context& ctx, const Tlv& t, bool pin) {
  const std::int64_t v = integer(ctx, t, 0, 255);
  if (pin ? !valid_pin_reference(v) : !valid_puk_reference(v)) {
    ctx.fail(t.offset, std::string("value ") + std::to_string(v) + " is no " +
                           (pin ? "PINKeyReferenceValue" : "PUKKeyReferenceValue"));
  }
  return static_cast<std::uint8_t>(v);
}
}  // namespace

PePinCodes decode_pin_codes(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PePinCodes pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  Context::Scope s(ctx, "pinCodes");
  Reader choice(ctx, r.expect(cc(1), "pinCodes"));
  const Tlv alt = choice.next("pinCodes alternative");
  if (alt.tag == cc(0)) {
    Reader list(ctx, alt);
    std::vector<PinConfiguration> pins;
    std::set<std::uint8_t> seen;
    while (!list.at_end()) {
      Context::Scope e(ctx, "pinconfig[" + std::to_string(pins.size()) + "]");
      const Tlv it = list.expect(kSequence, "PINConfiguration");
      Reader pr(ctx, it);
      PinConfiguration p;
      p.key_reference = reference(ctx, pr.expect(cp(0), "keyReference"), true);
      if (!seen.insert(p.key_reference).second) ctx.fail(it.offset, "keyReference defined twice");
      p.pin_value = octets(ctx, pr.expect(cp(1), "pinValue"), 8, 8);
      if (auto u = pr.optional(cp(2))) p.unblocking_reference = reference(ctx, *u, false);
      if (auto a = pr.optional(cp(3))) p.pin_attributes = defaulted_uint8(ctx, *a, 7);
      if (auto m = pr.optional(cp(4))) p.max_attempts_retries = defaulted_uint8(ctx, *m, 0x33);
      pr.finish();
      pins.push_back(std::move(p));
    }
    if (pins.empty() || pins.size() > 26) ctx.fail(alt.offset, "pinconfig must hold 1..26 PINs");
    pe.pin_codes = std::move(pins);
  } else if (alt.tag == cp(1)) {
    pe.pin_codes = octets(ctx, alt, 0, 8);
  } else {
    ctx.fail(alt.offset, "unexpected pinCodes alternative " + tag_name(alt.tag));
  }
  choice.finish();
  r.finish();
  return pe;
}

Bytes encode_pin_codes(const PePinCodes& pe) {
  Bytes v = encode_pe_header(pe.header);
  Bytes alt;
  if (const auto* pins = std::get_if<std::vector<PinConfiguration>>(&pe.pin_codes)) {
    Bytes list;
    for (const auto& p : *pins) {
      Bytes e;
      put(e, cp(0), integer_value(p.key_reference));
      put(e, cp(1), p.pin_value);
      if (p.unblocking_reference) put(e, cp(2), integer_value(*p.unblocking_reference));
      if (p.pin_attributes != 7) put(e, cp(3), integer_value(p.pin_attributes));
      if (p.max_attempts_retries != 0x33) put(e, cp(4), integer_value(p.max_attempts_retries));
      put(list, kSequence, e);
    }
    put(alt, cc(0), list);
  } else {
    put(alt, cp(1), std::get<Bytes>(pe.pin_codes));
  }
  put(v, cc(1), alt);
  return v;
}

PePukCodes decode_puk_codes(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PePukCodes pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  Context::Scope s(ctx, "pukCodes");
  const Tlv lt = r.expect(cc(1), "pukCodes");
  Reader list(ctx, lt);
  std::set<std::uint8_t> seen;
  while (!list.at_end()) {
    Context::Scope e(ctx, "[" + std::to_string(pe.puk_codes.size()) + "]");
    const Tlv it = list.expect(kSequence, "PUKConfiguration");
    Reader pr(ctx, it);
    PukConfiguration p;
    p.key_reference = reference(ctx, pr.expect(cp(0), "keyReference"), false);
    if (!seen.insert(p.key_reference).second) ctx.fail(it.offset, "keyReference defined twice");
    p.puk_value = octets(ctx, pr.expect(cp(1), "pukValue"), 8, 8);
    if (auto m = pr.optional(cp(2))) p.max_attempts_retries = defaulted_uint8(ctx, *m, 0xAA);
    pr.finish();
    pe.puk_codes.push_back(std::move(p));
  }
  if (pe.puk_codes.empty() || pe.puk_codes.size() > 16) ctx.fail(lt.offset, "pukCodes must hold 1..16 PUKs");
  r.finish();
  return pe;
}

Bytes encode_puk_codes(const PePukCodes& pe) {
  Bytes v = encode_pe_header(pe.header);
  Bytes list;
  for (const auto& p : pe.puk_codes) {
    Bytes e;
    put(e, cp(0), integer_value(p.key_reference));
    put(e, cp(1), p.puk_value);
    if (p.max_attempts_retries != 0xAA) put(e, cp(2), integer_value(p.max_attempts_retries));
    put(list, kSequence, e);
  }
  put(v, cc(1), list);
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
