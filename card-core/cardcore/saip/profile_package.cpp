// The ProfileElement sequence (PEDefinitions v3.3.1 ProfileElement) and the
// rules on the order of PEs (README.md "Package rules").
#include "cardcore/saip/profile_package.hpp"

#include <map>
#include <set>

namespace cardcore::saip {

namespace {

constexpr const char* kChoiceNames[] = {
    "ProfileHeader", "PE-GenericFileManagement", "PE-PINCodes", "PE-PUKCodes", "PE-AKAParameter",
    "PE-CDMAParameter", "PE-SecurityDomain", "PE-RFM", "PE-Application", "PE-NonStandard", "PE-End",
    "rfu1", "rfu2", "rfu3", "rfu4", "rfu5", "PE-MF", "PE-CD", "PE-TELECOM", "PE-USIM", "PE-OPT-USIM",
    "PE-ISIM", "PE-OPT-ISIM", "PE-PHONEBOOK", "PE-GSM-ACCESS", "PE-CSIM", "PE-OPT-CSIM", "PE-EAP",
    "PE-DF-5GS", "PE-DF-SAIP", "PE-DF-SNPN", "PE-DF-5GPROSE", "PE-IoT", "PE-OPT-IoT"};

std::uint32_t fs_choice(FileSystemKind k) {
  switch (k) {
    case FileSystemKind::Mf: return pe_tag::kMf;
    case FileSystemKind::Telecom: return pe_tag::kTelecom;
    case FileSystemKind::Usim: return pe_tag::kUsim;
    case FileSystemKind::OptUsim: return pe_tag::kOptUsim;
  }
  return 0;
}

// PEs that create files from a template (choices [16]..[33] but the rfu).
bool is_file_system_choice(std::uint32_t c) { return c >= pe_tag::kMf && c <= pe_tag::kLast; }
bool is_naa_choice(std::uint32_t c) { return c == pe_tag::kUsim || c == pe_tag::kIsim || c == pe_tag::kCsim; }

}  // namespace

std::string pe_choice_name(std::uint32_t choice) {
  if (choice <= pe_tag::kLast) return kChoiceNames[choice];
  return "extension PE [" + std::to_string(choice) + "]";
}

std::uint32_t choice_of(const ProfileElement& pe) {
  struct V {
    std::uint32_t operator()(const ProfileHeader&) const { return pe_tag::kHeader; }
    std::uint32_t operator()(const FileSystemPe& p) const { return fs_choice(p.kind); }
    std::uint32_t operator()(const PeGenericFileManagement&) const { return pe_tag::kGenericFileManagement; }
    std::uint32_t operator()(const PePinCodes&) const { return pe_tag::kPinCodes; }
    std::uint32_t operator()(const PePukCodes&) const { return pe_tag::kPukCodes; }
    std::uint32_t operator()(const PeAkaParameter&) const { return pe_tag::kAkaParameter; }
    std::uint32_t operator()(const PeSecurityDomain&) const { return pe_tag::kSecurityDomain; }
    std::uint32_t operator()(const PeRfm&) const { return pe_tag::kRfm; }
    std::uint32_t operator()(const PeApplication&) const { return pe_tag::kApplication; }
    std::uint32_t operator()(const PeEnd&) const { return pe_tag::kEnd; }
    std::uint32_t operator()(const OpaquePe& p) const { return p.choice; }
  };
  return std::visit(V{}, pe);
}

const PeHeader* pe_header(const ProfileElement& pe) {
  return std::visit(
      [](const auto& p) -> const PeHeader* {
        if constexpr (std::is_same_v<std::decay_t<decltype(p)>, ProfileHeader>) {
          return nullptr;
        } else {
          return &p.header;
        }
      },
      pe);
}

const ProfileHeader& ProfilePackage::header() const {
  if (elements.empty() || !std::holds_alternative<ProfileHeader>(elements.front())) {
    throw PackageError(0, "", kNoOffset, "ProfileHeader must be the first PE");
  }
  return std::get<ProfileHeader>(elements.front());
}

const FileSystemPe* ProfilePackage::file_system(FileSystemKind kind) const {
  for (const auto* p : all<FileSystemPe>()) {
    if (p->kind == kind) return p;
  }
  return nullptr;
}

void check_package_rules(const ProfilePackage& package, const std::vector<std::size_t>& offsets) {
  const auto& el = package.elements;
  auto fail = [&](std::size_t i, const std::string& problem) -> void {
    const std::size_t off = i < offsets.size() ? offsets[i] : kNoOffset;
    throw PackageError(i, i < el.size() ? pe_choice_name(choice_of(el[i])) : "", off, problem);
  };
  if (el.empty()) throw PackageError(kNoPe, "", 0, "empty package: no ProfileHeader");
  if (choice_of(el[0]) != pe_tag::kHeader) fail(0, "ProfileHeader must be the first PE");
  const auto& header = std::get<ProfileHeader>(el[0]);
  // PEDefinitions: major-version 2 (v2.x) or 3 (v3.x) of the specification.
  if (header.major_version < 2 || header.major_version > 3) {
    fail(0, "unsupported major-version " + std::to_string(header.major_version) + " (2 or 3)");
  }
  std::set<std::uint32_t> seen;           // choices seen so far
  std::set<std::uint16_t> ids;            // PEHeader identifications
  std::set<std::uint8_t> puk_refs;        // PUK key references defined so far
  for (std::size_t i = 0; i < el.size(); ++i) {
    const std::uint32_t c = choice_of(el[i]);
    if (i > 0 && c == pe_tag::kHeader) fail(i, "duplicate ProfileHeader");
    if (c == pe_tag::kEnd && i + 1 != el.size()) fail(i, "PE-End must be the last PE");
    if (const PeHeader* h = pe_header(el[i])) {
      if (!ids.insert(h->identification).second) {
        fail(i, "PE identification " + std::to_string(h->identification) + " used twice");
      }
    }
    // One MF, one of each NAA and its optional files (§8.3).
    const bool once = c == pe_tag::kMf || c == pe_tag::kTelecom || c == pe_tag::kUsim || c == pe_tag::kOptUsim ||
                      c == pe_tag::kIsim || c == pe_tag::kCsim || c == pe_tag::kCd;
    if (once && seen.count(c)) fail(i, "duplicate " + pe_choice_name(c));
    // The MF comes before every other file system PE.
    if (is_file_system_choice(c) && c != pe_tag::kMf && !seen.count(pe_tag::kMf)) {
      fail(i, pe_choice_name(c) + " before PE-MF");
    }
    if (c == pe_tag::kOptUsim && !seen.count(pe_tag::kUsim)) fail(i, "PE-OPT-USIM before PE-USIM");
    if (c == pe_tag::kAkaParameter) {
      bool naa = false;
      for (std::uint32_t s : seen) naa = naa || is_naa_choice(s);
      if (!naa) fail(i, "PE-AKAParameter before any NAA PE (PE-USIM, PE-ISIM, PE-CSIM)");
    }
    if (const auto* puk = std::get_if<PePukCodes>(&el[i])) {
      for (const auto& p : puk->puk_codes) puk_refs.insert(p.key_reference);
    }
    if (const auto* pin = std::get_if<PePinCodes>(&el[i])) {
      if (const auto* list = std::get_if<std::vector<PinConfiguration>>(&pin->pin_codes)) {
        for (const auto& p : *list) {
          if (p.unblocking_reference && !puk_refs.count(*p.unblocking_reference)) {
            fail(i, "PIN " + std::to_string(p.key_reference) + " refers to PUK " +
                        std::to_string(*p.unblocking_reference) + ", not defined in an earlier PE-PUKCodes");
          }
        }
      }
    }
    seen.insert(c);
  }
  if (choice_of(el.back()) != pe_tag::kEnd) fail(el.size() - 1, "PE-End must be the last PE (missing PE-End)");
  // eUICC-Mandatory-services that need an NAA PE.
  const std::pair<const char*, std::uint32_t> naa[] = {
      {"usim", pe_tag::kUsim}, {"isim", pe_tag::kIsim}, {"csim", pe_tag::kCsim}};
  for (const auto& [svc, choice] : naa) {
    if (header.mandatory_services.has(svc) && !seen.count(choice)) {
      fail(0, std::string("service ") + svc + " is mandatory but the package has no " + pe_choice_name(choice));
    }
  }
}

namespace {

ProfileElement decode_element(der::Context& ctx, const der::Tlv& t) {
  using namespace codec;
  const std::uint32_t c = t.tag.number;
  if (t.tag.cls != der::Class::Context || !t.tag.constructed) {
    ctx.fail(t.offset, "expected a ProfileElement [n] (constructed), found " + der::tag_name(t.tag));
  }
  switch (c) {
    case pe_tag::kHeader: return decode_profile_header(ctx, t);
    case pe_tag::kGenericFileManagement: return decode_generic_file_management(ctx, t);
    case pe_tag::kPinCodes: return decode_pin_codes(ctx, t);
    case pe_tag::kPukCodes: return decode_puk_codes(ctx, t);
    case pe_tag::kAkaParameter: return decode_aka_parameter(ctx, t);
    case pe_tag::kSecurityDomain: return decode_security_domain(ctx, t);
    case pe_tag::kRfm: return decode_rfm(ctx, t);
    case pe_tag::kApplication: return decode_application(ctx, t);
    case pe_tag::kEnd: {
      der::Reader r(ctx, t);
      PeEnd e{decode_pe_header(ctx, r.expect(der::cc(0), "PEHeader"))};
      r.finish();
      return e;
    }
    case pe_tag::kMf: return decode_file_system_pe(ctx, t, FileSystemKind::Mf);
    case pe_tag::kTelecom: return decode_file_system_pe(ctx, t, FileSystemKind::Telecom);
    case pe_tag::kUsim: return decode_file_system_pe(ctx, t, FileSystemKind::Usim);
    case pe_tag::kOptUsim: return decode_file_system_pe(ctx, t, FileSystemKind::OptUsim);
    default: break;
  }
  if (c >= 11 && c <= 15) ctx.fail(t.offset, "reserved ProfileElement alternative (PE-Dummy)");
  // Not modelled, or an extension: keep it if it is well-formed DER with a
  // PEHeader first; an unknown PE that is mandated cannot be honoured.
  der::check_structure(ctx, t.value, t.value_offset);
  der::Reader r(ctx, t);
  OpaquePe o;
  o.choice = c;
  o.header = decode_pe_header(ctx, r.expect(der::cc(0), "PEHeader"));
  if (c > pe_tag::kLast && o.header.mandated) ctx.fail(t.offset, "unknown mandatory element " + pe_choice_name(c));
  o.contents.assign(t.value.begin(), t.value.end());
  return o;
}

Bytes encode_element(const ProfileElement& pe) {
  using namespace codec;
  struct V {
    Bytes operator()(const ProfileHeader& p) const { return encode_profile_header(p); }
    Bytes operator()(const FileSystemPe& p) const { return encode_file_system_pe(p); }
    Bytes operator()(const PeGenericFileManagement& p) const { return encode_generic_file_management(p); }
    Bytes operator()(const PePinCodes& p) const { return encode_pin_codes(p); }
    Bytes operator()(const PePukCodes& p) const { return encode_puk_codes(p); }
    Bytes operator()(const PeAkaParameter& p) const { return encode_aka_parameter(p); }
    Bytes operator()(const PeSecurityDomain& p) const { return encode_security_domain(p); }
    Bytes operator()(const PeRfm& p) const { return encode_rfm(p); }
    Bytes operator()(const PeApplication& p) const { return encode_application(p); }
    Bytes operator()(const PeEnd& p) const { return encode_pe_header(p.header); }
    Bytes operator()(const OpaquePe& p) const { return p.contents; }
  };
  return der::tlv(der::cc(choice_of(pe)), std::visit(V{}, pe));
}

}  // namespace

ProfilePackage decode_package(ByteView in) {
  der::Context ctx;
  der::Reader r(ctx, in, 0);
  ProfilePackage pkg;
  std::vector<std::size_t> offsets;
  while (!r.at_end()) {
    ctx.pe = pkg.elements.size();
    if (!pkg.elements.empty() && std::holds_alternative<PeEnd>(pkg.elements.back())) {
      throw PackageError(ctx.pe, "ProfileElement", r.offset(), "trailing bytes after PE-End");
    }
    offsets.push_back(r.offset());
    const der::Tlv t = [&] {
      der::Context::Scope s(ctx, "ProfileElement");
      return r.next("ProfileElement");
    }();
    der::Context::Scope s(ctx, t.tag.cls == der::Class::Context ? pe_choice_name(t.tag.number) : "ProfileElement");
    pkg.elements.push_back(decode_element(ctx, t));
  }
  check_package_rules(pkg, offsets);
  return pkg;
}

Bytes encode_package(const ProfilePackage& package) {
  check_package_rules(package);
  Bytes out;
  for (const auto& pe : package.elements) {
    const Bytes e = encode_element(pe);
    out.insert(out.end(), e.begin(), e.end());
  }
  // The output must decode to the same package (constraints of the module).
  if (decode_package(out) != package) {
    throw std::invalid_argument("encode_package: package does not survive a DER round trip");
  }
  return out;
}

}  // namespace cardcore::saip
