// INSTALL (GP Card Specification v2.3 §11.5) and the toolkit parameters of
// ETSI TS 102 226 §8.2.1.3.2.
#include <algorithm>

#include "cardcore/gp/install_command.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/isd_extension.hpp"
#include "cardcore/gp/native_module.hpp"
#include "cardcore/remote/tar.hpp"

namespace cardcore::gp {

namespace {

// §11.5.2.1, Table 11-42: P1 b2 for load, b3 for install, b4 for make
// selectable, b6 for personalization (b8 "more INSTALL commands" is
// informative).
constexpr std::uint8_t kForLoad = 0x02, kForInstall = 0x04, kForMakeSelectable = 0x08, kForPersonalization = 0x20;

const Bytes& isd_aid(const Uicc& card) { return card.profile().gp->isd_aid; }

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// A TAR the card's own applications hold (RFM, its ISD), or another instance's.
bool tar_taken(const Uicc& card, const std::vector<Slot>& used, const ota::Tar& tar) {
  return remote::reserved_tar(tar) || tar == card.profile().gp->isd_tar || application_with_tar(used, tar) != nullptr;
}

StatusWord install_for_load(Uicc& card, ByteView data, Bytes& out) {
  const std::optional<InstallForLoad> in = parse_install_for_load(data);
  if (!in) return sw::kIncorrectData;
  // One load at a time: an unfinished one is dropped (§11.6.1: a new
  // INSTALL [for load] ends the previous load sequence), so it counts
  // neither for the AID nor for the memory.
  std::vector<Slot> used = read_registry(card);
  std::vector<std::uint8_t> unfinished;
  for (const Slot& s : used) {
    if (s.entry.kind == EntryKind::LoadFile && s.entry.life_cycle == life_cycle::kLoading) unfinished.push_back(s.record);
  }
  std::erase_if(used, [](const Slot& s) {
    return s.entry.kind == EntryKind::LoadFile && s.entry.life_cycle == life_cycle::kLoading;
  });
  // Our choice: the AID of anything on the card cannot be taken again ('6A80').
  if (same(in->load_file_aid, isd_aid(card)) || find_aid(used, in->load_file_aid)) return sw::kIncorrectData;
  // §11.5.2.3.1: the associated Security Domain, the ISD when empty.
  if (!in->security_domain_aid.empty() && !same(in->security_domain_aid, isd_aid(card))) {
    return sw::kReferencedDataNotFound;
  }
  if (in->code_size && *in->code_size > free_heap(card, used)) return sw::kNotEnoughMemory;
  const std::optional<std::uint8_t> record = free_slot(card, used);
  if (!record) return sw::kNotEnoughMemory;
  RegistryEntry e;
  e.kind = EntryKind::LoadFile;
  e.life_cycle = life_cycle::kLoading;
  e.aid = in->load_file_aid;
  card.nvm().begin();
  for (std::uint8_t r : unfinished) stage_free(card, r);
  stage_entry(card, *record, e);  // the heap is reserved by the first LOAD block
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);  // §11.5.3.1: no additional data
  return s;
}

StatusWord make_selectable(Uicc& card, const InstallForInstall& in, std::vector<Slot>& used, Bytes& out) {
  const Slot* app = find_aid(used, in.application_aid);
  if (!app || app->entry.kind != EntryKind::Application) return sw::kReferencedDataNotFound;
  if (app->entry.life_cycle != life_cycle::kInstalled) return sw::kConditionsNotSatisfied;
  RegistryEntry e = app->entry;
  e.life_cycle = life_cycle::kSelectable;
  card.nvm().begin();
  stage_entry(card, app->record, e);
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);
  return s;
}

