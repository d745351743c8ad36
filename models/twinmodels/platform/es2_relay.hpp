#pragma once
// An ES2 function the SM-DP carries out on the MNO's behalf as the matching
// ES3 call to the eUICC's SM-SR (GSMA SGP.02 §3.3, §3.5, §3.7: the profile
// functions "via SM-DP"; §5.3, §5.4):
//   ES2.EnableProfile  (§5.3.5)  -> ES3.EnableProfile  (§5.4.8)
//   ES2.DisableProfile (§5.3.6)  -> ES3.DisableProfile (§5.4.9)
//   ES2.DeleteProfile  (§5.3.7)  -> ES3.DeleteISDP     (§5.4.10)
//   ES2.AuditEIS       (§5.3.12) -> ES3.AuditEIS       (§5.4.2)
//   ES2.UpdatePolicyRules         -> ES3.UpdatePolicyRules (SGP.02:
//     the profile's POL2 at the SM-SR, the request's POL2 passed on)
// One ES3 call; its result, renamed, is the MNO's answer. The SmDp makes
// the checks before (sm_dp_es2.cpp) and queues the relay with the eUICC's
// other orders.
#include <cstdint>
#include <optional>
#include <string>

#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

// The ES2 request's input: the function caller's call id and MNO, the
// eUICC, its SM-SR, and the profile (the profile functions; AuditEIS none:
// the whole eUICC).
struct Es2Request {
  std::string call_id;
  std::string mno_id;
  std::string eid;
  std::string smsr_id;
  std::string iccid;
  // UpdatePolicyRules: the profile's new POL2 (pol2.hpp; empty: no rule).
  std::vector<Pol2Rule> pol2 = {};
};

enum class Es2Relay : std::uint8_t { EnableProfile, DisableProfile, DeleteProfile, AuditEis, UpdatePolicyRules };

// "ES2.EnableProfile".
const char* es2_function(Es2Relay f);
// The ES3 function it becomes.
FunctionCall::Kind es3_kind(Es2Relay f);

class RelayOrder {
 public:
  RelayOrder(Es2Relay function, Es2Request request);

  // The ES3 call (once), call id "<ES2 call id>/ES3", naming the MNO on
  // whose behalf (mno_id; the SmDp adds its own id as smdp_id).
  std::optional<FunctionCall> next();
  // The SM-SR's result of that call; others are ignored.
  void on_response(const FunctionResult& r);

  bool finished() const { return result_.has_value(); }
  // The MNO's answer: the ES2 function, its call id, the ES3 call's status,
  // subject and reason, and in the message the ES3 function and its detail.
  const FunctionResult& result() const { return *result_; }
  const std::string& waiting_call() const { return waiting_; }
  const Es2Request& request() const { return request_; }
  Es2Relay function() const { return function_; }

  // Checkpoints (sm_dp_state.cpp has the layout): function u8, the
  // request, called u8, the call waiting, the result (optional).
  void save_state(cardcore::Bytes& out) const;
  static RelayOrder parse_state(state::Reader& r);

 private:
  Es2Relay function_;
  Es2Request request_;
  bool called_ = false;
  std::string waiting_;
  std::optional<FunctionResult> result_;
};

}  // namespace twinmodels::platform
