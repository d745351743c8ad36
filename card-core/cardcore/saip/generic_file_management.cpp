// PEDefinitions v3.3.1 PE-GenericFileManagement.
#include "cardcore/saip/generic_file_management.hpp"

namespace cardcore::saip {
namespace codec {

using namespace der;

PeGenericFileManagement decode_generic_file_management(Context& ctx, const Tlv& t) {
  Reader r(ctx, t);
  PeGenericFileManagement pe;
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  const Tlv lt = r.expect(cc(1), "fileManagementCMD");
  Reader list(ctx, lt);
  while (!list.at_end()) {
    Context::Scope s(ctx, "fileManagementCMD[" + std::to_string(pe.commands.size()) + "]");
    const Tlv ft = list.expect(kSequence, "FileManagement");
    Reader fr(ctx, ft);
    FileManagement fm;
    while (!fr.at_end()) {
      const Tlv e = fr.next("file management command");
      if (e.tag == cp(0)) {
        fm.emplace_back(FilePath{octets(ctx, e, 0, 8)});
      } else if (e.tag == appc(2)) {
        fm.emplace_back(CreateFcp{decode_fcp(ctx, e)});
      } else if (e.tag == kInteger) {
        fm.emplace_back(FillFileOffset{static_cast<std::uint16_t>(integer(ctx, e, 0, 65535))});
      } else if (e.tag == cp(1)) {
        fm.emplace_back(FillFileContent{octets(ctx, e)});
      } else {
        ctx.fail(e.offset, "unexpected file management command " + tag_name(e.tag));
      }
    }
    if (fm.empty()) ctx.fail(ft.offset, "FileManagement is empty");
    pe.commands.push_back(std::move(fm));
  }
  if (pe.commands.empty()) ctx.fail(lt.offset, "fileManagementCMD is empty");
  r.finish();
  return pe;
}

Bytes encode_generic_file_management(const PeGenericFileManagement& pe) {
  Bytes v = encode_pe_header(pe.header);
  Bytes list;
  for (const auto& fm : pe.commands) {
    Bytes f;
    for (const auto& c : fm) {
      if (const auto* p = std::get_if<FilePath>(&c)) {
        put(f, cp(0), p->path);
      } else if (const auto* cf = std::get_if<CreateFcp>(&c)) {
        put(f, appc(2), encode_fcp(cf->fcp));
      } else if (const auto* o = std::get_if<FillFileOffset>(&c)) {
        put(f, kInteger, integer_value(o->offset));
      } else {
        put(f, cp(1), std::get<FillFileContent>(c).content);
      }
    }
    put(list, kSequence, f);
  }
  put(v, cc(1), list);
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