StatusWord install_for_install(Uicc& card, const InstallForInstall& in, bool selectable, Bytes& out) {
  std::vector<Slot> used = read_registry(card);
  const Slot* elf = find_aid(used, in.load_file_aid);
  if (!elf || elf->entry.kind != EntryKind::LoadFile || elf->entry.life_cycle != life_cycle::kLoaded) {
    return sw::kReferencedDataNotFound;
  }
  const auto& modules = elf->entry.load_file.modules;
  const auto module = std::find_if(modules.begin(), modules.end(), [&](const Bytes& m) { return same(m, in.module_aid); });
  if (module == modules.end()) return sw::kReferencedDataNotFound;
  if (find_aid(used, in.application_aid) || same(in.application_aid, isd_aid(card)) ||
      card.profile().find_adf(in.application_aid)) {
    return sw::kIncorrectData;
  }
  // §11.5.2.3.7: application specific parameters 'C9' are mandatory.
  if (!in.app_params || in.app_params->size() > kMaxAppParams) return sw::kIncorrectData;
  const NativeModule* code = native_module(in.module_aid);
  IsdExtension* extension = isd_extension(card);
  const bool security_domain = (in.privileges & privilege::kSecurityDomain) != 0;
  if (code) {
    if (!code->accepts(card, *in.app_params)) return sw::kIncorrectData;
  } else if (security_domain && extension) {
    if (!extension->accepts_security_domain(card, in.module_aid, *in.app_params)) return sw::kIncorrectData;
  } else {
    // This card has no code for the module (it runs no bytecode): it cannot
    // make an instance of it.
    return sw::kConditionsNotSatisfied;
  }

  RegistryEntry e;
  e.kind = EntryKind::Application;
  e.life_cycle = selectable ? life_cycle::kSelectable : life_cycle::kInstalled;
  e.privileges = in.privileges;
  e.aid = in.application_aid;
  ApplicationEntry& a = e.application;
  a.load_file_record = elf->record;
  a.module_index = static_cast<std::uint8_t>(module - modules.begin());
  a.app_params = *in.app_params;
  if (in.toolkit) {
    const ToolkitParameters& t = *in.toolkit;
    if (t.access_domain.size() > kMaxAccessDomain || t.tars.size() > kMaxTars) return sw::kIncorrectData;
    a.access_domain = t.access_domain;
    a.msl = t.msl.empty() ? 0 : t.msl[0];
    a.tars = t.tars;
    // TS 102 226 §8.2.1.3.2.2: without TAR values the TAR is bytes 13 to
    // 15 of the instance AID.
    if (a.tars.empty() && in.application_aid.size() == 16) {
      a.tars.push_back({in.application_aid[12], in.application_aid[13], in.application_aid[14]});
    }
  } else if (security_domain && in.application_aid.size() == 16) {
    // A security domain without toolkit parameters takes the same TAR (our
    // reading of TS 102 226 §8.2.1.3.2.2 for SDs; it gives an eUICC's ISD-R
    // AID '…89 00 00 01 00' its TAR '00 00 01', SGP.02 §2.2.3).
    a.tars.push_back({in.application_aid[12], in.application_aid[13], in.application_aid[14]});
  }
  for (std::size_t i = 0; i < a.tars.size(); ++i) {
    if (tar_taken(card, used, a.tars[i]) || std::count(a.tars.begin(), a.tars.end(), a.tars[i]) > 1) {
      return sw::kIncorrectData;
    }
  }
  const std::optional<std::uint8_t> record = free_slot(card, used);
  if (!record) return sw::kNotEnoughMemory;
  card.nvm().begin();
  stage_entry(card, *record, e);
  if (!code) {  // a security domain the extension makes
    const StatusWord kept = extension->stage_security_domain(card, *record, in);
    if (kept != sw::kOk) {
      card.nvm().abort();
      return kept;
    }
  }
  const StatusWord s = commit_registry(card);
  if (s == sw::kOk) out.push_back(0x00);
  return s;
}

// §11.5.2.3.6: the ISD forwards the following STORE DATA commands to the
// application. It must be installed and not locked (§5.3.2), and take
// personalization data: the security domains an IsdExtension made (an
// eUICC's ISD-Ps) do; no native module of this card does ('6985').
StatusWord install_for_personalization(Uicc& card, IsdSession& session, ByteView data, Bytes& out) {
  const std::optional<InstallForPersonalization> in = parse_install_for_personalization(data);
  if (!in) return sw::kIncorrectData;
  const std::vector<Slot> used = read_registry(card);
  const Slot* app = find_aid(used, in->application_aid);
  if (!app || app->entry.kind != EntryKind::Application) return sw::kReferencedDataNotFound;
  const RegistryEntry& e = app->entry;
  const Bytes* module = module_of(used, *app);
  if (e.life_cycle < life_cycle::kInstalled || (e.life_cycle & life_cycle::kLocked) != 0) {
    return sw::kConditionsNotSatisfied;
  }
  const bool security_domain = (e.privileges & privilege::kSecurityDomain) != 0;
  if (!security_domain || !isd_extension(card) || !module || native_module(*module)) {
    return sw::kConditionsNotSatisfied;
  }
  session.personalized = in->application_aid;
  out.push_back(0x00);  // §11.5.3.1: no additional data
  return sw::kOk;
}

}  // namespace

StatusWord isd_install(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out) {
  if (c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  const std::uint8_t kind = c.p1 & 0x7F;
  if (kind == kForLoad) return install_for_load(card, c.data, out);
  if (kind == kForPersonalization) return install_for_personalization(card, session, c.data, out);
  if (kind != kForInstall && kind != kForMakeSelectable && kind != (kForInstall | kForMakeSelectable)) {
    return sw::kIncorrectP1P2;
  }
  const std::optional<InstallForInstall> in = parse_install_for_install(c.data);
  if (!in) return sw::kIncorrectData;
  if (kind == kForMakeSelectable) {
    std::vector<Slot> used = read_registry(card);
    return make_selectable(card, *in, used, out);
  }
  return install_for_install(card, *in, (kind & kForMakeSelectable) != 0, out);
}

}  // namespace cardcore::gp
