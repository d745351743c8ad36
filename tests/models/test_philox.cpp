// Philox4x32 against the known-answer vectors of Random123, and the
// RandomStream counter layout against the same vectors.
//
// Source of the numbers: the Random123 distribution's tests/kat_vectors
// (D. E. Shaw Research, github.com/DEShawResearch/random123), the rows
// "philox4x32 7" and "philox4x32 10": counter[4] key[2] -> output[4], 32-bit
// words in hexadecimal. Only the numbers are carried over.
#include <gtest/gtest.h>

#include "twinmodels/random/philox.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace test_philox {

using twinmodels::philox4x32;
using twinmodels::philox4x32_10;
using twinmodels::PhiloxBlock;
using twinmodels::PhiloxCounter;
using twinmodels::PhiloxKey;
using twinmodels::RandomStream;

struct Kat {
  unsigned rounds;
  PhiloxCounter counter;
  PhiloxKey key;
  PhiloxBlock expected;
};

constexpr Kat kKats[] = {
    {7, {0x00000000, 0x00000000, 0x00000000, 0x00000000}, {0x00000000, 0x00000000},
     {0x5f6fb709, 0x0d893f64, 0x4f121f81, 0x4f730a48}},
    {7, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x5207ddc2, 0x45165e59, 0x4d8ee751, 0x8c52f662}},
    {7, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0x4dfccaba, 0x190a87f0, 0xc47362ba, 0xb6b5242a}},
    {10, {0x00000000, 0x00000000, 0x00000000, 0x00000000}, {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {10, {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {10, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

PhiloxBlock stream_block(std::uint64_t seed, std::uint64_t entity, std::uint32_t stream, std::uint32_t block) {
  RandomStream s = RandomStream::at(seed, entity, stream, RandomStream::kWordsPerBlock * block);
  PhiloxBlock b;
  for (auto& w : b) w = s.next_u32();
  return b;
}

TEST(Philox, Random123KnownAnswers) {
  for (const Kat& k : kKats) {
    SCOPED_TRACE(k.rounds);
    EXPECT_EQ(philox4x32(k.counter, k.key, k.rounds), k.expected);
    if (k.rounds == 10) {
      EXPECT_EQ(philox4x32_10(k.counter, k.key), k.expected);
    }
  }
}

// key = (seed low, seed high), counter = (entity low, entity high, stream,
// block): the three philox4x32 10 vectors through the public stream API.
TEST(Philox, StreamLayoutReproducesTheKnownAnswers) {
  EXPECT_EQ(stream_block(0, 0, 0, 0), kKats[3].expected);
  EXPECT_EQ(stream_block(~std::uint64_t{0}, ~std::uint64_t{0}, 0xffffffff, 0xffffffff), kKats[4].expected);
  EXPECT_EQ(stream_block(0x299f31d0a4093822, 0x85a308d3243f6a88, 0x13198a2e, 0x03707344), kKats[5].expected);
}

}  // namespace test_philox
