#pragma once
// A whole SM-SR change between two SM-SRs (GSMA SGP.02 §3.8), from the
// MNO's two ES4 orders to the eUICC managed by the new SM-SR alone:
//   1. ES4.PrepareSMSRChange to the new SM-SR, ES4.SMSRChange to the
//      current one (their checks: sm_sr_es4_change.cpp);
//   2. ES7.HandoverEUICC: the current SM-SR gives the EIS, the new one
//      takes it for the EID it prepared;
//   3. ES7.AuthenticateSMSR and ES7.CreateAdditionalKeySet, carried by the
//      current SM-SR to the ISD-R (smsr_change.hpp);
//   4. the new SM-SR registers the eUICC under its key set, the current one
//      releases it, the new one sends FinaliseISDRhandover (the old key set
//      deleted, and the old SCP81 PSK when the new SM-SR established its
//      own: the key establishment's second part, '5C' / '85') and
//      UpdateConnectivityParameters (its address);
//   5. ES4.SMSRChange's result to the MNO, and the new SM-SR's
//      HandleSMSRChangeNotification to the profiles' MNOs (ES4) and
//      SM-DPs (ES3) (SmSr::smsr_change_completed()).
// When step 3 fails — the current SM-SR unreachable over ES7, its SMS to the
// card lost (the SendData expired), the eUICC refusing — the eUICC stays
// with the current SM-SR, key set and EIS as they were; if the
// CreateAdditionalKeySet script went to the eUICC, the current SM-SR
// deletes the new key set version (DELETE [key]: removed, or '6A88', never
// created); the new SM-SR forgets its preparation; the MNO gets Failed, or
// Expired when the cause was an answer that never came. This clean-up is
// ours: SGP.02 leaves the error handling of an SM-SR change to the SM-SRs.
//
// Plain state machine like the SM-SRs: the caller makes each function call
// next() gives to the SM-SR it names, moves its SMS, and hands back the
// SM-SR's result (or on_unreachable() for an ES7 call that got no answer).
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ec_keys.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinmodels/platform/smsr_change.hpp"
#include "twinmodels/platform/smsr_change_order.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

struct SmSrHandoverConfig {
  std::string mno_id;           // the MNO that orders the change
  std::string eid;
  std::string prepare_call_id;  // its ES4.PrepareSMSRChange
  std::string change_call_id;   // its ES4.SMSRChange: the final result's call id
  // The new SM-SR's key establishment (smsr_change.hpp).
  cardcore::ecasd::Certificate certificate;   // CERT.SR.ECDSA
  cardcore::ecasd::PrivateKey signing_key;    // SK.SR.ECDSA
  cardcore::ecasd::PrivateKey ephemeral_key;  // eSK.SR.ECKA (the caller's randomness)
  std::uint8_t key_version = 2;               // the new SCP80 key set's version
  ota::OtaCardConfig link;                    // SPI, originator for the new link
  // The new SM-SR's SCP81 PSK (SGP.02 §2.4.4; smsr_change.hpp): its version
  // ('40'-'4F'; 0: none, the new SM-SR uses SMS), key identifier, and its
  // key establishment's ephemeral key.
  std::uint8_t psk_version = 0;
  std::uint8_t psk_key_id = 0x01;
  std::optional<cardcore::ecasd::PrivateKey> psk_ephemeral_key = std::nullopt;
};

enum class HandoverSide : std::uint8_t { Current, New };

// One function call for the caller to make.
struct HandoverStep {
  HandoverSide to = HandoverSide::Current;
  FunctionCall call;
};

// What became of a partial new key set after a failed change.
enum class KeySetCleanup : std::uint8_t {
  NotNeeded,  // the CreateAdditionalKeySet script never went to the eUICC
  Removed,    // the eUICC had created it; DELETE [key] removed it
  Absent,     // the eUICC had not created it ('6A88')
  Unknown,    // the DELETE [key] failed too: the version may remain (the current SM-SR's keys still work)
};

const char* to_string(KeySetCleanup c);

class SmSrHandover {
 public:
  // Keeps references to both SM-SRs for the handover's life.
  SmSrHandover(SmSr& current, SmSr& next, SmSrHandoverConfig config);

  // Step 1 and 2: the ES4 orders and the ES7 handover of the EIS. False
  // when one was refused: finished(), with the refusal as result().
  bool start();
  // The next call to make; nullopt while waiting for a result or finished.
  std::optional<HandoverStep> next();
  // The result of the call next() gave, as the SM-SR it went to gave it.
  void on_result(const FunctionResult& r);
  // The call next() gave went to the current SM-SR over ES7 and got no
  // answer in its time: Expired. Returns that call's result as the new
  // SM-SR has it (ES7.SendData, Expired, SM-SR: No response); a default
  // FunctionResult when no call was waiting.
  FunctionResult on_unreachable();

  bool finished() const { return step_ == Step::Done; }
  // ES4.SMSRChange's result for the MNO (Executed-Success once finished
  // and handed over).
  const FunctionResult& result() const { return result_; }
  const FunctionResult& prepare_result() const { return prepare_result_; }
  KeySetCleanup cleanup() const { return cleanup_; }

  // Checkpoints (smsr_handover_state.cpp has the layout): what changed
  // since construction — the step, the call waiting, the EIS handed over,
  // the SM-SR change in progress, the key set script and the old key
  // versions, the results and the clean-up. Neither SM-SR is in it: each
  // has its own (SmSr::save_state). parse_state() builds the handover
  // over `current` and `next` (restored by the caller) from `config` (the
  // caller's, as the constructor takes it) and reads that back; it throws
  // std::invalid_argument ("<kind> state: ...", "SM-SR handover" for a
  // reader of that kind) for malformed input or input that does not fit
  // the config (another EID or change call id).
  void save_state(cardcore::Bytes& out) const;
  static SmSrHandover parse_state(state::Reader& r, SmSr& current, SmSr& next, SmSrHandoverConfig config);

 private:
  enum class Step : std::uint8_t { Idle, KeyEstablishment, Finalise, Connectivity, CleanUp, Done };
  // The new SM-SR's part of the change (smsr_change.hpp), for the EIS
  // handed over.
  SmSrChangeConfig change_config() const;
  void key_establishment_result(const FunctionResult& r);
  void handed_over();
  void fail(ExecutionStatus status, std::string subject, std::string reason, std::string message);
  void finish_failed();

  SmSr& current_;
  SmSr& next_;
  SmSrHandoverConfig config_;
  Step step_ = Step::Idle;
  bool waiting_ = false;
  std::optional<Eis> eis_;                // as handed over
  std::optional<SmSrChange> change_;
  unsigned key_establishment_calls_ = 0;
  bool key_set_script_sent_ = false;      // CreateAdditionalKeySet went to the current SM-SR
  std::uint8_t old_key_version_ = 0;
  std::optional<std::uint8_t> old_psk_version_;
  unsigned calls_ = 0;
  FunctionResult prepare_result_;
  FunctionResult result_;
  FunctionResult failure_;                // the cause, kept through the clean-up
  KeySetCleanup cleanup_ = KeySetCleanup::NotNeeded;
  std::string warnings_;
};

}  // namespace twinmodels::platform
