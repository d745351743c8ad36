// A cooperation plan carried out on the platform objects (the source
// document §4.1.6, §2.2; SGP.02 §3.1, §3.8, §5.3.2).
#include "twinmodels/platform/cooperation_flow.hpp"

#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

const char* to_string(FlowState s) {
  switch (s) {
    case FlowState::Running: return "running";
    case FlowState::Done: return "done";
    case FlowState::Failed: return "failed";
  }
  return "?";
}

namespace {

using Kind = FunctionCall::Kind;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument("CooperationFlow: " + what); }

// The phase a plan step belongs to: the order the runner carries them out in.
int phase_of(const std::string& function) {
  if (function == "SM-SR change request") return 0;
  if (function == "ES4.PrepareSMSRChange" || function == "ES4.SMSRChange" || function == "ES7.HandoverEUICC" ||
      function == "ES7.AuthenticateSMSR" || function == "ES7.CreateAdditionalKeySet") {
    return 1;
  }
  if (starts_with(function, "ES2.DownloadProfile")) return 2;
  if (function == "ES3.CreateISDP" || starts_with(function, "ES3.SendData") || function == "ES3.EnableProfile") return 3;
  if (function == "ES4.EnableProfile") return 4;
  return -1;
}

}  // namespace

CooperationFlow::CooperationFlow(FlowPlatforms platforms, ExportPlan plan, FlowOrder order)
    : platforms_(std::move(platforms)), plan_(std::move(plan)), order_(std::move(order)) {
  if (!platforms_.onelink) bad("no OneLink");
  const Card* card = platforms_.onelink->card(order_.card_iccid);
  if (!card) bad("OneLink lists no card '" + order_.card_iccid + "'");
  if (card->eid.empty()) bad("the card '" + order_.card_iccid + "' has no EID");
  eid_ = card->eid;
  if (order_.profile_type.empty()) bad("no profile type");
  const bool numbering = order_.chip == ChipAction::Activate || order_.chip == ChipAction::OtaWrite;
  if (order_.chip && !numbering && order_.chip != ChipAction::Deactivate) {
    bad(std::string("chip action '") + to_string(*order_.chip) + "' is not a step of a flow");
  }
  if (order_.chip && !platforms_.chips) bad("a chip action without the chip management platform");
  if (numbering && order_.pool.empty()) bad(std::string("chip action '") + to_string(*order_.chip) + "' without a number pool");
  if (order_.iccid.empty() && !numbering) {
    bad("no ICCID, and no chip step to give the chip a number");
  }
  check_plan();
  iccid_ = order_.iccid;
  // SGP.02 §2.1: the SM-DP reaches the SM-SR over ES3.
  platforms_.smdps.at(smdp_)->connect(smsr(order_smsr_));
  phase_ = new_smsr_.empty() ? Phase::ChipBefore : Phase::SwitchRequest;
}

