#include "twinmodels/platform/profile_preparation.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/usim/identifiers.hpp"

namespace twinmodels::platform {

namespace {

namespace saip = cardcore::saip;
using cardcore::Bytes;

bool all_decimal_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

[[noreturn]] void refuse(const std::string& what) { throw std::invalid_argument("profile preparation: " + what); }

// The places of one package that a subscription's values go to.
struct Places {
  saip::ProfileHeader* header = nullptr;
  saip::File* ef_iccid = nullptr;
  saip::File* ef_imsi = nullptr;
  saip::AlgoParameter* aka = nullptr;
};

saip::File* template_file(saip::ProfilePackage& p, saip::FileSystemKind kind, const char* name, const char* what) {
  for (saip::ProfileElement& e : p.elements) {
    auto* fs = std::get_if<saip::FileSystemPe>(&e);
    if (!fs || fs->kind != kind) continue;
    std::optional<saip::File>& f = fs->file(name);
    if (!f) refuse(std::string("the package's ") + std::string(saip::pe_name(kind)) + " has no " + what);
    if (f->do_not_create()) refuse(std::string("the package does not create ") + what);
    return &*f;
  }
  refuse(std::string("the package has no ") + std::string(saip::pe_name(kind)) + " (for " + what + ")");
}

Places locate(saip::ProfilePackage& p) {
  Places at;
  if (p.elements.empty() || !std::holds_alternative<saip::ProfileHeader>(p.elements.front())) {
    refuse("the package does not start with its ProfileHeader");
  }
  at.header = &std::get<saip::ProfileHeader>(p.elements.front());
  at.ef_iccid = template_file(p, saip::FileSystemKind::Mf, "ef-iccid", "EF.ICCID");
  at.ef_imsi = template_file(p, saip::FileSystemKind::Usim, "ef-imsi", "EF.IMSI");
  for (saip::ProfileElement& e : p.elements) {
    auto* pe = std::get_if<saip::PeAkaParameter>(&e);
    if (!pe) continue;
    if (at.aka) refuse("the package has more than one PE-AKAParameter");
    at.aka = std::get_if<saip::AlgoParameter>(&pe->algo_configuration);
    if (!at.aka || at.aka->algorithm != saip::AlgorithmId::Milenage) {
      refuse("the package's PE-AKAParameter has no Milenage parameters");
    }
  }
  if (!at.aka) refuse("the package has no PE-AKAParameter (K, OPc)");
  return at;
}

// The file's content from offset 0 is `value`: its file description stays,
// the package's content elements go.
void set_content(saip::File& f, const Bytes& value) {
  std::vector<saip::FileElement> kept;
  for (const saip::FileElement& e : f.elements) {
    if (std::holds_alternative<saip::Fcp>(e)) kept.push_back(e);
  }
  kept.emplace_back(saip::FillFileContent{value});
  f.elements = std::move(kept);
}

}  // namespace

Bytes personalize_package(const saip::ProfilePackage& generic, const SubscriptionValues& values) {
  // E.118 / TS 102 221 §13.2: 19 or 20 digits with the Luhn digit last.
  const std::string& iccid = values.iccid;
  if (!all_decimal_digits(iccid) || (iccid.size() != 19 && iccid.size() != 20)) {
    refuse("ICCID '" + iccid + "' is not 19 or 20 digits");
  }
  if (cardcore::luhn_digit(std::string_view(iccid).substr(0, iccid.size() - 1)) != iccid.back()) {
    refuse("ICCID '" + iccid + "' does not end in its Luhn check digit");
  }
  // TS 23.003 §2.2: at most 15 digits; encode_imsi takes 6..15.
  if (!all_decimal_digits(values.imsi) || values.imsi.size() < 6 || values.imsi.size() > 15) {
    refuse("IMSI '" + values.imsi + "' is not 6 to 15 digits");
  }
  if (values.k.size() != 16) refuse("K must be 16 bytes, not " + std::to_string(values.k.size()));
  if (values.opc.size() != 16) refuse("OPc must be 16 bytes, not " + std::to_string(values.opc.size()));

  saip::ProfilePackage p = generic;
  const Places at = locate(p);
  const Bytes iccid_ef = cardcore::encode_iccid(iccid, false);
  at.header->iccid = iccid_ef;
  set_content(*at.ef_iccid, iccid_ef);
  set_content(*at.ef_imsi, cardcore::encode_imsi(values.imsi));
  at.aka->key = values.k;
  at.aka->opc = values.opc;
  return saip::encode_package(p);
}

void ProfileStore::add(std::string type, std::string owner, cardcore::ByteView der) {
  if (profiles_.count(type)) refuse("profile type '" + type + "' is stored already");
  GenericProfile g{type, std::move(owner), saip::decode_package(der)};
  saip::ProfilePackage probe = g.package;
  locate(probe);
  profiles_.emplace(std::move(type), std::move(g));
}

const GenericProfile* ProfileStore::find(std::string_view type) const {
  const auto it = profiles_.find(type);
  return it == profiles_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProfileStore::types_of(std::string_view owner) const {
  std::vector<std::string> out;
  for (const auto& [type, g] : profiles_) {
    if (g.owner == owner) out.push_back(type);
  }
  return out;
}

Bytes ProfileStore::prepare(std::string_view type, const SubscriptionValues& values) const {
  const GenericProfile* g = find(type);
  if (!g) refuse("no profile type '" + std::string(type) + "'");
  return personalize_package(g->package, values);
}

}  // namespace twinmodels::platform
