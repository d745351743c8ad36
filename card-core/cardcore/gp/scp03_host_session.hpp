#pragma once
// The off-card entity's side of an SCP03 session (GlobalPlatform Card
// Specification v2.3 Amendment D §7): what an SM-DP (or a test) sends to a
// security domain and how it reads the answers. The counterpart of
// CardSession, on the same SecureChannel.
#include <cstdint>
#include <deque>
#include <optional>

#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_channel.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::gp::scp03 {

// One plain command (CLA '80', short form) as an off-card entity sends it
// in a session at `security_level`: data ciphered at level '03' and up
// (§6.2.6), the C-MAC (§6.2.4), CLA '84', Le kept. Throws
// std::invalid_argument for a command whose Lc does not match its length.
Bytes wrap_command(SecureChannel& channel, std::uint8_t security_level, ByteView plain);

class HostSession {
 public:
  HostSession(StaticKeys keys, Bytes host_challenge);
  // INITIALIZE UPDATE: CLA '80', P1 the key version, the host challenge, Le.
  Bytes initialize_update() const;
  // Reads the INITIALIZE UPDATE response data (§7.1.2: 10 bytes
  // diversification data, key information, card challenge, card
  // cryptogram, sequence counter with i = '70'); false when it is
  // malformed, for another key version or the card cryptogram is wrong.
  bool take_response(ByteView response);
  // EXTERNAL AUTHENTICATE (CLA '84') at `security_level`: host cryptogram
  // and C-MAC. Throws std::logic_error before take_response() succeeded.
  Bytes external_authenticate(std::uint8_t security_level);
  // A plain command (CLA '80', short form) as the session sends it: data
  // ciphered at level '03' and up, C-MAC, CLA '84', Le kept.
  Bytes wrap(ByteView plain);
  // A response of the session: the R-MAC checked and R-ENCRYPTION undone
  // as the level asks; nullopt when the MAC is wrong. Responses are taken
  // in the order of the commands wrap() made (each against its own command's
  // chaining value and counter), so a whole script can be wrapped first and
  // its responses read afterwards.
  std::optional<Bytes> unwrap_response(ByteView data, std::uint16_t sw);
  // SCP03t, the TLV form (GSMA SGP.02 §2.5.2, §4.1.3.3;
  // scp03t_host_session.cpp). The '84' TLV { KVN, key identifier '00', host
  // challenge }; its response's value goes to take_response().
  Bytes initialize_update_tlv() const;
  // The '85' TLV { kTlvSecurityLevel, host cryptogram, C-MAC }. Throws
  // std::logic_error before take_response() succeeded.
  Bytes external_authenticate_tlv();
  // A command TLV of the session: `tag` { plain data ciphered, C-MAC }.
  // Throws std::logic_error outside a session, std::invalid_argument for
  // data that does not fit a segment (SecureChannel::kMaxTlvData).
  Bytes wrap_tlv(std::uint8_t tag, ByteView plain);
  // The value of a response TLV to the oldest wrapped command not answered
  // yet: empty (no data, no R-MAC) or ciphered data and R-MAC, checked and
  // deciphered; nullopt when the MAC or the padding is wrong.
  std::optional<Bytes> unwrap_tlv_response(ByteView value);

  std::uint32_t sequence_counter() const { return sequence_; }
  ByteView card_challenge() const { return card_challenge_; }

  // Checkpoints of the off-card side (scp03_host_session_state.cpp has the
  // layout): the static keys, challenges, sequence counter, level, session
  // keys, the channel's MAC chaining value and encryption counter, and the
  // wrapped commands not answered yet — appended to `out`, and read back.
  // parse_state() throws std::invalid_argument ("card state: ...",
  // util/state_io.hpp) for malformed or truncated input.
  void save_state(Bytes& out) const;
  static HostSession parse_state(state::Reader& in);

 private:
  StaticKeys keys_;
  Bytes host_challenge_, card_challenge_;
  std::uint32_t sequence_ = 0;
  std::uint8_t level_ = 0;
  SessionKeys session_;
  std::optional<SecureChannel> channel_;
  // Per wrapped command not yet answered: its chaining value and counter.
  struct Sent {
    Block chaining;
    std::uint64_t counter = 0;
  };
  std::deque<Sent> sent_;
};

}  // namespace cardcore::gp::scp03
