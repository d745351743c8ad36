// PEDefinitions v3.3.1 PE-Application (§8.7), PE-SecurityDomain (§8.6).
#include "cardcore/saip/application.hpp"

namespace cardcore::saip {
namespace codec {

using namespace der;

namespace {

constexpr Tag kAid = app(15);

void opt(Reader& r, Context& ctx, const Tag& t, std::optional<Bytes>& out, std::size_t lo = 0, std::size_t hi = SIZE_MAX) {
  if (auto e = r.optional(t)) out = octets(ctx, *e, lo, hi);
}
void put_opt(Bytes& v, const Tag& t, const std::optional<Bytes>& b) {
  if (b) put(v, t, *b);
}

ApplicationSystemParameters decode_system(Context& ctx, const Tlv& t) {
  Context::Scope s(ctx, "systemSpecificParameters");
  Reader r(ctx, t);
  ApplicationSystemParameters p;
  opt(r, ctx, priv(7), p.volatile_memory_quota, 2, 4);
  opt(r, ctx, priv(8), p.non_volatile_memory_quota, 2, 4);
  opt(r, ctx, priv(11), p.global_service_parameters);
  opt(r, ctx, priv(15), p.implicit_selection_parameter);
  opt(r, ctx, priv(23), p.volatile_reserved_memory, 2, 4);
  opt(r, ctx, priv(24), p.non_volatile_reserved_memory, 2, 4);
  opt(r, ctx, priv(10), p.ts102226_sim_file_access_toolkit);
  if (auto e = r.optional(cc(0))) {
    Reader cr(ctx, *e);
    p.ts102226_additional_contactless = octets(ctx, cr.expect(cp(0), "protocolParameterData"));
    cr.finish();
  }
  opt(r, ctx, priv(25), p.contactless_protocol_parameters);
  opt(r, ctx, priv(26), p.user_interaction_contactless);
  opt(r, ctx, cp(2), p.cumulative_granted_volatile, 2, 4);
  opt(r, ctx, cp(3), p.cumulative_granted_non_volatile, 2, 4);
  r.finish();
  return p;
}

Bytes encode_system(const ApplicationSystemParameters& p) {
  Bytes v;
  put_opt(v, priv(7), p.volatile_memory_quota);
  put_opt(v, priv(8), p.non_volatile_memory_quota);
  put_opt(v, priv(11), p.global_service_parameters);
  put_opt(v, priv(15), p.implicit_selection_parameter);
  put_opt(v, priv(23), p.volatile_reserved_memory);
  put_opt(v, priv(24), p.non_volatile_reserved_memory);
  put_opt(v, priv(10), p.ts102226_sim_file_access_toolkit);
  if (p.ts102226_additional_contactless) put(v, cc(0), tlv(cp(0), *p.ts102226_additional_contactless));
  put_opt(v, priv(25), p.contactless_protocol_parameters);
  put_opt(v, priv(26), p.user_interaction_contactless);
  put_opt(v, cp(2), p.cumulative_granted_volatile);
  put_opt(v, cp(3), p.cumulative_granted_non_volatile);
  return v;
}

std::vector<Bytes> octet_list(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  std::vector<Bytes> out;
  while (!r.at_end()) out.push_back(octets(ctx, r.expect(kOctetString, "OCTET STRING")));
  if (out.empty()) ctx.fail(t.offset, "SEQUENCE (SIZE (1..MAX)) is empty");
  return out;
}

Bytes encode_octet_list(const std::vector<Bytes>& l) {
  Bytes v;
  for (const auto& b : l) put(v, kOctetString, b);
  return v;
}

}  // namespace

ApplicationInstance decode_application_instance(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  ApplicationInstance a;
  a.load_package_aid = octets(ctx, r.expect(kAid, "applicationLoadPackageAID"), 5, 16);
  a.class_aid = octets(ctx, r.expect(kAid, "classAID"), 5, 16);
  a.instance_aid = octets(ctx, r.expect(kAid, "instanceAID"), 5, 16);
  opt(r, ctx, kAid, a.extradite_sd_aid, 5, 16);
  a.privileges = octets(ctx, r.expect(cp(2), "applicationPrivileges"));
  if (auto e = r.optional(cp(3))) a.life_cycle_state = defaulted_byte(ctx, *e, 0x07);
  a.specific_parameters_c9 = octets(ctx, r.expect(priv(9), "applicationSpecificParametersC9"));
  if (auto e = r.optional(privc(15))) a.system_parameters = decode_system(ctx, *e);
  if (auto e = r.optional(privc(10))) {
    Context::Scope s(ctx, "applicationParameters");
    Reader ar(ctx, *e);
    UiccApplicationParameters u;
    opt(ar, ctx, cp(0), u.toolkit);
    opt(ar, ctx, cp(1), u.access);
    opt(ar, ctx, cp(2), u.administrative_access);
    ar.finish();
    a.uicc_parameters = std::move(u);
  }
  if (auto e = r.optional(kSequence)) {
    Context::Scope s(ctx, "processData");
    a.process_data = octet_list(ctx, *e);
  }
  if (auto e = r.optional(cc(16))) {
    Context::Scope s(ctx, "controlReferenceTemplate");
    Reader cr(ctx, *e);
    a.application_provider_id = octets(ctx, cr.expect(app(32), "applicationProviderIdentifier"));
    cr.finish();
  }
  r.finish();
  return a;
}

Bytes encode_application_instance(const ApplicationInstance& a) {
  Bytes v;
  put(v, kAid, a.load_package_aid);
  put(v, kAid, a.class_aid);
  put(v, kAid, a.instance_aid);
  put_opt(v, kAid, a.extradite_sd_aid);
  put(v, cp(2), a.privileges);
  if (a.life_cycle_state != 0x07) put(v, cp(3), Bytes{a.life_cycle_state});
  put(v, priv(9), a.specific_parameters_c9);
  if (a.system_parameters) put(v, privc(15), encode_system(*a.system_parameters));
  if (a.uicc_parameters) {
    Bytes u;
    put_opt(u, cp(0), a.uicc_parameters->toolkit);
    put_opt(u, cp(1), a.uicc_parameters->access);
    put_opt(u, cp(2), a.uicc_parameters->administrative_access);
    put(v, privc(10), u);
  }
  if (a.process_data) put(v, kSequence, encode_octet_list(*a.process_data));
  if (a.application_provider_id) put(v, cc(16), tlv(app(32), *a.application_provider_id));
  return v;
}

PeApplication decode_application(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PeApplication pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  if (auto e = r.optional(cc(1))) {
    Context::Scope s(ctx, "loadBlock");
    Reader lr(ctx, *e);
    ApplicationLoadPackage l;
    l.load_package_aid = octets(ctx, lr.expect(kAid, "loadPackageAID"), 5, 16);
    opt(lr, ctx, kAid, l.security_domain_aid, 5, 16);
    opt(lr, ctx, priv(6), l.non_volatile_code_limit_c6);
    opt(lr, ctx, priv(7), l.volatile_data_limit_c7);
    opt(lr, ctx, priv(8), l.non_volatile_data_limit_c8);
    opt(lr, ctx, priv(1), l.hash_value);
    l.load_block_object = octets(ctx, lr.expect(priv(4), "loadBlockObject"));
    lr.finish();
    pe.load_block = std::move(l);
  }
  if (auto e = r.optional(cc(2))) {
    Reader ir(ctx, *e);
    pe.instances.emplace();
    while (!ir.at_end()) {
      Context::Scope s(ctx, "instanceList[" + std::to_string(pe.instances->size()) + "]");
      pe.instances->push_back(decode_application_instance(ctx, ir.expect(kSequence, "ApplicationInstance")));
    }
    if (pe.instances->empty()) ctx.fail(e->offset, "instanceList is empty");
  }
  r.finish();
  return pe;
}

Bytes encode_application(const PeApplication& pe) {
  Bytes v = encode_pe_header(pe.header);
  if (pe.load_block) {
    const auto& l = *pe.load_block;
    Bytes e;
    put(e, kAid, l.load_package_aid);
    put_opt(e, kAid, l.security_domain_aid);
    put_opt(e, priv(6), l.non_volatile_code_limit_c6);
    put_opt(e, priv(7), l.volatile_data_limit_c7);
    put_opt(e, priv(8), l.non_volatile_data_limit_c8);
    put_opt(e, priv(1), l.hash_value);
    put(e, priv(4), l.load_block_object);
    put(v, cc(1), e);
  }
  if (pe.instances) {
    Bytes list;
    for (const auto& a : *pe.instances) put(list, kSequence, encode_application_instance(a));
    put(v, cc(2), list);
  }
  return v;
}

PeSecurityDomain decode_security_domain(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PeSecurityDomain pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  {
    Context::Scope s(ctx, "instance");
    pe.instance = decode_application_instance(ctx, r.expect(cc(1), "instance"));
  }
  if (auto e = r.optional(cc(2))) {
    Reader kr(ctx, *e);
    pe.key_list.emplace();
    while (!kr.at_end()) {
      Context::Scope s(ctx, "keyList[" + std::to_string(pe.key_list->size()) + "]");
      Reader or_(ctx, kr.expect(kSequence, "KeyObject"));
      KeyObject k;
      k.key_usage_qualifier = octets(ctx, or_.expect(cp(21), "keyUsageQualifier"), 1, 2);
      if (auto a = or_.optional(cp(22))) k.key_access = defaulted_byte(ctx, *a, 0x00);
      k.key_identifier = octets(ctx, or_.expect(cp(2), "keyIdentifier"), 1, 1)[0];
      k.key_version = octets(ctx, or_.expect(cp(3), "keyVersionNumber"), 1, 1)[0];
      opt(or_, ctx, cp(5), k.key_counter);
      const Tlv comps = or_.expect(kSequence, "keyComponents");
      Reader cr(ctx, comps);
      while (!cr.at_end()) {
        Reader er(ctx, cr.expect(kSequence, "key component"));
        KeyComponent c;
        c.key_type = octets(ctx, er.expect(cp(0), "keyType"));
        c.key_data = octets(ctx, er.expect(cp(6), "keyData"));
        if (auto m = er.optional(cp(7))) c.mac_length = defaulted_uint8(ctx, *m, 8);
        er.finish();
        k.components.push_back(std::move(c));
      }
      if (k.components.empty()) ctx.fail(comps.offset, "keyComponents is empty");
      or_.finish();
      pe.key_list->push_back(std::move(k));
    }
    if (pe.key_list->empty()) ctx.fail(e->offset, "keyList is empty");
  }
  if (auto e = r.optional(cc(3))) {
    Context::Scope s(ctx, "sdPersoData");
    pe.sd_perso_data = octet_list(ctx, *e);
  }
  if (auto e = r.optional(cc(4))) {
    Context::Scope s(ctx, "openPersoData");
    Reader orr(ctx, *e);
    PeSecurityDomain::OpenPersoData o;
    opt(orr, ctx, priv(25), o.restrict_parameter, 1, 1);
    opt(orr, ctx, kOctetString, o.contactless_protocol_parameters);
    orr.finish();
    pe.open_perso_data = std::move(o);
  }
  if (auto e = r.optional(cc(5))) {
    Context::Scope s(ctx, "catTpParameters");
    Reader cr(ctx, *e);
    PeSecurityDomain::CatTpParameters c;
    c.max_sdu_size = static_cast<std::uint16_t>(integer(ctx, cr.expect(cp(0), "catTpMaxSduSize"), 0, 65535));
    c.max_pdu_size = static_cast<std::uint16_t>(integer(ctx, cr.expect(cp(1), "catTpMaxPduSize"), 0, 65535));
    cr.finish();
    pe.cat_tp_parameters = c;
  }
  r.finish();
  return pe;
}

Bytes encode_security_domain(const PeSecurityDomain& pe) {
  Bytes v = encode_pe_header(pe.header);
  put(v, cc(1), encode_application_instance(pe.instance));
  if (pe.key_list) {
    Bytes list;
    for (const auto& k : *pe.key_list) {
      Bytes e;
      put(e, cp(21), k.key_usage_qualifier);
      if (k.key_access != 0x00) put(e, cp(22), Bytes{k.key_access});
      put(e, cp(2), Bytes{k.key_identifier});
      put(e, cp(3), Bytes{k.key_version});
      put_opt(e, cp(5), k.key_counter);
      Bytes comps;
      for (const auto& c : k.components) {
        Bytes ce;
        put(ce, cp(0), c.key_type);
        put(ce, cp(6), c.key_data);
        if (c.mac_length != 8) put(ce, cp(7), integer_value(c.mac_length));
        put(comps, kSequence, ce);
      }
      put(e, kSequence, comps);
      put(list, kSequence, e);
    }
    put(v, cc(2), list);
  }
  if (pe.sd_perso_data) put(v, cc(3), encode_octet_list(*pe.sd_perso_data));
  if (pe.open_perso_data) {
    Bytes o;
    put_opt(o, priv(25), pe.open_perso_data->restrict_parameter);
    put_opt(o, kOctetString, pe.open_perso_data->contactless_protocol_parameters);
    put(v, cc(4), o);
  }
  if (pe.cat_tp_parameters) {
    Bytes c;
    put(c, cp(0), integer_value(pe.cat_tp_parameters->max_sdu_size));
    put(c, cp(1), integer_value(pe.cat_tp_parameters->max_pdu_size));
    put(v, cc(5), c);
  }
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
