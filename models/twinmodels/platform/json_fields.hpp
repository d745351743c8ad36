#pragma once
// Reading and writing the fields of the platforms' JSON messages
// (function_json.hpp): each read names the field it failed on, so a
// malformed message is refused with std::invalid_argument saying which
// field and why ("Body.Eid: not 32 digits").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::platform::json_fields {

using nlohmann::json;

// Throws std::invalid_argument("<where>: <what>").
[[noreturn]] void refuse(std::string_view where, std::string_view what);

// `j` must be a JSON object; `where` names it in the error.
const json& object(const json& j, std::string_view where);
// The member `name` of the object `j` (at `where`): required ones throw
// when missing; all throw for a value of the wrong type.
const json* member(const json& j, std::string_view where, const char* name, bool required);
std::string text(const json& j, std::string_view where, const char* name);  // required, non-empty
std::optional<std::string> optional_text(const json& j, std::string_view where, const char* name);
bool boolean(const json& j, std::string_view where, const char* name);
std::optional<std::uint64_t> optional_unsigned(const json& j, std::string_view where, const char* name,
                                               std::uint64_t max);
cardcore::Bytes hex(const json& j, std::string_view where, const char* name);  // required, non-empty
std::optional<cardcore::Bytes> optional_hex(const json& j, std::string_view where, const char* name);

// Upper-case hex without separators, as XML's hexBinary is written.
std::string to_hex_binary(cardcore::ByteView b);

// SGP.02's identifiers: an EID of 32 decimal digits (SGP.02 §2.2.2); an
// ICCID of 18 to 20 decimal digits (ITU-T E.118: up to 19 digits and the
// Luhn digit; 18-digit ones are still issued). Throw naming `where`.
void check_eid(const std::string& eid, std::string_view where);
void check_iccid(const std::string& iccid, std::string_view where);

}  // namespace twinmodels::platform::json_fields
