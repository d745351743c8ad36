#include "twinmodels/platform/es8_download.hpp"

#include <stdexcept>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/platform/es8_commands.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;

// GP §11.1.3 / ISO 7816-4: '90 00' and '61 XX' (more data) are success.
bool ok_sw(std::uint16_t sw) { return sw == 0x9000 || (sw >> 8) == 0x61; }

const cardcore::ecasd::OffCardKeyEstablishmentConfig& checked(const Es8DownloadConfig& c,
                                                              const cardcore::ecasd::OffCardKeyEstablishmentConfig& k) {
  if (c.isdp_aid.size() != 16) throw std::invalid_argument("Es8Download: an ISD-P AID is 16 bytes (SGP.02 §2.2.3)");
  if (c.host_challenge.size() != 8) throw std::invalid_argument("Es8Download: the host challenge is 8 bytes");
  // Level '33': the block's data padded to 16 and 8 bytes of C-MAC must fit
  // a short Lc (GP Amendment D §6.2.6).
  if (c.block_size == 0 || c.block_size > 239) throw std::invalid_argument("Es8Download: a block is 1 to 239 bytes");
  if (c.scp03t && (c.segment_size == 0 || c.segment_size > 1000))
    throw std::invalid_argument("Es8Download: an SCP03t segment is 1 to 1000 bytes");
  if (c.max_script_bytes < 300) throw std::invalid_argument("Es8Download: a script bound under 300 bytes");
  return k;
}

}  // namespace

Es8Download::Es8Download(Es8DownloadConfig config, cardcore::ecasd::OffCardKeyEstablishmentConfig key_establishment)
    : config_(std::move(config)),
      key_establishment_(checked(config_, key_establishment)),
      key_version_(key_establishment.crt.key_version),
      blocks_(config_.scp03t ? es8::package_segments(config_.package, config_.segment_size)
                             : es8::download_blocks(config_.package, config_.block_size)) {
  result_.function = kFunction;
  result_.call_id = config_.call_id;
  result_.eid = config_.eid;
  result_.iccid = config_.iccid;
}

SendData Es8Download::send(ByteView sd_aid, const std::vector<Bytes>& commands) const {
  return SendData{config_.eid, Bytes(sd_aid.begin(), sd_aid.end()), ota::encode_expanded_script(commands)};
}

std::optional<SendData> Es8Download::next() {
  if (!waiting_.empty() || step_ == Step::Done) return std::nullopt;
  const ByteView isd_r(cardcore::euicc::kIsdRAid);
  switch (step_) {
    case Step::Certificate:
      waiting_ = {{"INSTALL [for personalization]", false, std::nullopt}, {"STORE DATA '3A01'", false, std::nullopt}};
      return send(isd_r, {es8::install_for_personalization(config_.isdp_aid),
                          es8::key_establishment_store_data(es8::kKeyEstablishmentCertificateP1,
                                                            key_establishment_.certificate_command_data())});
    case Step::KeyAgreement:
      waiting_ = {{"INSTALL [for personalization]", false, std::nullopt}, {"STORE DATA '3A02'", false, std::nullopt}};
      return send(isd_r, {es8::install_for_personalization(config_.isdp_aid),
                          es8::key_establishment_store_data(es8::kKeyEstablishmentKeyAgreementP1, key_agreement_data_)});
    case Step::InitializeUpdate:
      if (config_.scp03t) {
        waiting_ = {{"'84' (INITIALIZE UPDATE)", false, std::nullopt}};
        return send_tlvs({host_->initialize_update_tlv()});
      }
      waiting_ = {{"INITIALIZE UPDATE", false, std::nullopt}};
      return send(config_.isdp_aid, {host_->initialize_update()});
    case Step::Download: {
      if (config_.scp03t) return send_tlvs(download_script());
      const std::vector<Bytes> script = download_script();
      return send(config_.isdp_aid, script);
    }
    case Step::PolicyRules:
      waiting_ = {{"UpdatePolicyRules", true, std::nullopt}};
      return send(config_.isdp_aid, {host_->wrap(es8::update_policy_rules(*config_.pol1))});
    case Step::Done: break;
  }
  return std::nullopt;
}

std::vector<Bytes> Es8Download::download_script() {
  std::vector<Bytes> script;
  if (!authenticated_) {
    script.push_back(external_authenticate());
    waiting_.push_back({config_.scp03t ? "'85' (EXTERNAL AUTHENTICATE)" : "EXTERNAL AUTHENTICATE", false, std::nullopt});
    authenticated_ = true;
  }
  // Blocks are wrapped in the order they are sent (the session's MAC
  // chaining and counter follow it): one that does not fit this script is
  // carried, already wrapped, to the next.
  for (;;) {
    std::size_t n = 0;
    Bytes wrapped;
    if (carried_) {
      n = carried_block_;
      wrapped = std::move(*carried_);
      carried_.reset();
    } else if (next_block_ < blocks_.size()) {
      n = next_block_++;
      wrapped = wrap_block(n);
    } else {
      break;
    }
    script.push_back(std::move(wrapped));
    if (!waiting_.empty() && script_bytes(script) > config_.max_script_bytes) {
      carried_ = std::move(script.back());
      carried_block_ = n;
      script.pop_back();
      break;
    }
    waiting_.push_back({block_name(n), true, n});
  }
  return script;
}

