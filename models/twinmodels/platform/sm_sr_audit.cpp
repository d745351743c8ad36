// ES3/ES4.AuditEIS (GSMA SGP.02 §5.4, §5.5; §5.1.1.2 the EIS): the SM-SR
// reads the card resources ('FF21') and the ISD-Ps (GET STATUS, GP §11.4)
// and brings the EIS in step with the card: the audited memory; every
// profile's state from its ISD-P's life cycle; profiles whose ISD-P is gone
// removed; an ISD-P an expired CreateISDP made (its PoR lost) recorded as
// that call's Created profile. ISD-Ps the SM-SR never asked for are left
// out of the EIS (it knows no ICCID for them).
#include <algorithm>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/ram_commands.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {

namespace isdp_state = cardcore::euicc::isdp_state;

bool is_isdp(const cardcore::Bytes& aid) {
  const cardcore::Bytes isd_r(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  return aid.size() == isd_r.size() && aid != isd_r && std::equal(isd_r.begin(), isd_r.begin() + 13, aid.begin());
}

// SGP.02 §2.2.1.2: SELECTABLE and PERSONALIZED are a created ISD-P without
// a profile. b8 (locked, GP §11.1.1) is left out.
ProfileState state_of(std::uint8_t life_cycle) {
  switch (life_cycle & 0x7F) {
    case isdp_state::kEnabled: return ProfileState::Enabled;
    case isdp_state::kDisabled: return ProfileState::Disabled;
    default: return ProfileState::Created;
  }
}

}  // namespace

void SmSr::audit(Managed& m, const ota::ExpandedResponse& x, FunctionResult& r) {
  if (x.responses.size() < 2) return;
  if (const std::optional<es5::CardResources> res = es5::read_card_resources(x.responses[1].data)) {
    m.eis.installed_applications = res->installed_applications;
    m.eis.free_nonvolatile_memory = res->free_nonvolatile;
    m.eis.free_volatile_memory = res->free_volatile;
  }
  r.data = x.responses[1].data;
  if (x.responses.size() < 3) return;
  std::vector<ota::StatusEntry> card;
  try {
    card = ota::decode_status_entries(x.responses[2].data, false);
  } catch (const ota::OtaError&) {
    return;  // the ISD-P list unread: the EIS profiles stay as they were
  }
  std::erase_if(card, [](const ota::StatusEntry& e) { return !is_isdp(e.aid); });
  std::erase_if(m.eis.profiles, [&](const EisProfile& p) {
    const bool gone = std::none_of(card.begin(), card.end(), [&](const ota::StatusEntry& e) { return e.aid == p.isdp_aid; });
    if (gone) msisdns_.erase(p.msisdn);
    return gone;
  });
  for (const ota::StatusEntry& e : card) {
    if (EisProfile* p = m.eis.by_isdp(e.aid)) {
      p->state = state_of(e.life_cycle);
      continue;
    }
    const auto made = std::find_if(m.unsettled_creates.begin(), m.unsettled_creates.end(),
                                   [&](const FunctionCall& c) { return c.sd_aid == e.aid; });
    if (made == m.unsettled_creates.end() || m.eis.by_iccid(made->iccid)) continue;
    EisProfile q;
    q.iccid = made->iccid;
    q.isdp_aid = e.aid;
    q.mno_id = made->mno_id;
    q.smdp_id = made->smdp_id;
    q.state = state_of(e.life_cycle);
    m.eis.profiles.push_back(std::move(q));
  }
  // Every expired CreateISDP is settled now: its ISD-P is in the EIS, or the
  // card has none.
  m.unsettled_creates.clear();
}

}  // namespace twinmodels::platform
