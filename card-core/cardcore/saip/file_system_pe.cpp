// PEDefinitions v3.3.1 PE-MF, PE-TELECOM, PE-USIM, PE-OPT-USIM (TCA eUICC
// Profile Package §8.3, templates of Annex A).
#include "cardcore/saip/file_system_pe.hpp"

#include <stdexcept>

namespace cardcore::saip {

namespace {

constexpr TemplateFileName kMf[] = {{"mf", true},      {"ef-pl", false}, {"ef-iccid", true},
                                    {"ef-dir", true},  {"ef-arr", true}, {"ef-umpc", false}};

constexpr TemplateFileName kTelecom[] = {
    {"df-telecom", true},   {"ef-arr", false},       {"ef-rma", false},       {"ef-sume", false},
    {"ef-ice-dn", false},   {"ef-ice-ff", false},    {"ef-psismsc", false},   {"df-graphics", false},
    {"ef-img", false},      {"ef-iidf", false},      {"ef-ice-graphics", false}, {"ef-launch-scws", false},
    {"ef-icon", false},     {"df-phonebook", false}, {"ef-pbr", false},       {"ef-ext1", false},
    {"ef-aas", false},      {"ef-gas", false},       {"ef-psc", false},       {"ef-cc", false},
    {"ef-puid", false},     {"ef-iap", false},       {"ef-adn", false},       {"ef-pbc", false},
    {"ef-anr", false},      {"ef-puri", false},      {"ef-email", false},     {"ef-sne", false},
    {"ef-uid", false},      {"ef-grp", false},       {"ef-ccp1", false},      {"df-multimedia", false},
    {"ef-mml", false},      {"ef-mmdf", false},      {"df-mmss", false},      {"ef-mlpl", false},
    {"ef-mspl", false},     {"ef-mmssmode", false},  {"df-mcs", false},       {"ef-mst", false},
    {"ef-mcs-config", false}, {"df-v2x", false},     {"ef-vst", false},       {"ef-v2x-config", false},
    {"ef-v2xp-pc5", false}, {"ef-v2xp-Uu", false}};

constexpr TemplateFileName kUsim[] = {
    {"adf-usim", true},     {"ef-imsi", true},      {"ef-arr", true},       {"ef-keys", false},
    {"ef-keysPS", false},   {"ef-hpplmn", false},   {"ef-ust", true},       {"ef-fdn", false},
    {"ef-sms", false},      {"ef-smsp", false},     {"ef-smss", false},     {"ef-spn", true},
    {"ef-est", true},       {"ef-start-hfn", false}, {"ef-threshold", false}, {"ef-psloci", false},
    {"ef-acc", true},       {"ef-fplmn", false},    {"ef-loci", false},     {"ef-ad", false},
    {"ef-ecc", true},       {"ef-netpar", false},   {"ef-epsloci", false},  {"ef-epsnsc", false}};

constexpr TemplateFileName kOptUsim[] = {
    {"ef-li", false}, {"ef-acmax", false}, {"ef-acm", false}, {"ef-gid1", false}, {"ef-gid2", false},
    {"ef-msisdn", false}, {"ef-puct", false}, {"ef-cbmi", false}, {"ef-cbmid", false}, {"ef-sdn", false},
    {"ef-ext2", false}, {"ef-ext3", false}, {"ef-cbmir", false}, {"ef-plmnwact", false},
    {"ef-oplmnwact", false}, {"ef-hplmnwact", false}, {"ef-dck", false}, {"ef-cnl", false},
    {"ef-smsr", false}, {"ef-bdn", false}, {"ef-ext5", false}, {"ef-ccp2", false}, {"ef-ext4", false},
    {"ef-acl", false}, {"ef-cmi", false}, {"ef-ici", false}, {"ef-oci", false}, {"ef-ict", false},
    {"ef-oct", false}, {"ef-vgcs", false}, {"ef-vgcss", false}, {"ef-vbs", false}, {"ef-vbss", false},
    {"ef-emlpp", false}, {"ef-aaem", false}, {"ef-hiddenkey", false}, {"ef-pnn", false},
    {"ef-opl", false}, {"ef-mbdn", false}, {"ef-ext6", false}, {"ef-mbi", false}, {"ef-mwis", false},
    {"ef-cfis", false}, {"ef-ext7", false}, {"ef-spdi", false}, {"ef-mmsn", false}, {"ef-ext8", false},
    {"ef-mmsicp", false}, {"ef-mmsup", false}, {"ef-mmsucp", false}, {"ef-nia", false},
    {"ef-vgcsca", false}, {"ef-vbsca", false}, {"ef-gbabp", false}, {"ef-msk", false}, {"ef-muk", false},
    {"ef-ehplmn", false}, {"ef-gbanl", false}, {"ef-ehplmnpi", false}, {"ef-lrplmnsi", false},
    {"ef-nafkca", false}, {"ef-spni", false}, {"ef-pnni", false}, {"ef-ncp-ip", false}, {"ef-ufc", false},
    {"ef-nasconfig", false}, {"ef-uicciari", false}, {"ef-pws", false}, {"ef-fdnuri", false},
    {"ef-bdnuri", false}, {"ef-sdnuri", false}, {"ef-ial", false}, {"ef-ips", false}, {"ef-ipd", false},
    {"ef-epdgid", false}, {"ef-epdgselection", false}, {"ef-epdgidem", false},
    {"ef-epdgselectionem", false}, {"ef-frompreferred", false}, {"ef-imsconfigdata", false},
    {"ef-3gpppsdataoff", false}, {"ef-3gpppsdataoffservicelist", false}, {"ef-xcapconfigdata", false},
    {"ef-earfcnlist", false}, {"ef-mudmidconfigdata", false}, {"ef-eaka", false}};

}  // namespace

std::span<const TemplateFileName> template_files(FileSystemKind kind) {
  switch (kind) {
    case FileSystemKind::Mf: return kMf;
    case FileSystemKind::Telecom: return kTelecom;
    case FileSystemKind::Usim: return kUsim;
    case FileSystemKind::OptUsim: return kOptUsim;
  }
  return {};
}

std::string_view pe_name(FileSystemKind kind) {
  switch (kind) {
    case FileSystemKind::Mf: return "PE-MF";
    case FileSystemKind::Telecom: return "PE-TELECOM";
    case FileSystemKind::Usim: return "PE-USIM";
    case FileSystemKind::OptUsim: return "PE-OPT-USIM";
  }
  return "";
}

FileSystemPe::FileSystemPe(FileSystemKind k) : kind(k), files(template_files(k).size()) {}

namespace {
std::size_t index_of(FileSystemKind kind, std::string_view name) {
  const auto t = template_files(kind);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].name == name) return i;
  }
  throw std::invalid_argument(std::string(pe_name(kind)) + " has no file '" + std::string(name) + "'");
}
}  // namespace

