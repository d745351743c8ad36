#pragma once
// Philox4x32, the counter-based pseudo-random function of Salmon, Moraes,
// Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3" (SC'11), as
// defined by its reference implementation, Random123 (philox.h): a 128-bit
// counter and a 64-bit key go in, 128 bits come out. Every round is a
// bijection of the counter for a fixed key, so distinct counters never give
// the same output block.
#include <array>
#include <cstdint>

namespace twinmodels {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;
using PhiloxBlock = std::array<std::uint32_t, 4>;

// Philox4x32 with `rounds` S-box rounds (Random123 tests 7 and 10).
PhiloxBlock philox4x32(PhiloxCounter counter, PhiloxKey key, unsigned rounds);

// Philox4x32-10: Random123's default round count, which the paper keeps as
// a safety margin above the fewest rounds that pass TestU01's BigCrush.
inline PhiloxBlock philox4x32_10(const PhiloxCounter& counter, const PhiloxKey& key) {
  return philox4x32(counter, key, 10);
}

}  // namespace twinmodels
