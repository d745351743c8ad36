#pragma once
// ES3.SendData (GSMA SGP.02 §5.5: the SM-DP hands the SM-SR a command script
// for one security domain of an eUICC, which the SM-SR carries to it over
// ES5, and gives the SM-DP the response): what an SM-DP asks and what it
// gets back. The script is an expanded remote command script (ETSI TS 102
// 226 §5.2.1); for an ISD-P it travels to the ISD-P's TAR (AID bytes 13-15)
// under the ISD-R's key set, for the ISD-R to TAR '00 00 01'.
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/expanded_response.hpp"
#include "twinmodels/platform/function_result.hpp"

namespace twinmodels::platform {

struct SendData {
  std::string eid;
  cardcore::Bytes sd_aid;  // the ISD-R or an ISD-P
  cardcore::Bytes script;  // expanded remote command script
};

// The SM-SR's answer: the eUICC's expanded response, or why there is none.
struct SendDataResponse {
  std::optional<ota::ExpandedResponse> response;
  std::string failure;  // empty when response is set
};

// The SM-SR's ES3.SendData result as the SM-DP reads it: the expanded
// response out of the result's data, or the failure's description (also
// when the data is not an expanded response).
SendDataResponse send_data_response(const FunctionResult& r);

}  // namespace twinmodels::platform
