// The SM-SR's ES4 side of an SM-SR change (GSMA SGP.02 §3.8; §5.4,
// ES4.PrepareSMSRChange and ES4.SMSRChange) and its two ends of
// ES7.HandoverEUICC (§5.7): the checks, the preparation the new SM-SR
// keeps, the change in flight the current one keeps. The key establishment
// itself is smsr_change.*, the whole sequence smsr_handover.*.
#include <algorithm>
#include <cctype>

#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {

bool listed(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// SGP.02 §2.2.2: an EID is 32 decimal digits.
bool eid_format(const std::string& eid) {
  return eid.size() == 32 && std::all_of(eid.begin(), eid.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace

FunctionResult SmSr::refusal(const std::string& function, const SmSrChangeOrder& o, std::string subject,
                             std::string reason, std::string message) const {
  return failed_result(function, o.call_id, o.eid, {}, std::move(subject), std::move(reason), std::move(message));
}

// SGP.02 §3.8 (the MNO to SM-SR2), §5.4: ES4.PrepareSMSRChange.
FunctionResult SmSr::prepare_smsr_change(const SmSrChangeOrder& o) {
  const std::string f = "ES4.PrepareSMSRChange";
  if (!config_.mnos.empty() && !listed(config_.mnos, o.mno_id)) {
    return refusal(f, o, "Function requester", "Not allowed (authorisation)", o.mno_id);
  }
  if (!eid_format(o.eid)) return refusal(f, o, "EID", "Invalid", "not 32 digits");
  if (euiccs_.count(o.eid) != 0) return refusal(f, o, "EID", "Already in use", "managed by " + config_.id);
  if (o.smsr_id == config_.id || !listed(config_.es7_partners, o.smsr_id)) {
    return refusal(f, o, "SM-SR", "Unknown", "no ES7 agreement with '" + o.smsr_id + "'");
  }
  if (prepared_.count(o.eid) != 0) return refusal(f, o, "EID", "Refused", "an SM-SR change is prepared already");
  prepared_[o.eid] = o;
  FunctionResult r;
  r.function = f;
  r.call_id = o.call_id;
  r.eid = o.eid;
  return r;
}

// SGP.02 §3.8 (the MNO to SM-SR1), §5.4: ES4.SMSRChange.
std::optional<FunctionResult> SmSr::smsr_change(const SmSrChangeOrder& o) {
  const std::string f = "ES4.SMSRChange";
  if (!config_.mnos.empty() && !listed(config_.mnos, o.mno_id)) {
    return refusal(f, o, "Function requester", "Not allowed (authorisation)", o.mno_id);
  }
  const Managed* m = managed(o.eid);
  if (!m) return refusal(f, o, "EID", "Unknown");
  if (o.smsr_id == config_.id || !listed(config_.es7_partners, o.smsr_id)) {
    return refusal(f, o, "SM-SR", "Unknown", "no ES7 agreement with '" + o.smsr_id + "'");
  }
  // The eUICC's management goes with its enabled profile's owner (ours:
  // the SM-SR does not hand another MNO's subscriber over).
  const EisProfile* enabled = m->eis.enabled();
  if (!enabled || enabled->mno_id != o.mno_id) {
    return refusal(f, o, "Function requester", "Not allowed (authorisation)",
                   "not the enabled profile's MNO" + (enabled ? " (" + enabled->mno_id + ")" : std::string()));
  }
  if (changing_.count(o.eid) != 0) return refusal(f, o, "eUICC", "Refused", "an SM-SR change is in flight");
  if (!m->queue.empty()) return refusal(f, o, "eUICC", "Refused", "functions in progress");
  changing_[o.eid] = o;
  return std::nullopt;
}

// SGP.02 §5.7: ES7.HandoverEUICC, the receiving end.
std::optional<FunctionResult> SmSr::accept_handover(const Eis& eis, const std::string& from_smsr) const {
  SmSrChangeOrder o;
  o.eid = eis.eid;
  const std::string f = "ES7.HandoverEUICC";
  if (euiccs_.count(eis.eid) != 0) return refusal(f, o, "EID", "Already in use");
  const auto it = prepared_.find(eis.eid);
  if (it == prepared_.end()) return refusal(f, o, "EID", "Unknown", "no ES4.PrepareSMSRChange for it");
  o.call_id = it->second.call_id;
  if (it->second.smsr_id != from_smsr) {
    return refusal(f, o, "SM-SR", "Refused", "prepared from '" + it->second.smsr_id + "', not '" + from_smsr + "'");
  }
  if (eis.ecasd_certificate.empty()) return refusal(f, o, "eUICC", "Refused", "the EIS has no CERT.ECASD.ECKA");
  return std::nullopt;
}

std::optional<Eis> SmSr::end_smsr_change(std::string_view eid, bool handed_over) {
  const auto it = changing_.find(eid);
  if (it == changing_.end()) return std::nullopt;
  changing_.erase(it);
  if (!handed_over) return std::nullopt;
  return release(eid);
}

bool SmSr::smsr_change_in_flight(std::string_view eid) const { return changing_.count(eid) != 0; }

void SmSr::drop_preparation(std::string_view eid) {
  const auto it = prepared_.find(eid);
  if (it != prepared_.end()) prepared_.erase(it);
}

bool SmSr::prepared(std::string_view eid) const { return prepared_.count(eid) != 0; }

std::optional<std::uint8_t> SmSr::key_version(std::string_view eid) const {
  const auto it = euiccs_.find(eid);
  if (it == euiccs_.end()) return std::nullopt;
  return static_cast<std::uint8_t>(it->second.isd_r.keys.kic >> 4);
}

}  // namespace twinmodels::platform