void CooperationFlow::check_plan() {
  int last = -1;
  bool create = false, send = false;
  for (const ExportStep& s : plan_.steps) {
    const int p = phase_of(s.function);
    if (p < 0) bad("unknown step '" + s.function + "' (" + s.caller + " -> " + s.callee + ")");
    if (p < last) bad("step '" + s.function + "' out of order");
    last = p;
    if (s.function == "ES4.PrepareSMSRChange") {
      change_mno_ = s.caller;
      new_smsr_ = s.callee;
    } else if (s.function == "ES4.SMSRChange") {
      current_smsr_ = s.callee;
    } else if (p == 2) {
      order_mno_ = s.caller;
      smdp_ = s.callee;
    } else if (p == 3) {
      if (order_mno_.empty()) bad("'" + s.function + "' before ES2.DownloadProfile");
      if (s.caller != smdp_) bad("'" + s.function + "' from '" + s.caller + "', not the ordered SM-DP '" + smdp_ + "'");
      if (!order_smsr_.empty() && s.callee != order_smsr_) bad("ES3 steps to two SM-SRs");
      order_smsr_ = s.callee;
      create = create || s.function == "ES3.CreateISDP";
      send = send || starts_with(s.function, "ES3.SendData");
      enable_by_es3_ = enable_by_es3_ || s.function == "ES3.EnableProfile";
    } else if (p == 4) {
      if (!order_smsr_.empty() && s.callee != order_smsr_) bad("ES4.EnableProfile to '" + s.callee + "', not the SM-SR of the download");
      enable_mno_ = s.caller;
    }
  }
  if (smdp_.empty()) bad("no ES2.DownloadProfile step");
  if (!create || !send) bad("no ES3.CreateISDP and ES3.SendData after ES2.DownloadProfile");
  if (new_smsr_.empty() != current_smsr_.empty()) bad("an SM-SR change needs ES4.PrepareSMSRChange and ES4.SMSRChange");
  if (!new_smsr_.empty()) {
    if (!order_.new_smsr) bad("an SM-SR change without the new SM-SR's keys");
    if (order_smsr_ != new_smsr_) bad("the download goes to '" + order_smsr_ + "', not the new SM-SR '" + new_smsr_ + "'");
    smsr(current_smsr_);
    smsr(new_smsr_);
  }
  if (!platforms_.smdps.contains(smdp_)) bad("no SM-DP '" + smdp_ + "'");
}

SmSr& CooperationFlow::smsr(const std::string& id) {
  const auto it = platforms_.smsrs.find(id);
  if (it == platforms_.smsrs.end() || !it->second) bad("no SM-SR '" + id + "'");
  return *it->second;
}

void CooperationFlow::poll(std::int64_t now_ms) {
  now_ = now_ms;
  for (auto& [id, sr] : platforms_.smsrs) {
    if (!sr) continue;
    for (FunctionResult& r : sr->take_results()) {
      if (state_ == FlowState::Running && pending_ && r.call_id == pending_->call_id) {
        on_result(r);
      } else {
        others_.push_back(std::move(r));
      }
    }
  }
  while (state_ == FlowState::Running && advance()) {
  }
}

std::vector<FunctionResult> CooperationFlow::take_other_results() { return std::exchange(others_, {}); }

void CooperationFlow::record(std::string caller, std::string callee, FunctionResult r) {
  trace_.push_back({now_, std::move(caller), std::move(callee), std::move(r)});
}

// OneLink takes a platform's answer to its request `request_id` (its
// function and status as the platform gave them); the trace line is
// OneLink's request.
void CooperationFlow::report(const std::string& request_id, ForeignRequestKind kind, const std::string& platform,
                             FunctionResult r) {
  r.call_id = request_id;
  platforms_.onelink->on_result(r, now_);
  r.function = function_name(kind);
  record("OneLink", platform, std::move(r));
}

void CooperationFlow::fail(std::string step, const FunctionResult& r) {
  state_ = FlowState::Failed;
  failed_step_ = std::move(step);
  failure_ = r;
  pending_.reset();
  // OneLink's request still open takes the failure.
  const auto open = [&](const std::string& id) {
    const ForeignRequest* q = id.empty() ? nullptr : platforms_.onelink->request(id);
    return q && q->status == ForeignRequestStatus::Sent;
  };
  if (open(download_id_)) {
    report(download_id_, ForeignRequestKind::ProfileDownload, smdp_, r);
  } else if (open(switch_id_)) {
    report(switch_id_, ForeignRequestKind::SmSrSwitch, new_smsr_, r);
  }
}

bool CooperationFlow::advance() {
  switch (phase_) {
    case Phase::SwitchRequest: {
      const ForeignRequest q = platforms_.onelink->request_smsr_switch(order_.card_iccid, new_smsr_, now_);
      switch_id_ = q.id;
      if (q.status == ForeignRequestStatus::Failed) {
        record("OneLink", new_smsr_, *q.result);
        fail(function_name(ForeignRequestKind::SmSrSwitch), *q.result);
        return false;
      }
      phase_ = Phase::Handover;
      return true;
    }
    case Phase::Handover: return run_handover();
    case Phase::ChipBefore:
    case Phase::ChipAfter: return chip_step();
    case Phase::DownloadRequest: return request_download();
    case Phase::Order: return run_order();
    case Phase::Enable: return run_enable();
    case Phase::Report:
      report(download_id_, ForeignRequestKind::ProfileDownload, smdp_, *es2_result_);
      phase_ = Phase::ChipAfter;
      return true;
    case Phase::Done: state_ = FlowState::Done; return false;
  }
  return false;
}

