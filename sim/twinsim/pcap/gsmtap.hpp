#pragma once
// GSMTAP version 2 (Osmocom's pseudo-header for cellular captures, UDP port
// 4729 assigned by IANA): a 16-byte header in front of the payload, which
// Wireshark hands to the dissector its type names. The twin writes two
// types: SIM, an APDU exchange between terminal and card (the command's
// header and data, then the response's data and status word, as Osmocom's
// SIMtrace captures it); and LTE NAS, a plain EPS NAS message
// (nas_sms.hpp).
#include <cstdint>
#include <span>
#include <vector>

namespace twinsim::pcap {

inline constexpr std::uint16_t kGsmtapPort = 4729;
inline constexpr std::uint8_t kGsmtapVersion = 2;
inline constexpr std::uint8_t kGsmtapTypeSim = 0x04;
inline constexpr std::uint8_t kGsmtapTypeLteNas = 0x12;
inline constexpr std::uint8_t kGsmtapSimApdu = 0x00;      // SIM sub-types: a whole exchange
inline constexpr std::uint8_t kGsmtapSimAtr = 0x01;       // the card's ATR
inline constexpr std::uint8_t kGsmtapLteNasPlain = 0;     // LTE NAS sub-type: no security header
inline constexpr std::uint16_t kGsmtapArfcnUplink = 0x4000;  // the ARFCN field's uplink flag

// The header (version, length in 32-bit words, type, timeslot, ARFCN with
// its flags, signal, SNR, frame number, sub-type, antenna, sub-slot,
// reserved; network byte order) followed by `payload`.
std::vector<std::uint8_t> gsmtap_packet(std::uint8_t type, std::uint8_t sub_type, bool uplink,
                                        std::span<const std::uint8_t> payload);

}  // namespace twinsim::pcap
