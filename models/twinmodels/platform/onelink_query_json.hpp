#pragma once
// The customer API's card query (onelink_query.hpp) in JSON; the element
// names are ours, in the style of the platforms' other messages
// (function_json.hpp):
//
//   request: {"Function": "OneLink.QueryCards", "RequestId", "AccountId",
//             "Iccids": [1 to kMaxCardsPerQuery ICCIDs, each once]}
//   answer:  {"Function": "OneLink.QueryCards", "RequestId", "AccountId",
//             "AtMs", "Refusal"? (QueryRefusal's name), "Cards": [{"Iccid",
//             "Result" (CardQueryResult's name), and when Answered "Status"
//             (OnlineStatus's name), "SinceMs"?, "Diagnosis" (FaultReason's
//             name), "Period", "DataBytes"}]}
//
// Times are the caller's ms. Decoding makes the checks a receiver makes and
// throws std::invalid_argument naming the field ("Iccids[2]: not 18 to 20
// digits").
#include <string>
#include <string_view>

#include "twinmodels/platform/onelink_query.hpp"

namespace twinmodels::platform {

std::string query_to_json(const CardQuery& q);
CardQuery query_from_json(std::string_view text);
std::string answer_to_json(const CardQueryAnswer& a);
CardQueryAnswer answer_from_json(std::string_view text);

}  // namespace twinmodels::platform
