#pragma once
// Short decodes of the APDUs of a device's trace (`esimtwin apdus`): the
// command's name from CLA/INS (TS 102 221 §10.1.2 Table 10.5, card-core's
// command_name) refined from its data where the name alone says little
// (the ENVELOPE's BER-TLV, TS 102 223 §7; the proactive command a TERMINAL
// RESPONSE answers, §6.8; MANAGE CHANNEL's open or close, TS 102 221
// §11.1.17), and a response's status word (TS 102 221 §10.2.1, card-core's
// describe_status) with the proactive command a FETCH returns (§6.6).
#include <cstdint>
#include <span>
#include <string>

namespace twinanalysis {

// "ENVELOPE (SMS-PP download)", "TERMINAL RESPONSE (REFRESH: performed)",
// "SELECT", ...; a command shorter than its header: "(not an APDU)".
std::string describe_command(std::span<const std::uint8_t> command);

// The response to `command`: "REFRESH (UICC reset); normal ending" for a
// FETCH's, "normal ending, proactive command pending", ...
std::string describe_response(std::span<const std::uint8_t> command, std::span<const std::uint8_t> response);

// The name of a proactive command's type (TS 102 223 §9.4): "REFRESH",
// "SEND SHORT MESSAGE", ...; "proactive command 'XX'" for another.
std::string proactive_command_name(std::uint8_t type);

}  // namespace twinanalysis
