// The SM-SR's function queue per eUICC (GSMA SGP.02 §5.4, §5.5): the EIS
// registry, sending one function's packet at a time, its PoR deciding it
// and the EIS following (sm_sr_plan.cpp makes the scripts,
// sm_sr_notification.cpp takes the eUICC's notifications).
#include "twinmodels/platform/sm_sr.hpp"

#include <stdexcept>
#include <utility>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/ota/por_status.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/platform/admin_connection.hpp"
#include "twinmodels/platform/es5_commands.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
using Kind = FunctionCall::Kind;
namespace sw = cardcore::sw;

// The profile a function was about, without its requester among the
// notifications' recipients (SGP.02 §3.2-§3.7): the MNO that asked
// (FunctionCall::mno_id) and, over ES3, the SM-DP that asked get the
// function's result instead.
EisProfile unasked(EisProfile p, const FunctionCall& f) {
  if (!f.mno_id.empty() && f.mno_id == p.mno_id) p.mno_id.clear();
  if (f.interface == "ES3" && !f.smdp_id.empty() && f.smdp_id == p.smdp_id) p.smdp_id.clear();
  return p;
}

}  // namespace

const char* function_name(Kind k) {
  switch (k) {
    case Kind::EnableProfile: return "EnableProfile";
    case Kind::DisableProfile: return "DisableProfile";
    case Kind::DeleteProfile: return "DeleteProfile";
    case Kind::SetFallbackAttribute: return "SetFallbackAttribute";
    case Kind::SetEmergencyProfileAttribute: return "SetEmergencyProfileAttribute";
    case Kind::AuditEis: return "AuditEIS";
    case Kind::UpdateConnectivityParameters: return "UpdateConnectivityParameters";
    case Kind::NotificationConfirmation: return "NotificationConfirmation";
    case Kind::CreateIsdp: return "CreateISDP";
    case Kind::SendData: return "SendData";
    case Kind::ProfileDownloadCompleted: return "ProfileDownloadCompleted";
    case Kind::FinaliseIsdrHandover: return "FinaliseISDRhandover";
    case Kind::DeleteKeySet: return "DeleteKeySet";
    case Kind::UpdatePolicyRules: return "UpdatePolicyRules";
  }
  return "?";
}

std::string result_function(const FunctionCall& f) {
  if (f.kind == Kind::DeleteProfile && f.interface == "ES3") return "ES3.DeleteISDP";
  return f.interface + "." + function_name(f.kind);
}

FunctionResult result_of(const FunctionCall& f) {
  FunctionResult r;
  r.function = result_function(f);
  r.call_id = f.call_id;
  r.eid = f.eid;
  r.iccid = f.iccid;
  return r;
}

SmSr::SmSr(SmSrConfig config) : config_(std::move(config)) {}
SmSr::~SmSr() = default;

void SmSr::register_eis(Eis eis, ota::OtaCardConfig isd_r, std::optional<Scp81Key> scp81) {
  const std::string eid = eis.eid;
  if (euiccs_.count(eid) != 0) throw std::invalid_argument("SmSr::register_eis: EID " + eid + " is registered already");
  eis.smsr_id = config_.id;
  for (const EisProfile& p : eis.profiles) index_msisdn(p.msisdn, eid);
  Managed m;
  m.eis = std::move(eis);
  m.counter = isd_r.counter;
  m.isd_r = std::move(isd_r);
  m.scp81 = std::move(scp81);
  euiccs_.emplace(eid, std::move(m));
  candidates_.insert(eid);
}

ota::OtaSmsLink& SmSr::link(Managed& m, const cardcore::ota::Tar& tar) {
  auto it = m.links.find(tar);
  if (it == m.links.end()) {
    ota::OtaCardConfig c = m.isd_r;
    c.tar = tar;
    c.counter = m.counter;
    it = m.links.emplace(tar, ota::OtaSmsLink(std::move(c))).first;
  }
  return it->second;
}

const Eis* SmSr::eis(std::string_view eid) const {
  const auto it = euiccs_.find(eid);
  return it == euiccs_.end() ? nullptr : &it->second.eis;
}

std::optional<Eis> SmSr::release(std::string_view eid) {
  const auto it = euiccs_.find(eid);
  if (it == euiccs_.end()) return std::nullopt;
  for (const Operation& op : it->second.queue) {
    if (!op.internal) fail(op.call, "eUICC", "Handed over");
  }
  for (const EisProfile& p : it->second.eis.profiles) msisdns_.erase(p.msisdn);
  if (const auto c = changing_.find(eid); c != changing_.end()) changing_.erase(c);
  Eis out = std::move(it->second.eis);
  euiccs_.erase(it);
  return out;
}

