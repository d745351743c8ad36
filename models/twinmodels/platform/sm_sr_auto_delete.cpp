// POL2's Auto-Delete at the SM-SR (GSMA SGP.02 Policy Rules: the POL2 rule
// "Profile deletion is mandatory when its state is changed to disabled";
// sm_sr.hpp says when). SGP.02 §3.2-§3.4: a profile disabled by a
// DisableProfile, by the EnableProfile of another profile or by a fall-back
// is deleted by the SM-SR after the eUICC's notification of the change is
// confirmed (the order of njiwa's SM-SR: DeleteProfile after the
// NotificationConfirmation).
#include <algorithm>
#include <utility>

#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

void SmSr::disabled(Managed& m, const std::string& iccid) {
  const EisProfile* p = m.eis.by_iccid(iccid);
  if (!p || p->state != ProfileState::Disabled || !pol2_auto_deletes(p->pol2)) return;
  if (std::find(m.auto_delete.begin(), m.auto_delete.end(), iccid) == m.auto_delete.end()) m.auto_delete.push_back(iccid);
}

void SmSr::queue_auto_deletes(Managed& m) {
  for (const std::string& iccid : std::exchange(m.auto_delete, {})) {
    // Enabled again since (a roll-back), or its rule lifted: nothing to do.
    const EisProfile* p = m.eis.by_iccid(iccid);
    if (!p || p->state != ProfileState::Disabled || !pol2_auto_deletes(p->pol2)) continue;
    FunctionCall f;
    f.kind = FunctionCall::Kind::DeleteProfile;
    f.interface = "ES5";
    f.call_id = kAutoDeleteCall + iccid;
    f.eid = m.eis.eid;
    f.iccid = iccid;
    FunctionResult refusal;
    std::optional<Operation> op = plan(m, f, refusal);
    if (!op) {
      fail(f, refusal.subject, refusal.reason, refusal.message);
      continue;
    }
    op->tar = m.isd_r.tar;
    m.queue.push_back(std::move(*op));
  }
}

}  // namespace twinmodels::platform
