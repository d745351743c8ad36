// Cost per operation of the NVM model: reads are on the hot path of every
// AUTHENTICATE (keys, SQN array, file state), and a one-page transaction is
// what an SQN update costs.
#include <benchmark/benchmark.h>

#include <array>
#include <memory>
#include <vector>

#include "cardcore/nvm/nvm.hpp"

namespace {

using cardcore::Nvm;
using cardcore::NvmImage;

constexpr std::uint32_t kImageSize = 32 * 1024;  // a typical USIM profile's NVM
constexpr std::uint32_t kDirtyPages = 8;          // a card after some use

std::shared_ptr<const NvmImage> make_image() {
  std::vector<std::uint8_t> bytes(kImageSize);
  for (std::uint32_t i = 0; i < kImageSize; ++i) bytes[i] = static_cast<std::uint8_t>(i * 31);
  return std::make_shared<const NvmImage>(std::move(bytes));
}

// A card with kDirtyPages data pages (every 16th page) and j0 in its delta.
Nvm used_card() {
  Nvm nvm(make_image());
  for (std::uint32_t k = 0; k < kDirtyPages; ++k) {
    const std::array<std::uint8_t, 4> data{1, 2, 3, 4};
    nvm.begin();
    nvm.write(k * 16 * 64 + 8, data);
    nvm.commit();
  }
  return nvm;
}

void BM_NvmReadCleanPage(benchmark::State& state) {
  const Nvm nvm = used_card();
  std::array<std::uint8_t, 16> out;
  for (auto _ : state) {
    nvm.read(5 * 64 + 16, out);  // page 5: never programmed
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_NvmReadCleanPage);

void BM_NvmReadDirtyPage(benchmark::State& state) {
  const Nvm nvm = used_card();
  std::array<std::uint8_t, 16> out;
  for (auto _ : state) {
    nvm.read(4 * 16 * 64 + 8, out);  // page 64: in the delta
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_NvmReadDirtyPage);

void BM_NvmReadU8(benchmark::State& state) {
  const Nvm nvm = used_card();
  std::uint32_t addr = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(nvm.read_u8(addr));
    addr = (addr + 97) % kImageSize;
  }
}
BENCHMARK(BM_NvmReadU8);

// begin / write 6 bytes (an SQN entry) / commit: 3 page programs.
void BM_NvmTransactionOnePage(benchmark::State& state) {
  Nvm nvm = used_card();
  std::array<std::uint8_t, 6> sqn{0, 0, 0, 0, 0, 0};
  for (auto _ : state) {
    ++sqn[5];
    nvm.begin();
    nvm.write(16 * 64 + 20, sqn);
    benchmark::DoNotOptimize(nvm.commit());
  }
  state.counters["programs/op"] =
      benchmark::Counter(static_cast<double>(nvm.program_count()), benchmark::Counter::kAvgIterations);
  state.counters["delta_bytes"] = static_cast<double>(nvm.delta_bytes());
}
BENCHMARK(BM_NvmTransactionOnePage);

}  // namespace

BENCHMARK_MAIN();
