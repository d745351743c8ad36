#include "twinmodels/platform/smsr_change.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/ota/key_identifier.hpp"
#include "twinmodels/ota/expanded_script.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;

constexpr std::uint8_t kFirstStep = 0x09, kLastStep = 0x89;  // STORE DATA P1 as the eUICC takes them

// STORE DATA with `data` (a DGI) and Le: the ISD-R answers RC, then the receipt.
Bytes store_data(std::uint8_t p1, const Bytes& data) {
  if (data.size() > 255) throw std::invalid_argument("SmSrChange: a key establishment command over 255 bytes");
  Bytes c(5 + data.size() + 1, 0x00);  // header, data, Le '00'
  c[0] = 0x80;
  c[1] = 0xE2;
  c[2] = p1;
  c[4] = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), c.begin() + 5);
  return c;
}

cardcore::ecasd::OffCardKeyEstablishmentConfig off_card_config(const SmSrChangeConfig& c) {
  if (c.key_version == 0 || c.key_version > 0x0F) {
    throw std::invalid_argument("SmSrChange: an SCP80 key version is 1..15");
  }
  const cardcore::ecasd::CertificateDecoding ecasd = cardcore::ecasd::decode_certificate(c.eis.ecasd_certificate);
  if (!ecasd.ok()) throw std::invalid_argument("SmSrChange: the EIS has no decodable CERT.ECASD.ECKA");
  cardcore::ecasd::KeyAgreementCrt crt;
  crt.key_version = c.key_version;
  return {c.certificate, c.signing_key, ecasd.certificate->public_key, c.ephemeral_key, crt, std::nullopt};
}

// SGP.02 §2.4.4, §3.8: the PSK's key establishment (Q '5C', PSK-TLS key
// type '85', key access '00', 16 bytes, an empty initial counter), as
// njiwa's CreateSCP81KeySet sends it and the eUICC takes it.
std::optional<cardcore::ecasd::OffCardKeyEstablishment> psk_off_card(const SmSrChangeConfig& c) {
  if (c.psk_version == 0) return std::nullopt;
  if (c.psk_version < 0x40 || c.psk_version > 0x4F) {
    throw std::invalid_argument("SmSrChange: an SCP81 PSK version is '40'..'4F'");
  }
  if (!c.psk_ephemeral_key) throw std::invalid_argument("SmSrChange: the PSK's key establishment needs its ephemeral key");
  cardcore::ecasd::OffCardKeyEstablishmentConfig o = off_card_config(c);
  o.ephemeral_key = *c.psk_ephemeral_key;
  o.crt.key_usage_qualifier = cardcore::ecasd::kKeyUsageQualifierOneKey;
  o.crt.key_access = 0x00;
  o.crt.key_type = cardcore::ecasd::kKeyTypePskTls;
  o.crt.key_length = 16;
  o.crt.key_identifier = c.psk_key_id;
  o.crt.key_version = c.psk_version;
  o.crt.initial_counter = Bytes{};
  return cardcore::ecasd::OffCardKeyEstablishment(std::move(o));
}

}  // namespace

SmSrChange::SmSrChange(SmSrChangeConfig config)
    : config_(std::move(config)), off_card_(off_card_config(config_)), psk_off_card_(psk_off_card(config_)) {
  result_.function = "ES4.SMSRChange";
  result_.call_id = config_.call_id;
  result_.eid = config_.eis.eid;
}

cardcore::ecasd::OffCardKeyEstablishment& SmSrChange::current() {
  return step_ >= Step::AuthenticatePsk && psk_off_card_ ? *psk_off_card_ : off_card_;
}

std::optional<SendData> SmSrChange::next() {
  Bytes command;
  if (step_ == Step::Authenticate || step_ == Step::AuthenticatePsk) {
    // ES7.AuthenticateSMSR.
    command = store_data(kFirstStep, current().certificate_command_data());
    step_ = step_ == Step::Authenticate ? Step::AwaitChallenge : Step::AwaitPskChallenge;
  } else if (step_ == Step::CreateKeySet || step_ == Step::CreatePsk) {
    // ES7.CreateAdditionalKeySet.
    const cardcore::ecasd::Outcome<Bytes> data = current().key_agreement_command_data(challenge_);
    if (!data.ok()) {
      fail("Refused", data.detail);
      return std::nullopt;
    }
    command = store_data(kLastStep, *data.value);
    step_ = step_ == Step::CreateKeySet ? Step::AwaitReceipt : Step::AwaitPskReceipt;
  } else {
    return std::nullopt;
  }
  return SendData{config_.eis.eid, config_.eis.isd_r_aid, ota::encode_expanded_script(std::vector<Bytes>{command})};
}

std::optional<ota::RApdu> SmSrChange::only_answer(const SendDataResponse& r) {
  if (!r.response) {
    fail("No response", r.failure);
    return std::nullopt;
  }
  if (r.response->responses.size() != 1) {
    fail("Execution error", "the script's answers: " + std::to_string(r.response->responses.size()));
    return std::nullopt;
  }
  const ota::RApdu& a = r.response->responses[0];
  if (a.sw != 0x9000) {
    static const char* d = "0123456789ABCDEF";
    std::string sw;
    for (int i = 12; i >= 0; i -= 4) sw.push_back(d[(a.sw >> i) & 0xF]);
    fail("Refused", sw);
    return std::nullopt;
  }
  return a;
}

void SmSrChange::on_response(const SendDataResponse& r) {
  if (step_ != Step::AwaitChallenge && step_ != Step::AwaitReceipt && step_ != Step::AwaitPskChallenge &&
      step_ != Step::AwaitPskReceipt)
    return;
  const std::optional<ota::RApdu> a = only_answer(r);
  if (!a) return;
  if (step_ == Step::AwaitChallenge || step_ == Step::AwaitPskChallenge) {
    challenge_ = a->data;
    step_ = step_ == Step::AwaitChallenge ? Step::CreateKeySet : Step::CreatePsk;
    return;
  }
  const cardcore::ecasd::Outcome<cardcore::ecasd::OffCardKeyEstablishmentResult> k = current().process_response(a->data);
  if (!k.ok()) {
    fail("Verification failed", k.detail);
    return;
  }
  if (step_ == Step::AwaitPskReceipt) {
    psk_ = Scp81Key{config_.psk_version, config_.psk_key_id, k.value->psk};
    step_ = Step::Done;
    return;
  }
  ota::OtaCardConfig link = config_.link;
  link.tar = {0x00, 0x00, 0x01};  // SGP.02 §2.2.3: the ISD-R's TAR
  link.keys.kic = cardcore::ota::make_kic(cardcore::ota::CipherAlgorithm::AesCbc, config_.key_version);
  link.keys.kic_key = k.value->keys.enc;
  link.keys.kid = cardcore::ota::make_kid(cardcore::ota::ChecksumAlgorithm::AesCmac, config_.key_version);
  link.keys.kid_key = k.value->keys.mac;
  link.counter = 0;
  isd_r_ = std::move(link);
  step_ = psk_off_card_ ? Step::AuthenticatePsk : Step::Done;
}

void SmSrChange::fail(std::string reason, std::string message) {
  result_.status = ExecutionStatus::Failed;
  result_.subject = "eUICC";
  result_.reason = std::move(reason);
  result_.message = std::move(message);
  isd_r_.reset();  // nothing is usable unless all of it was established
  step_ = Step::Done;
}

}  // namespace twinmodels::platform
