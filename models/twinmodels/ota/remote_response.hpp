#pragma once
// The script response a PoR carries, in the format of the command script
// that asked for it (ETSI TS 102 226 §5.1.2 compact, §5.2.2 expanded), with
// what a platform usually asks of either: how many commands ran, the last
// status word, the last response data.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <variant>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/compact_format.hpp"
#include "twinmodels/ota/expanded_response.hpp"

namespace twinmodels::ota {

// Application: the secured data is an applet's own message (the write-card
// applet's, write_card_messages.hpp), not a script; the PoR's additional
// data is left to the caller (PorResult::response stays empty).
enum class ScriptFormat : std::uint8_t { Compact, Expanded, Application };

// The format of a command script's secured data: expanded when it starts
// with a Command Scripting template tag ('AA' or 'AE', TS 102 226 §5.2.1),
// which no C-APDU of a compact script starts with (TS 102 221 §10.1.1 codes
// no class byte 'AA' or 'AE'); compact otherwise.
ScriptFormat script_format_of(ByteView secured_data);

using RemoteResponse = std::variant<CompactResponse, ExpandedResponse>;

// Throws OtaError(MalformedResponseData).
RemoteResponse decode_remote_response(ByteView additional_data, ScriptFormat format);

std::size_t executed_commands(const RemoteResponse& r);
// nullopt: an expanded response without any R-APDU (e.g. a Bad Format).
std::optional<std::uint16_t> last_status_word(const RemoteResponse& r);
// Empty when the last command returned none (or nothing ran).
Bytes last_response_data(const RemoteResponse& r);

}  // namespace twinmodels::ota
