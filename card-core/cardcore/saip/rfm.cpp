// PEDefinitions v3.3.1 PE-RFM.
#include "cardcore/saip/rfm.hpp"

namespace cardcore::saip {
namespace codec {

using namespace der;

PeRfm decode_rfm(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PeRfm pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  pe.instance_aid = octets(ctx, r.expect(app(15), "instanceAID"), 5, 16);
  if (auto e = r.optional(app(15))) pe.security_domain_aid = octets(ctx, *e, 5, 16);
  // rfm-header and tarList are both [0]; the order tells them apart.
  if (auto e = r.optional(cc(0))) {
    Context::Scope s(ctx, "tarList");
    Reader tr(ctx, *e);
    pe.tar_list.emplace();
    while (!tr.at_end()) pe.tar_list->push_back(octets(ctx, tr.expect(kOctetString, "TAR"), 3, 3));
    if (pe.tar_list->empty()) ctx.fail(e->offset, "tarList is empty");
  }
  pe.minimum_security_level = octets(ctx, r.expect(cp(1), "minimumSecurityLevel"), 1, 1)[0];
  pe.uicc_access_domain = octets(ctx, r.expect(kOctetString, "uiccAccessDomain"));
  pe.uicc_admin_access_domain = octets(ctx, r.expect(kOctetString, "uiccAdminAccessDomain"));
  if (auto e = r.optional(kSequence)) {
    Context::Scope s(ctx, "adfRFMAccess");
    Reader ar(ctx, *e);
    AdfRfmAccess a;
    a.adf_aid = octets(ctx, ar.expect(cp(0), "adfAID"), 5, 16);
    a.adf_access_domain = octets(ctx, ar.expect(cp(1), "adfAccessDomain"));
    a.adf_admin_access_domain = octets(ctx, ar.expect(cp(2), "adfAdminAccessDomain"));
    ar.finish();
    pe.adf_rfm_access = std::move(a);
  }
  r.finish();
  return pe;
}

Bytes encode_rfm(const PeRfm& pe) {
  Bytes v = encode_pe_header(pe.header);
  put(v, app(15), pe.instance_aid);
  if (pe.security_domain_aid) put(v, app(15), *pe.security_domain_aid);
  if (pe.tar_list) {
    Bytes l;
    for (const auto& tar : *pe.tar_list) put(l, kOctetString, tar);
    put(v, cc(0), l);
  }
  put(v, cp(1), Bytes{pe.minimum_security_level});
  put(v, kOctetString, pe.uicc_access_domain);
  put(v, kOctetString, pe.uicc_admin_access_domain);
  if (pe.adf_rfm_access) {
    Bytes a;
    put(a, cp(0), pe.adf_rfm_access->adf_aid);
    put(a, cp(1), pe.adf_rfm_access->adf_access_domain);
    put(a, cp(2), pe.adf_rfm_access->adf_admin_access_domain);
    put(v, kSequence, a);
  }
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
