// ES3/ES4.AuditEIS (GSMA SGP.02 §5.4, §5.5; §5.1.1.2 the EIS): the SM-SR
// reads the card resources ('FF21') and the ISD-Ps (GET STATUS, GP §11.4)
// and brings the EIS in step with the card: the audited memory; every
// profile's state from its ISD-P's life cycle; profiles whose ISD-P is gone
// removed; an ISD-P an expired CreateISDP made (its PoR lost) recorded as
// that call's Created profile. ISD-Ps the SM-SR never asked for are left
// out of the EIS (it knows no ICCID for them).
//
// The same GET STATUS settles a function whose packet the card refused as
// "CNTR low" (TS 102 225 §5.1.1, PoR status '02'): the card has taken a
// packet with that counter or a higher one, so it may have run this very
// packet before (its PoR lost, the SMSC delivering it again after a crash)
// or the SM-SR's counter is behind the card's (records restored from a
// backup). The SM-SR sends the next packet, with the next counter: an
// audit of the ISD-Ps when their life cycles tell whether the function
// ran (enable, disable, delete, CreateISDP); the function itself when
// running it twice does no harm (an audit, the attributes, the
// connectivity parameters, a notification's confirmation). Ran: the
// function is done, with a warning saying how it was learnt (SGP.02's
// Executed-WithWarning); not: it is sent again. Each packet counts as an
// attempt; the last one's CNTR low fails the function ("Security (PoR
// status)", as the PoR of any other refusal), and so does the first for a
// SendData or a key set's deletion, which the card may not run twice and
// an audit cannot see. Ours: SGP.02 leaves the SM-SR's counter management
// to it.
#include <algorithm>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/ota/ram_commands.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {

namespace isdp_state = cardcore::euicc::isdp_state;

// SGP.02 §2.2.1.2: SELECTABLE and PERSONALIZED are a created ISD-P without
// a profile. b8 (locked, GP §11.1.1) is left out.
ProfileState state_of(std::uint8_t life_cycle) {
  switch (life_cycle & 0x7F) {
    case isdp_state::kEnabled: return ProfileState::Enabled;
    case isdp_state::kDisabled: return ProfileState::Disabled;
    default: return ProfileState::Created;
  }
}

// The ISD-Ps in a GET STATUS response; nullopt when unreadable.
std::optional<std::vector<ota::StatusEntry>> isdps_in(cardcore::ByteView data) {
  try {
    return es5::read_isdps(data);
  } catch (const ota::OtaError&) {
    return std::nullopt;
  }
}

using Kind = FunctionCall::Kind;

bool settles_by_audit(Kind k) {
  return k == Kind::EnableProfile || k == Kind::DisableProfile || k == Kind::DeleteProfile || k == Kind::CreateIsdp;
}
bool runs_twice_harmlessly(Kind k) {
  return k == Kind::AuditEis || k == Kind::SetFallbackAttribute || k == Kind::SetEmergencyProfileAttribute ||
         k == Kind::UpdateConnectivityParameters || k == Kind::NotificationConfirmation;
}

// Whether the card ran `f`, by its ISD-Ps' life cycles; `aid` is the ISD-P
// the function is about (none: a profile the EIS no longer knows).
bool ran(const FunctionCall& f, const std::optional<cardcore::Bytes>& aid, const std::vector<ota::StatusEntry>& card) {
  if (!aid) return false;
  const auto it = std::find_if(card.begin(), card.end(), [&](const ota::StatusEntry& e) { return e.aid == *aid; });
  switch (f.kind) {
    case Kind::EnableProfile: return it != card.end() && state_of(it->life_cycle) == ProfileState::Enabled;
    case Kind::DisableProfile: return it != card.end() && state_of(it->life_cycle) != ProfileState::Enabled;
    case Kind::DeleteProfile: return it == card.end();
    case Kind::CreateIsdp: return it != card.end();
    default: return false;
  }
}

const char* ran_text(Kind k) {
  switch (k) {
    case Kind::EnableProfile: return "the profile is enabled";
    case Kind::DisableProfile: return "the profile is disabled";
    case Kind::DeleteProfile: return "the ISD-P is deleted";
    default: return "the ISD-P is created";
  }
}

}  // namespace

