// The SM-DP's relay of an ES2 function as one ES3 call (es2_relay.hpp;
// GSMA SGP.02 §3.3, §3.5, §3.7).
#include "twinmodels/platform/es2_relay.hpp"

#include <utility>

namespace twinmodels::platform {

namespace {
using Kind = FunctionCall::Kind;
}  // namespace

const char* es2_function(Es2Relay f) {
  switch (f) {
    case Es2Relay::EnableProfile: return "ES2.EnableProfile";
    case Es2Relay::DisableProfile: return "ES2.DisableProfile";
    case Es2Relay::DeleteProfile: return "ES2.DeleteProfile";
    case Es2Relay::AuditEis: return "ES2.AuditEIS";
    case Es2Relay::UpdatePolicyRules: return "ES2.UpdatePolicyRules";
  }
  return "?";
}

Kind es3_kind(Es2Relay f) {
  switch (f) {
    case Es2Relay::EnableProfile: return Kind::EnableProfile;
    case Es2Relay::DisableProfile: return Kind::DisableProfile;
    case Es2Relay::DeleteProfile: return Kind::DeleteProfile;  // ES3.DeleteISDP (result_function())
    case Es2Relay::AuditEis: return Kind::AuditEis;
    case Es2Relay::UpdatePolicyRules: return Kind::UpdatePolicyRules;
  }
  return Kind::AuditEis;
}

RelayOrder::RelayOrder(Es2Relay function, Es2Request request) : function_(function), request_(std::move(request)) {}

std::optional<FunctionCall> RelayOrder::next() {
  if (called_) return std::nullopt;
  called_ = true;
  FunctionCall f;
  f.kind = es3_kind(function_);
  f.interface = "ES3";
  f.call_id = request_.call_id + "/ES3";
  f.eid = request_.eid;
  f.iccid = request_.iccid;
  f.mno_id = request_.mno_id;  // on whose behalf: the SM-SR does not notify it of its own change
  f.pol2 = request_.pol2;
  waiting_ = f.call_id;
  return f;
}

void RelayOrder::on_response(const FunctionResult& r) {
  if (waiting_.empty() || r.call_id != waiting_) return;
  waiting_.clear();
  FunctionResult out = r;
  out.function = es2_function(function_);
  out.call_id = request_.call_id;
  out.eid = request_.eid;
  out.iccid = request_.iccid;
  out.message = r.function + (r.message.empty() ? std::string() : ": " + r.message);
  result_ = std::move(out);
}

}  // namespace twinmodels::platform
