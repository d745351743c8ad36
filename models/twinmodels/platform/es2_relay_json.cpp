// The ES2 relays' request bodies in JSON (es2_relay_json.hpp; SGP.02
// §5.3.5-§5.3.7, §5.3.12): the element names of SGP.02's SOAP binding,
// as the other requests (function_request_json.cpp) write them.
#include "twinmodels/platform/es2_relay_json.hpp"

#include <array>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/json_fields.hpp"
#include "twinmodels/platform/pol2.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace f = json_fields;

constexpr std::array kRelays = {Es2Relay::EnableProfile, Es2Relay::DisableProfile, Es2Relay::DeleteProfile,
                                Es2Relay::AuditEis, Es2Relay::UpdatePolicyRules};

// The checks of an ES2 relay's input, before encoding and after decoding.
void check(const Es2RelayRequest& r) {
  const Es2Request& q = r.request;
  f::check_eid(q.eid, "Body.Eid");
  if (q.smsr_id.empty()) f::refuse("Body.SmSr-id", "missing");
  if (r.function == Es2Relay::AuditEis) {
    // SGP.02 §5.3.12 lets the MNO name ICCIDs; the relay audits the whole
    // eUICC (es2_relay.hpp), so a request naming one is not the models'.
    if (!q.iccid.empty()) f::refuse("Body.Iccid", "ES2.AuditEIS is relayed for the whole eUICC (no ICCID)");
  } else {
    if (q.iccid.empty()) f::refuse("Body.Iccid", "missing");
    f::check_iccid(q.iccid, "Body.Iccid");
  }
  if (!q.pol2.empty() && r.function != Es2Relay::UpdatePolicyRules)
    f::refuse("Body.Pol2", "only ES2.UpdatePolicyRules carries one");
  if (const auto error = pol2_error(q.pol2)) f::refuse("Body.Pol2", *error);
}

}  // namespace

std::optional<Es2Relay> es2_relay_of(const std::string& function) {
  for (const Es2Relay r : kRelays) {
    if (function == es2_function(r)) return r;
  }
  return std::nullopt;
}

json es2_relay_body(const Es2RelayRequest& r) {
  check(r);
  const Es2Request& q = r.request;
  json b = json::object();
  b["Eid"] = q.eid;
  b["SmSr-id"] = q.smsr_id;
  if (!q.iccid.empty()) b["Iccid"] = q.iccid;
  if (!q.pol2.empty()) b["Pol2"] = encode_pol2(q.pol2, "Body.Pol2");
  return b;
}

Es2RelayRequest decode_es2_relay(Es2Relay function, const std::string& requester, const std::string& call_id,
                                 const json& body) {
  Es2RelayRequest r;
  r.function = function;
  Es2Request& q = r.request;
  q.call_id = call_id;
  q.mno_id = requester;
  q.eid = f::text(body, "Body", "Eid");
  q.smsr_id = f::text(body, "Body", "SmSr-id");
  q.iccid = f::optional_text(body, "Body", "Iccid").value_or("");
  if (const json* pol2 = f::member(body, "Body", "Pol2", false)) {
    // Even an empty one: the element is UpdatePolicyRules' alone.
    if (function != Es2Relay::UpdatePolicyRules) f::refuse("Body.Pol2", "only ES2.UpdatePolicyRules carries one");
    q.pol2 = decode_pol2(*pol2, "Body.Pol2");
  }
  check(r);
  return r;
}

}  // namespace twinmodels::platform
