#pragma once
// The SM-SR change, the new SM-SR's part (GSMA SGP.02 §3.8; ES7 between
// the SM-SRs, ES5 to the eUICC): with the EIS the old SM-SR handed over
// (ES7.HandoverEUICC), the new SM-SR authenticates to the eUICC's ISD-R and
// establishes its own SCP80 key set by key establishment through the ECASD
// (GPC Amendment E scenario #3): ES7.AuthenticateSMSR carries its
// certificate (STORE DATA '3A01'), ES7.CreateAdditionalKeySet its ephemeral
// key, the CRT and the signature ('3A02'). The old SM-SR carries both as
// ES3-style SendData to the ISD-R under its own keys. The receipt checked,
// the new key set is K-ENC for KIc (AES-CBC) and K-MAC for KID (AES-CMAC)
// with the CRT's key version, its counter from zero, as the eUICC stores it
// (card-core/cardcore/euicc/isd_r_keys.*). The caller then registers the
// eUICC with this SM-SR and finalises: FinaliseISDRhandover deletes the old
// key set, UpdateConnectivityParameters gives the new SM-SR's address, and
// the old SM-SR releases the eUICC.
//
// With a PSK version, a second key establishment follows the key set's
// (SGP.02 §2.4.4, §3.8; Q '5C', key type '85' PSK-TLS, as njiwa's
// CreateSCP81KeySet and as the eUICC takes it: card-core's isd_r_psk.cpp):
// the new SM-SR's SCP81 PSK, so that it reaches the ISD-R over HTTPS too.
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/platform/eis.hpp"
#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/scp81_key.hpp"
#include "twinmodels/platform/send_data.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

struct SmSrChangeConfig {
  std::string call_id;
  Eis eis;  // as the old SM-SR handed it over; its ECASD certificate gives PK.ECASD.ECKA
  cardcore::ecasd::Certificate certificate;  // CERT.SR.ECDSA of the new SM-SR
  cardcore::ecasd::PrivateKey signing_key;   // SK.SR.ECDSA
  cardcore::ecasd::PrivateKey ephemeral_key; // eSK.SR.ECKA (the caller's randomness)
  std::uint8_t key_version = 2;              // the new SCP80 key set's version (1..15)
  // The new SM-SR's link settings for the ISD-R: SPI, originator; TAR and
  // keys are filled in by the change.
  ota::OtaCardConfig link;
  // The new SCP81 PSK: its version ('40'-'4F'; 0: none), key identifier,
  // and the ephemeral key of its own key establishment.
  std::uint8_t psk_version = 0;
  std::uint8_t psk_key_id = 0x01;
  std::optional<cardcore::ecasd::PrivateKey> psk_ephemeral_key = std::nullopt;
};

class SmSrChange {
 public:
  // Throws std::invalid_argument for an EIS without a decodable ECASD
  // certificate, a key version outside 1..15, a PSK version outside
  // '40'-'4F' or one without its ephemeral key.
  explicit SmSrChange(SmSrChangeConfig config);

  // The next SendData for the old SM-SR to carry; nullopt when waiting for
  // an answer or finished.
  std::optional<SendData> next();
  void on_response(const SendDataResponse& r);

  bool finished() const { return step_ == Step::Done; }
  // ES4.SMSRChange's outcome (Success once the new key set is established).
  const FunctionResult& result() const { return result_; }
  // On success: the new SM-SR's link to the ISD-R.
  const std::optional<ota::OtaCardConfig>& isd_r() const { return isd_r_; }
  // On success with a PSK version: the new SM-SR's SCP81 PSK.
  const std::optional<Scp81Key>& psk() const { return psk_; }

  // Checkpoints (smsr_handover_state.cpp has the layout): the step, the
  // card's challenge, the result, the new link and PSK. parse_state()
  // builds the change from `config` (the caller's, as the constructor takes
  // it: the key establishments are rebuilt from it) and reads that back; it
  // throws std::invalid_argument ("<kind> state: ...") for malformed input
  // or input that does not fit the config.
  void save_state(cardcore::Bytes& out) const;
  static SmSrChange parse_state(state::Reader& r, SmSrChangeConfig config);

 private:
  enum class Step : std::uint8_t {
    Authenticate, AwaitChallenge, CreateKeySet, AwaitReceipt,
    AuthenticatePsk, AwaitPskChallenge, CreatePsk, AwaitPskReceipt, Done
  };
  cardcore::ecasd::OffCardKeyEstablishment& current();
  void fail(std::string reason, std::string message);
  // The R-APDU of a one-command script, or the failure.
  std::optional<ota::RApdu> only_answer(const SendDataResponse& r);

  SmSrChangeConfig config_;
  cardcore::ecasd::OffCardKeyEstablishment off_card_;
  std::optional<cardcore::ecasd::OffCardKeyEstablishment> psk_off_card_;
  Step step_ = Step::Authenticate;
  cardcore::Bytes challenge_;  // the card's answer to '3A01'
  FunctionResult result_;
  std::optional<ota::OtaCardConfig> isd_r_;
  std::optional<Scp81Key> psk_;
};

}  // namespace twinmodels::platform