void Es8Download::on_response(const SendDataResponse& r) {
  if (waiting_.empty() || step_ == Step::Done) return;
  if (config_.scp03t && (step_ == Step::InitializeUpdate || step_ == Step::Download)) {
    on_scp03t_response(r);
    if (step_ != Step::Done) waiting_.clear();
    return;
  }
  const std::optional<std::vector<ota::RApdu>> a = answers(r);
  if (!a) return;
  switch (step_) {
    case Step::Certificate:
    case Step::KeyAgreement: on_key_establishment(*a); break;
    case Step::InitializeUpdate: on_initialize_update(*a); break;
    case Step::Download:
    case Step::PolicyRules: on_session_script(); break;
    case Step::Done: break;
  }
  if (step_ != Step::Done) waiting_.clear();
}

std::optional<std::vector<ota::RApdu>> Es8Download::answers(const SendDataResponse& r) {
  if (!r.response) {
    fail("No response", r.failure.empty() ? "SendData failed" : "SendData failed: " + r.failure);
    return std::nullopt;
  }
  const ota::ExpandedResponse& e = *r.response;
  if (e.bad_format) {
    fail("Malformed script", "the card's Bad Format " + cardcore::hex_digits(*e.bad_format, 4));
    return std::nullopt;
  }
  if (e.responses.size() > waiting_.size()) {
    fail("Malformed response", std::to_string(e.responses.size()) + " R-APDUs for " + std::to_string(waiting_.size()) +
                                   " commands");
    return std::nullopt;
  }
  // In order: the card stops at the first command it refuses (TS 102 226
  // §5.2.2); the answers before it count (R-MAC checked, blocks accepted).
  for (std::size_t i = 0; i < e.responses.size(); ++i) {
    const ota::RApdu& a = e.responses[i];
    const Sent& s = waiting_[i];
    if (!ok_sw(a.sw)) {
      fail("Refused", s.label + ": " + cardcore::hex_digits(a.sw, 4));
      return std::nullopt;
    }
    if (s.wrapped && !host_->unwrap_response(a.data, a.sw)) {
      fail("Security failure", s.label + ": the R-MAC does not verify");
      return std::nullopt;
    }
    if (s.block) ++blocks_accepted_;
  }
  if (e.responses.size() < waiting_.size()) {
    fail("Malformed response", waiting_[e.responses.size()].label + ": no R-APDU");
    return std::nullopt;
  }
  return e.responses;
}

void Es8Download::on_key_establishment(const std::vector<ota::RApdu>& a) {
  const Bytes& answer = a.back().data;  // the STORE DATA's; the INSTALL's is '90 00'
  if (step_ == Step::Certificate) {
    cardcore::ecasd::Outcome<Bytes> c = key_establishment_.key_agreement_command_data(answer);
    if (!c.ok()) {
      fail("Malformed response", "STORE DATA '3A01' answer: " + c.detail);
      return;
    }
    key_agreement_data_ = std::move(*c.value);
    step_ = Step::KeyAgreement;
    return;
  }
  const auto k = key_establishment_.process_response(answer);
  if (!k.ok()) {
    fail("Security failure", "STORE DATA '3A02' answer (receipt): " + k.detail);
    return;
  }
  const cardcore::ecasd::Scp03KeySet& keys = k.value->keys;
  host_.emplace(cardcore::gp::scp03::StaticKeys{key_version_, keys.enc, keys.mac, keys.dek}, config_.host_challenge);
  step_ = Step::InitializeUpdate;
}

void Es8Download::on_initialize_update(const std::vector<ota::RApdu>& a) {
  if (!host_->take_response(a.front().data)) {
    fail("Security failure", "INITIALIZE UPDATE answer: malformed, another key version or a wrong card cryptogram");
    return;
  }
  step_ = Step::Download;
}

void Es8Download::on_session_script() {
  if (step_ == Step::PolicyRules) {
    succeed();
    return;
  }
  if (blocks_accepted_ < blocks_.size()) return;
  // The last block installed the profile (the ISD-P is DISABLED).
  if (config_.pol1) {
    step_ = Step::PolicyRules;
  } else {
    succeed();
  }
}

const char* Es8Download::subject() const {
  switch (step_) {
    case Step::Certificate:
    case Step::KeyAgreement: return "ES8.EstablishISDPKeySet";
    case Step::InitializeUpdate:
    case Step::Download: return "ES8.DownloadAndInstallation";
    case Step::PolicyRules: return "ES8.UpdatePolicyRules";
    case Step::Done: break;
  }
  return "";
}

void Es8Download::fail(std::string reason, std::string message) {
  result_.status = ExecutionStatus::Failed;
  result_.subject = subject();
  result_.reason = std::move(reason);
  result_.message = std::move(message);
  step_ = Step::Done;
  waiting_.clear();
}

void Es8Download::succeed() {
  result_.status = ExecutionStatus::Success;
  step_ = Step::Done;
  waiting_.clear();
}

}  // namespace twinmodels::platform
