#pragma once
// The EIS (eis.hpp) in JSON, as ES1.RegisterEIS carries it (GSMA SGP.02
// §5.1.1.2, §5.2.1), with the element names of SGP.02's EISType:
//   {"EumSignedInfo": {"Eid", "Eum-id", "Ecasd"?: {"Certificate"}},
//    "Smsr-id", "Isd-r": {"Aid"}, "RemainingMemory"?,
//    "ProfileInfo": [{"Iccid", "Isd-p-aid", "Mno-id"?, "FallbackAttribute",
//                     "SubscriptionAddress"?: {"Imsi", "Msisdn"}, "State", "Smdp-id"?}]}
// and, ours, what the model keeps beside: "FreeVolatileMemory",
// "InstalledApplications" (the capability audit's), per profile
// "EmergencyProfileAttribute" and "Pol1"; per profile "Pol2"?: {"Rule":
// [{"Subject": "PROFILE", "Action", "Qualification"}]} (pol2.hpp: the
// schema's POL2, absent for no rule). Errors name the field
// ("Body.Eis.ProfileInfo[1].State: unknown state 'Gone'").
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "twinmodels/platform/eis.hpp"

namespace twinmodels::platform {

nlohmann::json encode_eis(const Eis& eis);
// `where` prefixes the field names in errors ("Body.Eis").
Eis decode_eis(const nlohmann::json& j, const std::string& where);

// A POL2 (pol2_json.cpp), in the EIS and in UpdatePolicyRules' request;
// rules pol2_error() refuses, an unknown subject, action or qualification
// are refused naming `where`.
nlohmann::json encode_pol2(const std::vector<Pol2Rule>& rules, const std::string& where);
std::vector<Pol2Rule> decode_pol2(const nlohmann::json& j, const std::string& where);

}  // namespace twinmodels::platform
