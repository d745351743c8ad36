#pragma once
// The SCP03 secure messaging of one session, GlobalPlatform Card
// Specification v2.3 Amendment D: the MAC chaining value and C-MAC (§6.2.4),
// R-MAC (§6.2.5), command data encryption with the encryption counter
// (§6.2.6) and response data encryption (§6.2.7). S8 mode: the MACs sent are
// the leftmost 8 bytes; the chaining value is the full 16-byte CMAC.
//
// Used alike by the card and by an off-card entity (tests): both sides call
// the same functions in the same order. Nothing here looks at a security
// level; the caller decides which protections a command gets.
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::gp::scp03 {

inline constexpr std::size_t kMacBytes = 8;  // S8 mode

using Mac = std::array<std::uint8_t, kMacBytes>;
using Block = std::array<std::uint8_t, 16>;

class SecureChannel {
 public:
  // Throws std::invalid_argument when a session key is not 16, 24 or 32
  // bytes or the three differ in length. Starts with the MAC chaining value
  // 16 bytes '00' and the encryption counter 0 (§6.2.4, §6.2.6).
  explicit SecureChannel(const SessionKeys& keys);
  // The same channel resumed at a saved point (a checkpoint of the card's
  // session): that chaining value and encryption counter.
  SecureChannel(const SessionKeys& keys, const Block& chaining, std::uint64_t counter);

  // §6.2.4: CMAC under S-MAC over chaining value || CLA' INS P1 P2 Lc' ||
  // data, where data is the data field as sent without the MAC (already
  // encrypted under C-DECRYPTION), Lc' = data length + 8, and CLA' is CLA
  // with the logical channel bits (b2 b1) and b4 cleared and b3 ('04') set.
  // The full CMAC becomes the new chaining value; the C-MAC is its leftmost
  // 8 bytes. Throws std::invalid_argument when Lc' would exceed 255 or CLA
  // is of the further interindustry class (logical channels 4-19, not
  // supported).
  Mac command_mac(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data);
  // The card's side: command_mac() compared in constant time with the
  // received one. The chaining value moves on either way.
  bool verify_command_mac(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                          ByteView received_mac);

  const Block& mac_chaining_value() const { return chaining_; }

  // §6.2.5: CMAC under S-RMAC over chaining value (that of the command
  // answered) || response data (as sent, encrypted under R-ENCRYPTION) ||
  // SW1 SW2, leftmost 8 bytes. Leaves the chaining value unchanged.
  Mac response_mac(ByteView data, std::uint16_t sw);
  // The same for an earlier command, whose chaining value the off-card
  // entity kept (it sent several commands before reading their responses,
  // as in a script of a secured packet).
  Mac response_mac(ByteView data, std::uint16_t sw, const Block& chaining);

  // §6.2.6: the encryption counter is incremented for every command (the
  // first after EXTERNAL AUTHENTICATE uses 1), even one without data, which
  // is then not encrypted (empty in, empty out). Data is padded '80 00..' to
  // a multiple of 16 (ISO/IEC 9797-1 method 2) and AES-CBC encrypted under
  // S-ENC with ICV = AES(S-ENC, counter as a 16-byte big-endian number).
  // Throws std::invalid_argument when the result would not fit a short Lc
  // with the MAC (more than 247 bytes).
  Bytes encrypt_command_data(ByteView plain);
  // The card's side of the same: increments the counter, decrypts and strips
  // the padding. Throws std::invalid_argument when the length is not a
  // multiple of 16 or the padding is missing.
  Bytes decrypt_command_data(ByteView cipher);

  // §6.2.7: response data under the counter of the command answered, with
  // the ICV block's first byte set to '80'; no data, nothing encrypted.
  Bytes encrypt_response_data(ByteView plain);
  // The off-card side of the same; errors as decrypt_command_data().
  Bytes decrypt_response_data(ByteView cipher);
  // The same under an earlier command's counter.
  Bytes decrypt_response_data(ByteView cipher, std::uint64_t counter);

  std::uint64_t encryption_counter() const { return counter_; }

  // SCP03t, the TLV form of SGP.02 §2.5.2 / §4.1.3.3: the same chaining,
  // counter and keys over command TLVs instead of APDUs. The C-MAC input is
  // chaining value || tag || length || data, the length the BER length of
  // the data as sent plus the 8-byte MAC; the full CMAC becomes the new
  // chaining value. The data of a TLV is not bound by a short Lc: at most
  // kMaxTlvData bytes once padded (a segment is at most 1024 bytes with its
  // tag and length, SGP.02 §4.1.3.3).
  static constexpr std::size_t kMaxTlvData = 1024 - 4 - kMacBytes;
  Mac tlv_command_mac(std::uint8_t tag, ByteView data);
  bool verify_tlv_command_mac(std::uint8_t tag, ByteView data, ByteView received_mac);
  // The R-MAC of a response TLV: CMAC under S-RMAC over the chaining value
  // of the command answered || the response data as sent (SCP03t has no
  // status word; ours, as SGP.02 leaves it to Amendment D's rule).
  Mac tlv_response_mac(ByteView data, const Block& chaining);
  // §6.2.6 / §6.2.7 for TLV data: as encrypt_command_data() and the others,
  // bounded by kMaxTlvData instead of a short Lc.
  Bytes encrypt_tlv_command_data(ByteView plain);
  Bytes decrypt_tlv_command_data(ByteView cipher);
  Bytes encrypt_tlv_response_data(ByteView plain);
  Bytes decrypt_tlv_response_data(ByteView cipher, std::uint64_t counter);
  // The ICV for a counter value: AES(S-ENC, counter as 16 bytes big-endian),
  // with the first byte '80' for a response.
  Block icv(std::uint64_t counter, bool response);

 private:
  Bytes encrypt(ByteView plain, const Block& icv, std::size_t max_bytes);
  Bytes decrypt(ByteView cipher, const Block& icv);
  Mac chain(ByteView header, ByteView data);

  ota::BlockCipher enc_;
  ota::BlockCipher mac_;
  ota::BlockCipher rmac_;
  Block chaining_{};
  std::uint64_t counter_ = 0;
};

}  // namespace cardcore::gp::scp03
