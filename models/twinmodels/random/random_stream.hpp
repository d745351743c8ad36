#pragma once
// Reproducible random numbers for one simulated entity (a device, a
// subscriber, a cell) and one purpose within it, drawn from Philox4x32-10.
//
// Layout of the Philox input:
//   key     = seed                     (k0 = low 32 bits, k1 = high 32 bits)
//   counter = (entity low 32 bits, entity high 32 bits, stream, block)
// A stream is the sequence of blocks 0, 1, ..., 2^32 - 1 of one
// (seed, entity, stream); each block gives four 32-bit words, used in order
// w0, w1, w2, w3. Two streams with a different (entity, stream) use disjoint
// counters, and Philox is a bijection of the counter for a fixed key, so
// their blocks can never coincide: streams never overlap, whatever their
// lengths. A stream holds 2^34 words (64 GiB); drawing past the end throws.
//
// The position of a stream is one integer, the number of 32-bit words drawn
// so far: RandomStream::at(seed, entity, stream, position) resumes exactly
// where a stream left off, which is all a checkpoint has to store. No output
// is cached, so every draw evaluates one Philox block (two when a 64-bit draw
// straddles blocks) and the object stays small: sizeof(RandomStream) == 28
// bytes, alignment 4 (seven 32-bit words), for one kept per device.
#include <cstddef>
#include <cstdint>

#include "twinmodels/random/philox.hpp"

namespace twinmodels {

class RandomStream {
 public:
  static constexpr std::uint64_t kWordsPerBlock = 4;
  static constexpr std::uint64_t kBlocks = std::uint64_t{1} << 32;
  static constexpr std::uint64_t kMaxPosition = kBlocks * kWordsPerBlock;  // 2^34 words

  // The stream at position 0.
  RandomStream(std::uint64_t seed, std::uint64_t entity, std::uint32_t stream);
  // The stream after `position` words were drawn (0..kMaxPosition). Throws
  // std::out_of_range above kMaxPosition.
  static RandomStream at(std::uint64_t seed, std::uint64_t entity, std::uint32_t stream, std::uint64_t position);

  // A draw throws std::out_of_range if the stream has fewer words left than
  // it needs; the stream is then unchanged, except that below() keeps the
  // words of the values it had already rejected.

  // One word.
  std::uint32_t next_u32();
  // Two words, the first one the low half.
  std::uint64_t next_u64();
  // [0, 1) with 53 random bits: the top 53 bits of next_u64() times 2^-53.
  double uniform01();
  // [a, b) (a when a == b), from uniform01(). Throws std::invalid_argument
  // unless a <= b and b - a is finite.
  double uniform(double a, double b);
  // Exponentially distributed with the given mean (inversion: -mean ln(1 - U),
  // U = uniform01(), so the result is finite and >= 0). Throws
  // std::invalid_argument unless mean is finite and > 0.
  double exponential(double mean);
  // Uniform on [0, n) without bias: Lemire's multiply-and-reject method
  // ("Fast random integer generation in an interval", ACM TOMACS 29(1),
  // 2019). Draws one next_u64() and, with probability below n / 2^64, more.
  // Throws std::invalid_argument for n == 0.
  std::uint64_t below(std::uint64_t n);
  // n random bytes: ceil(n / 4) words, each written little-endian; the unused
  // bytes of a last partial word are discarded.
  void fill(std::uint8_t* out, std::size_t n);

  // Words drawn so far.
  std::uint64_t position() const { return std::uint64_t{block_} * kWordsPerBlock + word_; }
  std::uint64_t remaining() const { return kMaxPosition - position(); }

  friend bool operator==(const RandomStream&, const RandomStream&) = default;

 private:
  RandomStream() = default;
  // Throws std::out_of_range if fewer than `words` remain.
  void require(std::uint64_t words) const;
  // Moves to the next block once the current one is used up.
  void carry();
  PhiloxBlock current() const;

  PhiloxKey key_{};
  std::uint32_t entity_lo_ = 0;
  std::uint32_t entity_hi_ = 0;
  std::uint32_t stream_ = 0;
  std::uint32_t block_ = 0;
  // Words of block_ already drawn, 0..4; 4 only until the next draw carries
  // into the next block (and for good once the last block is used up).
  std::uint32_t word_ = 0;
};

}  // namespace twinmodels
