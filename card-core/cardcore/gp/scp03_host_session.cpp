#include "cardcore/gp/scp03_host_session.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore::gp::scp03 {

namespace {

// A short C-APDU with data (and Le '00').
Bytes apdu(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data, bool le) {
  Bytes c;
  c.reserve(6 + data.size());
  for (std::uint8_t b : {cla, ins, p1, p2, static_cast<std::uint8_t>(data.size())}) c.push_back(b);
  c.insert(c.end(), data.begin(), data.end());
  if (le) c.push_back(0x00);
  return c;
}

}  // namespace

HostSession::HostSession(StaticKeys keys, Bytes host_challenge)
    : keys_(std::move(keys)), host_challenge_(std::move(host_challenge)) {
  if (host_challenge_.size() != kChallengeBytes) throw std::invalid_argument("SCP03: the host challenge is 8 bytes");
}

Bytes HostSession::initialize_update() const {
  return apdu(0x80, 0x50, keys_.kvn, 0x00, host_challenge_, true);
}

bool HostSession::take_response(ByteView r) {
  // §7.1.2: 10 + 3 + 8 + 8 + 3 bytes with i = '70'.
  if (r.size() != 32 || r[10] != keys_.kvn || r[11] != 0x03 || r[12] != kParameterI) return false;
  card_challenge_.assign(r.begin() + 13, r.begin() + 21);
  session_ = derive_session_keys(keys_.enc, keys_.mac, host_challenge_, card_challenge_);
  const Cryptogram expected = card_cryptogram(session_.s_mac, host_challenge_, card_challenge_);
  if (!equal_constant_time(expected, ByteView(r).subspan(21, expected.size()))) return false;
  sequence_ = static_cast<std::uint32_t>(r[29] << 16 | r[30] << 8 | r[31]);
  channel_.emplace(session_);
  return true;
}

Bytes HostSession::external_authenticate(std::uint8_t security_level) {
  if (!channel_) throw std::logic_error("SCP03: EXTERNAL AUTHENTICATE before the INITIALIZE UPDATE response");
  level_ = security_level;
  const Cryptogram hc = host_cryptogram(session_.s_mac, host_challenge_, card_challenge_);
  const Mac mac = channel_->command_mac(0x84, 0x82, security_level, 0x00, hc);
  Bytes data(hc.begin(), hc.end());
  data.insert(data.end(), mac.begin(), mac.end());
  return apdu(0x84, 0x82, security_level, 0x00, data, false);
}

Bytes wrap_command(SecureChannel& channel, std::uint8_t security_level, ByteView plain) {
  if (plain.size() < 4) throw std::invalid_argument("SCP03: a command has at least 4 bytes");
  Bytes data;
  bool le = false;
  if (plain.size() == 5) {
    le = true;
  } else if (plain.size() > 5) {
    const std::size_t lc = plain[4];
    if (plain.size() != 5 + lc && plain.size() != 6 + lc) throw std::invalid_argument("SCP03: Lc does not match the command");
    data.assign(plain.begin() + 5, plain.begin() + 5 + static_cast<std::ptrdiff_t>(lc));
    le = plain.size() == 6 + lc;
  }
  if (security_level & level::kCDecryption) data = channel.encrypt_command_data(data);
  const Mac mac = channel.command_mac(plain[0], plain[1], plain[2], plain[3], data);
  data.insert(data.end(), mac.begin(), mac.end());
  Bytes out = apdu(static_cast<std::uint8_t>((plain[0] & ~0x80) | 0x84), plain[1], plain[2], plain[3], data, false);
  if (le) out.push_back(plain.back());
  return out;
}

Bytes HostSession::wrap(ByteView plain) {
  if (!channel_) throw std::logic_error("SCP03: no session");
  Bytes out = wrap_command(*channel_, level_, plain);
  sent_.push_back(Sent{channel_->mac_chaining_value(), channel_->encryption_counter()});
  return out;
}

std::optional<Bytes> HostSession::unwrap_response(ByteView data, std::uint16_t sw) {
  if (!channel_ || sent_.empty()) return std::nullopt;
  const Sent sent = sent_.front();
  sent_.pop_front();
  if ((level_ & level::kRMac) == 0) return Bytes(data.begin(), data.end());
  if (data.size() < kMacBytes) return std::nullopt;
  const ByteView body = data.first(data.size() - kMacBytes);
  const Mac mac = channel_->response_mac(body, sw, sent.chaining);
  if (!equal_constant_time(mac, data.last(kMacBytes))) return std::nullopt;
  if ((level_ & level::kREncryption) && !body.empty()) return channel_->decrypt_response_data(body, sent.counter);
  return Bytes(body.begin(), body.end());
}

}  // namespace cardcore::gp::scp03
