#include "twinmodels/platform/send_data.hpp"

#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::platform {

SendDataResponse send_data_response(const FunctionResult& r) {
  SendDataResponse out;
  if (!r.ok()) {
    out.failure = describe(r);
    return out;
  }
  try {
    out.response = ota::decode_expanded_response(r.data);
  } catch (const ota::OtaError& e) {
    out.failure = std::string("the eUICC's response: ") + e.what();
  }
  return out;
}

}  // namespace twinmodels::platform
