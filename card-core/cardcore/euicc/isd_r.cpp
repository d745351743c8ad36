// The ISD-R's ES5 functions (GSMA SGP.02 §4.1.1): the commands of a
// secured packet for the ISD-R's TAR beyond the GlobalPlatform ones of gp/
// (INSTALL makes the ISD-Ps: ES5.CreateISDP, GP §11.5; GET STATUS audits
// them: GP §11.4).
#include <algorithm>

#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/euicc/smsr_addressing.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/install_command.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"
#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::euicc {

namespace {

// GP §11.11.2.1: STORE DATA P1 b8 last block, b5-b4 '01' DGI format.
constexpr std::uint8_t kLastBlock = 0x80, kFormatMask = 0x18, kDgiFormat = 0x08;
constexpr std::uint16_t kAidTag = 0x4F;             // ISO/IEC 7816-4 application identifier
constexpr std::uint16_t kSequenceTag = 0x4E;        // SGP.02 §4.1.1.11 sequence number
constexpr std::uint16_t kEidTag = 0x5A;             // SGP.02 §2.2.2, GET DATA
constexpr std::uint16_t kExtendedCardResourcesTag = 0xFF21;  // TS 102 226 §8.2.1.7.2, GET DATA

// The ISD-P AID of `data`: exactly one '4F' TLV naming an ISD-P.
std::optional<Bytes> isdp_aid_of(ByteView data) {
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(data);
  if (!t.ok() || t.value.tag != kAidTag || !is_isdp_aid(t.value.value)) return std::nullopt;
  return Bytes(t.value.value.begin(), t.value.value.end());
}

// The registry entry of the ISD-P that `data` names ('4F'), or the status
// word of why there is none ('6A80' not an ISD-P AID, '6A88' no such ISD-P).
const gp::Slot* named_isdp(ByteView data, const std::vector<gp::Slot>& used, StatusWord& err) {
  const std::optional<Bytes> aid = isdp_aid_of(data);
  err = aid ? sw::kReferencedDataNotFound : sw::kIncorrectData;
  return aid ? gp::find_aid(used, *aid) : nullptr;
}

}  // namespace

