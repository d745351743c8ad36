// The SM-SR's checks and scripts for each function (GSMA SGP.02 §3.2 to
// §3.8, §5.4, §5.5): what the EIS allows, the ES5 script for the ISD-R, the
// ES3 functions of an SM-DP.
#include <algorithm>
#include <stdexcept>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {
using cardcore::Bytes;
using Kind = FunctionCall::Kind;
namespace pol1 = cardcore::euicc::pol1;

// SGP.02 §3.2-§3.4 (Policy Rules): POL1 of `p` (the profile the function
// would disable or delete: for an enable, the one enabled now) as the EIS
// records it forbids the function: refused before any script, as the
// eUICC's ISD-R would refuse it ('6985', card-core isd_r.cpp).
void refuse_by_pol1(const EisProfile* p, std::uint8_t rule, FunctionResult& refusal) {
  if (!p || (p->pol1 & rule) == 0) return;
  const bool disable = rule == pol1::kDisableNotAllowed;
  refusal.reason = disable ? "Refused (POL1: disabling not allowed)" : "Refused (POL1: deletion not allowed)";
  refusal.message = "POL1 '" + cardcore::to_hex(Bytes{p->pol1}) + "' of profile " + p->iccid;
}
// SGP.02 Policy Rules (POL2, the SM-SR's rules): "<ACTION>
// Not-Allowed" in the POL2 of `p` refuses the function before any script.
void refuse_by_pol2(const EisProfile* p, Pol2Action action, FunctionResult& refusal) {
  if (!p || !refusal.reason.empty() || !pol2_forbids(p->pol2, action)) return;
  refusal.reason = std::string("Refused (POL2: ") + to_string(action) + " Not-Allowed)";
  refusal.message = "POL2 '" + pol2_text(p->pol2) + "' of profile " + p->iccid;
}
}  // namespace

// The script of a function, after the EIS says it can apply (SGP.02 §3.2 to
// §3.7: what the SM-SR checks before it addresses the eUICC).
std::optional<SmSr::Operation> SmSr::plan(Managed& m, const FunctionCall& f, FunctionResult& refusal) {
  refusal.subject = "Profile ICCID";
  if (f.kind == Kind::CreateIsdp || f.kind == Kind::SendData) return plan_es3(m, f, refusal);
  if (f.kind == Kind::AuditEis) {
    return Operation{f, ota::encode_expanded_script(std::vector<Bytes>{es5::get_eid(), es5::get_card_resources(),
                                                                        es5::get_status_isdps()})};
  }
  if (f.kind == Kind::UpdateConnectivityParameters) {
    cardcore::euicc::SmsrAddressing a;
    a.destination = config_.address;
    a.smsc = config_.smsc;
    return Operation{f, ota::encode_expanded_script(std::vector<Bytes>{es5::update_connectivity_parameters(a)})};
  }
  if (f.kind == Kind::FinaliseIsdrHandover || f.kind == Kind::DeleteKeySet) {
    if (f.key_version == 0 || f.key_version > 0x0F || f.key_version == m.isd_r.keys.kic >> 4) {
      refusal.subject = "Key set";
      refusal.reason = "Invalid (not another SCP80 key version)";
      return std::nullopt;
    }
    std::vector<Bytes> commands{es5::delete_key_set(f.key_version)};
    if (f.kind == Kind::FinaliseIsdrHandover && f.psk_version != 0) {
      // The old SM-SR's SCP81 PSK: DELETE [key] of its version (GP Amd B
      // PSK versions '40'-'4F'; the eUICC's own, SGP.02 §3.8), not the one
      // this SM-SR holds.
      if (f.psk_version < 0x40 || f.psk_version > 0x4F || (m.scp81 && f.psk_version == m.scp81->key_version)) {
        refusal.subject = "Key set";
        refusal.reason = "Invalid (not another SCP81 PSK version)";
        return std::nullopt;
      }
      commands.push_back(es5::delete_key_set(f.psk_version));
    }
    return Operation{f, ota::encode_expanded_script(commands)};
  }
  const EisProfile* p = m.eis.by_iccid(f.iccid);
  if (!p) {
    refusal.reason = "Unknown";
    return std::nullopt;
  }
  Bytes c;
  switch (f.kind) {
    case Kind::EnableProfile:
      if (p->state != ProfileState::Disabled) refusal.reason = "Refused (not disabled)";
      else refuse_by_pol1(m.eis.enabled(), pol1::kDisableNotAllowed, refusal);
      refuse_by_pol2(p, Pol2Action::Enable, refusal);
      refuse_by_pol2(m.eis.enabled(), Pol2Action::Disable, refusal);
      c = es5::enable_profile(p->isdp_aid);
      break;
    case Kind::DisableProfile:
      if (p->state != ProfileState::Enabled || p->fallback) refusal.reason = "Refused (not enabled, or the fall-back profile)";
      else refuse_by_pol1(p, pol1::kDisableNotAllowed, refusal);
      refuse_by_pol2(p, Pol2Action::Disable, refusal);
      c = es5::disable_profile(p->isdp_aid);
      break;
    case Kind::DeleteProfile:
      if (p->state == ProfileState::Enabled || p->fallback || p->emergency) refusal.reason = "Refused (enabled or with an attribute)";
      else refuse_by_pol1(p, pol1::kDeleteNotAllowed, refusal);
      refuse_by_pol2(p, Pol2Action::Delete, refusal);
      c = es5::delete_profile(p->isdp_aid);
      break;
    case Kind::SetFallbackAttribute: c = es5::set_fallback_attribute(p->isdp_aid); break;
    case Kind::SetEmergencyProfileAttribute: c = es5::set_emergency_profile_attribute(p->isdp_aid); break;
    default: break;
  }
  if (!refusal.reason.empty()) return std::nullopt;
  return Operation{f, ota::encode_expanded_script(std::vector<Bytes>{c})};
}

