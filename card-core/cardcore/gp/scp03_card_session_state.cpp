// Checkpoints of the card's SCP03 session (GlobalPlatform Card
// Specification v2.3 Amendment D §7): the session is volatile on a real
// card; the simulator saves it with the card that holds it. Layout in
// euicc/STATE-FORMAT.md ("SCP03 session").
#include <algorithm>
#include <string>

#include "cardcore/gp/scp03_card_session.hpp"

namespace cardcore::gp::scp03 {

namespace {

constexpr std::size_t kBlockBytes = 16;

void put_short(Bytes& out, ByteView b) {
  state::put_u8(out, static_cast<std::uint8_t>(b.size()));
  state::put_bytes(out, b);
}

// A challenge: none yet, or S8 mode's 8 bytes (Amendment D §6.2.2).
Bytes read_challenge(state::Reader& in, const char* what) {
  const std::size_t n = in.u8(what);
  if (n != 0 && n != kChallengeBytes) state::fail(std::string(what) + " of " + std::to_string(n) + " bytes, not 0 or 8");
  const ByteView b = in.bytes(n, what);
  return Bytes(b.begin(), b.end());
}

// A session key: none yet, or AES-128/192/256 (§6.2.1).
Bytes read_key(state::Reader& in, const char* what) {
  const std::size_t n = in.u8(what);
  if (n != 0 && n != 16 && n != 24 && n != 32) {
    state::fail(std::string(what) + " of " + std::to_string(n) + " bytes, not 0, 16, 24 or 32");
  }
  const ByteView b = in.bytes(n, what);
  return Bytes(b.begin(), b.end());
}

}  // namespace

void CardSession::save_state(Bytes& out) const {
  state::put_u8(out, static_cast<std::uint8_t>(state_));
  state::put_u8(out, level_);
  put_short(out, host_challenge_);
  put_short(out, card_challenge_);
  put_short(out, keys_.s_enc);
  put_short(out, keys_.s_mac);
  put_short(out, keys_.s_rmac);
  state::put_u8(out, channel_ ? 1 : 0);
  if (channel_) {
    state::put_bytes(out, channel_->mac_chaining_value());
    state::put_u64(out, channel_->encryption_counter());
  }
}

CardSession CardSession::parse_state(state::Reader& in) {
  CardSession s;
  const std::uint8_t st = in.u8("SCP03 session state");
  if (st > static_cast<std::uint8_t>(State::Authenticated)) {
    state::fail("SCP03 session state " + std::to_string(st) + " unknown");
  }
  s.state_ = static_cast<State>(st);
  s.level_ = in.u8("SCP03 security level");
  s.host_challenge_ = read_challenge(in, "SCP03 host challenge");
  s.card_challenge_ = read_challenge(in, "SCP03 card challenge");
  s.keys_.s_enc = read_key(in, "SCP03 S-ENC");
  s.keys_.s_mac = read_key(in, "SCP03 S-MAC");
  s.keys_.s_rmac = read_key(in, "SCP03 S-RMAC");
  const bool has_channel = in.flag("SCP03 channel flag");
  const bool keyed = !s.keys_.s_enc.empty() && s.keys_.s_enc.size() == s.keys_.s_mac.size() &&
                     s.keys_.s_enc.size() == s.keys_.s_rmac.size();
  // INITIALIZE UPDATE sets the challenges and the keys together (§7.1.1).
  if (s.state_ != State::None && (!keyed || s.host_challenge_.empty() || s.card_challenge_.empty())) {
    state::fail("an SCP03 session past INITIALIZE UPDATE without its challenges and session keys");
  }
  // EXTERNAL AUTHENTICATE opens the channel; close() drops it (§7.2).
  if (has_channel != (s.state_ == State::Authenticated)) {
    state::fail("SCP03 channel flag does not fit the session state");
  }
  if (s.state_ != State::Authenticated && s.level_ != 0) state::fail("SCP03 security level outside a session");
  if (s.state_ == State::Authenticated && (s.level_ & level::kCMac) == 0) {
    state::fail("SCP03 session without C-MAC (§7.2.2.1)");
  }
  if (has_channel) {
    const ByteView chaining = in.bytes(kBlockBytes, "SCP03 MAC chaining value");
    Block block{};
    std::copy(chaining.begin(), chaining.end(), block.begin());
    const std::uint64_t counter = in.u64("SCP03 encryption counter");
    s.channel_.emplace(s.keys_, block, counter);
  }
  return s;
}

}  // namespace cardcore::gp::scp03
