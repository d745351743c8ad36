// The off-card side of SCP03t (GSMA SGP.02 §2.5.2, §4.1.3.3): the SM-DP's
// TLVs for an ISD-P, on the session of scp03_host_session.cpp.
#include <algorithm>
#include <stdexcept>

#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::gp::scp03 {

namespace {
constexpr std::uint8_t kTagInitializeUpdate = 0x84, kTagExternalAuthenticate = 0x85;
constexpr std::uint8_t kKeyIdentifier = 0x00;  // GP §11.8.2.2: '00', as INITIALIZE UPDATE's P2
}  // namespace

Bytes HostSession::initialize_update_tlv() const {
  Bytes value{keys_.kvn, kKeyIdentifier};
  value.insert(value.end(), host_challenge_.begin(), host_challenge_.end());
  return tlv::make_ber(kTagInitializeUpdate, value);
}

Bytes HostSession::external_authenticate_tlv() {
  if (!channel_) throw std::logic_error("SCP03t: '85' before the '84' response");
  level_ = kTlvSecurityLevel;
  const Cryptogram hc = host_cryptogram(session_.s_mac, host_challenge_, card_challenge_);
  Bytes value{kTlvSecurityLevel};
  value.insert(value.end(), hc.begin(), hc.end());
  const Mac mac = channel_->tlv_command_mac(kTagExternalAuthenticate, value);
  value.insert(value.end(), mac.begin(), mac.end());
  return tlv::make_ber(kTagExternalAuthenticate, value);
}

Bytes HostSession::wrap_tlv(std::uint8_t tag, ByteView plain) {
  if (!channel_ || level_ != kTlvSecurityLevel) throw std::logic_error("SCP03t: no authenticated session");
  Bytes value = channel_->encrypt_tlv_command_data(plain);
  const Mac mac = channel_->tlv_command_mac(tag, value);
  value.insert(value.end(), mac.begin(), mac.end());
  sent_.push_back(Sent{channel_->mac_chaining_value(), channel_->encryption_counter()});
  return tlv::make_ber(tag, value);
}

std::optional<Bytes> HostSession::unwrap_tlv_response(ByteView value) {
  if (!channel_ || sent_.empty()) return std::nullopt;
  const Sent sent = sent_.front();
  sent_.pop_front();
  if (value.empty()) return Bytes{};
  if (value.size() < kMacBytes) return std::nullopt;
  const ByteView body = value.first(value.size() - kMacBytes);
  const Mac mac = channel_->tlv_response_mac(body, sent.chaining);
  if (!equal_constant_time(mac, value.last(kMacBytes))) return std::nullopt;
  try {
    return channel_->decrypt_tlv_response_data(body, sent.counter);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace cardcore::gp::scp03
