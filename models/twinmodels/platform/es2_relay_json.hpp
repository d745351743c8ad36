#pragma once
// The JSON body of the ES2 functions the SM-DP relays (function_json.hpp's
// Es2RelayRequest; SGP.02 §5.3.5-§5.3.7, §5.3.12, ES2.UpdatePolicyRules),
// for function_request_json.cpp.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "twinmodels/platform/function_json.hpp"

namespace twinmodels::platform {

// "ES2.EnableProfile" -> Es2Relay::EnableProfile; nullopt for a function
// the SM-DP does not relay.
std::optional<Es2Relay> es2_relay_of(const std::string& function);

// The body with the checks a receiving SM-DP makes (std::invalid_argument
// naming the field); decoding takes the requester as the MNO.
nlohmann::json es2_relay_body(const Es2RelayRequest& r);
Es2RelayRequest decode_es2_relay(Es2Relay function, const std::string& requester, const std::string& call_id,
                                 const nlohmann::json& body);

}  // namespace twinmodels::platform
