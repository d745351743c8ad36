// The SCP03t form of the ES8 download (GSMA SGP.02 §2.5.2, §4.1.3.3;
// es8_download.hpp): the session's '84' and '85' TLVs and the package's
// '86' segments as the TLVs of command scripting templates, and the
// response TLVs read back — the ISD-P's side is card-core's
// (cardcore/euicc/scp03t.hpp).
#include <cstdio>
#include <string>

#include "cardcore/euicc/scp03t.hpp"
#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/platform/es8_download.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
namespace t03 = cardcore::euicc::scp03t;

// A command scripting template 'AA' of whole TLVs (TS 102 226 §5.2.1).
Bytes tlv_template(const std::vector<Bytes>& tlvs) {
  Bytes body;
  for (const Bytes& t : tlvs) body.insert(body.end(), t.begin(), t.end());
  return cardcore::tlv::make_ber(cardcore::remote::expanded_tag::kCommandScripting, body);
}

const char* error_name(std::uint8_t code) {
  switch (static_cast<t03::Error>(code)) {
    case t03::Error::Security: return "security error";
    case t03::Error::Structure: return "structure error";
    case t03::Error::Sequence: return "out of sequence";
    case t03::Error::KeyNotFound: return "key not found";
    case t03::Error::InstallationFailed: return "installation failed";
    case t03::Error::InsufficientMemory: return "insufficient memory";
  }
  return "unknown error";
}

}  // namespace

SendData Es8Download::send_tlvs(const std::vector<Bytes>& tlvs) const {
  return SendData{config_.eid, config_.isdp_aid, tlv_template(tlvs)};
}

// The download's parts that differ between the forms (download_script()):
// the EXTERNAL AUTHENTICATE, a block wrapped, the script's size, the name
// of a block's answer.
Bytes Es8Download::external_authenticate() {
  return config_.scp03t ? host_->external_authenticate_tlv() : host_->external_authenticate(kSecurityLevel);
}

Bytes Es8Download::wrap_block(std::size_t n) {
  return config_.scp03t ? host_->wrap_tlv(t03::kProfileData, blocks_[n]) : host_->wrap(blocks_[n]);
}

std::size_t Es8Download::script_bytes(const std::vector<Bytes>& script) const {
  return config_.scp03t ? tlv_template(script).size() : ota::encode_expanded_script(script).size();
}

std::string Es8Download::block_name(std::size_t n) const {
  const std::string of = std::to_string(n + 1) + "/" + std::to_string(blocks_.size());
  if (config_.scp03t) return "'86' segment " + of;
  char p2[3];
  std::snprintf(p2, sizeof p2, "%02X", static_cast<unsigned>(n));
  return "STORE DATA block " + of + " (P2 '" + p2 + "')";
}

// One response TLV per command TLV, in order (the card stops at its first
// error TLV): '84' its response data, '85' empty, '86' empty or ciphered
// data with its R-MAC. The expanded response keeps them as TLVs TS 102 226
// §5.2.2 does not list (the SCP03t tags avoid the template's own).
void Es8Download::on_scp03t_response(const SendDataResponse& r) {
  if (!r.response) {
    fail("No response", r.failure.empty() ? "SendData failed" : "SendData failed: " + r.failure);
    return;
  }
  const ota::ExpandedResponse& e = *r.response;
  if (e.bad_format) {
    fail("Malformed script", "the card's Bad Format " + cardcore::hex_digits(*e.bad_format, 4));
    return;
  }
  if (!e.responses.empty() || e.other.size() > waiting_.size()) {
    fail("Malformed response", std::to_string(e.responses.size() + e.other.size()) + " answers for " +
                                   std::to_string(waiting_.size()) + " SCP03t TLVs");
    return;
  }
  for (std::size_t i = 0; i < e.other.size(); ++i) {
    const ota::ExpandedItem& a = e.other[i];
    const Sent& s = waiting_[i];
    // Which TLV it answers: the script's order ('84' alone; '85' first, then '86').
    const std::uint8_t tag = s.wrapped ? t03::kProfileData
                             : step_ == Step::InitializeUpdate ? t03::kInitializeUpdate
                                                               : t03::kExternalAuthenticate;
    if (a.tag == t03::error_tag(tag)) {
      const std::string code = a.value.size() == 1 ? cardcore::hex_digits(a.value[0], 2) : cardcore::to_hex(a.value);
      fail("Refused", s.label + ": error TLV '" + cardcore::hex_digits(a.tag, 4) + "' " + code +
                          (a.value.size() == 1 ? std::string(" (") + error_name(a.value[0]) + ")" : std::string()));
      return;
    }
    if (a.tag != tag) {
      fail("Malformed response", s.label + ": a TLV '" + cardcore::hex_digits(a.tag, a.tag > 0xFF ? 4 : 2) + "'");
      return;
    }
    if (tag == t03::kInitializeUpdate && !host_->take_response(a.value)) {
      fail("Security failure", s.label + " answer: malformed, another key version or a wrong card cryptogram");
      return;
    }
    if (tag == t03::kExternalAuthenticate && !a.value.empty()) {
      fail("Malformed response", s.label + ": data in the answer");
      return;
    }
    if (tag == t03::kProfileData && !host_->unwrap_tlv_response(a.value)) {
      fail("Security failure", s.label + ": the R-MAC does not verify");
      return;
    }
    if (s.block) ++blocks_accepted_;
  }
  if (e.other.size() < waiting_.size()) {
    fail("Malformed response", waiting_[e.other.size()].label + ": no response TLV");
    return;
  }
  if (step_ == Step::InitializeUpdate) {
    step_ = Step::Download;
    return;
  }
  on_session_script();
}

}  // namespace twinmodels::platform