const std::optional<File>& FileSystemPe::file(std::string_view name) const { return files.at(index_of(kind, name)); }
std::optional<File>& FileSystemPe::file(std::string_view name) { return files.at(index_of(kind, name)); }

namespace codec {

using namespace der;

FileSystemPe decode_file_system_pe(Context& ctx, const Tlv& t, FileSystemKind kind) {
  Reader r(ctx, t);
  FileSystemPe pe(kind);
  pe.header = decode_pe_header(ctx, r.expect(cc(0), "PEHeader"));
  {
    Context::Scope s(ctx, "templateID");
    pe.template_id = oid(ctx, r.expect(cp(1), "templateID"));
  }
  const auto names = template_files(kind);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const Tag tag = cc(static_cast<std::uint32_t>(i + 2));
    Context::Scope s(ctx, std::string(names[i].name));
    if (auto f = r.optional(tag)) {
      pe.files[i] = decode_file(ctx, *f);
    } else if (names[i].mandatory) {
      ctx.fail(r.offset(), "missing mandatory element " + std::string(names[i].name));
    }
  }
  r.finish();
  return pe;
}

Bytes encode_file_system_pe(const FileSystemPe& pe) {
  const auto names = template_files(pe.kind);
  if (pe.files.size() != names.size()) throw std::invalid_argument("FileSystemPe: wrong number of files");
  Bytes v = encode_pe_header(pe.header);
  put(v, cp(1), oid_value(pe.template_id));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (pe.files[i]) {
      put(v, cc(static_cast<std::uint32_t>(i + 2)), encode_file(*pe.files[i]));
    } else if (names[i].mandatory) {
      throw std::invalid_argument(std::string(pe_name(pe.kind)) + ": missing mandatory " + std::string(names[i].name));
    }
  }
  return v;
}

}  // namespace codec
}  // namespace cardcore::saip
