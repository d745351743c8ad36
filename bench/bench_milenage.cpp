// Cost of the authentication crypto: one AES block on each path, MILENAGE
// f2..f5, one AUTHENTICATE (f5 to recover SQN, f1 check, f2..f4), one network
// vector, and AUTS on both sides. Argument 0 = AES-NI, 1 = portable (OpenSSL).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "cardcore/auth/auts.hpp"
#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/crypto/aes128.hpp"
#include "cardcore/util/bytes.hpp"

namespace {

using cardcore::Aes128;
using cardcore::Bytes;
using cardcore::from_hex;
using cardcore::Milenage;
using cardcore::MilenageConstants;

// TS 35.208 set 1.
const Bytes kK = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
const Bytes kOpc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
const Bytes kRand = from_hex("23553cbe9637a89d218ae64dae47bf35");
const Bytes kSqn = from_hex("ff9bb4d0b607");
const Bytes kAmf = from_hex("b9b9");

bool pick_path(benchmark::State& state, Aes128::Path& path) {
  path = state.range(0) == 0 ? Aes128::Path::AesNi : Aes128::Path::Portable;
  state.SetLabel(path == Aes128::Path::AesNi ? "AES-NI" : "portable");
  if (path == Aes128::Path::AesNi && !Aes128::aesni_supported()) {
    state.SkipWithError("no AES-NI on this CPU");
    return false;
  }
  return true;
}

Milenage make(Aes128::Path path) { return Milenage(kK.data(), kOpc.data(), MilenageConstants::standard(), path); }

// Latency of one block: each output is the next input.
void BM_Aes128Block(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Aes128 aes(kK.data(), path);
  std::uint8_t block[16] = {};
  for (auto _ : state) {
    aes.encrypt(block, block);
    benchmark::DoNotOptimize(block);
  }
}
BENCHMARK(BM_Aes128Block)->Arg(0)->Arg(1);

// Four independent blocks in one call (interleaved on AES-NI).
void BM_Aes128FourBlocks(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Aes128 aes(kK.data(), path);
  std::uint8_t blocks[64] = {};
  for (auto _ : state) {
    aes.encrypt_blocks(blocks, blocks, 4);
    benchmark::DoNotOptimize(blocks);
  }
}
BENCHMARK(BM_Aes128FourBlocks)->Arg(0)->Arg(1);

// Key schedule and OPc setup of one subscriber object.
void BM_MilenageSetup(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  for (auto _ : state) {
    Milenage m = make(path);
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_MilenageSetup)->Arg(0)->Arg(1);

void BM_MilenageF2345(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  Bytes rand = kRand;
  for (auto _ : state) {
    const auto out = m.f2345(rand.data());
    rand[0] ^= out.res[0];  // next RAND depends on this result
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_MilenageF2345)->Arg(0)->Arg(1);

// What one AUTHENTICATE computes: TEMP, f5 (SQN), f1 check, f2, f3, f4.
void BM_MilenageAuthenticate(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  const auto autn = m.generate(kRand.data(), kSqn.data(), kAmf.data()).autn;
  for (auto _ : state) {
    const auto a = m.authenticate(kRand.data(), autn.data());
    if (!a.mac_ok) state.SkipWithError("MAC mismatch");
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_MilenageAuthenticate)->Arg(0)->Arg(1);

// Network side: one vector (f1, f2..f5, AUTN).
void BM_MilenageGenerate(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  for (auto _ : state) {
    const auto v = m.generate(kRand.data(), kSqn.data(), kAmf.data());
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_MilenageGenerate)->Arg(0)->Arg(1);

void BM_GsmMilenage(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  for (auto _ : state) {
    const auto t = cardcore::gsm_milenage(m, kRand.data());
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_GsmMilenage)->Arg(0)->Arg(1);

void BM_AutsCompute(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  for (auto _ : state) {
    const auto auts = cardcore::compute_auts(m, kRand.data(), 0x0000000004e2);
    benchmark::DoNotOptimize(auts);
  }
}
BENCHMARK(BM_AutsCompute)->Arg(0)->Arg(1);

void BM_AutsVerify(benchmark::State& state) {
  Aes128::Path path;
  if (!pick_path(state, path)) return;
  const Milenage m = make(path);
  const auto auts = cardcore::compute_auts(m, kRand.data(), 0x0000000004e2);
  for (auto _ : state) {
    const auto check = cardcore::verify_auts(m, kRand.data(), auts.data());
    if (!check.mac_ok) state.SkipWithError("MAC-S mismatch");
    benchmark::DoNotOptimize(check);
  }
}
BENCHMARK(BM_AutsVerify)->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
