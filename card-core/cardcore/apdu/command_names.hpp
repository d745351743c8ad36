#pragma once
// Names of commands for transcripts and traces (TS 102 221 §10.1.2 Table
// 10.5, TS 51.011 §9.2, TS 102 223 §6.? for the CAT commands).
#include <cstdint>
#include <string_view>

namespace cardcore {

// "SELECT", "READ BINARY", ... or "UNKNOWN" for an INS the card does not know.
std::string_view command_name(std::uint8_t cla, std::uint8_t ins);

}  // namespace cardcore