std::optional<StatusWord> Euicc::isd_command(Uicc& card, const CommandApdu& c, Bytes& out) {
  if (&card != &platform_) return std::nullopt;
  switch (c.ins) {
    case kInsStoreData: return store_data(c, out);
    case kInsGetData: return get_data(c, out);
    case kInsDelete: {
      // DELETE of an ISD-P (ES5.DeleteProfile, SGP.02 §4.1.1.4) follows the
      // profile rules; other DELETEs are GP's.
      const tlv::Result<tlv::BerTlv> first = tlv::read_ber(c.data);
      if (c.p1 == 0x00 && first.ok() && first.value.tag == kAidTag && is_isdp_aid(first.value.value)) {
        return delete_profile(c, out);
      }
      // DELETE [key] (GP §11.2.2.3.2): FinaliseISDRhandover.
      if (c.p1 == 0x00 && first.ok() && (first.value.tag == 0xD0 || first.value.tag == 0xD2)) {
        return delete_isd_r_keys(c.data, out);
      }
      return std::nullopt;
    }
    case kInsSetStatus: {
      // SET STATUS (GP §11.10) may lock an ISD-P, but not the enabled one
      // nor the fall-back one: the eUICC must keep a profile to run and one
      // to fall back to (ours).
      const std::vector<gp::Slot> used = gp::read_registry(platform_);
      const gp::Slot* target = is_isdp_aid(c.data) ? gp::find_aid(used, c.data) : nullptr;
      if (target && c.p1 == 0x40 && c.p2 == 0x80 &&
          (target->entry.life_cycle == isdp_state::kEnabled || read_attributes(platform_, target->record).fallback)) {
        return sw::kConditionsNotSatisfied;
      }
      return std::nullopt;
    }
    case kInsInstall: {
      // ES5.CreateISDP (SGP.02 §4.1.1.1): an instance of the ISD-P module
      // must have an ISD-P AID; GP's INSTALL does the rest.
      const std::optional<gp::InstallForInstall> in =
          (c.p1 & 0x04) != 0 ? gp::parse_install_for_install(c.data) : std::nullopt;
      if (in && std::equal(in->module_aid.begin(), in->module_aid.end(), kIsdPModuleAid.begin(), kIsdPModuleAid.end()) &&
          !is_isdp_aid(in->application_aid)) {
        return sw::kIncorrectData;
      }
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

StatusWord Euicc::store_data(const CommandApdu& c, Bytes& out) {
  if (c.kind != ApduCase::Case3 && c.kind != ApduCase::Case4) return sw::kWrongLength;
  // DGI format, one DGI per command; the key establishment's first command
  // is not the last block of its sequence ('09'), the others are ('88',
  // '89': b1 asks for response data).
  if ((c.p1 & kFormatMask) != kDgiFormat || c.p2 != 0x00) return sw::kIncorrectP1P2;
  const std::optional<ecasd::Dgi> d = ecasd::read_dgi(c.data);
  if (!d) return sw::kIncorrectData;
  // SGP.02 §3.8: the new SM-SR's key establishment with the ISD-R ('3A02'
  // is followed by the ephemeral key and its signature).
  if (d->id == 0x3A01 || d->id == 0x3A02) return establish_keys(0, d->id, c.data, out);
  if (d->size != c.data.size()) return sw::kIncorrectData;
  if ((c.p1 & kLastBlock) == 0) return sw::kIncorrectP1P2;
  switch (d->id) {
    case dgi::kEnableProfile: return enable_profile(d->value);
    case dgi::kDisableProfile: return disable_profile(d->value);
    case dgi::kSetFallbackAttribute: return set_fallback_attribute(d->value);
    case dgi::kUpdateConnectivityParameters: return update_connectivity_parameters(d->value);
    case dgi::kNotificationConfirmation: return confirm_notification(d->value, out);
    case dgi::kMasterDelete: return master_delete(d->value);
    case dgi::kSetEmergencyProfileAttribute: return set_emergency_profile_attribute(d->value);
    default: return sw::kReferencedDataNotFound;
  }
}

// SGP.02 §4.1.1.2: the target must hold a profile and be disabled; the
// enabled one must allow disabling (POL1). Not while the emergency profile
// is enabled locally (emergency_profile.cpp), nor DisableProfile.
StatusWord Euicc::enable_profile(ByteView data) {
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  StatusWord err = sw::kOk;
  const gp::Slot* target = named_isdp(data, used, err);
  if (!target) return err;
  if (target->entry.life_cycle != isdp_state::kDisabled || !slot(target->record) || emergency_active()) {
    return sw::kConditionsNotSatisfied;
  }
  const std::uint8_t current = enabled_record();
  if (current != 0 && (read_attributes(platform_, current).pol1 & pol1::kDisableNotAllowed) != 0) {
    return sw::kConditionsNotSatisfied;
  }
  return switch_profiles(current, target->record, notification::kProfileChangeSucceeded, true);
}

// SGP.02 §4.1.1.3, §3.4: disabling the enabled profile enables the one with
// the fall-back attribute, which itself cannot be disabled this way.
StatusWord Euicc::disable_profile(ByteView data) {
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  StatusWord err = sw::kOk;
  const gp::Slot* target = named_isdp(data, used, err);
  if (!target) return err;
  if (target->entry.life_cycle != isdp_state::kEnabled || emergency_active()) return sw::kConditionsNotSatisfied;
  const IsdpAttributes a = read_attributes(platform_, target->record);
  if (a.fallback || (a.pol1 & pol1::kDisableNotAllowed) != 0) return sw::kConditionsNotSatisfied;
  std::uint8_t fallback = 0;
  for (const gp::Slot& s : used) {
    if (s.entry.kind == gp::EntryKind::Application && is_isdp_aid(s.entry.aid) && slot(s.record) &&
        read_attributes(platform_, s.record).fallback) {
      fallback = s.record;
    }
  }
  if (fallback == 0) return sw::kConditionsNotSatisfied;
  return switch_profiles(target->record, fallback, notification::kProfileChangeAfterFallback, true);
}

// One profile at a time has the attribute `attr`: SGP.02 §4.1.1.7 for the
// fall-back one, and the same for the emergency one (ours); not a profile
// that has the `other` one (a profile is not both), not while the emergency
// profile is enabled locally.
StatusWord Euicc::move_attribute(ByteView data, bool IsdpAttributes::*attr, bool IsdpAttributes::*other) {
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  StatusWord err = sw::kOk;
  const gp::Slot* target = named_isdp(data, used, err);
  if (!target) return err;
  if (!slot(target->record) || read_attributes(platform_, target->record).*other || emergency_active()) {
    return sw::kConditionsNotSatisfied;
  }
  platform_.nvm().begin();
  for (const gp::Slot& s : used) {
    if (s.entry.kind != gp::EntryKind::Application || !is_isdp_aid(s.entry.aid)) continue;
    IsdpAttributes a = read_attributes(platform_, s.record);
    const bool want = s.record == target->record;
    if (a.*attr == want) continue;
    a.*attr = want;
    stage_attributes(platform_, s.record, a);
  }
  return gp::commit_registry(platform_);
}

StatusWord Euicc::set_fallback_attribute(ByteView data) {
  return move_attribute(data, &IsdpAttributes::fallback, &IsdpAttributes::emergency);
}

// SGP.02 §4.1.3.4: the SM-SR's addressing for the eUICC's SMS (kept as
// given; notification.cpp reads the destination from it).
StatusWord Euicc::update_connectivity_parameters(ByteView data) {
  if (data.size() > 127 || !smsr_destination(data)) return sw::kIncorrectData;
  platform_.nvm().begin();
  stage_smsr_parameters(platform_, data);
  return gp::commit_registry(platform_);
}

// SGP.02 §4.1.1.12: the SM-SR confirms the notification with its sequence
// number; the eUICC then deletes the disabled profiles whose POL1 makes
// deletion mandatory and answers '80' { '4F' AID of each deleted ISD-P }.
StatusWord Euicc::confirm_notification(ByteView data, Bytes& out) {
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(data);
  if (!t.ok() || t.value.tag != kSequenceTag || t.value.value.size() != 2) return sw::kIncorrectData;
  const std::uint16_t sequence = static_cast<std::uint16_t>(t.value.value[0] << 8 | t.value.value[1]);
  const std::optional<PendingNotification> pending = read_pending_notification(platform_);
  if (!pending || pending->sequence != sequence) return sw::kReferencedDataNotFound;
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  std::vector<std::uint8_t> deleted;
  platform_.nvm().begin();
  stage_pending_notification(platform_, std::nullopt);
  Bytes aids;
  for (const gp::Slot& s : used) {
    if (s.entry.kind != gp::EntryKind::Application || !is_isdp_aid(s.entry.aid) ||
        s.entry.life_cycle != isdp_state::kDisabled) {
      continue;
    }
    if ((read_attributes(platform_, s.record).pol1 & pol1::kDeleteWhenDisabled) == 0) continue;
    if (in_session(s.record)) continue;  // still running until the REFRESH
    gp::stage_free(platform_, s.record);
    stage_free_attributes(platform_, s.record);
    stage_free_isdp_keys(platform_, s.record);
    tlv::put_ber(aids, kAidTag, s.entry.aid);
    deleted.push_back(s.record);
  }
  const StatusWord s = gp::commit_registry(platform_);
  if (s != sw::kOk) return s;
  for (std::uint8_t r : deleted) forget_isdp(r);
  tlv::put_ber(out, 0x80, aids);
  return sw::kOk;
}

// SGP.02 §3.10, §4.1.1.6 MasterDelete: the SM-SR deletes a disabled profile
// whatever its POL1 says, with a token from the profile's SM-DP. Coding
// (ours): '3A06' { '4F' ISD-P AID, '9E' token }, the token the leftmost 8
// bytes of AES-CMAC under the ISD-P's K-MAC over the '4F' TLV as sent.
StatusWord Euicc::master_delete(ByteView data) {
  tlv::BerReader r(data);
  tlv::BerTlv aid, token;
  if (!r.next(aid) || aid.tag != kAidTag || !is_isdp_aid(aid.value) || !r.next(token) || token.tag != 0x9E ||
      token.value.size() != 8 || !r.at_end()) {
    return sw::kIncorrectData;
  }
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  const gp::Slot* target = gp::find_aid(used, aid.value);
  if (!target) return sw::kReferencedDataNotFound;
  const std::optional<gp::scp03::StaticKeys> keys = read_isdp_keys(platform_, target->record);
  if (!keys) return sw::kConditionsNotSatisfied;  // nobody could have made a token
  ota::BlockCipher mac(ota::CipherAlgorithm::AesCbc, keys->mac);
  const std::array<std::uint8_t, 16> expected = ota::aes_cmac(mac, data.first(aid.size));
  if (token.value.size() < 8 || !equal_constant_time(ByteView(expected.data(), 8), token.value.first(8)))
    return sw::kSecurityStatusNotSatisfied;
  const IsdpAttributes a = read_attributes(platform_, target->record);
  if (target->entry.life_cycle == isdp_state::kEnabled || a.fallback || a.emergency || in_session(target->record))
    return sw::kConditionsNotSatisfied;
  platform_.nvm().begin();
  gp::stage_free(platform_, target->record);
  stage_free_attributes(platform_, target->record);
  stage_free_isdp_keys(platform_, target->record);
  const StatusWord s = gp::commit_registry(platform_);
  if (s == sw::kOk) forget_isdp(target->record);
  return s;
}

// SGP.02 §4.1.1.4 (GP §11.2): neither the enabled profile nor the fall-back
// one, nor one whose POL1 forbids it.
StatusWord Euicc::delete_profile(const CommandApdu& c, Bytes& out) {
  if ((c.p2 & 0x7F) != 0) return sw::kIncorrectP1P2;
  const tlv::Result<tlv::BerTlv> first = tlv::read_ber(c.data);
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  const gp::Slot* target = gp::find_aid(used, first.value.value);
  if (!target) return sw::kReferencedDataNotFound;
  const IsdpAttributes a = read_attributes(platform_, target->record);
  // Nor the profile the session still runs on (disabled by an enable in
  // this session: SGP.02 §3.2.1, the switch takes effect at the REFRESH).
  if (target->entry.life_cycle == isdp_state::kEnabled || a.fallback || a.emergency ||
      (a.pol1 & pol1::kDeleteNotAllowed) != 0 || in_session(target->record)) {
    return sw::kConditionsNotSatisfied;
  }
  platform_.nvm().begin();
  gp::stage_free(platform_, target->record);
  stage_free_attributes(platform_, target->record);
  stage_free_isdp_keys(platform_, target->record);
  const StatusWord s = gp::commit_registry(platform_);
  if (s != sw::kOk) return s;
  forget_isdp(target->record);
  out.push_back(0x00);  // GP §11.2.3.1: no confirmation
  return sw::kOk;
}

// GP §11.3 GET DATA: the EID (SGP.02 §2.2.2, tag '5A'), the eUICC's
// certificate CERT.ECASD.ECKA (tag '7F21', as it is stored: ours) and the
// capability audit's Extended Card Resources Information (tag 'FF21', ETSI
// TS 102 226 §8.2.1.7.2).
StatusWord Euicc::get_data(const CommandApdu& c, Bytes& out) {
  const std::uint16_t tag = static_cast<std::uint16_t>(c.p1 << 8 | c.p2);
  if (tag == kEidTag) {
    tlv::put_ber(out, kEidTag, read_eid(platform_));
    return sw::kOk;
  }
  if (tag == 0x7F21) {
    out = read_ecasd_certificate(platform_);
    return out.empty() ? sw::kReferencedDataNotFound : sw::kOk;
  }
  if (tag == kExtendedCardResourcesTag) {
    out = extended_card_resources(card_resources());
    return sw::kOk;
  }
  return sw::kReferencedDataNotFound;
}

}  // namespace cardcore::euicc
