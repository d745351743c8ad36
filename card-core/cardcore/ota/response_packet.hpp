#pragma once
// Layout of the response packet (Proof of Receipt) of ETSI TS 102 225 §5.2 in
// its SMS form, 3GPP TS 31.115 §4.2:
//
//   RPL(2) RHL(1) TAR(3) | CNTR(5) PCNTR(1) status(1) RC/CC/DS additional data [padding]
//   '- never ciphered -'   '---------- ciphered when the SPI asks for it ---------------'
//
// RPL counts the bytes after itself, RHL those from TAR to the end of the
// RC/CC/DS. TAR and CNTR are copies of the command packet's. The Response
// Packet Identifier is the UDH element '71' with length 0 (UDH 02 71 00),
// which the SMS layer adds in the SMS-DELIVER-REPORT or SMS-SUBMIT; the codecs
// here start at RPL, but TS 31.115 §4.2 has those three UDH bytes in the RC/CC
// input, so the codecs put kResponsePacketUdh in front when computing it.
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/packet_security.hpp"
#include "cardcore/ota/por_status.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

inline constexpr std::array<std::uint8_t, 3> kResponsePacketUdh = {0x02, 0x71, 0x00};  // UDHL, IEI '71', IEIDL 0
inline constexpr std::size_t kResponseHeaderBytes = 6;  // RPL RHL TAR
inline constexpr std::size_t kResponseRhlMin = 10;      // TAR(3) CNTR(5) PCNTR status: no RC/CC/DS

struct ResponsePacket {
  Tar tar{};
  Counter counter = 0;
  PorStatus status = PorStatus::Ok;
  // Additional response data, e.g. TS 102 226 §5.1.2 for RFM: number of
  // commands executed, last status word, last response data.
  Bytes additional_data;
};

// Builds the packet: pads to the cipher block with zero bytes when cipher is
// given (PCNTR = their number), computes the integrity field over UDH, RPL,
// RHL, TAR, CNTR, PCNTR, status, the data and the padding, and ciphers CNTR to
// the end. Throws std::invalid_argument when the packet would pass 65535
// bytes.
Bytes encode_response_packet(const ResponsePacket& por, IntegrityField& integrity, BlockCipher* cipher);

enum class ResponseCheck : std::uint8_t {
  Ok,
  Malformed,        // RPL/RHL disagree with the bytes or with the integrity asked for
  CipheringError,   // ciphered part not whole blocks, or PCNTR beyond the data
  IntegrityFailed,  // RC/CC mismatch
};

// Reads a packet protected by `integrity` and, when given, `cipher`. Any byte
// string is safe to pass; `out` is complete only when the answer is Ok.
ResponseCheck decode_response_packet(ByteView packet, IntegrityField& integrity, BlockCipher* cipher,
                                     ResponsePacket& out);

}  // namespace cardcore::ota
