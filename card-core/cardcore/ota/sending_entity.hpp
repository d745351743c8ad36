#pragma once
// The platform's side of SCP80 (TS 102 225 calls it the Sending Entity, SE):
// encode a command packet and decode the PoR the card answers, byte for byte
// what the card side (receiving_entity.hpp) reads and writes.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/ota_keys.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/ota/spi.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

// The security the SE asks of one command packet and its PoR.
struct CommandSecurity {
  Spi spi;
  // CC length when the KID is AES-CMAC: 4 or 8 (TS 102 225 §5.1.3). DES-based
  // CCs are 8 bytes whatever this says.
  std::size_t aes_cc_length = 8;
  // KID byte sent when the command or its PoR uses an RC (no CC): CRC32.
  std::uint8_t rc_kid = make_kid(RedundancyAlgorithm::Crc32);
};

// Why a packet could not be built or read.
struct PacketError : std::invalid_argument {
  enum class Reason : std::uint8_t {
    Unsupported,      // DS, or keys that do not fit the security asked for
    Malformed,        // lengths disagree with the bytes
    CipheringError,   // ciphered part not whole blocks, PCNTR beyond the data
    IntegrityFailed,  // RC/CC of the PoR does not match
    TarMismatch,      // PoR for another TAR
    CounterMismatch,  // secured PoR with another CNTR
    NotSecured,       // a "PoR OK" without the protection the SPI asked for
  };
  PacketError(Reason r, const std::string& what) : std::invalid_argument(what), reason(r) {}
  Reason reason;
};

// The command packet from CPL (the SMS layer adds UDH 02 70 00): secured data
// padded with zero bytes to the cipher block when ciphering (PCNTR = their
// number), RC/CC over CPL..PCNTR, data and padding, ciphering of CNTR to the
// end with a zero IV. KIc and KID are keys.kic / keys.kid (rc_kid for an RC).
// Throws PacketError(Unsupported) for DS or keys that do not fit the packet
// or the PoR the SPI asks for (the card would answer 06),
// std::invalid_argument for a counter above 'FFFFFFFFFF' or a packet over
// 65535 bytes.
Bytes encode_command_packet(const CommandSecurity& security, const OtaKeys& keys, const Tar& tar, Counter counter,
                            ByteView secured_data);

struct DecodedPor {
  ResponsePacket packet;
  // True when the PoR carried the RC/CC and ciphering security.spi asked for.
  // False for a PoR the card sent unprotected (RHL = 10) because the command
  // failed its security checks: its status is then an error, and nothing in
  // it is authenticated.
  bool secured = false;
};

// Decodes the PoR of a command sent with `security`, `keys`, `tar` and
// `counter` (from RPL: strip the UDH 02 71 00 first). Throws PacketError.
DecodedPor decode_response_packet(ByteView packet, const CommandSecurity& security, const OtaKeys& keys, const Tar& tar,
                                  Counter counter);

}  // namespace cardcore::ota
