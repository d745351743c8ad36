#pragma once
// Data Grouping Identifiers (GP Card Specification v2.3 §11.11.2.2, the
// STORE DATA "DGI format"): a 2-byte tag, a length of 1 byte ('00'-'FE') or
// 'FF' and 2 bytes, the value.
#include <cstdint>
#include <optional>

#include "cardcore/util/bytes.hpp"

namespace cardcore::euicc {

struct Dgi {
  std::uint16_t tag = 0;
  ByteView value;  // into the parsed data
};

// Exactly one DGI spanning `data`; nullopt for anything else.
std::optional<Dgi> parse_dgi(ByteView data);
Bytes encode_dgi(std::uint16_t tag, ByteView value);

}  // namespace cardcore::euicc