// SGP.02 §2.2.3: ISD-P AIDs 'A0 00 00 05 59 10 10 FF FF FF FF 89 00' XX XX
// '00', XX XX from '00 10', allocated by the SM-SR: the first one the EIS
// does not use and no expired CreateISDP may have taken. The TAR of a
// security domain: AID bytes 13-15.
std::optional<SmSr::Operation> SmSr::plan_es3(Managed& m, const FunctionCall& f, FunctionResult& refusal) {
  Operation op;
  op.call = f;
  if (f.kind == Kind::SendData) {
    if (f.sd_aid.size() != 16 || f.script.empty()) {
      refusal.subject = "Security domain";
      refusal.reason = "Invalid";
      return std::nullopt;
    }
    op.script = f.script;
    op.tar = {f.sd_aid[12], f.sd_aid[13], f.sd_aid[14]};
    return op;
  }
  if (f.iccid.empty() || m.eis.by_iccid(f.iccid)) {
    refusal.reason = f.iccid.empty() ? "Missing" : "Already in use";
    return std::nullopt;
  }
  Bytes aid(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  for (std::uint32_t n = 0x0010; n <= 0xFFFF; ++n) {
    aid[13] = static_cast<std::uint8_t>(n >> 8);
    aid[14] = static_cast<std::uint8_t>(n);
    const bool unsettled = std::any_of(m.unsettled_creates.begin(), m.unsettled_creates.end(),
                                       [&](const FunctionCall& c) { return c.sd_aid == aid; });
    if (!m.eis.by_isdp(aid) && !unsettled) break;
  }
  op.call.sd_aid = aid;
  op.script = ota::encode_expanded_script(std::vector<Bytes>{es5::create_isdp(aid, f.nonvolatile_quota)});
  op.tar = m.isd_r.tar;
  return op;
}

// ES3.ProfileDownloadCompleted: the SM-DP installed the profile (SGP.02
// §3.1.3); the EIS records it as Disabled with its subscription address.
// An audit between the last download script and this call may have found it
// DISABLED already (sm_sr_audit.cpp): a profile an SM-DP created that has
// no subscription address yet is completed all the same.
void SmSr::profile_download_completed(Managed& m, const FunctionCall& f) {
  EisProfile* p = m.eis.by_iccid(f.iccid);
  const bool audited_installed =
      p && p->state == ProfileState::Disabled && !p->smdp_id.empty() && p->imsi.empty() && p->msisdn.empty();
  if (!p || (p->state != ProfileState::Created && !audited_installed)) {
    fail(f, "Profile ICCID", p ? "Refused (not created)" : "Unknown");
    return;
  }
  p->state = ProfileState::Disabled;
  p->imsi = f.imsi;
  p->msisdn = f.msisdn;
  index_msisdn(f.msisdn, m.eis.eid);
  results_.push_back(result_of(f));
}

}  // namespace twinmodels::platform