SmSr::Managed* SmSr::managed(std::string_view eid) {
  const auto it = euiccs_.find(eid);
  if (it == euiccs_.end()) return nullptr;
  candidates_.insert(it->first);
  return &it->second;
}

void SmSr::index_msisdn(const std::string& msisdn, const std::string& eid) {
  if (!msisdn.empty()) msisdns_[msisdn] = eid;
}

SmSr::Managed* SmSr::by_msisdn(const std::string& msisdn) {
  const auto it = msisdns_.find(msisdn);
  return it == msisdns_.end() ? nullptr : managed(it->second);
}

cardcore::ota::Counter SmSr::counter(std::string_view eid) const {
  const auto it = euiccs_.find(eid);
  return it == euiccs_.end() ? 0 : it->second.counter;
}

std::vector<std::pair<std::string, cardcore::ota::Counter>> SmSr::counters() const {
  std::vector<std::pair<std::string, cardcore::ota::Counter>> out;
  for (const auto& [eid, m] : euiccs_) out.emplace_back(eid, m.counter);
  return out;
}

void SmSr::set_counter(std::string_view eid, cardcore::ota::Counter counter) {
  const auto it = euiccs_.find(eid);
  if (it != euiccs_.end()) it->second.counter = counter;
}

std::size_t SmSr::pending(std::string_view eid) const {
  const auto it = euiccs_.find(eid);
  return it == euiccs_.end() ? 0 : it->second.queue.size();
}

void SmSr::fail(const FunctionCall& f, std::string subject, std::string reason, std::string message) {
  results_.push_back(
      failed_result(result_function(f), f.call_id, f.eid, f.iccid, std::move(subject), std::move(reason), std::move(message)));
}

void SmSr::call(const FunctionCall& f) {
  Managed* m = managed(f.eid);
  if (!m) {
    fail(f, "EID", "Unknown");
    return;
  }
  // While an SM-SR change is in flight the eUICC's ISD-R runs the change's
  // key establishment, whose context another script would break (the
  // eUICC answers '6985'): the current SM-SR takes the change's ES7 scripts
  // only (ours; SGP.02 §3.8 leaves it to the SM-SRs).
  if (changing_.count(f.eid) != 0 && f.interface != "ES7") {
    fail(f, "eUICC", "Refused", "an SM-SR change is in flight");
    return;
  }
  if (f.kind == Kind::ProfileDownloadCompleted) {
    profile_download_completed(*m, f);
    return;
  }
  if (f.kind == Kind::UpdatePolicyRules) {
    update_policy_rules(*m, f);
    return;
  }
  FunctionResult refusal;
  std::optional<Operation> op = plan(*m, f, refusal);
  if (!op) {
    fail(f, refusal.subject, refusal.reason, refusal.message);
    return;
  }
  if (op->call.kind != Kind::SendData && op->call.kind != Kind::CreateIsdp) op->tar = m->isd_r.tar;
  m->queue.push_back(std::move(*op));
}

std::vector<OutgoingSms> SmSr::take_outgoing(const cardcore::sms::Timestamp& scts) {
  // The candidates in EID order, as a scan of every eUICC would meet them.
  std::set<std::string, std::less<>> candidates;
  if (all_candidates_) {
    for (const auto& [eid, m] : euiccs_) candidates.insert(candidates.end(), eid);
  } else {
    candidates.swap(candidates_);
  }
  candidates_.clear();
  all_candidates_ = false;
  std::vector<OutgoingSms> out;
  for (const std::string& eid : candidates) {
    const auto it = euiccs_.find(eid);
    if (it == euiccs_.end()) continue;
    Managed& m = it->second;
    send_next(m, eid, scts, out);
    // Still a function waiting and nothing in flight (one dropped for want
    // of a number): the next call sends it.
    if (!m.in_flight && !m.queue.empty() && !m.https_connection) candidates_.insert(eid);
  }
  return out;
}

