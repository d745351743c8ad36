// RandomStream: reproducible, streams apart from each other, positions that
// round-trip, and distributions with the right moments and no bias.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>
#include <stdexcept>
#include <vector>

#include "twinmodels/random/random_stream.hpp"

namespace test_random_stream {

using twinmodels::RandomStream;

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(s.next_u64());
  return v;
}

TEST(RandomStream, IsSmall) {
  EXPECT_EQ(sizeof(RandomStream), 28u);
  EXPECT_EQ(alignof(RandomStream), 4u);
}

TEST(RandomStream, SameInputsSameNumbers) {
  EXPECT_EQ(draws(RandomStream(42, 7, 3), 1000), draws(RandomStream(42, 7, 3), 1000));
  RandomStream a(42, 7, 3), b(42, 7, 3);
  EXPECT_EQ(a.uniform01(), b.uniform01());
  EXPECT_EQ(a.exponential(3.0), b.exponential(3.0));
  EXPECT_EQ(a.below(1000), b.below(1000));
  EXPECT_EQ(a, b);
}

// Each block gives four words in order; a 64-bit draw is two words, the first
// the low half, also across a block boundary.
TEST(RandomStream, WordsAndBlocks) {
  RandomStream w(5, 6, 7);
  std::vector<std::uint32_t> words;
  for (int i = 0; i < 12; ++i) words.push_back(w.next_u32());
  RandomStream d(5, 6, 7);
  EXPECT_EQ(d.next_u32(), words[0]);
  for (int i = 1; i + 1 < 12; i += 2) {
    SCOPED_TRACE(i);
    EXPECT_EQ(d.next_u64(), words[i] | (std::uint64_t{words[i + 1]} << 32));
  }
  EXPECT_EQ(d.position(), 11u);
  // fill: little-endian words, a partial last word is consumed whole.
  RandomStream f(5, 6, 7);
  std::uint8_t bytes[10];
  f.fill(bytes, sizeof bytes);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bytes[i], static_cast<std::uint8_t>(words[i / 4] >> (8 * (i % 4)))) << i;
  EXPECT_EQ(f.position(), 3u);
  f.fill(bytes, 0);
  EXPECT_EQ(f.position(), 3u);
  EXPECT_EQ(f.next_u32(), words[3]);
}

// Any other entity, stream or seed gives other numbers; within 10^4 draws of
// eight streams no 64-bit value repeats, and streams agree bitwise only by
// chance (about half the bits).
TEST(RandomStream, StreamsAreIndependent) {
  const std::vector<RandomStream> streams = {
      RandomStream(1, 0, 0), RandomStream(1, 1, 0), RandomStream(1, 0, 1), RandomStream(2, 0, 0),
      RandomStream(1, std::uint64_t{1} << 32, 0), RandomStream(1, 0, 0x80000000u), RandomStream(1, 1, 1),
      RandomStream(1, ~std::uint64_t{0}, 0)};
  std::set<std::uint64_t> seen;
  std::vector<std::vector<std::uint64_t>> all;
  for (const RandomStream& s : streams) {
    all.push_back(draws(s, 10000));
    seen.insert(all.back().begin(), all.back().end());
  }
  EXPECT_EQ(seen.size(), streams.size() * 10000);
  for (std::size_t i = 1; i < all.size(); ++i) {
    double same_bits = 0;
    for (std::size_t k = 0; k < all[0].size(); ++k) same_bits += 64 - std::popcount(all[0][k] ^ all[i][k]);
    EXPECT_NEAR(same_bits / (64.0 * all[0].size()), 0.5, 0.005) << i;
  }
}

TEST(RandomStream, PositionRoundTrip) {
  RandomStream s(9, 10, 11);
  for (int i = 0; i < 7; ++i) s.next_u32();
  s.next_u64();  // straddles blocks 1 and 2
  EXPECT_EQ(s.position(), 9u);
  RandomStream r = RandomStream::at(9, 10, 11, s.position());
  EXPECT_EQ(draws(r, 100), draws(s, 100));
  // at() of any position equals drawing that many words.
  RandomStream walk(9, 10, 11);
  for (std::uint64_t p = 0; p < 40; ++p) {
    RandomStream jump = RandomStream::at(9, 10, 11, p);
    EXPECT_EQ(jump.position(), p);
    EXPECT_EQ(jump.next_u32(), walk.next_u32()) << p;
  }
  // A checkpoint far into the stream.
  RandomStream far = RandomStream::at(9, 10, 11, 123456789);
  far.uniform01();
  EXPECT_EQ(far.position(), 123456791u);
}