cardcore::Bytes SmSr::settling_audit_script() {
  return ota::encode_expanded_script(std::vector<cardcore::Bytes>{es5::get_status_isdps()});
}

const cardcore::ota::Tar& SmSr::tar_in_flight(const Managed& m) const {
  // A settling audit and an HTTPS push (GP Amd B §2.4) go to the ISD-R,
  // whatever the function (a SendData's script is for its ISD-P).
  const bool isd_r = m.queue.front().settling || m.https_step == Managed::HttpsStep::PushSent;
  return isd_r ? m.isd_r.tar : m.queue.front().tar;
}

bool SmSr::counter_low(Managed& m, const ota::PorResult& por) {
  Operation& op = m.queue.front();
  if (por.status != cardcore::ota::PorStatus::CounterLow || over_https(m) || op.attempts >= config_.max_attempts)
    return false;
  if (!settles_by_audit(op.call.kind) && !runs_twice_harmlessly(op.call.kind)) return false;
  op.settling = settles_by_audit(op.call.kind);
  return true;
}

void SmSr::settle(Managed& m, const ota::PorResult& por) {
  Operation& op = m.queue.front();
  const auto* x = por.response ? std::get_if<ota::ExpandedResponse>(&*por.response) : nullptr;
  std::optional<std::vector<ota::StatusEntry>> card;
  if (x && !x->responses.empty() && x->responses[0].sw == cardcore::sw::kOk) card = isdps_in(x->responses[0].data);
  std::optional<cardcore::Bytes> aid;
  if (op.call.kind == Kind::CreateIsdp) aid = op.call.sd_aid;
  else if (const EisProfile* p = m.eis.by_iccid(op.call.iccid)) aid = p->isdp_aid;
  const bool done = card && ran(op.call, aid, *card);
  if (!done) {
    // Not run: sent again, and no earlier packet of it ran either (its
    // PoR lost or not). The audit unreadable: audited again.
    op.settling = !card;
    if (card) op.lost = 0;
    if (op.attempts < config_.max_attempts) return;
  }
  Operation o = std::move(op);
  m.queue.pop_front();
  FunctionResult r = result_of(o.call);
  const std::string counter_low = "PoR 02 " + std::string(cardcore::ota::describe(cardcore::ota::PorStatus::CounterLow));
  if (done) {
    r.status = ExecutionStatus::Warning;
    apply(m, o, por, r);
    r.message = counter_low + "; audited: " + ran_text(o.call.kind);
  } else if (card) {
    r.status = ExecutionStatus::Failed;
    r.subject = o.call.iccid.empty() ? "eUICC" : "Profile ICCID";
    r.reason = "Security (PoR status)";
    r.por_status = static_cast<std::uint8_t>(cardcore::ota::PorStatus::CounterLow);
    r.message = counter_low + "; audited: not run";
  } else {
    r.status = ExecutionStatus::Expired;
    r.subject = "eUICC";
    r.reason = "No response";
    r.message = counter_low + "; the audit's response unreadable";
  }
  if (o.call.kind == Kind::CreateIsdp && !done && !card) m.unsettled_creates.push_back(o.call);
  if (!o.internal) results_.push_back(std::move(r));
}

void SmSr::audit(Managed& m, const ota::ExpandedResponse& x, FunctionResult& r) {
  if (x.responses.size() < 2) return;
  if (const std::optional<es5::CardResources> res = es5::read_card_resources(x.responses[1].data)) {
    m.eis.installed_applications = res->installed_applications;
    m.eis.free_nonvolatile_memory = res->free_nonvolatile;
    m.eis.free_volatile_memory = res->free_volatile;
  }
  r.data = x.responses[1].data;
  if (x.responses.size() < 3) return;
  const std::optional<std::vector<ota::StatusEntry>> read = isdps_in(x.responses[2].data);
  if (!read) return;  // the ISD-P list unread: the EIS profiles stay as they were
  const std::vector<ota::StatusEntry>& card = *read;
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
