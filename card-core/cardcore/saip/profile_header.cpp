// TCA eUICC Profile Package, PEDefinitions v3.3.1: PEHeader, ProfileHeader.
#include "cardcore/saip/profile_header.hpp"

#include <stdexcept>

namespace cardcore::saip {

namespace {
// ServicesList components in tag order ([0]..[29]).
constexpr std::string_view kServices[ServicesList::kCount] = {
    "contactless", "usim", "isim", "csim", "milenage", "tuak128", "cave", "gba-usim", "gba-isim", "mbms",
    "eap", "javacard", "multos", "multiple-usim", "multiple-isim", "multiple-csim", "tuak256",
    "usim-test-algorithm", "ber-tlv", "dfLink", "cat-tp", "get-identity", "profile-a-x25519",
    "profile-b-p256", "suciCalculatorApi", "dns-resolution", "scp11ac", "scp11c-authorization-mechanism",
    "s16mode", "eaka"};
}  // namespace

std::string_view ServicesList::name(std::uint32_t i) { return i < kCount ? kServices[i] : std::string_view(); }

std::uint32_t ServicesList::index(std::string_view n) {
  for (std::uint32_t i = 0; i < kCount; ++i) {
    if (kServices[i] == n) return i;
  }
  throw std::invalid_argument("unknown service '" + std::string(n) + "'");
}

namespace codec {

using namespace der;

PeHeader decode_pe_header(Context& ctx, const Tlv& t) {
  Context::Scope s(ctx, "header");
  Reader r(ctx, t);
  PeHeader h;
  if (auto m = r.optional(cp(0))) {
    null(ctx, *m);
    h.mandated = true;
  }
  h.identification = static_cast<std::uint16_t>(integer(ctx, r.expect(cp(1), "identification"), 0, 32767));
  r.finish();
  return h;
}

Bytes encode_pe_header(const PeHeader& h) {
  Bytes v;
  if (h.mandated) put(v, cp(0), {});
  put(v, cp(1), integer_value(h.identification));
  return tlv(cc(0), v);
}

ProfileHeader decode_profile_header(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  ProfileHeader h;
  h.major_version = static_cast<std::uint8_t>(integer(ctx, r.expect(cp(0), "major-version"), 0, 255));
  h.minor_version = static_cast<std::uint8_t>(integer(ctx, r.expect(cp(1), "minor-version"), 0, 255));
  if (auto p = r.optional(cp(2))) h.profile_type = utf8(ctx, *p, 1, 100);
  h.iccid = octets(ctx, r.expect(cp(3), "iccid"), 10, 10);
  if (auto p = r.optional(cp(4))) h.pol = octets(ctx, *p);
  {
    Context::Scope s(ctx, "eUICC-Mandatory-services");
    const Tlv svc = r.expect(cc(5), "eUICC-Mandatory-services");
    Reader sr(ctx, svc);
    std::int64_t last = -1;
    while (!sr.at_end()) {
      const Tlv e = sr.next("service");
      if (e.tag.cls != Class::Context || e.tag.number >= ServicesList::kCount) {
        ctx.fail(e.offset, "unknown service " + tag_name(e.tag));
      }
      if (static_cast<std::int64_t>(e.tag.number) <= last) ctx.fail(e.offset, "services out of order or repeated");
      null(ctx, e);
      last = e.tag.number;
      h.mandatory_services.bits |= 1u << e.tag.number;
    }
  }
  {
    Context::Scope s(ctx, "eUICC-Mandatory-GFSTEList");
    Reader gr(ctx, r.expect(cc(6), "eUICC-Mandatory-GFSTEList"));
    while (!gr.at_end()) h.mandatory_gfste.push_back(oid(ctx, gr.expect(kOid, "OBJECT IDENTIFIER")));
  }
  if (auto p = r.optional(cp(7))) h.connectivity_parameters = octets(ctx, *p);
  if (auto p = r.optional(cc(8))) {
    Context::Scope s(ctx, "eUICC-Mandatory-AIDs");
    Reader ar(ctx, *p);
    h.mandatory_aids.emplace();
    while (!ar.at_end()) {
      Reader er(ctx, ar.expect(kSequence, "SEQUENCE"));
      MandatoryAid m;
      m.aid = octets(ctx, er.expect(cp(0), "aid"), 5, 16);
      m.version = octets(ctx, er.expect(cp(1), "version"), 2, 2);
      er.finish();
      h.mandatory_aids->push_back(std::move(m));
    }
  }
  if (auto p = r.optional(cc(9))) {
    Context::Scope s(ctx, "iotOptions");
    Reader ir(ctx, *p);
    h.iot_pix = octets(ctx, ir.expect(cp(0), "pix"), 7, 11);
    ir.finish();
  }
  r.finish();
  return h;
}

Bytes encode_profile_header(const ProfileHeader& h) {
  Bytes v;
  put(v, cp(0), integer_value(h.major_version));
  put(v, cp(1), integer_value(h.minor_version));
  if (h.profile_type) put(v, cp(2), ByteView(reinterpret_cast<const std::uint8_t*>(h.profile_type->data()), h.profile_type->size()));
  put(v, cp(3), h.iccid);
  if (h.pol) put(v, cp(4), *h.pol);
  Bytes svc;
  for (std::uint32_t i = 0; i < ServicesList::kCount; ++i) {
    if ((h.mandatory_services.bits >> i) & 1u) put(svc, cp(i), {});
  }
  put(v, cc(5), svc);
  Bytes gl;
  for (const auto& o : h.mandatory_gfste) put(gl, kOid, oid_value(o));
  put(v, cc(6), gl);
  if (h.connectivity_parameters) put(v, cp(7), *h.connectivity_parameters);
  if (h.mandatory_aids) {
    Bytes al;
    for (const auto& m : *h.mandatory_aids) {
      Bytes e;
      put(e, cp(0), m.aid);
      put(e, cp(1), m.version);
      put(al, kSequence, e);
    }
    put(v, cc(8), al);
  }
  if (h.iot_pix) put(v, cc(9), tlv(cp(0), *h.iot_pix));
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