void SmSr::send_next(Managed& m, const std::string& eid, const cardcore::sms::Timestamp& scts,
                     std::vector<OutgoingSms>& out) {
  if (m.in_flight || m.queue.empty() || m.https_connection) return;
  const EisProfile* enabled = m.eis.enabled();
  Operation& op = m.queue.front();
  if (!enabled || enabled->msisdn.empty()) {
    // Nothing to send it to: the eUICC has no reachable subscription.
    if (!op.internal) fail(op.call, "eUICC", "No enabled profile with an MSISDN");
    m.queue.pop_front();
    return;
  }
  if (over_https(m)) {
    out.push_back(push(m, eid, enabled->msisdn, scts));
    return;
  }
  ota::OtaSmsLink& l = link(m, tar_in_flight(m));
  l.set_counter(m.counter);
  std::vector<Bytes> delivers = l.build(op.settling ? settling_audit_script() : op.script, scts);
  m.counter = l.counter();
  ++op.attempts;
  m.in_flight = true;
  out.push_back(OutgoingSms{eid, enabled->msisdn, std::move(delivers)});
}

void SmSr::on_delivery_report(std::string_view eid, ByteView report_tpdu, bool ack) {
  Managed* m = managed(eid);
  if (!m || !m->in_flight) return;
  const bool push_sent = m->https_step == Managed::HttpsStep::PushSent;
  if (!push_sent && m->https_step != Managed::HttpsStep::None) return;  // the session decides
  ota::PorResult por;
  try {
    por = link(*m, tar_in_flight(*m))
              .read_por_from_deliver_report(report_tpdu, ack ? cardcore::sms::ReportForm::Ack
                                                             : cardcore::sms::ReportForm::Error);
  } catch (const ota::OtaError&) {
    // No PoR the SM-SR can trust: as if nothing came back.
    on_delivery_failed(eid);
    return;
  }
  if (push_sent && por.ok()) {
    // The card took the push (GP Amd B §2.4): the function waits for its session.
    m->https_step = Managed::HttpsStep::AwaitSession;
    return;
  }
  complete(*m, por);
}

void SmSr::on_delivery_failed(std::string_view eid) {
  Managed* m = managed(eid);
  if (m) attempt_failed(*m, {});
}

void SmSr::attempt_failed(Managed& mm, const std::string& why) {
  Managed* m = &mm;
  if (!m->in_flight) return;
  m->in_flight = false;
  m->https_step = Managed::HttpsStep::None;
  Operation& op = m->queue.front();
  ++op.lost;
  if (op.attempts < config_.max_attempts) return;  // take_outgoing() sends it again
  FunctionResult r = result_of(op.call);
  r.status = ExecutionStatus::Expired;
  r.subject = "eUICC";
  r.reason = "No response";
  r.message = std::to_string(op.attempts) + " attempts" + (why.empty() ? std::string() : "; last: " + why);
  // The card may have run it (a PoR lost on the way back): an ISD-P made
  // so stays unsettled until an audit finds it (sm_sr_audit.cpp).
  if (op.call.kind == Kind::CreateIsdp) m->unsettled_creates.push_back(op.call);
  const bool internal = op.internal;
  m->queue.pop_front();
  if (!internal) results_.push_back(std::move(r));
}

// The PoR of the function in flight: the eUICC's answers decide it, and
// the EIS follows what the eUICC did. A SendData is the SM-DP's business:
// any script the eUICC ran is executed, and its answers go back as they are.
void SmSr::complete(Managed& m, const ota::PorResult& por) {
  m.in_flight = false;
  m.https_step = Managed::HttpsStep::None;
  if (counter_low(m, por)) return;  // sent again
  if (m.queue.front().settling && por.ok()) {
    settle(m, por);
    return;
  }
  Operation op = std::move(m.queue.front());
  m.queue.pop_front();
  FunctionResult r = result_of(op.call);
  // The last R-APDU's status word; 0: none came back.
  const std::uint16_t last = por.response ? ota::last_status_word(*por.response).value_or(0) : 0;
  const bool sent_data = op.call.kind == Kind::SendData && por.ok();
  if (!sent_data && (!por.ok() || (last != sw::kOk && (last >> 8) != 0x61))) {
    r.status = ExecutionStatus::Failed;
    r.subject = op.call.iccid.empty() ? "eUICC" : "Profile ICCID";
    r.reason = por.ok() ? "Refused" : "Security (PoR status)";
    r.message = last != 0 ? cardcore::hex_digits(last, 4) : std::string("no response data");
    if (!por.ok()) {
      // TS 102 225 §5.2: what the card's security check refused.
      r.por_status = static_cast<std::uint8_t>(por.status);
      r.message = "PoR " + cardcore::hex_digits(r.por_status, 2) + " " + std::string(cardcore::ota::describe(por.status));
    }
    if (op.lost > 0) {
      // A resend is a new packet (new counter, TS 102 225 §5.1.1) the card
      // runs again: its refusal may be of the earlier run's doing (a
      // CreateISDP whose ISD-P exists: '6A80'), whose PoR was lost. The
      // outcome is unknown, as for SGP.02's Expired: said so, and a
      // CreateISDP stays unsettled for an audit (sm_sr_audit.cpp).
      r.status = ExecutionStatus::Expired;
      r.subject = "eUICC";
      r.reason = "No response";
      r.message = std::to_string(op.lost) + " PoR(s) lost, then " + r.message;
      if (op.call.kind == Kind::CreateIsdp) m.unsettled_creates.push_back(op.call);
    }
    if (!op.internal) results_.push_back(std::move(r));
    return;
  }
  apply(m, op, por, r);
  if (!op.internal) results_.push_back(std::move(r));
}

