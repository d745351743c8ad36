// The SM-DP's other ES2 functions on the MNO's behalf (GSMA SGP.02 §3.3,
// §3.5, §3.7, §5.3): ES2.GetEIS answered from ES3.GetEIS, the profile
// functions and ES2.AuditEIS relayed as one ES3 call each (es2_relay.hpp),
// and the SM-SR's ES3 notifications passed on to the MNOs over ES2.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "twinmodels/platform/sm_dp.hpp"

namespace twinmodels::platform {

namespace {

bool eid_digits(std::string_view s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<SmDp::Refusal> SmDp::check(const Es2Request& q, bool profile, const Eis*& eis) const {
  if (q.call_id.empty()) return Refusal{"Function call identifier", "Missing", {}};
  if (order_ids_.count(q.call_id)) return Refusal{"Function call identifier", "Already in use", q.call_id};
  if (!eid_digits(q.eid)) return Refusal{"EID", "Invalid", "not 32 digits"};  // SGP.02 §2.2.2
  const auto smsr = smsrs_.find(q.smsr_id);
  if (smsr == smsrs_.end()) return Refusal{"SM-SR", "Unknown", q.smsr_id};
  if (profile && q.iccid.empty()) return Refusal{"Profile ICCID", "Missing", {}};
  // ES3.GetEIS (SGP.02 §5.4.1): the SM-SR answers from its EIS.
  eis = smsr->second->eis(q.eid);
  if (!eis) return Refusal{"EID", "Unknown", "not managed by " + q.smsr_id};
  if (!profile) return std::nullopt;
  const EisProfile* p = eis->by_iccid(q.iccid);
  if (!p) return Refusal{"Profile ICCID", "Unknown", "not on eUICC " + q.eid};
  // SGP.02 §3.3, §3.5, §3.7: the SM-DP acts for the profile's owner only.
  if (p->mno_id != q.mno_id) return Refusal{"Profile ICCID", "Not allowed", "owned by " + p->mno_id};
  return std::nullopt;
}

void SmDp::relay(Es2Relay f, const Es2Request& q) {
  const Eis* eis = nullptr;
  if (std::optional<Refusal> r = check(q, f != Es2Relay::AuditEis, eis)) {
    results_.push_back(failed_result(es2_function(f), q.call_id, q.eid, q.iccid, std::move(r->subject),
                                     std::move(r->reason), std::move(r->message)));
    return;
  }
  if (f == Es2Relay::UpdatePolicyRules) {
    if (const auto error = pol2_error(q.pol2)) {
      results_.push_back(failed_result(es2_function(f), q.call_id, q.eid, q.iccid, "POL2", "Invalid", *error));
      return;
    }
  }
  Es2Request request = q;
  if (f == Es2Relay::AuditEis) request.iccid.clear();
  if (f != Es2Relay::UpdatePolicyRules) request.pol2.clear();
  add_relay(RelayOrder(f, std::move(request)));
}

void SmDp::enable_profile(const Es2Request& q) { relay(Es2Relay::EnableProfile, q); }
void SmDp::disable_profile(const Es2Request& q) { relay(Es2Relay::DisableProfile, q); }
void SmDp::delete_profile(const Es2Request& q) { relay(Es2Relay::DeleteProfile, q); }
void SmDp::audit_eis(const Es2Request& q) { relay(Es2Relay::AuditEis, q); }
void SmDp::update_policy_rules(const Es2Request& q) { relay(Es2Relay::UpdatePolicyRules, q); }

void SmDp::relay_answered(std::uint64_t seq, const FunctionResult& r) {
  RelayOrder& o = relays_.at(seq);
  if (o.waiting_call() != r.call_id) return;
  o.on_response(r);
  if (!o.finished()) return;
  const Es2Request q = o.request();
  if (o.function() == Es2Relay::AuditEis && o.result().ok()) {
    // ES3.AuditEIS brought the SM-SR's EIS in step with the card: the MNO
    // gets it with its own profiles (SGP.02 §5.3.12).
    if (const Eis* eis = smsrs_.at(q.smsr_id)->eis(q.eid)) audited_.push_back({q.call_id, eis_for_mno(*eis, q.mno_id)});
  }
  results_.push_back(o.result());
  close(seq, q.eid, q.call_id);
  relays_.erase(seq);
}

SmDp::EisAnswer SmDp::get_eis(const Es2Request& q) const {
  EisAnswer a;
  const Eis* eis = nullptr;
  if (std::optional<Refusal> r = check(q, false, eis)) {
    a.result = failed_result("ES2.GetEIS", q.call_id, q.eid, {}, std::move(r->subject), std::move(r->reason),
                             std::move(r->message));
    return a;
  }
  a.result.function = "ES2.GetEIS";
  a.result.call_id = q.call_id;
  a.result.eid = q.eid;
  a.eis = eis_for_mno(*eis, q.mno_id);
  a.result.eis = a.eis;  // the function's output (SGP.02 §5.3.1)
  return a;
}

std::vector<PlatformNotification> SmDp::on_notification(const PlatformNotification& n) const {
  const std::string where = "SmDp::on_notification: " + notification_name(n) + ": ";
  if (n.interface != "ES3") throw std::invalid_argument(where + "not an ES3 notification");
  if (n.to != config_.id) throw std::invalid_argument(where + "addressed to '" + n.to + "', this is " + config_.id);
  if (smsrs_.count(n.from) == 0) throw std::invalid_argument(where + "from SM-SR '" + n.from + "', which is not connected");
  if (!eid_digits(n.eid)) throw std::invalid_argument(where + "EID '" + n.eid + "' is not 32 digits");
  std::vector<PlatformNotification> out;
  if (n.kind == NotificationKind::SmsrChange) {
    // SGP.02 §3.8, §5.3.10: every MNO with a profile of this SM-DP on the
    // eUICC learns its new SM-SR, with its own profiles.
    if (!n.eis || n.eis->eid != n.eid) throw std::invalid_argument(where + "no EIS of eUICC " + n.eid);
    std::set<std::string, std::less<>> mnos;
    for (const EisProfile& p : n.eis->profiles) {
      if (p.smdp_id == config_.id) mnos.insert(p.mno_id);
    }
    if (mnos.empty()) throw std::invalid_argument(where + "no profile of " + config_.id + " in the EIS of " + n.eid);
    for (const std::string& mno : mnos)
      out.push_back({"ES2", n.kind, config_.id, mno, n.eid, {}, eis_for_mno(*n.eis, mno), {}, n.completion_ms});
    return out;
  }
  // SGP.02 §5.3.8, §5.3.9, §5.3.11: the profile's owner learns its state.
  const StockEntry* s = stock_.find(n.iccid);
  if (!s || s->state != StockState::Installed || s->eid != n.eid)
    throw std::invalid_argument(where + "ICCID '" + n.iccid + "' is not a profile " + config_.id + " installed on " + n.eid);
  out.push_back({"ES2", n.kind, config_.id, store_.find(s->profile_type)->owner, n.eid, n.iccid, std::nullopt, {}, n.completion_ms});
  return out;
}

}  // namespace twinmodels::platform
