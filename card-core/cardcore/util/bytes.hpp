#pragma once
// Byte strings and their hexadecimal form, as used in APDU scripts, profile
// descriptions and test vectors.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cardcore {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Thrown when a hex string is malformed; the message names the offending text.
struct HexError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Parses hex digits; spaces, tabs, ':' and '-' between byte pairs are ignored.
// Throws HexError on an odd number of digits or a non-hex character.
Bytes from_hex(std::string_view text);

// Lower-case hex without separators ("9000"), or upper-case with a space
// between bytes when spaced is true ("90 00").
std::string to_hex(ByteView bytes, bool spaced = false);

// `value`'s low `digits` hex digits, upper case ("9000", "6A80" for a status
// word with 4; "0F" for an octet with 2).
std::string hex_digits(std::uint64_t value, int digits);

inline std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline void put_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

}  // namespace cardcore
