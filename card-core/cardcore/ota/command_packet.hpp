#pragma once
// Layout of the command packet of ETSI TS 102 225 §5.1 in its SMS form,
// 3GPP TS 31.115 §4.1:
//
//   CPL(2) CHL(1) SPI(2) KIc(1) KID(1) TAR(3) | CNTR(5) PCNTR(1) RC/CC/DS secured data [padding]
//   '-------------- never ciphered --------'   '----- ciphered when SPI b3 is set ------------'
//
// CPL counts the bytes after itself, CHL those from SPI to the end of the
// RC/CC/DS. The Command Packet Identifier of the SMS form is the UDH element
// '70' with length 0 (UDH 02 70 00), which the SMS layer adds and strips: the
// codecs here start at CPL.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/ota/spi.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

inline constexpr std::size_t kCommandHeaderBytes = 10;  // CPL..TAR
inline constexpr std::size_t kCommandChlMin = 13;       // SPI(2) KIc KID TAR(3) CNTR(5) PCNTR: no RC/CC/DS
inline constexpr std::size_t kCommandCounterOffset = 10;
inline constexpr std::size_t kCommandMinBytes = kCommandHeaderBytes + kCounterBytes + 1;  // up to PCNTR

// The clear header of a command packet.
struct CommandHeader {
  std::uint16_t cpl = 0;
  std::uint8_t chl = 0;
  Spi spi;
  std::uint8_t kic = 0;
  std::uint8_t kid = 0;
  Tar tar{};

  // Length of the RC/CC/DS field that CHL gives.
  std::size_t integrity_length() const { return chl - kCommandChlMin; }
};

// Structural faults, found before the TAR or the keys are known: the packet
// cannot be answered with a PoR (see receiving_entity.hpp).
enum class PacketFormat : std::uint8_t {
  Ok,
  TooShort,             // fewer bytes than CPL announces, or than the header needs
  LengthMismatch,       // more bytes than CPL announces
  HeaderLengthInvalid,  // CHL below 13, beyond the packet, or not the RC/CC length of the SPI/KID
};
std::string_view describe(PacketFormat format);

// Reads the clear header; any byte string is safe to pass.
PacketFormat parse_command_header(ByteView packet, CommandHeader& header);

// The bytes the RC/CC of a command packet covers (TS 102 225 §5.1.3 with
// TS 31.115 §4.1): CPL, CHL, SPI, KIc, KID, TAR, CNTR, PCNTR, the secured data
// and its padding — the packet in clear without the RC/CC/DS field; the UDH is
// not included. header: the 10 clear bytes; plain: CNTR to the end, deciphered.
void command_integrity_input(ByteView header, ByteView plain, std::size_t field_length, Bytes& out);

}  // namespace cardcore::ota
