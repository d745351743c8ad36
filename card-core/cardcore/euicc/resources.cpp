// The eUICC's memory for profiles and its card resources (SGP.02
// ES5.eUICCCapabilityAudit reads them with GET DATA 'FF21', ETSI TS 102 226
// §8.2.1.7.2): the capacity from EF.EUICC_RESOURCES, the ISD-Ps' memory
// quotas (CreateISDP's INSTALL 'EF' { 'C8' }, TS 102 226 §8.2.1.3.2) and
// the installed profiles' footprints.
#include <algorithm>

#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/euicc/slot.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::euicc {

namespace {

void put_be(Bytes& out, std::uint32_t v, unsigned bytes) {
  for (unsigned i = bytes; i-- > 0;) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

}  // namespace

// The profile card's NVM image (docs/PROFILE-FORMAT.md "NVM layout"): its
// personalization area, SQN array, file states, file bodies and the space
// for the files it creates, each region page-padded. The factory image may
// be shared with other cards of the same template in the simulator; the
// whole of it is counted, as a real eUICC stores its own copy.
std::uint32_t Euicc::profile_footprint(const Uicc& profile_card) { return profile_card.nvm().size(); }

// Capacity less, over the ISD-Ps, max(quota, installed footprint): a quota
// reserves its bytes whether the profile uses them or not.
std::uint32_t Euicc::free_profile_memory() const {
  std::uint64_t used = 0;
  for (const gp::Slot& s : gp::read_registry(platform_)) {
    if (s.entry.kind != gp::EntryKind::Application || !is_isdp_aid(s.entry.aid)) continue;
    const std::uint32_t quota = read_attributes(platform_, s.record).nonvolatile_quota.value_or(0);
    const Slot* p = slot(s.record);
    used += std::max(quota, p ? profile_footprint(*p->card) : 0u);
  }
  const std::uint32_t capacity = read_profile_memory(platform_).nonvolatile;
  return used >= capacity ? 0 : static_cast<std::uint32_t>(capacity - used);
}

// TS 102 226 §8.2.1.7.2. The number of installed applications: the
// application instances of the platform's GP registry (the ISD-Ps; the
// ISD-R is the card's ISD, not a registry instance). Volatile memory use is
// not modelled (profiles run in the simulator's memory): the free volatile
// memory is the capacity for profiles.
CardResources Euicc::card_resources() const {
  CardResources r;
  for (const gp::Slot& s : gp::read_registry(platform_)) {
    if (s.entry.kind == gp::EntryKind::Application) ++r.installed_applications;
  }
  r.free_nonvolatile = free_profile_memory();
  r.free_volatile = read_profile_memory(platform_).volatile_bytes;
  return r;
}

Bytes extended_card_resources(const CardResources& r) {
  Bytes value;
  Bytes n;
  put_be(n, r.installed_applications, r.installed_applications >= 256 ? 2 : 1);
  tlv::put_ber(value, 0x81, n);
  Bytes nvm, ram;
  put_be(nvm, r.free_nonvolatile, 4);
  put_be(ram, r.free_volatile, 4);
  tlv::put_ber(value, 0x82, nvm);
  tlv::put_ber(value, 0x83, ram);
  // The tag as TS 102 226 gives it: tlv::put_ber refuses a first tag byte
  // 'FF' (ISO/IEC 7816-4 §5.2.2.1 reserves it), so it is put by hand.
  Bytes out{0xFF, 0x21};
  tlv::put_length(out, value.size());
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

// SGP.02 CreateISDP with 'EF' { 'C8' non-volatile memory quota } (TS 102
// 226 §8.2.1.3.2): the quota is reserved out of the free profile memory and
// kept in the ISD-P's attribute record, in the INSTALL's transaction; more
// than is free (or than the record holds): '6A84'. A quota of 0 is none.
// 'C7' is read and not kept (volatile memory use is not modelled).
StatusWord Euicc::stage_security_domain(Uicc& card, std::uint8_t record, const gp::InstallForInstall& in) {
  if (&card != &platform_ || !in.nonvolatile_quota || *in.nonvolatile_quota == 0) return sw::kOk;
  const std::uint32_t quota = *in.nonvolatile_quota;
  // The staged registry entry counts nothing yet: its attribute record is
  // free (no quota) and it has no profile.
  if (quota > kMaxQuota || quota > free_profile_memory()) return sw::kNotEnoughMemory;
  IsdpAttributes a;
  a.nonvolatile_quota = quota;
  stage_attributes(platform_, record, a);
  return sw::kOk;
}

// An ISD-P with a quota holds a profile up to its quota (already reserved);
// one without takes it from the free profile memory.
StatusWord Euicc::room_for_profile(std::uint8_t record, std::uint32_t footprint) const {
  const std::optional<std::uint32_t> quota = read_attributes(platform_, record).nonvolatile_quota;
  const bool fits = quota ? footprint <= *quota : footprint <= free_profile_memory();
  return fits ? sw::kOk : sw::kNotEnoughMemory;
}

}  // namespace cardcore::euicc
