#pragma once
// The length field shared by BER-TLV (ISO/IEC 8825-1 §8.1.3, definite form)
// and COMPREHENSION-TLV, coded as TS 102 223 Annex C gives it for both:
// '00'-'7F' in one byte; '81' then '80'-'FF'; '82' then '0100'-'FFFF'.
#include <cstddef>
#include <cstdint>

#include "cardcore/tlv/tlv_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::tlv {

inline constexpr std::size_t kMaxLength = 0xFFFF;

struct Length {
  std::size_t value = 0;   // the number of value bytes
  std::size_t header = 0;  // bytes taken by the length field itself (1..3)
};

// Reads a length field at the start of `in` (strict: the shortest form only).
Result<Length> read_length(ByteView in);

// Bytes the shortest length field for `n` takes (1..3).
std::size_t length_size(std::size_t n);

// Appends the shortest length field for `n`. Throws std::length_error for
// n > kMaxLength (a caller's error, never the result of input bytes).
void put_length(Bytes& out, std::size_t n);

}  // namespace cardcore::tlv
