// PEDefinitions v3.3.1 PE-AKAParameter.
#include "cardcore/saip/aka_parameter.hpp"

namespace cardcore::saip {

Bytes AlgoParameter::default_rotation() { return {0x40, 0x00, 0x20, 0x40, 0x60}; }
Bytes AlgoParameter::default_xoring() {
  Bytes c(80, 0x00);
  c[31] = 0x01;
  c[47] = 0x02;
  c[63] = 0x04;
  c[79] = 0x08;
  return c;
}
Bytes PeAkaParameter::default_sqn_limit() { return {0x00, 0x00, 0x10, 0x00, 0x00, 0x00}; }
std::vector<Bytes> PeAkaParameter::default_sqn_init() { return std::vector<Bytes>(32, Bytes(6, 0x00)); }

namespace codec {

using namespace der;

namespace {

// "maximum value for sqnDelta and sqnAgeLimit is '07FFFFFFFFFF'H", and for sqnInit.
Bytes sqn_value(Context& ctx, const Tlv& t) {
  Bytes b = octets(ctx, t, 6, 6);
  if (b[0] > 0x07) ctx.fail(t.offset, "value above '07FFFFFFFFFF'");
  return b;
}

AlgoParameter decode_algo(Context& ctx, const Tlv& t) {
  Context::Scope s(ctx, "algoParameter");
  Reader r(ctx, t);
  AlgoParameter a;
  a.algorithm = static_cast<AlgorithmId>(integer(ctx, r.expect(cp(0), "algorithmID"), 1, 3));
  a.algorithm_options = octets(ctx, r.expect(cp(1), "algorithmOptions"), 1, 1)[0];
  a.key = octets(ctx, r.expect(cp(2), "key"));
  a.opc = octets(ctx, r.expect(cp(3), "opc"));
  if (auto e = r.optional(cp(4))) {
    a.rotation_constants = octets(ctx, *e, 5, 5);
    not_default(ctx, *e, a.rotation_constants == AlgoParameter::default_rotation());
  }
  if (auto e = r.optional(cp(5))) {
    a.xoring_constants = octets(ctx, *e, 80, 80);
    not_default(ctx, *e, a.xoring_constants == AlgoParameter::default_xoring());
  }
  if (auto e = r.optional(cp(6))) a.auth_counter_max = octets(ctx, *e, 3, 3);
  if (auto e = r.optional(cp(7))) {
    a.number_of_keccak = static_cast<std::uint8_t>(integer(ctx, *e, 0, 255));
    not_default(ctx, *e, a.number_of_keccak == 1);
  }
  r.finish();
  return a;
}

}  // namespace

PeAkaParameter decode_aka_parameter(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PeAkaParameter pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  {
    Context::Scope s(ctx, "algoConfiguration");
    Reader choice(ctx, r.expect(cc(1), "algoConfiguration"));
    const Tlv alt = choice.next("algoConfiguration alternative");
    if (alt.tag == cc(0)) {
      Context::Scope m(ctx, "mappingParameter");
      Reader mr(ctx, alt);
      MappingParameter mp;
      mp.mapping_options = octets(ctx, mr.expect(cp(0), "mappingOptions"), 1, 1)[0];
      mp.mapping_source = octets(ctx, mr.expect(cp(1), "mappingSource"), 5, 16);
      mr.finish();
      pe.algo_configuration = std::move(mp);
    } else if (alt.tag == cc(1)) {
      pe.algo_configuration = decode_algo(ctx, alt);
    } else {
      ctx.fail(alt.offset, "unexpected algoConfiguration alternative " + tag_name(alt.tag));
    }
    choice.finish();
  }
  if (auto e = r.optional(cp(2))) {
    Context::Scope s(ctx, "sqnOptions");
    pe.sqn_options = octets(ctx, *e, 1, 1)[0];
    not_default(ctx, *e, pe.sqn_options == 0x02);
  }
  if (auto e = r.optional(cp(3))) {
    Context::Scope s(ctx, "sqnDelta");
    pe.sqn_delta = sqn_value(ctx, *e);
    not_default(ctx, *e, pe.sqn_delta == PeAkaParameter::default_sqn_limit());
  }
  if (auto e = r.optional(cp(4))) {
    Context::Scope s(ctx, "sqnAgeLimit");
    pe.sqn_age_limit = sqn_value(ctx, *e);
    not_default(ctx, *e, pe.sqn_age_limit == PeAkaParameter::default_sqn_limit());
  }
  if (auto e = r.optional(cc(5))) {
    Context::Scope s(ctx, "sqnInit");
    Reader list(ctx, *e);
    pe.sqn_init.clear();
    while (!list.at_end()) pe.sqn_init.push_back(sqn_value(ctx, list.expect(kOctetString, "OCTET STRING")));
    if (pe.sqn_init.size() != 32) ctx.fail(e->offset, "sqnInit must hold 32 values");
    not_default(ctx, *e, pe.sqn_init == PeAkaParameter::default_sqn_init());
  }
  r.finish();
  return pe;
}

Bytes encode_aka_parameter(const PeAkaParameter& pe) {
  Bytes v = encode_pe_header(pe.header);
  Bytes alt;
  if (const auto* a = std::get_if<AlgoParameter>(&pe.algo_configuration)) {
    Bytes e;
    put(e, cp(0), integer_value(static_cast<int>(a->algorithm)));
    put(e, cp(1), Bytes{a->algorithm_options});
    put(e, cp(2), a->key);
    put(e, cp(3), a->opc);
    if (a->rotation_constants != AlgoParameter::default_rotation()) put(e, cp(4), a->rotation_constants);
    if (a->xoring_constants != AlgoParameter::default_xoring()) put(e, cp(5), a->xoring_constants);
    if (a->auth_counter_max) put(e, cp(6), *a->auth_counter_max);
    if (a->number_of_keccak != 1) put(e, cp(7), integer_value(a->number_of_keccak));
    put(alt, cc(1), e);
  } else {
    const auto& m = std::get<MappingParameter>(pe.algo_configuration);
    Bytes e;
    put(e, cp(0), Bytes{m.mapping_options});
    put(e, cp(1), m.mapping_source);
    put(alt, cc(0), e);
  }
  put(v, cc(1), alt);
  if (pe.sqn_options != 0x02) put(v, cp(2), Bytes{pe.sqn_options});
  if (pe.sqn_delta != PeAkaParameter::default_sqn_limit()) put(v, cp(3), pe.sqn_delta);
  if (pe.sqn_age_limit != PeAkaParameter::default_sqn_limit()) put(v, cp(4), pe.sqn_age_limit);
  if (pe.sqn_init != PeAkaParameter::default_sqn_init()) {
    Bytes list;
    for (const auto& s : pe.sqn_init) put(list, kOctetString, s);
    put(v, cc(5), list);
  }
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
