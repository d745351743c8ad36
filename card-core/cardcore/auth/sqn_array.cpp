#include "cardcore/auth/sqn_array.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string>

namespace cardcore {

SqnArray::SqnArray(SqnPolicy policy) : policy_(policy) {
  if (policy_.ind_bits > kMaxIndBits)
    throw std::invalid_argument("SqnArray: ind_bits above " + std::to_string(kMaxIndBits));
}

void SqnArray::require_image(std::size_t size) const {
  if (size < image_bytes())
    throw std::invalid_argument("SqnArray: image of " + std::to_string(size) + " bytes, need " +
                                std::to_string(image_bytes()));
}

void SqnArray::reset(std::span<std::uint8_t> image) const {
  require_image(image.size());
  std::fill_n(image.begin(), image_bytes(), std::uint8_t{0});
}

std::uint64_t SqnArray::sqn_ms(ByteView image) const {
  require_image(image.size());
  // The entries are 6-byte big-endian numbers: eight bytes loaded at once
  // and turned hold one in their top 48 bits (the last entry, which may end
  // the image, is loaded byte by byte).
  const std::size_t n = entries();
  std::uint64_t highest = load_sqn48(image.data() + (n - 1) * kEntryBytes);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    std::uint64_t v;
    std::memcpy(&v, image.data() + i * kEntryBytes, 8);
    if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap64(v);
    highest = std::max(highest, v >> 16);
  }
  return highest;
}

SqnCheck SqnArray::check(ByteView image, std::uint64_t sqn) const {
  if (sqn > kSqnMax) throw std::invalid_argument("SqnArray: SQN above 48 bits");
  const std::uint64_t seq_ms = seq(sqn_ms(image));  // also checks the image size
  const std::uint64_t s = seq(sqn);
  SqnCheck result;
  // C.2.1: no jumps of more than delta above SEQ_MS.
  if (policy_.delta != 0 && s > seq_ms && s - seq_ms > policy_.delta) {
    result.verdict = SqnVerdict::DeltaExceeded;
    return result;
  }
  // C.2.2: with a limit L, SEQ_MS - SEQ < L before the array is consulted.
  if (policy_.age_limit != 0 && seq_ms >= s && seq_ms - s >= policy_.age_limit) {
    result.verdict = SqnVerdict::TooOld;
    return result;
  }
  // C.2.2: fresh iff SEQ > SEQ_MS(i), i = IND; then SEQ_MS(i) := SEQ.
  const std::size_t i = static_cast<std::size_t>(ind(sqn));
  if (s <= seq(load_sqn48(image.data() + i * kEntryBytes))) {
    result.verdict = SqnVerdict::NotFresh;
    return result;
  }
  result.verdict = SqnVerdict::Fresh;
  result.write.index = i;
  store_sqn48(result.write.bytes.data(), sqn);
  return result;
}

void SqnArray::apply(std::span<std::uint8_t> image, const SqnEntryWrite& write) const {
  require_image(image.size());
  if (write.index >= entries()) throw std::invalid_argument("SqnArray: entry index out of range");
  std::memcpy(image.data() + write.offset(), write.bytes.data(), kEntryBytes);
}

}  // namespace cardcore
