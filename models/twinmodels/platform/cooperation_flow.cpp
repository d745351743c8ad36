// A cooperation plan carried out on the platform objects (the source
// document §4.1.6, §2.2; SGP.02 §3.1, §3.8, §5.3.2).
#include "twinmodels/platform/cooperation_flow.hpp"

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
}  // namespace

const char* CooperationFlow::phase() const {
  switch (phase_) {
    case Phase::SwitchRequest: return "switch-request";
    case Phase::Handover: return "handover";
    case Phase::ChipBefore: return "chip-before";
    case Phase::DownloadRequest: return "download-request";
    case Phase::Order: return "order";
    case Phase::Enable: return "enable";
    case Phase::Report: return "report";
    case Phase::ChipAfter: return "chip-after";
    case Phase::Done: return "done";
  }
  return "?";
}

bool CooperationFlow::take_smsr_result(const FunctionResult& r) {
  if (state_ != FlowState::Running || !pending_ || r.call_id != pending_->out.call.call_id) return false;
  on_result(r);
  return true;
}

void CooperationFlow::advance_all() {
  while (state_ == FlowState::Running && advance()) {
  }
}

void CooperationFlow::poll(std::int64_t now_ms) {
  now_ = now_ms;
  if (routed_) {
    for (FunctionResult& r : std::exchange(routed_->smsr, {})) {
      if (!take_smsr_result(r)) others_.push_back(std::move(r));
    }
  } else {
    for (auto& [id, sr] : platforms_.smsrs) {
      if (!sr) continue;
      for (FunctionResult& r : sr->take_results()) {
        if (!take_smsr_result(r)) others_.push_back(std::move(r));
      }
    }
  }
  advance_all();
}

bool CooperationFlow::es7_unreachable(std::int64_t now_ms) {
  if (state_ != FlowState::Running || phase_ != Phase::Handover || !pending_ || pending_->out.delivered) return false;
  now_ = now_ms;
  const Pending p = *std::exchange(pending_, std::nullopt);
  FunctionResult r = handover_->on_unreachable();
  r.call_id = p.out.call.call_id;
  record(p.caller, p.callee, std::move(r));
  while (state_ == FlowState::Running && advance()) {
  }
  return true;
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
  if (pending_) {
    // SGP.02 §5.7: the ES7 SendData reaches the current SM-SR.
    if (!pending_->out.delivered) {
      pending_->out.delivered = true;
      smsr(current_smsr_).call(pending_->out.call);
    }
    return false;
  }
  const std::optional<HandoverStep> s = handover_->next();
  if (!s) {
    if (!handover_->finished()) return false;
    handover_finished();
    return state_ == FlowState::Running;
  }
  // ES7 SendData: the new SM-SR's key establishment, carried by the current
  // SM-SR, which gets it at the next poll (es7_unreachable() until then);
  // ES5: an SM-SR's own command to the eUICC.
  const bool es7 = s->call.interface == "ES7";
  const std::string& to = s->to == HandoverSide::Current ? current_smsr_ : new_smsr_;
  pending_ = Pending{{to, s->call, !es7}, es7 ? new_smsr_ : to, es7 ? current_smsr_ : "eUICC"};
  if (!es7) smsr(to).call(s->call);
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
  const Phase next = before ? Phase::DownloadRequest : Phase::Done;
  if (!here) {
    phase_ = next;
    return true;
  }
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
    default: phase_ = next; return true;  // not a step of a flow: refused by the constructor
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
  phase_ = next;
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
  for (FunctionResult& r : routed_ ? std::exchange(routed_->smdp, {}) : dp.take_results()) {
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
  std::optional<Es3Call> c;
  if (!routed_) {
    c = dp.next();
  } else if (!routed_->es3.empty()) {
    c = std::move(routed_->es3.front());
    routed_->es3.pop_front();
  }
  if (c) {
    pending_ = Pending{{c->smsr_id, c->call, true}, smdp_, c->smsr_id};
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
  pending_ = Pending{{order_smsr_, f, true}, enable_mno_, order_smsr_};
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
