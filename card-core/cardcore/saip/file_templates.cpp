// TCA eUICC Profile Package Annex A, file structure templates (v3.1 §9.2
// files at the MF, §9.5.1 ADF.USIM created by default, §9.5.2 optional USIM
// files), the subset README.md "Templates" lists. Values: FID and SFI as TS 102 221
// §13 and TS 31.102 §4.2, sizes, access rule records and default contents
// as the template tables give them.
#include "cardcore/saip/file_templates.hpp"

#include <span>
#include <string>

namespace cardcore::saip {

namespace {

using S = TemplateStructure;

constexpr const char* kOidMf = "2.23.143.1.2.1";
constexpr const char* kOidUsim = "2.23.143.1.2.4";
constexpr const char* kOidUsimV2 = "2.23.143.1.2.4.2";
constexpr const char* kOidOptUsim = "2.23.143.1.2.5";
constexpr const char* kOidOptUsimV2 = "2.23.143.1.2.5.2";

constexpr TemplateFile kMf[] = {
    {"mf", 0x3F00, S::Df, 0, 0, 14, 0, ""},
    {"ef-pl", 0x2F05, S::Transparent, 2, 0, 1, 0x05, "FF..FF"},
    {"ef-iccid", 0x2FE2, S::Transparent, 10, 0, 11, 0, ""},
    {"ef-dir", 0x2F00, S::LinearFixed, 0, 0, 10, 0x1E, ""},
    {"ef-arr", 0x2F06, S::LinearFixed, 0, 0, 10, 0, ""},
    {"ef-umpc", 0x2F08, S::Transparent, 5, 0, 10, 0x08, ""},
};

// v1 and v2 differ in the size of EF.UST (14 / 17 bytes).
#define USIM_FILES(UST_SIZE)                                                            \
  {"adf-usim", 0, S::Adf, 0, 0, 14, 0, ""},                                             \
  {"ef-imsi", 0x6F07, S::Transparent, 9, 0, 2, 0x07, ""},                               \
  {"ef-arr", 0x6F06, S::LinearFixed, 0, 0, 10, 0x17, ""},                               \
  {"ef-keys", 0x6F08, S::Transparent, 33, 0, 5, 0x08, "07FF..FF"},                      \
  {"ef-keysPS", 0x6F09, S::Transparent, 33, 0, 5, 0x09, "07FF..FF"},                    \
  {"ef-hpplmn", 0x6F31, S::Transparent, 1, 0, 2, 0x12, "0A"},                           \
  {"ef-ust", 0x6F38, S::Transparent, UST_SIZE, 0, 2, 0x04, ""},                         \
  {"ef-fdn", 0x6F3B, S::LinearFixed, 26, 20, 8, 0, "FF..FF"},                           \
  {"ef-sms", 0x6F3C, S::LinearFixed, 176, 10, 5, 0, "00FF..FF"},                        \
  {"ef-smsp", 0x6F42, S::LinearFixed, 38, 1, 5, 0, "FF..FF"},                           \
  {"ef-smss", 0x6F43, S::Transparent, 2, 0, 5, 0, "FFFF"},                              \
  {"ef-spn", 0x6F46, S::Transparent, 17, 0, 10, 0, ""},                                 \
  {"ef-est", 0x6F56, S::Transparent, 1, 0, 8, 0x05, ""},                                \
  {"ef-start-hfn", 0x6F5B, S::Transparent, 6, 0, 5, 0x0F, "F00000F00000"},              \
  {"ef-threshold", 0x6F5C, S::Transparent, 3, 0, 2, 0x10, "FFFFFF"},                    \
  {"ef-psloci", 0x6F73, S::Transparent, 14, 0, 5, 0x0C, "FFFFFFFFFFFFFFFFFFFF0000FF01"}, \
  {"ef-acc", 0x6F78, S::Transparent, 2, 0, 2, 0x06, ""},                                \
  {"ef-fplmn", 0x6F7B, S::Transparent, 12, 0, 5, 0x0D, "FF..FF"},                       \
  {"ef-loci", 0x6F7E, S::Transparent, 11, 0, 5, 0x0B, "FFFFFFFFFFFFFF0000FF01"},        \
  {"ef-ad", 0x6FAD, S::Transparent, 4, 0, 10, 0x03, "00000002"},                        \
  {"ef-ecc", 0x6FB7, S::LinearFixed, 4, 1, 10, 0x01, ""},                               \
  {"ef-netpar", 0x6FC4, S::Transparent, 128, 0, 5, 0, "FF..FF"},                        \
  {"ef-epsloci", 0x6FE3, S::Transparent, 18, 0, 5, 0x1E, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF000001"}, \
  {"ef-epsnsc", 0x6FE4, S::LinearFixed, 80, 1, 5, 0x18, "FF..FF"}

constexpr TemplateFile kUsim[] = {USIM_FILES(14)};
constexpr TemplateFile kUsimV2[] = {USIM_FILES(17)};
#undef USIM_FILES

// The optional USIM files this code knows (§A.5.2 has many more).
constexpr TemplateFile kOptUsim[] = {
    {"ef-li", 0x6F05, S::Transparent, 6, 0, 1, 0x02, "FF..FF"},
    {"ef-msisdn", 0x6F40, S::LinearFixed, 24, 1, 2, 0, "FF..FF"},
    {"ef-plmnwact", 0x6F60, S::Transparent, 40, 0, 5, 0x0A,
     "FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000"},
    {"ef-oplmnwact", 0x6F61, S::Transparent, 40, 0, 2, 0x11,
     "FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000FFFFFF0000"},
    {"ef-hplmnwact", 0x6F62, S::Transparent, 5, 0, 2, 0x13, "FFFFFF0000"},
    {"ef-ehplmn", 0x6FD9, S::Transparent, 15, 0, 2, 0x1D, "FF..FF"},
};

std::span<const TemplateFile> files_of(std::string_view oid) {
  if (oid == kOidMf) return kMf;
  if (oid == kOidUsim) return kUsim;
  if (oid == kOidUsimV2) return kUsimV2;
  if (oid == kOidOptUsim || oid == kOidOptUsimV2) return kOptUsim;
  return {};
}

}  // namespace

const TemplateFile* find_template_file(std::string_view template_oid, std::string_view pe_name) {
  for (const auto& f : files_of(template_oid)) {
    if (f.pe_name == pe_name) return &f;
  }
  return nullptr;
}

bool known_template(std::string_view template_oid) { return !files_of(template_oid).empty(); }

Bytes template_content(const TemplateFile& f, std::size_t size) {
  Bytes out(size, 0xFF);
  std::string_view c = f.content;
  const bool repeat = c.size() >= 4 && c.substr(c.size() - 4, 2) == "..";
  const Bytes head = from_hex(repeat ? std::string(c.substr(0, c.size() - 4)) : std::string(c));
  for (std::size_t i = 0; i < head.size() && i < size; ++i) out[i] = head[i];
  if (repeat) {
    const Bytes last = from_hex(std::string(c.substr(c.size() - 2)));
    for (std::size_t i = head.size(); i < size; ++i) out[i] = last[0];
  }
  return out;
}

}  // namespace cardcore::saip
