#pragma once
// Data Grouping Identifiers, the STORE DATA data structure SGP.02 uses for
// the key establishment commands (DGI '3A01', '3A02'; GPC Card Specification
// v2.3 §11.11 STORE DATA in DGI format): a two-byte identifier, a length of
// one byte ('00'..'FE') or 'FF' followed by two bytes, then the value.
#include <cstdint>
#include <optional>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

struct Dgi {
  std::uint16_t id = 0;
  ByteView value;        // refers into the input
  std::size_t size = 0;  // identifier + length + value bytes
};

// Appends id, length and value; throws std::length_error past 65535 bytes.
void put_dgi(Bytes& out, std::uint16_t id, ByteView value);
// The DGI at the start of `in`; nullopt when truncated, or when the
// three-byte length form is used for a length under 255.
std::optional<Dgi> read_dgi(ByteView in);

}  // namespace cardcore::ecasd
