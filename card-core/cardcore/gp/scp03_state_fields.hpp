#pragma once
// The fields both sides' SCP03 session checkpoints share (GlobalPlatform
// Card Specification v2.3 Amendment D): a length byte and the bytes; a
// challenge (none, or S8 mode's 8 bytes, §6.2.2); a key (none, or
// AES-128/192/256, §6.2.1); the channel's MAC chaining value and encryption
// counter (§6.2.4, §6.2.6). Reading errors are "card state: ..."
// (util/state_io.hpp).
#include <algorithm>
#include <cstdint>
#include <string>

#include "cardcore/gp/scp03_channel.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::gp::scp03::state_fields {

inline void put_short(Bytes& out, ByteView b) {
  state::put_u8(out, static_cast<std::uint8_t>(b.size()));
  state::put_bytes(out, b);
}

inline Bytes read_challenge(state::Reader& in, const char* what) {
  const std::size_t n = in.u8(what);
  if (n != 0 && n != kChallengeBytes) state::fail(std::string(what) + " of " + std::to_string(n) + " bytes, not 0 or 8");
  const ByteView b = in.bytes(n, what);
  return Bytes(b.begin(), b.end());
}

inline Bytes read_key(state::Reader& in, const char* what) {
  const std::size_t n = in.u8(what);
  if (n != 0 && n != 16 && n != 24 && n != 32) {
    state::fail(std::string(what) + " of " + std::to_string(n) + " bytes, not 0, 16, 24 or 32");
  }
  const ByteView b = in.bytes(n, what);
  return Bytes(b.begin(), b.end());
}

// Session keys S-ENC, S-MAC, S-RMAC: all three of one length, or none.
inline void put_session_keys(Bytes& out, const SessionKeys& k) {
  put_short(out, k.s_enc);
  put_short(out, k.s_mac);
  put_short(out, k.s_rmac);
}
inline SessionKeys read_session_keys(state::Reader& in) {
  SessionKeys k;
  k.s_enc = read_key(in, "SCP03 S-ENC");
  k.s_mac = read_key(in, "SCP03 S-MAC");
  k.s_rmac = read_key(in, "SCP03 S-RMAC");
  if (k.s_enc.size() != k.s_mac.size() || k.s_enc.size() != k.s_rmac.size())
    state::fail("SCP03 session keys of different lengths");
  return k;
}

inline void put_block(Bytes& out, const Block& b) { state::put_bytes(out, b); }
inline Block read_block(state::Reader& in, const char* what) {
  const ByteView b = in.bytes(Block{}.size(), what);
  Block block{};
  std::copy(b.begin(), b.end(), block.begin());
  return block;
}

// A channel's MAC chaining value and encryption counter.
inline void put_channel(Bytes& out, const SecureChannel& c) {
  put_block(out, c.mac_chaining_value());
  state::put_u64(out, c.encryption_counter());
}
inline SecureChannel read_channel(state::Reader& in, const SessionKeys& keys) {
  const Block chaining = read_block(in, "SCP03 MAC chaining value");
  const std::uint64_t counter = in.u64("SCP03 encryption counter");
  return SecureChannel(keys, chaining, counter);
}

}  // namespace cardcore::gp::scp03::state_fields
