// One ES2.DownloadProfile order's ES3 calls and error management (GSMA
// SGP.02 §3.1.1 to §3.1.3, §5.3.2).
#include "twinmodels/platform/download_order.hpp"

#include <utility>

namespace twinmodels::platform {

using Kind = FunctionCall::Kind;

DownloadOrder::DownloadOrder(DownloadPlan plan) : plan_(std::move(plan)) {
  result_.function = Es8Download::kFunction;
  result_.call_id = plan_.request.call_id;
  result_.eid = plan_.request.eid;
  result_.iccid = plan_.request.iccid;
}

FunctionCall DownloadOrder::es3(Kind k) {
  FunctionCall f;
  f.kind = k;
  f.interface = "ES3";
  f.call_id = plan_.request.call_id + "/" + std::to_string(++calls_);
  f.eid = plan_.request.eid;
  waiting_ = f.call_id;
  return f;
}

std::optional<FunctionCall> DownloadOrder::next() {
  if (!waiting_.empty()) return std::nullopt;
  switch (step_) {
    case Step::CreateIsdp: {
      // SGP.02 §3.1.1, §5.4 ES3.CreateISDP: ICCID, MNO, SM-DP, required memory.
      FunctionCall f = es3(Kind::CreateIsdp);
      f.iccid = plan_.request.iccid;
      f.mno_id = plan_.request.mno_id;
      f.smdp_id = plan_.smdp_id;
      f.nonvolatile_quota = plan_.required_memory;
      return f;
    }
    case Step::AuditAfterExpiry: return es3(Kind::AuditEis);
    case Step::Download: {
      const std::optional<SendData> d = job_->next();
      if (!d) return std::nullopt;
      FunctionCall f = es3(Kind::SendData);
      f.sd_aid = d->sd_aid;
      f.script = d->script;
      return f;
    }
    case Step::Completed: {
      // SGP.02 §3.1.3: the SM-SR records the profile with its subscription address.
      FunctionCall f = es3(Kind::ProfileDownloadCompleted);
      f.iccid = plan_.request.iccid;
      f.imsi = plan_.imsi;
      f.msisdn = plan_.msisdn;
      return f;
    }
    case Step::Enable: {
      FunctionCall f = es3(Kind::EnableProfile);
      f.iccid = plan_.request.iccid;
      // The requesters (SGP.02 §3.1.1): the MNO has the order's result and
      // the SM-DP the call's, so the SM-SR notifies neither of this profile.
      f.mno_id = plan_.request.mno_id;
      f.smdp_id = plan_.smdp_id;
      return f;
    }
    case Step::DeleteIsdp: {
      // SGP.02 §3.1.3 error management: ES3.DeleteISDP of the ISD-P created.
      FunctionCall f = es3(Kind::DeleteProfile);
      f.iccid = plan_.request.iccid;
      return f;
    }
    case Step::Done: break;
  }
  return std::nullopt;
}

void DownloadOrder::on_response(const FunctionResult& r, std::optional<ProfileState> audited) {
  if (waiting_.empty() || r.call_id != waiting_) return;
  waiting_.clear();
  switch (step_) {
    case Step::CreateIsdp: on_create_isdp(r); break;
    case Step::AuditAfterExpiry: on_audit(r, audited); break;
    case Step::Download: {
      job_->on_response(send_data_response(r));
      if (!job_->finished()) break;
      if (job_->result().ok()) {
        step_ = Step::Completed;
      } else {
        failure_ = job_->result();
        step_ = Step::DeleteIsdp;
      }
      break;
    }
    case Step::Completed:
      if (r.ok()) {
        step_ = plan_.request.enable_profile ? Step::Enable : Step::Done;
        if (step_ == Step::Done) finish(Outcome::Installed);
      } else {
        step_failed("ES3.ProfileDownloadCompleted", r);
      }
      break;
    case Step::Enable:
      if (r.ok()) {
        finish(Outcome::Installed);
      } else {
        step_failed("ES3.EnableProfile", r);
        // The card may have enabled it (its PoR lost): audit before deleting.
        if (r.status == ExecutionStatus::Expired) step_ = Step::AuditAfterExpiry;
      }
      break;
    case Step::DeleteIsdp: {
      const std::string deleted =
          r.ok() ? "ISD-P deleted (ES3.DeleteISDP)"
                 : "ES3.DeleteISDP " + std::string(to_string(r.status)) + " (" + r.reason + (r.message.empty() ? "" : ", " + r.message) + ")";
      conclude(failure_.message.empty() ? deleted : failure_.message + "; " + deleted, Outcome::Withheld);
      break;
    }
    case Step::Done: break;
  }
}

Es8DownloadConfig DownloadOrder::job_config() const {
  Es8DownloadConfig c;
  c.call_id = plan_.request.call_id;
  c.eid = plan_.request.eid;
  c.isdp_aid = isdp_aid_;
  c.iccid = plan_.request.iccid;
  c.package = plan_.package;
  c.host_challenge = plan_.host_challenge;
  c.scp03t = plan_.scp03t;
  return c;
}

void DownloadOrder::on_create_isdp(const FunctionResult& r) {
  if (r.ok() && r.data.size() == 16) {
    isdp_aid_ = r.data;
    job_.emplace(job_config(), plan_.key_establishment);
    result_.data = isdp_aid_;
    step_ = Step::Download;
    return;
  }
  failure_ = r;
  failure_.subject = "ES3.CreateISDP";
  failure_.message = std::string(to_string(r.status)) + ": " + r.subject + ", " + r.reason +
                     (r.message.empty() ? "" : " (" + r.message + ")");
  if (r.status == ExecutionStatus::Expired) {
    // The PoRs were lost: the card may have made the ISD-P. SGP.02 §5.4
    // ES3.AuditEIS brings the EIS in step, then ES3.DeleteISDP.
    step_ = Step::AuditAfterExpiry;
    return;
  }
  // Refused (by the SM-SR's EIS or by the card, whose INSTALL is atomic):
  // no ISD-P exists for the ICCID.
  conclude(failure_.message, Outcome::Untouched);
}

// After an expired CreateISDP or EnableProfile (SGP.02 §5.4 ES3.AuditEIS):
// what the audited EIS holds for the ICCID decides.
void DownloadOrder::on_audit(const FunctionResult& r, std::optional<ProfileState> audited) {
  if (!r.ok()) {
    conclude(failure_.message + "; ES3.AuditEIS " + to_string(r.status) + " (" + r.reason + "): the ISD-P's state unknown",
             Outcome::Withheld);
    return;
  }
  if (!audited) {
    // The card has no ISD-P for the ICCID: the expired CreateISDP made none.
    conclude(failure_.message + "; audited: no ISD-P was created", Outcome::Untouched);
    return;
  }
  if (failure_.subject == "ES3.EnableProfile" && *audited == ProfileState::Enabled) {
    // The card enabled it; only the PoR was lost.
    finish(Outcome::Installed);
    result_.status = ExecutionStatus::Warning;
    result_.message = failure_.message + "; audited: the profile is enabled";
    return;
  }
  step_ = Step::DeleteIsdp;
}

void DownloadOrder::conclude(std::string message, Outcome o) {
  result_.status = ExecutionStatus::Failed;
  result_.subject = failure_.subject;
  result_.reason = failure_.reason;
  result_.message = std::move(message);
  result_.data.clear();
  finish(o);
}

void DownloadOrder::step_failed(std::string subject, const FunctionResult& r) {
  failure_ = r;
  failure_.subject = std::move(subject);
  failure_.message = std::string(to_string(r.status)) + ": " + r.subject + ", " + r.reason +
                     (r.message.empty() ? "" : " (" + r.message + ")");
  step_ = Step::DeleteIsdp;
}

void DownloadOrder::finish(Outcome o) {
  outcome_ = o;
  step_ = Step::Done;
  if (o == Outcome::Installed) {
    result_.status = ExecutionStatus::Success;
    result_.subject.clear();
    result_.reason.clear();
    result_.message.clear();
  }
}

}  // namespace twinmodels::platform
