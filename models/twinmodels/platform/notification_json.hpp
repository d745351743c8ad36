#pragma once
// The platforms' notifications (platform_notification.hpp; GSMA SGP.02
// §5.1.3 notification handlers: one-way, no result) in JSON, beside the
// requests and results of function_json.hpp:
//
//   {"Function": "ES4.HandleProfileEnabledNotification",
//    "Header": {"FunctionRequesterIdentifier": the sender,
//               "FunctionCallIdentifier"?: the sender's id of it,
//               "FunctionRecipientIdentifier": the recipient (ours)},
//    "Body": {"Eid", "Iccid" (the profile notifications),
//             "Eis" (HandleSMSRChangeNotification: eis_json.hpp),
//             "CompletionTimestamp": xs:dateTime}}
//
// SGP.02's handlers (ES2 §5.3.8-§5.3.11, ES3 §5.4, ES4 §5.5) carry the
// EID, the profile's ICCID or the EIS, and the CompletionTimestamp in the
// body after the common header (§5.1.1); the recipient is the endpoint
// the message goes to, which a log of many platforms must name: our
// FunctionRecipientIdentifier.
//
// Decoding refuses, with std::invalid_argument naming the field: a
// function other than ES2 / ES3 / ES4 and one of the four handlers, a
// missing or empty sender or recipient, an empty call identifier, an EID
// not of 32 digits, an ICCID missing (profile notifications), not of
// 18-20 digits or present in an SM-SR change's, an EIS missing (SM-SR
// change), of another EID or present in a profile's, a CompletionTimestamp
// missing or not an xs:dateTime, and any other field. Encoding refuses the
// same (a notification without a CompletionTimestamp cannot be written).
#include <nlohmann/json_fwd.hpp>

#include "twinmodels/platform/platform_notification.hpp"

namespace twinmodels::platform {

nlohmann::json encode_notification(const PlatformNotification& n);
PlatformNotification decode_notification(const nlohmann::json& j);

}  // namespace twinmodels::platform
