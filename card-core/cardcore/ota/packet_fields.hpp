#pragma once
// Fields shared by the command and the response packet of ETSI TS 102 225:
// the Toolkit Application Reference (TAR) and the 5-byte counter (CNTR).
#include <array>
#include <cstddef>
#include <cstdint>

namespace cardcore::ota {

// TS 102 225 §5.1: TAR, 3 bytes naming the receiving application (TS 101 220
// Annex D lists the values, e.g. B0 00 11 for USIM RFM).
using Tar = std::array<std::uint8_t, 3>;

// TS 102 225 §5.1: CNTR, a 5-byte big-endian replay counter. Held as an
// integer so the counter checks of §5.1.1 (SPI b4-b5) are comparisons.
using Counter = std::uint64_t;
inline constexpr std::size_t kCounterBytes = 5;
inline constexpr Counter kCounterMax = 0xFFFFFFFFFFull;  // all five bytes 'FF'

inline Counter read_counter(const std::uint8_t* p) {
  Counter c = 0;
  for (std::size_t i = 0; i < kCounterBytes; ++i) c = (c << 8) | p[i];
  return c;
}
// Writes the low 40 bits of c; the caller keeps c <= kCounterMax.
inline void write_counter(std::uint8_t* p, Counter c) {
  for (std::size_t i = kCounterBytes; i-- > 0;) {
    p[i] = static_cast<std::uint8_t>(c);
    c >>= 8;
  }
}

}  // namespace cardcore::ota
