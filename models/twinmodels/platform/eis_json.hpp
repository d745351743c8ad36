#pragma once
// The EIS (eis.hpp) in JSON, as ES1.RegisterEIS carries it (GSMA SGP.02
// §5.1.1.2, §5.2.1), with the element names of SGP.02's EISType:
//   {"EumSignedInfo": {"Eid", "Eum-id", "Ecasd"?: {"Certificate"}},
//    "Smsr-id", "Isd-r": {"Aid"}, "RemainingMemory"?,
//    "ProfileInfo": [{"Iccid", "Isd-p-aid", "Mno-id"?, "FallbackAttribute",
//                     "SubscriptionAddress"?: {"Imsi", "Msisdn"}, "State", "Smdp-id"?}]}
// and, ours, what the model keeps beside: "FreeVolatileMemory",
// "InstalledApplications" (the capability audit's), per profile
// "EmergencyProfileAttribute" and "Pol1". Errors name the field
// ("Body.Eis.ProfileInfo[1].State: unknown state 'Gone'").
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "twinmodels/platform/eis.hpp"

namespace twinmodels::platform {

nlohmann::json encode_eis(const Eis& eis);
// `where` prefixes the field names in errors ("Body.Eis").
Eis decode_eis(const nlohmann::json& j, const std::string& where);

}  // namespace twinmodels::platform