bool CooperationFlow::run_handover() {
  if (!handover_) {
    const NewSmSrKeys& k = *order_.new_smsr;
    handover_.emplace(smsr(current_smsr_), smsr(new_smsr_),
                      SmSrHandoverConfig{change_mno_, eid_, switch_id_ + "-prepare", switch_id_, k.certificate,
                                         k.signing_key, k.ephemeral_key, k.key_version, k.link});
    const bool started = handover_->start();
    record(change_mno_, new_smsr_, handover_->prepare_result());
    if (started) {
      // SGP.02 §5.7: the current SM-SR gave the EIS, the new one took it.
      FunctionResult h;
      h.function = "ES7.HandoverEUICC";
      h.call_id = switch_id_;
      h.eid = eid_;
      record(current_smsr_, new_smsr_, std::move(h));
    }
  }
  if (handover_->finished()) {
    handover_finished();
    return state_ == FlowState::Running;
  }
  if (pending_) return false;
  const std::optional<HandoverStep> s = handover_->next();
  if (!s) {
    if (!handover_->finished()) return false;
    handover_finished();
    return state_ == FlowState::Running;
  }
  // ES7 SendData: the new SM-SR's key establishment, carried by the current
  // SM-SR; ES5: an SM-SR's own command to the eUICC.
  const bool to_current = s->to == HandoverSide::Current;
  const std::string caller = s->call.interface == "ES7" ? new_smsr_ : to_current ? current_smsr_ : new_smsr_;
  const std::string callee = s->call.interface == "ES7" ? current_smsr_ : "eUICC";
  pending_ = Pending{s->call.call_id, caller, callee};
  smsr(to_current ? current_smsr_ : new_smsr_).call(s->call);
  return false;
}

void CooperationFlow::handover_finished() {
  const FunctionResult& r = handover_->result();
  if (handover_->prepare_result().ok()) record(change_mno_, current_smsr_, r);
  report(switch_id_, ForeignRequestKind::SmSrSwitch, new_smsr_, r);
  if (!r.ok()) {
    state_ = FlowState::Failed;
    failed_step_ = handover_->prepare_result().ok() ? "ES4.SMSRChange" : "ES4.PrepareSMSRChange";
    failure_ = handover_->prepare_result().ok() ? r : handover_->prepare_result();
    return;
  }
  phase_ = Phase::ChipBefore;
}

bool CooperationFlow::chip_step() {
  const bool before = phase_ == Phase::ChipBefore;
  const std::optional<ChipAction> a = order_.chip;
  const bool here = before ? (a == ChipAction::Activate || a == ChipAction::OtaWrite) : a == ChipAction::Deactivate;
  phase_ = before ? Phase::DownloadRequest : Phase::Done;
  if (!here) return true;
  ChipRegistry& chips = *platforms_.chips;
  const std::uint64_t at = now_ < 0 ? 0 : static_cast<std::uint64_t>(now_);
  Status s;
  std::string function;
  switch (*a) {
    case ChipAction::Activate:
      s = chips.activate(eid_, order_.chip_operator, order_.pool, at);
      function = "ChipManagement.Activate";
      break;
    case ChipAction::OtaWrite:
      s = chips.ota_write(eid_, order_.chip_operator, order_.pool,
                          "profile download (" + std::string(to_string(plan_.mode)) + ")", at);
      function = "ChipManagement.OtaWrite";
      break;
    case ChipAction::Deactivate:
      s = chips.deactivate(eid_, order_.chip_operator, at);
      function = "ChipManagement.Deactivate";
      break;
    default: return true;  // not a step of a flow: refused by the constructor
  }
  FunctionResult r;
  r.function = function;
  r.call_id = download_id_.empty() ? switch_id_ : download_id_;
  r.eid = eid_;
  const Chip* chip = chips.chip(eid_);
  if (!s.ok()) {
    r.status = ExecutionStatus::Failed;
    r.subject = "Chip";
    r.reason = "Refused";
    r.message = s.refusal;
  } else if (chip) {
    r.message = "IMSI " + chip->imsi() + " MSISDN " + chip->msisdn();
  }
  record(order_.chip_operator.id, "chip management", r);
  if (!s.ok()) {
    fail(function, r);
    return false;
  }
  if (before && iccid_.empty() && chip) {
    // The subscription of the number the chip got, from the SM-DP's stock;
    // none: the order goes without an ICCID and the SM-DP refuses it.
    if (const StockEntry* e = platforms_.smdps.at(smdp_)->stock().find_by_imsi(chip->imsi())) iccid_ = e->values.iccid;
  }
  return true;
}