void SmSr::apply(Managed& m, const Operation& op, const ota::PorResult& por, FunctionResult& r) {
  EisProfile* p = op.call.iccid.empty() ? nullptr : m.eis.by_iccid(op.call.iccid);
  switch (op.call.kind) {
    case Kind::EnableProfile:
      if (p) {
        const std::optional<EisProfile> before = enabled_before(m.eis);
        const std::string was = m.eis.enabled() ? m.eis.enabled()->iccid : std::string();
        m.eis.set_enabled(p->isdp_aid);
        if (!was.empty() && was != p->iccid) disabled(m, was);  // POL2's Auto-Delete
        // The owner of the profile disabled is told; the requester has its result.
        if (before && before->iccid != p->iccid) notify_profile(NotificationKind::ProfileDisabled, m.eis, *before);
        if (notify_) notify_profile(NotificationKind::ProfileEnabled, m.eis, unasked(*p, op.call));
      }
      break;
    case Kind::DisableProfile: {
      // The eUICC enabled the fall-back profile (SGP.02 §3.4).
      const std::optional<EisProfile> before = enabled_before(m.eis);
      for (EisProfile& q : m.eis.profiles) {
        if (q.fallback) m.eis.set_enabled(q.isdp_aid);
      }
      if (p) disabled(m, p->iccid);  // POL2's Auto-Delete
      if (notify_) {
        if (p) notify_profile(NotificationKind::ProfileDisabled, m.eis, unasked(*p, op.call));
        const EisProfile* now = m.eis.enabled();
        if (now && (!before || before->iccid != now->iccid)) notify_profile(NotificationKind::ProfileEnabled, m.eis, *now);
      }
      break;
    }
    case Kind::DeleteProfile:
      if (p) {
        if (notify_) notify_profile(NotificationKind::ProfileDeleted, m.eis, unasked(*p, op.call));
        msisdns_.erase(p->msisdn);
        std::erase_if(m.eis.profiles, [&](const EisProfile& q) { return q.iccid == op.call.iccid; });
      }
      break;
    case Kind::SetFallbackAttribute:
    case Kind::SetEmergencyProfileAttribute:
      for (EisProfile& q : m.eis.profiles) {
        bool& flag = op.call.kind == Kind::SetFallbackAttribute ? q.fallback : q.emergency;
        flag = q.iccid == op.call.iccid;
      }
      break;
    case Kind::AuditEis: {
      if (const auto* x = std::get_if<ota::ExpandedResponse>(&*por.response)) audit(m, *x, r);
      break;
    }
    case Kind::CreateIsdp: {
      EisProfile q;
      q.iccid = op.call.iccid;
      q.isdp_aid = op.call.sd_aid;
      q.mno_id = op.call.mno_id;
      q.smdp_id = op.call.smdp_id;
      q.state = ProfileState::Created;
      m.eis.profiles.push_back(std::move(q));
      r.data = op.call.sd_aid;
      break;
    }
    case Kind::SendData: r.data = por.additional_data; break;
    case Kind::UpdateConnectivityParameters:
    case Kind::NotificationConfirmation:
    case Kind::ProfileDownloadCompleted:
    case Kind::FinaliseIsdrHandover:
    case Kind::DeleteKeySet:
    case Kind::UpdatePolicyRules: break;  // answered in call(): no script
  }
}

std::vector<FunctionResult> SmSr::take_results() { return std::exchange(results_, {}); }

}  // namespace twinmodels::platform
