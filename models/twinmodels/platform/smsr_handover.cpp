#include "twinmodels/platform/smsr_handover.hpp"

#include <stdexcept>
#include <utility>

namespace twinmodels::platform {

namespace {
using Kind = FunctionCall::Kind;
}  // namespace

const char* to_string(KeySetCleanup c) {
  switch (c) {
    case KeySetCleanup::NotNeeded: return "not needed";
    case KeySetCleanup::Removed: return "removed";
    case KeySetCleanup::Absent: return "absent";
    case KeySetCleanup::Unknown: return "unknown";
  }
  return "?";
}

SmSrHandover::SmSrHandover(SmSr& current, SmSr& next, SmSrHandoverConfig config)
    : current_(current), next_(next), config_(std::move(config)) {
  result_.function = "ES4.SMSRChange";
  result_.call_id = config_.change_call_id;
  result_.eid = config_.eid;
}

bool SmSrHandover::start() {
  if (step_ != Step::Idle) return step_ != Step::Done;
  // SGP.02 §3.8: the MNO asks the new SM-SR first, then the current one.
  prepare_result_ = next_.prepare_smsr_change({config_.prepare_call_id, config_.mno_id, config_.eid, current_.id()});
  if (!prepare_result_.ok()) {
    result_ = prepare_result_;
    result_.function = "ES4.SMSRChange";
    result_.call_id = config_.change_call_id;
    result_.message = "ES4.PrepareSMSRChange: " + describe(prepare_result_);
    step_ = Step::Done;
    return false;
  }
  if (std::optional<FunctionResult> refused =
          current_.smsr_change({config_.change_call_id, config_.mno_id, config_.eid, next_.id()})) {
    next_.drop_preparation(config_.eid);
    result_ = *refused;
    step_ = Step::Done;
    return false;
  }
  // SGP.02 §5.7: ES7.HandoverEUICC — the EIS as the current SM-SR holds it;
  // it keeps managing the eUICC until the new key set is there.
  eis_ = *current_.eis(config_.eid);
  old_key_version_ = current_.key_version(config_.eid).value_or(0);
  old_psk_version_ = eis_->isd_r_psk_version;
  if (std::optional<FunctionResult> refused = next_.accept_handover(*eis_, current_.id())) {
    fail(ExecutionStatus::Failed, refused->subject, refused->reason, "ES7.HandoverEUICC: " + refused->message);
    finish_failed();
    return false;
  }
  try {
    change_.emplace(change_config());
  } catch (const std::invalid_argument& e) {
    fail(ExecutionStatus::Failed, "eUICC", "Refused", e.what());
    finish_failed();
    return false;
  }
  step_ = Step::KeyEstablishment;
  return true;
}

SmSrChangeConfig SmSrHandover::change_config() const {
  return SmSrChangeConfig{config_.change_call_id, *eis_, config_.certificate, config_.signing_key,
                          config_.ephemeral_key, config_.key_version, config_.link, config_.psk_version,
                          config_.psk_key_id, config_.psk_ephemeral_key};
}

std::optional<HandoverStep> SmSrHandover::next() {
  if (waiting_ || step_ == Step::Idle || step_ == Step::Done) return std::nullopt;
  HandoverStep s;
  s.call.eid = config_.eid;
  s.call.call_id = config_.change_call_id + "/" + std::to_string(++calls_);
  switch (step_) {
    case Step::KeyEstablishment: {
      // ES7.AuthenticateSMSR, ES7.CreateAdditionalKeySet: SendData the
      // current SM-SR carries to the ISD-R.
      const std::optional<SendData> d = change_->next();
      if (!d) {
        // The change could not make its next command (the card's challenge
        // did not fit the key agreement).
        if (change_->finished() && !change_->result().ok()) {
          fail(ExecutionStatus::Failed, change_->result().subject, change_->result().reason, change_->result().message);
          finish_failed();
        }
        return std::nullopt;
      }
      // The second one carries CreateAdditionalKeySet ('3A02').
      if (++key_establishment_calls_ == 2) key_set_script_sent_ = true;
      s.to = HandoverSide::Current;
      s.call.kind = Kind::SendData;
      s.call.interface = "ES7";
      s.call.sd_aid = d->sd_aid;
      s.call.script = d->script;
      break;
    }
    case Step::Finalise:
      s.to = HandoverSide::New;
      s.call.kind = Kind::FinaliseIsdrHandover;
      s.call.interface = "ES5";
      s.call.key_version = old_key_version_;
      // The old SM-SR's PSK goes too once the new one has its own (the
      // eUICC keeps its last PSK).
      if (change_->psk() && old_psk_version_) s.call.psk_version = *old_psk_version_;
      break;
    case Step::Connectivity:
      s.to = HandoverSide::New;
      s.call.kind = Kind::UpdateConnectivityParameters;
      s.call.interface = "ES5";
      break;
    case Step::CleanUp:
      s.to = HandoverSide::Current;
      s.call.kind = Kind::DeleteKeySet;
      s.call.interface = "ES5";
      s.call.key_version = config_.key_version;
      break;
    case Step::Idle:
    case Step::Done: return std::nullopt;
  }
  waiting_ = true;
  return s;
}

FunctionResult SmSrHandover::on_unreachable() {
  if (!waiting_) return {};
  FunctionResult r;
  r.function = "ES7.SendData";
  r.call_id = config_.change_call_id;
  r.eid = config_.eid;
  r.status = ExecutionStatus::Expired;
  r.subject = "SM-SR";
  r.reason = "No response";
  r.message = current_.id() + " unreachable over ES7";
  if (step_ == Step::KeyEstablishment) {
    // The script never reached the current SM-SR: nothing went to the eUICC.
    waiting_ = false;
    key_set_script_sent_ = false;
    fail(r.status, r.subject, r.reason, r.message);
    finish_failed();
    return r;
  }
  on_result(r);
  return r;
}

void SmSrHandover::on_result(const FunctionResult& r) {
  if (!waiting_) return;
  waiting_ = false;
  switch (step_) {
    case Step::KeyEstablishment: key_establishment_result(r); return;
    case Step::Finalise:
      if (!r.ok()) warnings_ += "FinaliseISDRhandover: " + describe(r) + "; ";
      step_ = Step::Connectivity;
      return;
    case Step::Connectivity:
      if (!r.ok()) warnings_ += "UpdateConnectivityParameters: " + describe(r) + "; ";
      if (!warnings_.empty()) {
        result_.status = ExecutionStatus::Warning;
        result_.message = warnings_;
      }
      step_ = Step::Done;
      // SGP.02 §3.8: the new SM-SR tells the profiles' MNOs and SM-DPs.
      next_.smsr_change_completed(config_.eid);
      return;
    case Step::CleanUp:
      // DELETE [key]: '90 00' removed it; '6A88' referenced data not found.
      if (r.ok()) cleanup_ = KeySetCleanup::Removed;
      else if (r.message == "6A88") cleanup_ = KeySetCleanup::Absent;
      else cleanup_ = KeySetCleanup::Unknown;
      result_.message += std::string("; the new key set: ") + to_string(cleanup_);
      step_ = Step::Done;
      return;
    case Step::Idle:
    case Step::Done: return;
  }
}

void SmSrHandover::key_establishment_result(const FunctionResult& r) {
  change_->on_response(send_data_response(r));
  if (!change_->finished()) return;
  const FunctionResult& k = change_->result();
  if (!k.ok() || !change_->isd_r()) {
    // Expired when the SM-SR's SMS got no PoR in its attempts; otherwise
    // the eUICC's or the receipt's refusal.
    if (r.status == ExecutionStatus::Expired) fail(ExecutionStatus::Expired, r.subject, r.reason, describe(r));
    else fail(ExecutionStatus::Failed, k.subject, k.reason, k.message);
    finish_failed();
    return;
  }
  handed_over();
}

// SGP.02 §3.8: the new key set is there — the new SM-SR registers the
// eUICC under it, the current one lets it go, the new one finalises.
void SmSrHandover::handed_over() {
  std::optional<Eis> eis = current_.end_smsr_change(config_.eid, true);
  next_.drop_preparation(config_.eid);
  Eis handed = eis ? std::move(*eis) : *eis_;
  // SGP.02 §5.1.1.2: the ISD-R's SCP81 key is now the new SM-SR's, or none
  // it can use.
  handed.isd_r_psk_version.reset();
  if (change_->psk()) handed.isd_r_psk_version = change_->psk()->key_version;
  next_.register_eis(std::move(handed), *change_->isd_r(), change_->psk());
  step_ = Step::Finalise;
}

void SmSrHandover::fail(ExecutionStatus status, std::string subject, std::string reason, std::string message) {
  result_.status = status;
  result_.subject = std::move(subject);
  result_.reason = std::move(reason);
  result_.message = std::move(message);
}

// The eUICC stays with the current SM-SR; a key set script that went out
// is undone first.
void SmSrHandover::finish_failed() {
  current_.end_smsr_change(config_.eid, false);
  next_.drop_preparation(config_.eid);
  step_ = key_set_script_sent_ ? Step::CleanUp : Step::Done;
  if (!key_set_script_sent_) result_.message += std::string("; the new key set: ") + to_string(cleanup_);
}

}  // namespace twinmodels::platform
