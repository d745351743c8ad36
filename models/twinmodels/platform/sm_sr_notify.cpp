// The SM-SR's notifications to the MNOs (ES4) and the SM-DPs (ES3) (GSMA
// SGP.02 §5.1.3; ES3 §5.4, ES4 §5.5; sm_sr.hpp says when they go).
#include <set>

#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

void SmSr::notify_profile(NotificationKind k, const Eis& eis, const EisProfile& p) const {
  if (!notify_) return;
  if (!p.mno_id.empty()) notify_({"ES4", k, config_.id, p.mno_id, eis.eid, p.iccid, std::nullopt, {}, std::nullopt});
  if (!p.smdp_id.empty()) notify_({"ES3", k, config_.id, p.smdp_id, eis.eid, p.iccid, std::nullopt, {}, std::nullopt});
}

std::optional<EisProfile> SmSr::enabled_before(const Eis& eis) const {
  if (!notify_ || !eis.enabled()) return std::nullopt;
  return *eis.enabled();
}

void SmSr::notify_switch(const Eis& eis, const std::optional<EisProfile>& before) const {
  if (!notify_) return;
  const EisProfile* now = eis.enabled();
  if (before && now && before->iccid == now->iccid) return;
  // SGP.02 §3.2 to §3.5: the owner of the profile disabled, then the owner
  // of the one enabled.
  if (before) notify_profile(NotificationKind::ProfileDisabled, eis, *before);
  if (now) notify_profile(NotificationKind::ProfileEnabled, eis, *now);
}

bool SmSr::smsr_change_completed(std::string_view eid) {
  const auto it = euiccs_.find(eid);
  if (it == euiccs_.end()) return false;
  if (!notify_) return true;
  const Eis& eis = it->second.eis;
  std::set<std::string, std::less<>> mnos, smdps;
  for (const EisProfile& p : eis.profiles) {
    if (!p.mno_id.empty()) mnos.insert(p.mno_id);
    if (!p.smdp_id.empty()) smdps.insert(p.smdp_id);
  }
  for (const std::string& mno : mnos)
    notify_({"ES4", NotificationKind::SmsrChange, config_.id, mno, eis.eid, {}, eis_for_mno(eis, mno), {}, std::nullopt});
  for (const std::string& smdp : smdps) {
    Eis own = eis;
    std::erase_if(own.profiles, [&](const EisProfile& p) { return p.smdp_id != smdp; });
    notify_({"ES3", NotificationKind::SmsrChange, config_.id, smdp, eis.eid, {}, std::move(own), {}, std::nullopt});
  }
  return true;
}

}  // namespace twinmodels::platform
