// Checkpoints of the off-card entity's SCP03 session (GlobalPlatform Card
// Specification v2.3 Amendment D §7): an SM-DP's session with an ISD-P
// lasts across the scripts of a download, so a checkpoint between two of
// them holds it. Little-endian (util/state_io.hpp); "short" is a length u8
// and the bytes:
//
//   static keys: KVN u8, K-ENC, K-MAC, K-DEK (short each: 16, 24 or 32;
//     K-DEK may be empty)
//   host challenge (short: 8), card challenge (short: 0 before the
//     INITIALIZE UPDATE response, else 8)
//   sequence counter u32 (3 bytes' worth, §7.1.2), security level u8
//   session keys S-ENC, S-MAC, S-RMAC (short each: none, or all one length)
//   channel u8 (0 or 1; 1 exactly when the card challenge is there), then
//     the MAC chaining value (16 bytes) and encryption counter u64
//   wrapped commands not answered u32, each: its chaining value (16 bytes)
//     and counter u64, oldest first
#include <string>

#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/gp/scp03_state_fields.hpp"

namespace cardcore::gp::scp03 {

using namespace state_fields;

void HostSession::save_state(Bytes& out) const {
  state::put_u8(out, keys_.kvn);
  put_short(out, keys_.enc);
  put_short(out, keys_.mac);
  put_short(out, keys_.dek);
  put_short(out, host_challenge_);
  put_short(out, card_challenge_);
  state::put_u32(out, sequence_);
  state::put_u8(out, level_);
  put_session_keys(out, session_);
  state::put_u8(out, channel_ ? 1 : 0);
  if (channel_) put_channel(out, *channel_);
  state::put_u32(out, static_cast<std::uint32_t>(sent_.size()));
  for (const Sent& s : sent_) {
    put_block(out, s.chaining);
    state::put_u64(out, s.counter);
  }
}

HostSession HostSession::parse_state(state::Reader& in) {
  StaticKeys keys;
  keys.kvn = in.u8("SCP03 key version");
  keys.enc = read_key(in, "SCP03 K-ENC");
  keys.mac = read_key(in, "SCP03 K-MAC");
  keys.dek = read_key(in, "SCP03 K-DEK");
  if (keys.enc.empty() || keys.enc.size() != keys.mac.size()) state::fail("SCP03 K-ENC and K-MAC missing or of different lengths");
  Bytes host_challenge = read_challenge(in, "SCP03 host challenge");
  if (host_challenge.empty()) state::fail("SCP03 host session without its host challenge");
  HostSession s(std::move(keys), std::move(host_challenge));
  s.card_challenge_ = read_challenge(in, "SCP03 card challenge");
  s.sequence_ = in.u32("SCP03 sequence counter");
  if (s.sequence_ > 0xFFFFFF) state::fail("SCP03 sequence counter above 'FFFFFF' (§7.1.2)");
  s.level_ = in.u8("SCP03 security level");
  s.session_ = read_session_keys(in);
  // A good INITIALIZE UPDATE response sets the card challenge, the session
  // keys and the channel together (take_response()).
  const bool has_channel = in.flag("SCP03 channel flag");
  if (has_channel != !s.card_challenge_.empty() || has_channel != !s.session_.s_enc.empty())
    state::fail("SCP03 channel flag does not fit the card challenge and session keys");
  if (has_channel) s.channel_.emplace(read_channel(in, s.session_));
  const std::uint32_t n = in.u32("SCP03 commands not answered");
  in.need(static_cast<std::size_t>(n) * 24, "SCP03 commands not answered");
  if (n != 0 && !has_channel) state::fail("SCP03 commands wrapped without a channel");
  for (std::uint32_t i = 0; i < n; ++i) {
    Sent sent;
    sent.chaining = read_block(in, "SCP03 command's chaining value");
    sent.counter = in.u64("SCP03 command's counter");
    s.sent_.push_back(sent);
  }
  return s;
}

}  // namespace cardcore::gp::scp03
