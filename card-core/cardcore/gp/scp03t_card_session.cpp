// The card's side of SCP03t (GSMA SGP.02 §2.5.2, §4.1.3.3): the SCP03
// session of scp03_card_session.cpp opened and used with TLVs instead of
// APDUs — the same key derivation, cryptograms, MAC chaining and counters
// (GP Amendment D §6.2), the MACs over tag and length instead of the APDU
// header.
#include <algorithm>
#include <stdexcept>

#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"

namespace cardcore::gp::scp03 {

namespace {
constexpr std::size_t kInitializeUpdateTlvBytes = 2 + kChallengeBytes;  // KVN, key identifier, host challenge
}  // namespace

StatusWord CardSession::initialize_update_tlv(const StaticKeys& keys, std::uint32_t sequence_counter, ByteView sd_aid,
                                              ByteView value, Bytes& out) {
  if (value.size() != kInitializeUpdateTlvBytes) {
    close();
    return sw::kWrongLength;
  }
  CommandApdu c;
  c.cla = 0x80;
  c.ins = kInsInitializeUpdate;
  c.p1 = value[0];
  c.p2 = value[1];
  c.data = value.subspan(2);
  c.kind = ApduCase::Case3;
  return initialize_update(keys, sequence_counter, sd_aid, c, out);
}

StatusWord CardSession::external_authenticate_tlv(ByteView value) {
  if (state_ != State::Initialized) {
    close();
    return sw::kConditionsNotSatisfied;
  }
  if (value.size() != 1 + kCryptogramBytes + kMacBytes) {
    close();
    return sw::kWrongLength;
  }
  if (value[0] != kTlvSecurityLevel) {
    close();
    return sw::kIncorrectP1P2;
  }
  channel_.emplace(keys_);
  const Cryptogram expected = host_cryptogram(keys_.s_mac, host_challenge_, card_challenge_);
  const ByteView signed_part = value.first(1 + kCryptogramBytes);
  const bool same = same_cryptogram(expected, signed_part.subspan(1));
  // SGP.02 §2.5.2: '85' is MACed as a command TLV (tag, length, data).
  const bool mac_ok = channel_->verify_tlv_command_mac(0x85, signed_part, value.subspan(signed_part.size()));
  if (!same || !mac_ok) {
    close();
    return sw::kAuthenticationFailed;
  }
  state_ = State::Authenticated;
  level_ = kTlvSecurityLevel;
  return sw::kOk;
}

std::optional<Bytes> CardSession::unwrap_tlv(std::uint8_t tag, ByteView value) {
  if (state_ != State::Authenticated || value.size() < kMacBytes) {
    close();
    return std::nullopt;
  }
  const ByteView sent = value.first(value.size() - kMacBytes);
  try {
    if (!channel_->verify_tlv_command_mac(tag, sent, value.subspan(sent.size()))) {
      close();
      return std::nullopt;
    }
    return channel_->decrypt_tlv_command_data(sent);
  } catch (const std::invalid_argument&) {
    close();
    return std::nullopt;
  }
}

Bytes CardSession::protect_tlv_response(ByteView data) {
  if (state_ != State::Authenticated || data.empty()) return {};
  Bytes out = channel_->encrypt_tlv_response_data(data);
  const Mac mac = channel_->tlv_response_mac(out, channel_->mac_chaining_value());
  out.insert(out.end(), mac.begin(), mac.end());
  return out;
}

}  // namespace cardcore::gp::scp03
