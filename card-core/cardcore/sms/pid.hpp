#pragma once
// TS 23.040 §9.2.3.9 TP-Protocol-Identifier.
#include <cstdint>
#include <string_view>

namespace cardcore::sms {

inline constexpr std::uint8_t kPidSmeToSme = 0x00;             // no interworking, "implicit"
inline constexpr std::uint8_t kPidShortMessageType0 = 0x40;
inline constexpr std::uint8_t kPidReplaceShortMessageType1 = 0x41;  // .. 0x47 for types 1..7
inline constexpr std::uint8_t kPidReturnCallMessage = 0x5F;
inline constexpr std::uint8_t kPidAnsi136RData = 0x7C;          // ANSI-136 R-DATA
inline constexpr std::uint8_t kPidMeDataDownload = 0x7D;
inline constexpr std::uint8_t kPidMeDepersonalization = 0x7E;
inline constexpr std::uint8_t kPidSimDataDownload = 0x7F;      // (U)SIM Data download, TS 31.111 §7.1

// Bits 7..6 of the octet.
enum class PidGroup : std::uint8_t {
  Protocol = 0,          // 00: bit 5 = telematic interworking, bits 4..0 protocol / device
  ShortMessageType = 1,  // 01: bits 5..0 the message type (0x40..0x7F)
  Reserved = 2,          // 10
  ServiceCentre = 3,     // 11: bits 5..0 for SC specific use
};

struct ProtocolId {
  PidGroup group = PidGroup::Protocol;
  bool telematic_interworking = false;  // group Protocol, bit 5
  std::uint8_t code = 0;                // bits 4..0 (group Protocol) or bits 5..0 (other groups)
};

ProtocolId decode_pid(std::uint8_t pid);

// A short English name of the value ("(U)SIM Data download", "Replace Short
// Message Type 3", "telematic interworking", "reserved", ...).
std::string_view pid_name(std::uint8_t pid);

}  // namespace cardcore::sms
