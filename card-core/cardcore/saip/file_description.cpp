// PEDefinitions v3.3.1 Fcp, ProprietaryInfo, File (TCA eUICC Profile
// Package §8.3; FCP coding TS 102 222 §6.3, TS 102 221 §11.1.1.3).
#include "cardcore/saip/file_description.hpp"

namespace cardcore::saip {

const Fcp* File::fcp() const {
  for (const auto& e : elements) {
    if (const auto* f = std::get_if<Fcp>(&e)) return f;
  }
  return nullptr;
}

bool File::do_not_create() const {
  return !elements.empty() && std::holds_alternative<DoNotCreate>(elements.front());
}

namespace codec {

using namespace der;

namespace {

// "Shall be encoded on the minimum number of octets possible".
Bytes minimal_size(Context& ctx, const Tlv& t) {
  Bytes b = octets(ctx, t, 1, 4);
  if (b.size() > 1 && b[0] == 0) ctx.fail(t.offset, "size not on the minimum number of octets");
  return b;
}


ProprietaryInfo decode_proprietary(Context& ctx, const Tlv& t) {
  Context::Scope s(ctx, "proprietaryEFInfo");
  Reader r(ctx, t);
  ProprietaryInfo p;
  if (auto e = r.optional(priv(0))) p.special_file_information = defaulted_byte(ctx, *e, 0x00);
  if (auto e = r.optional(priv(1))) p.fill_pattern = octets(ctx, *e, 1, 200);
  if (auto e = r.optional(priv(2))) p.repeat_pattern = octets(ctx, *e, 1, 200);
  if (p.fill_pattern && p.repeat_pattern) ctx.fail(t.offset, "both fillPattern and repeatPattern");
  if (auto e = r.optional(cp(6))) p.maximum_file_size = minimal_size(ctx, *e);
  if (auto e = r.optional(cp(4))) p.file_details = defaulted_byte(ctx, *e, 0x01);
  r.finish();
  return p;
}

Bytes encode_proprietary(const ProprietaryInfo& p) {
  Bytes v;
  if (p.special_file_information != 0x00) put(v, priv(0), Bytes{p.special_file_information});
  if (p.fill_pattern) put(v, priv(1), *p.fill_pattern);
  if (p.repeat_pattern) put(v, priv(2), *p.repeat_pattern);
  if (p.maximum_file_size) put(v, cp(6), *p.maximum_file_size);
  if (p.file_details != 0x01) put(v, cp(4), Bytes{p.file_details});
  return v;
}

}  // namespace

Fcp decode_fcp(Context& ctx, const Tlv& t) {
  Context::Scope s(ctx, "fileDescriptor");
  Reader r(ctx, t);
  Fcp f;
  if (auto e = r.optional(cp(2))) f.file_descriptor = octets(ctx, *e, 2, 4);
  if (auto e = r.optional(cp(3))) f.file_id = octets(ctx, *e, 2, 2);
  if (auto e = r.optional(cp(4))) f.df_name = octets(ctx, *e, 5, 16);
  if (auto e = r.optional(cp(10))) f.lcsi = defaulted_byte(ctx, *e, 0x05);
  if (auto e = r.optional(cp(11))) f.security_attributes = octets(ctx, *e, 1, 3);
  if (auto e = r.optional(cp(0))) f.ef_file_size = minimal_size(ctx, *e);
  if (auto e = r.optional(priv(6))) f.pin_status_template = octets(ctx, *e);
  if (auto e = r.optional(cp(8))) f.short_ef_id = octets(ctx, *e, 0, 1);
  if (auto e = r.optional(cc(5))) f.proprietary = decode_proprietary(ctx, *e);
  if (auto e = r.optional(priv(7))) f.link_path = octets(ctx, *e, 0, 8);
  r.finish();
  return f;
}

Bytes encode_fcp(const Fcp& f) {
  Bytes v;
  if (f.file_descriptor) put(v, cp(2), *f.file_descriptor);
  if (f.file_id) put(v, cp(3), *f.file_id);
  if (f.df_name) put(v, cp(4), *f.df_name);
  if (f.lcsi != 0x05) put(v, cp(10), Bytes{f.lcsi});
  if (f.security_attributes) put(v, cp(11), *f.security_attributes);
  if (f.ef_file_size) put(v, cp(0), *f.ef_file_size);
  if (f.pin_status_template) put(v, priv(6), *f.pin_status_template);
  if (f.short_ef_id) put(v, cp(8), *f.short_ef_id);
  if (f.proprietary) put(v, cc(5), encode_proprietary(*f.proprietary));
  if (f.link_path) put(v, priv(7), *f.link_path);
  return v;
}

File decode_file(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  File f;
  while (!r.at_end()) {
    const Tlv e = r.next("file element");
    if (e.tag == cp(0)) {
      null(ctx, e);
      f.elements.emplace_back(DoNotCreate{});
    } else if (e.tag == cc(1)) {
      if (!f.elements.empty()) ctx.fail(e.offset, "fileDescriptor must be the first element, and only once");
      f.elements.emplace_back(decode_fcp(ctx, e));
    } else if (e.tag == cp(2)) {
      f.elements.emplace_back(FillFileOffset{static_cast<std::uint16_t>(integer(ctx, e, 0, 65535))});
    } else if (e.tag == cp(3)) {
      f.elements.emplace_back(FillFileContent{octets(ctx, e)});
    } else {
      ctx.fail(e.offset, "unexpected file element " + tag_name(e.tag));
    }
    if (f.elements.size() > 1 && std::holds_alternative<DoNotCreate>(f.elements.front())) {
      ctx.fail(e.offset, "doNotCreate must be the only element");
    }
  }
  return f;
}

Bytes encode_file(const File& f) {
  Bytes v;
  for (const auto& e : f.elements) {
    if (std::holds_alternative<DoNotCreate>(e)) {
      put(v, cp(0), {});
    } else if (const auto* fcp = std::get_if<Fcp>(&e)) {
      put(v, cc(1), encode_fcp(*fcp));
    } else if (const auto* o = std::get_if<FillFileOffset>(&e)) {
      put(v, cp(2), integer_value(o->offset));
    } else {
      put(v, cp(3), std::get<FillFileContent>(e).content);
    }
  }
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
