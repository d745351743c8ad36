// RelayOrder::save_state() / parse_state(): an ES2 function relayed as an
// ES3 call, in progress, in an SM-DP checkpoint (sm_dp_state.cpp has the
// whole layout), little-endian (state/state_bytes.hpp):
//
//   function u8 (EnableProfile 0, DisableProfile 1, DeleteProfile 2,
//     AuditEIS 3, UpdatePolicyRules 4)
//   request: call_id, mno_id, eid, smsr_id, iccid, POL2 rules u32 x
//     (action u8, qualification u8)
//   called u8, the call waiting (its call id; empty: none)
//   result: optional (u8 0/1) and the result (function, call_id, eid,
//     iccid, status u8, subject, reason, message, data)
#include <string>

#include "twinmodels/platform/es2_relay.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {
using namespace state_fields;
}  // namespace

void RelayOrder::save_state(cardcore::Bytes& out) const {
  state::put_u8(out, static_cast<std::uint8_t>(function_));
  for (const std::string* s : {&request_.call_id, &request_.mno_id, &request_.eid, &request_.smsr_id, &request_.iccid})
    state::put_text(out, *s);
  put_pol2(out, request_.pol2);
  state::put_u8(out, called_ ? 1 : 0);
  state::put_text(out, waiting_);
  state::put_u8(out, result_ ? 1 : 0);
  if (result_) put_result(out, *result_);
}

RelayOrder RelayOrder::parse_state(state::Reader& r) {
  const std::uint8_t f = r.u8("relayed function");
  if (f > static_cast<std::uint8_t>(Es2Relay::UpdatePolicyRules)) r.fail("relayed function " + std::to_string(f) + " unknown");
  Es2Request q;
  q.call_id = read_text(r, "relay call_id");
  q.mno_id = read_text(r, "relay mno_id");
  q.eid = read_text(r, "relay eid");
  q.smsr_id = read_text(r, "relay smsr_id");
  q.iccid = read_text(r, "relay iccid");
  q.pol2 = read_pol2(r, "relay " + q.call_id);
  if (!q.pol2.empty() && f != static_cast<std::uint8_t>(Es2Relay::UpdatePolicyRules))
    r.fail("relay " + q.call_id + ": a POL2 in " + es2_function(static_cast<Es2Relay>(f)));
  if (q.call_id.empty()) r.fail("relay without a call id");
  RelayOrder o(static_cast<Es2Relay>(f), std::move(q));
  o.called_ = r.flag("relay called");
  o.waiting_ = read_text(r, "relay call waiting");
  if (r.flag("relay result")) o.result_ = read_result(r);
  if (!o.waiting_.empty() && (!o.called_ || o.waiting_ != o.request_.call_id + "/ES3"))
    r.fail("relay " + o.request_.call_id + ": waiting for call " + o.waiting_ + ", which it did not make");
  if (o.result_ && !o.waiting_.empty()) r.fail("relay " + o.request_.call_id + ": a result and a call waiting");
  if (o.called_ && o.waiting_.empty() && !o.result_) r.fail("relay " + o.request_.call_id + ": called, neither waiting nor answered");
  return o;
}

}  // namespace twinmodels::platform
