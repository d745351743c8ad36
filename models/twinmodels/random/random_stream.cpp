#include "twinmodels/random/random_stream.hpp"

#include <cmath>
#include <stdexcept>

namespace twinmodels {

namespace {
__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang: 64 x 64 -> 128 bit products
}  // namespace

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t entity, std::uint32_t stream)
    : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
      entity_lo_(static_cast<std::uint32_t>(entity)),
      entity_hi_(static_cast<std::uint32_t>(entity >> 32)),
      stream_(stream) {}

RandomStream RandomStream::at(std::uint64_t seed, std::uint64_t entity, std::uint32_t stream,
                              std::uint64_t position) {
  if (position > kMaxPosition) throw std::out_of_range("RandomStream::at: position above 2^34 words");
  RandomStream s(seed, entity, stream);
  if (position == kMaxPosition) {  // every word drawn: stay on the last block
    s.block_ = static_cast<std::uint32_t>(kBlocks - 1);
    s.word_ = static_cast<std::uint32_t>(kWordsPerBlock);
  } else {
    s.block_ = static_cast<std::uint32_t>(position / kWordsPerBlock);
    s.word_ = static_cast<std::uint32_t>(position % kWordsPerBlock);
  }
  return s;
}

void RandomStream::require(std::uint64_t words) const {
  if (remaining() < words) throw std::out_of_range("RandomStream: stream exhausted (2^34 words)");
}

void RandomStream::carry() {
  if (word_ == kWordsPerBlock) {
    ++block_;
    word_ = 0;
  }
}

PhiloxBlock RandomStream::current() const {
  return philox4x32_10({entity_lo_, entity_hi_, stream_, block_}, key_);
}

std::uint32_t RandomStream::next_u32() {
  require(1);
  carry();
  return current()[word_++];
}

std::uint64_t RandomStream::next_u64() {
  require(2);
  carry();
  if (word_ + 2 <= kWordsPerBlock) {
    const PhiloxBlock b = current();
    const std::uint64_t v = b[word_] | (std::uint64_t{b[word_ + 1]} << 32);
    word_ += 2;
    return v;
  }
  const std::uint64_t lo = next_u32();  // the last word of this block...
  return lo | (std::uint64_t{next_u32()} << 32);  // ...and the first of the next
}

double RandomStream::uniform01() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double RandomStream::uniform(double a, double b) {
  if (!(a <= b) || !std::isfinite(b - a)) throw std::invalid_argument("RandomStream::uniform: need a <= b, finite");
  const double r = a + (b - a) * uniform01();
  // a + (b - a) u can round up to b for u close to 1; keep the interval open.
  return (r < b || a == b) ? r : std::nextafter(b, a);
}

double RandomStream::exponential(double mean) {
  if (!(mean > 0) || !std::isfinite(mean))
    throw std::invalid_argument("RandomStream::exponential: mean must be finite and > 0");
  return -mean * std::log1p(-uniform01());
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("RandomStream::below: empty range");
  // Lemire 2019, Algorithm 5: the high half of x n is uniform on [0, n)
  // once the low halves below (2^64 - n) mod n are rejected.
  Uint128 m = Uint128{next_u64()} * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = Uint128{next_u64()} * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

void RandomStream::fill(std::uint8_t* out, std::size_t n) {
  const std::uint64_t words = (std::uint64_t{n} + 3) / 4;
  require(words);
  std::size_t done = 0;
  while (done < n) {
    carry();
    const PhiloxBlock b = current();
    for (; word_ < kWordsPerBlock && done < n; ++word_) {
      for (unsigned byte = 0; byte < 4 && done < n; ++byte) out[done++] = static_cast<std::uint8_t>(b[word_] >> (8 * byte));
    }
  }
}

}  // namespace twinmodels