TEST(RandomStream, EndOfStream) {
  RandomStream s = RandomStream::at(1, 2, 3, RandomStream::kMaxPosition - 3);
  s.next_u64();
  EXPECT_EQ(s.remaining(), 1u);
  EXPECT_THROW(s.next_u64(), std::out_of_range);
  std::uint8_t b[5];
  EXPECT_THROW(s.fill(b, 5), std::out_of_range);
  EXPECT_EQ(s.position(), RandomStream::kMaxPosition - 1);  // unchanged
  s.fill(b, 4);
  EXPECT_EQ(s.remaining(), 0u);
  EXPECT_THROW(s.next_u32(), std::out_of_range);
  EXPECT_EQ(RandomStream::at(1, 2, 3, RandomStream::kMaxPosition), s);
  EXPECT_THROW(RandomStream::at(1, 2, 3, RandomStream::kMaxPosition + 1), std::out_of_range);
}

TEST(RandomStream, Uniform01MeanAndVariance) {
  RandomStream s(2024, 1, 0);
  const int n = 1000000;
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // Five standard errors: sqrt(1/12 / n) = 2.9e-4 for the mean,
  // sqrt((1/80 - 1/144) / n) = 7.5e-5 for the variance.
  EXPECT_NEAR(mean, 0.5, 5 * 2.9e-4);
  EXPECT_NEAR(var, 1.0 / 12, 5 * 7.5e-5);
  EXPECT_GE(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_LT(lo, 1e-5);
  EXPECT_GT(hi, 1 - 1e-5);
}

TEST(RandomStream, UniformAndExponential) {
  RandomStream s(7, 7, 7);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double x = s.uniform(-3.0, 5.0);
    ASSERT_GE(x, -3.0);
    ASSERT_LT(x, 5.0);
    sum += x;
  }
  EXPECT_NEAR(sum / 100000, 1.0, 5 * 8 / std::sqrt(12.0 * 100000));
  EXPECT_EQ(s.uniform(2.5, 2.5), 2.5);
  EXPECT_THROW(s.uniform(1.0, 0.0), std::invalid_argument);
  EXPECT_THROW(s.uniform(0.0, INFINITY), std::invalid_argument);

  double esum = 0, esum2 = 0;
  const double mean = 2.5;
  for (int i = 0; i < 100000; ++i) {
    const double x = s.exponential(mean);
    ASSERT_GE(x, 0.0);
    ASSERT_TRUE(std::isfinite(x));
    esum += x;
    esum2 += x * x;
  }
  const double m = esum / 100000;
  EXPECT_NEAR(m, mean, 5 * mean / std::sqrt(100000.0));
  EXPECT_NEAR(std::sqrt(esum2 / 100000 - m * m), mean, 0.05 * mean);  // sd = mean
  EXPECT_THROW(s.exponential(0.0), std::invalid_argument);
  EXPECT_THROW(s.exponential(NAN), std::invalid_argument);
}

TEST(RandomStream, BelowIsInRangeAndUnbiased) {
  RandomStream s(11, 0, 4);
  EXPECT_THROW(s.below(0), std::invalid_argument);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(s.below(1), 0u);
  // Chi-square over 10 bins, 10^5 draws: 9 degrees of freedom, 27.9 is the
  // 0.1% critical value.
  std::vector<int> bins(10);
  for (int i = 0; i < 100000; ++i) {
    const std::uint64_t x = s.below(10);
    ASSERT_LT(x, 10u);
    ++bins[x];
  }
  double chi2 = 0;
  for (int c : bins) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  EXPECT_LT(chi2, 27.9);
  // n = 3 * 2^62: x mod n would give [0, 2^62) with probability 1/2; the
  // unbiased answer is 1/3.
  const std::uint64_t n = std::uint64_t{3} << 62;
  int low = 0;
  for (int i = 0; i < 30000; ++i) {
    const std::uint64_t x = s.below(n);
    ASSERT_LT(x, n);
    low += x < (std::uint64_t{1} << 62);
  }
  EXPECT_NEAR(low / 30000.0, 1.0 / 3, 0.015);
  // The full range: every value is possible.
  std::uint64_t any_high = 0;
  for (int i = 0; i < 64; ++i) any_high |= s.below(~std::uint64_t{0});
  EXPECT_EQ(any_high >> 63, 1u);
}

}  // namespace test_random_stream
