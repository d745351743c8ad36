#include "cardcore/gp/scp03_card_session.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/gp/scp03_kdf.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"

namespace cardcore::gp::scp03 {

namespace {
constexpr std::uint8_t kScp03 = 0x03;
constexpr std::size_t kDiversificationBytes = 10;
}  // namespace

Bytes pseudo_random_card_challenge(ByteView k_enc, std::uint32_t sequence_counter, ByteView sd_aid) {
  Bytes context{static_cast<std::uint8_t>(sequence_counter >> 16), static_cast<std::uint8_t>(sequence_counter >> 8),
                static_cast<std::uint8_t>(sequence_counter)};
  context.insert(context.end(), sd_aid.begin(), sd_aid.end());
  return kdf(k_enc, DerivationConstant::CardChallenge, context, 8 * kChallengeBytes);
}

void CardSession::close() {
  state_ = State::None;
  level_ = 0;
  channel_.reset();
}

StatusWord CardSession::initialize_update(const StaticKeys& keys, std::uint32_t sequence_counter, ByteView sd_aid,
                                          const CommandApdu& c, Bytes& out) {
  close();
  if (c.p2 != 0x00) return sw::kIncorrectP1P2;
  if (c.data.size() != kChallengeBytes) return sw::kWrongLength;
  if (c.p1 != 0x00 && c.p1 != keys.kvn) return sw::kReferencedDataNotFound;
  host_challenge_.assign(c.data.begin(), c.data.end());
  card_challenge_ = pseudo_random_card_challenge(keys.enc, sequence_counter, sd_aid);
  keys_ = derive_session_keys(keys.enc, keys.mac, host_challenge_, card_challenge_);
  const Cryptogram cryptogram = card_cryptogram(keys_.s_mac, host_challenge_, card_challenge_);
  out.assign(kDiversificationBytes, 0x00);
  out.insert(out.end(), {keys.kvn, kScp03, kParameterI});
  out.insert(out.end(), card_challenge_.begin(), card_challenge_.end());
  out.insert(out.end(), cryptogram.begin(), cryptogram.end());
  out.insert(out.end(), {static_cast<std::uint8_t>(sequence_counter >> 16), static_cast<std::uint8_t>(sequence_counter >> 8),
                         static_cast<std::uint8_t>(sequence_counter)});
  state_ = State::Initialized;
  return sw::kOk;
}

StatusWord CardSession::external_authenticate(const CommandApdu& c) {
  if (state_ != State::Initialized) {
    close();
    return sw::kConditionsNotSatisfied;
  }
  const std::uint8_t lv = c.p1;
  const bool ok_level = (lv & level::kCMac) != 0 && (lv & ~(level::kCMac | level::kCDecryption | level::kRMac | level::kREncryption)) == 0 &&
                        ((lv & level::kREncryption) == 0 || ((lv & level::kCDecryption) != 0 && (lv & level::kRMac) != 0));
  if (!ok_level || c.p2 != 0x00) {
    close();
    return sw::kIncorrectP1P2;
  }
  if (c.data.size() != kCryptogramBytes + kMacBytes) {
    close();
    return sw::kWrongLength;
  }
  channel_.emplace(keys_);
  const Cryptogram expected = host_cryptogram(keys_.s_mac, host_challenge_, card_challenge_);
  const ByteView cryptogram = c.data.first(kCryptogramBytes);
  const bool same = same_cryptogram(expected, cryptogram);
  const bool mac_ok = channel_->verify_command_mac(c.cla, c.ins, c.p1, c.p2, cryptogram, c.data.subspan(kCryptogramBytes));
  if (!same || !mac_ok) {
    close();
    return sw::kAuthenticationFailed;
  }
  state_ = State::Authenticated;
  level_ = lv;
  return sw::kOk;
}

std::optional<Bytes> CardSession::unwrap(const CommandApdu& c, StatusWord& err) {
  err = sw::kSecurityStatusNotSatisfied;
  if (state_ != State::Authenticated || c.data.size() < kMacBytes) {
    close();
    return std::nullopt;
  }
  const ByteView sent = c.data.first(c.data.size() - kMacBytes);
  Bytes plain(sent.begin(), sent.end());
  try {
    if (!channel_->verify_command_mac(c.cla, c.ins, c.p1, c.p2, sent, c.data.subspan(sent.size()))) {
      close();
      return std::nullopt;
    }
    if (level_ & level::kCDecryption) plain = channel_->decrypt_command_data(sent);
  } catch (const std::invalid_argument&) {
    close();
    return std::nullopt;
  }
  Bytes out{static_cast<std::uint8_t>((c.cla & ~0x04) | 0x80), c.ins, c.p1, c.p2};
  if (!plain.empty()) {
    out.push_back(static_cast<std::uint8_t>(plain.size()));
    out.insert(out.end(), plain.begin(), plain.end());
  }
  if (c.has_le) out.push_back(c.ne >= 256 ? 0x00 : static_cast<std::uint8_t>(c.ne));
  err = sw::kOk;
  return out;
}

Bytes CardSession::protect_response(ByteView data, StatusWord sw) {
  if (state_ != State::Authenticated || (level_ & level::kRMac) == 0) return Bytes(data.begin(), data.end());
  Bytes out = (level_ & level::kREncryption) && !data.empty() ? channel_->encrypt_response_data(data)
                                                              : Bytes(data.begin(), data.end());
  const Mac mac = channel_->response_mac(out, sw);
  out.insert(out.end(), mac.begin(), mac.end());
  return out;
}

}  // namespace cardcore::gp::scp03
