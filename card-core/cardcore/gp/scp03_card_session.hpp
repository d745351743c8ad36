#pragma once
// The card's side of an SCP03 secure channel session (GlobalPlatform Card
// Specification v2.3 Amendment D §7): INITIALIZE UPDATE with the
// pseudo-random card challenge (§6.2.2.1), EXTERNAL AUTHENTICATE with the
// host cryptogram and its C-MAC (§6.2.2.3, §7.2), then the commands of the
// session with CLA '84' (C-MAC checked, C-DECRYPTION at security level
// '03' and up) and their responses (R-MAC, R-ENCRYPTION when the level
// asks). A security domain keeps one per logical session; the keys and the
// sequence counter are the caller's (its NVM). S8 mode, i = '70' (pseudo-
// random card challenge, R-MAC and R-ENCRYPTION supported).
#include <cstdint>
#include <optional>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/gp/scp03_channel.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::gp::scp03 {

// A security domain's static SCP03 key set (Amendment D §4.1.1).
struct StaticKeys {
  std::uint8_t kvn = 0x30;  // key version number ('30' as in pySim's test set)
  Bytes enc, mac, dek;      // K-ENC, K-MAC, K-DEK, AES-128/192/256
};

// Amendment D §7.1.1: the "i" parameter this card announces.
inline constexpr std::uint8_t kParameterI = 0x70;
// Security levels of EXTERNAL AUTHENTICATE P1 (§7.2.2.1).
namespace level {
inline constexpr std::uint8_t kCMac = 0x01, kCDecryption = 0x02, kRMac = 0x10, kREncryption = 0x20;
}
// SGP.02 §2.5.2: SCP03t always runs with C-MAC, C-DECRYPTION, R-MAC and
// R-ENCRYPTION.
inline constexpr std::uint8_t kTlvSecurityLevel = 0x33;

// §6.2.2.1: the card challenge, KDF under K-ENC with constant '02', L = 64,
// context = the 3-byte sequence counter || the security domain's AID.
Bytes pseudo_random_card_challenge(ByteView k_enc, std::uint32_t sequence_counter, ByteView sd_aid);

class CardSession {
 public:
  // INITIALIZE UPDATE (P1 the key version, '00' for any; 8-byte host
  // challenge). `sequence_counter` is the counter for this session (the
  // caller has incremented and stored it). Sets `out` to key
  // diversification data (10 x '00'), key information (KVN, '03', i), card
  // challenge, card cryptogram, sequence counter. '6A88' for another key
  // version, '6A86' for P2, '6700' for the length. Any earlier session ends.
  StatusWord initialize_update(const StaticKeys& keys, std::uint32_t sequence_counter, ByteView sd_aid,
                               const CommandApdu& c, Bytes& out);
  // EXTERNAL AUTHENTICATE (CLA '84', P1 the security level): the host
  // cryptogram and the C-MAC. '6300' when they do not match (the session
  // ends), '6985' without an INITIALIZE UPDATE just before, '6A86' for a
  // level without C-MAC or with R-ENCRYPTION but not C-DECRYPTION.
  StatusWord external_authenticate(const CommandApdu& c);
  bool authenticated() const { return state_ == State::Authenticated; }
  std::uint8_t security_level() const { return level_; }
  void close();

  // A command of the authenticated session: CLA '84' with the C-MAC (and
  // data ciphered at level '03' and up). Returns the plain command (CLA
  // '80', data deciphered, no MAC, Le kept); on a wrong MAC or padding sets
  // `err` ('6982') and ends the session.
  std::optional<Bytes> unwrap(const CommandApdu& c, StatusWord& err);
  // The response of the last unwrapped command as the level asks: data
  // ciphered (R-ENCRYPTION, only when there is data) and the R-MAC.
  Bytes protect_response(ByteView data, StatusWord sw);

  // SCP03t, the TLV form of the same session (GSMA SGP.02 §2.5.2,
  // §4.1.3.3; scp03t_card_session.cpp). '84' { KVN, key identifier, host
  // challenge }: as INITIALIZE UPDATE with P1 the KVN and P2 the key
  // identifier; `out` the same response data.
  StatusWord initialize_update_tlv(const StaticKeys& keys, std::uint32_t sequence_counter, ByteView sd_aid,
                                   ByteView value, Bytes& out);
  // '85' { security level, host cryptogram, C-MAC }, the C-MAC over the TLV
  // (SecureChannel::tlv_command_mac). SCP03t runs at kTlvSecurityLevel only
  // ('6A86' otherwise); '6300' for a wrong cryptogram or MAC, '6985'
  // without an '84' just before, '6700' for the length. Any failure ends
  // the session.
  StatusWord external_authenticate_tlv(ByteView value);
  // A command TLV of the authenticated session, { data ciphered, C-MAC }:
  // its plain data; nullopt for a wrong MAC, padding or length, or no
  // session (the session ends).
  std::optional<Bytes> unwrap_tlv(std::uint8_t tag, ByteView value);
  // The value of the response TLV to the last unwrapped command: data
  // ciphered and its R-MAC; empty without data (SGP.02 §2.5.2: no R-MAC).
  Bytes protect_tlv_response(ByteView data);

  // Checkpoints (scp03_card_session_state.cpp): the whole session — state,
  // level, challenges, session keys, the channel's MAC chaining value and
  // encryption counter — appended to `out`, and read back. parse_state()
  // throws std::invalid_argument ("card state: ...", util/state_io.hpp) for
  // malformed or truncated input.
  void save_state(Bytes& out) const;
  static CardSession parse_state(state::Reader& in);

 private:
  enum class State : std::uint8_t { None, Initialized, Authenticated };
  State state_ = State::None;
  std::uint8_t level_ = 0;
  Bytes host_challenge_, card_challenge_;
  std::optional<SecureChannel> channel_;
  SessionKeys keys_;
};

}  // namespace cardcore::gp::scp03