bool CooperationFlow::request_download() {
  Subscription profile{iccid_, {}, {}};
  if (const StockEntry* e = platforms_.smdps.at(smdp_)->stock().find(iccid_)) {
    profile.imsi = e->values.imsi;
    profile.msisdn = e->msisdn;
  } else if ((order_.chip == ChipAction::Activate || order_.chip == ChipAction::OtaWrite) && platforms_.chips->chip(eid_)) {
    // The number the chip step gave, which the SM-DP's stock does not have.
    profile.imsi = platforms_.chips->chip(eid_)->imsi();
  }
  const ForeignRequest q = platforms_.onelink->request_profile_download(order_.card_iccid, smdp_, profile, now_);
  download_id_ = q.id;
  if (q.status == ForeignRequestStatus::Failed) {
    record("OneLink", smdp_, *q.result);
    fail(function_name(ForeignRequestKind::ProfileDownload), *q.result);
    return false;
  }
  phase_ = Phase::Order;
  return true;
}

bool CooperationFlow::run_order() {
  SmDp& dp = *platforms_.smdps.at(smdp_);
  if (!ordered_) {
    ordered_ = true;
    // SGP.02 §5.3.2 ES2.DownloadProfile; the call identifier is OneLink's request's.
    dp.download_profile({download_id_, order_mno_, eid_, iccid_, order_.profile_type, order_smsr_, enable_by_es3_});
  }
  for (FunctionResult& r : dp.take_results()) {
    if (r.call_id != download_id_) {
      others_.push_back(std::move(r));
      continue;
    }
    record(order_mno_, smdp_, r);
    if (!r.ok()) {
      fail("ES2.DownloadProfile", r);
      return false;
    }
    es2_result_ = r;
    phase_ = enable_mno_.empty() ? Phase::Report : Phase::Enable;
    return true;
  }
  if (pending_) return false;
  if (std::optional<Es3Call> c = dp.next()) {
    pending_ = Pending{c->call.call_id, smdp_, c->smsr_id};
    smsr(c->smsr_id).call(c->call);
  }
  return false;
}

bool CooperationFlow::run_enable() {
  if (pending_) return false;
  // SGP.02 §3.2 ES4.EnableProfile by the profile's operator.
  FunctionCall f;
  f.kind = Kind::EnableProfile;
  f.interface = "ES4";
  f.call_id = download_id_ + "-enable";
  f.eid = eid_;
  f.iccid = iccid_;
  pending_ = Pending{f.call_id, enable_mno_, order_smsr_};
  smsr(order_smsr_).call(f);
  return false;
}

void CooperationFlow::on_result(const FunctionResult& r) {
  const Pending p = *pending_;
  pending_.reset();
  record(p.caller, p.callee, r);
  switch (phase_) {
    case Phase::Handover: handover_->on_result(r); break;
    case Phase::Order: platforms_.smdps.at(smdp_)->on_response(r); break;
    case Phase::Enable:
      if (r.ok()) {
        phase_ = Phase::Report;
      } else {
        fail("ES4.EnableProfile", r);
      }
      break;
    default: break;
  }
}

}  // namespace twinmodels::platform
