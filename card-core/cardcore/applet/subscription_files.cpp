#include "cardcore/applet/subscription_files.hpp"

#include <algorithm>

#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore::applet {

namespace {

using namespace write_card;

std::uint32_t usim_ef(const Uicc& card, std::uint16_t fid) {
  const auto usim = card.profile().find_adf(kUsimAidPrefix);
  return usim ? card.find_child(*usim, fid) : kNoFile;
}

std::uint32_t path_ef(const Uicc& card, std::vector<std::uint16_t> path) {
  return card.profile().find_path(path).value_or(kNoFile);
}

// The bodies of these files (linked ones share theirs), each once.
std::optional<FieldPlace> bodies(const Uicc& card, std::initializer_list<std::uint32_t> files, bool exact,
                                 bool first_record) {
  FieldPlace p;
  p.exact = exact;
  for (std::uint32_t f : files) {
    if (f == kNoFile || card.node(f).is_df()) continue;
    const FileNode& n = card.node(f);
    const std::uint32_t size = first_record ? n.record_length : n.size;
    if (size == 0 || (p.size != 0 && size != p.size)) continue;
    p.size = size;
    if (std::find(p.addrs.begin(), p.addrs.end(), n.body_addr) == p.addrs.end()) p.addrs.push_back(n.body_addr);
  }
  if (p.addrs.empty()) return std::nullopt;
  return p;
}

}  // namespace

std::optional<FieldPlace> field_place(const Uicc& card, std::uint8_t tag) {
  const ProfileTemplate& prof = card.profile();
  switch (tag) {
    case kImsi:  // TS 31.102 §4.2.2, TS 51.011 §10.3.2
      return bodies(card, {usim_ef(card, 0x6F07), path_ef(card, {0x3F00, 0x7F20, 0x6F07})}, true, false);
    case kK: return FieldPlace{{prof.auth.key_addr}, 16, true};
    case kOpc: return FieldPlace{{prof.auth.key_addr + 16}, 16, true};
    case kMsisdn: return bodies(card, {usim_ef(card, 0x6F40), path_ef(card, {0x3F00, 0x7F10, 0x6F40})}, false, true);
    case kSmsp: return bodies(card, {usim_ef(card, 0x6F42), path_ef(card, {0x3F00, 0x7F10, 0x6F42})}, false, true);
    case kPlmnWact: return bodies(card, {usim_ef(card, 0x6F60)}, false, false);
    case kOplmnWact: return bodies(card, {usim_ef(card, 0x6F61)}, false, false);
    case kHplmnWact: return bodies(card, {usim_ef(card, 0x6F62)}, false, false);
    case kFplmn: return bodies(card, {usim_ef(card, 0x6F7B), path_ef(card, {0x3F00, 0x7F20, 0x6F7B})}, false, false);
    case kIccid: return bodies(card, {path_ef(card, {0x3F00, 0x2FE2})}, true, false);
    case kSqnArray:
      return FieldPlace{{prof.auth.sqn_addr}, static_cast<std::uint32_t>(SqnArray::kEntryBytes << prof.auth.sqn_ind_bits), true};
    default: return std::nullopt;
  }
}

namespace {

// Sets `count` bytes from `offset` of the file's body to `value`, and the
// byte at `status` (if any) to `status_value`.
void stage_invalid(Uicc& card, std::uint32_t file, std::uint32_t offset, std::uint32_t count,
                   std::optional<std::uint32_t> status, std::uint8_t status_value) {
  if (file == kNoFile) return;
  const FileNode& n = card.node(file);
  if (n.is_df() || offset + count > n.size) return;
  if (count > 0) card.nvm().write(n.body_addr + offset, Bytes(count, 0xFF));
  if (status && *status < n.size) card.nvm().write(n.body_addr + *status, ByteView(&status_value, 1));
}

}  // namespace

void stage_identity_change(Uicc& card) {
  constexpr std::uint8_t kNotUpdated = 0x01;  // update status "not updated"
  constexpr std::uint8_t kNoKey = 0x07;       // key set identifier "no key available"
  stage_invalid(card, usim_ef(card, 0x6F7E), 0, 4, 10, kNotUpdated);   // EF.LOCI: TMSI; status byte 11
  stage_invalid(card, usim_ef(card, 0x6F73), 0, 7, 13, kNotUpdated);   // EF.PSLOCI: P-TMSI, signature; byte 14
  stage_invalid(card, usim_ef(card, 0x6FE3), 0, 12, 17, kNotUpdated);  // EF.EPSLOCI: GUTI; byte 18
  // EF.Keys, EF.KeysPS: KSI in byte 1; EF.Kc, EF.KcGPRS: CKSN in byte 9.
  stage_invalid(card, usim_ef(card, 0x6F08), 0, 0, 0, kNoKey);
  stage_invalid(card, usim_ef(card, 0x6F09), 0, 0, 0, kNoKey);
  stage_invalid(card, path_ef(card, {0x3F00, 0x7FF0, 0x5F3B, 0x4F20}), 0, 0, 8, kNoKey);
  stage_invalid(card, path_ef(card, {0x3F00, 0x7FF0, 0x5F3B, 0x4F52}), 0, 0, 8, kNoKey);
}

}  // namespace cardcore::applet
