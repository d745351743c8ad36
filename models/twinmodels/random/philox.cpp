#include "twinmodels/random/philox.hpp"

namespace twinmodels {

namespace {

// Random123 philox.h (PHILOX_M4x32_0/1, PHILOX_W32_0/1): the multipliers of
// the two S-boxes and the Weyl-sequence key increments (the golden ratio and
// sqrt(3) - 1 as 32-bit fractions).
constexpr std::uint32_t kM0 = 0xD2511F53u;
constexpr std::uint32_t kM1 = 0xCD9E8D57u;
constexpr std::uint32_t kW0 = 0x9E3779B9u;
constexpr std::uint32_t kW1 = 0xBB67AE85u;

// One round: two 32x32 -> 64 bit products; the high halves are mixed with
// the other two words and the round key, and the words are permuted.
inline PhiloxBlock round(const PhiloxBlock& x, const PhiloxKey& k) {
  const std::uint64_t p0 = std::uint64_t{kM0} * x[0];
  const std::uint64_t p1 = std::uint64_t{kM1} * x[2];
  const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
  const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
  return {hi1 ^ x[1] ^ k[0], lo1, hi0 ^ x[3] ^ k[1], lo0};
}

}  // namespace

PhiloxBlock philox4x32(PhiloxCounter counter, PhiloxKey key, unsigned rounds) {
  for (unsigned r = 0; r < rounds; ++r) {
    if (r != 0) {  // the key schedule: bumped before every round but the first
      key[0] += kW0;
      key[1] += kW1;
    }
    counter = round(counter, key);
  }
  return counter;
}

}  // namespace twinmodels
