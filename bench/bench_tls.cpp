// What one ES5-over-HTTPS session's TLS costs (docs/PERFORMANCE.md, "ES5
// over HTTPS in runs"): card-core's TLS 1.2 PSK endpoints (GP Amendment B;
// cardcore/scp81/tls_psk_*), seeded for reproducible records as a run
// seeds them, against OpenSSL's own randomness as the baseline.
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/scp81/seeded_rand.hpp"
#include "cardcore/scp81/tls_psk_client.hpp"
#include "cardcore/scp81/tls_psk_server.hpp"

namespace {

using cardcore::Bytes;
namespace scp81 = cardcore::scp81;

const Bytes kPsk(16, 0x4F);
const Bytes kIdentity = {'e', 'i', 'd', '-', '1'};

std::optional<Bytes> seed_of(bool seeded, std::uint8_t who) {
  return seeded ? std::optional<Bytes>(Bytes{who, 1, 2, 3}) : std::nullopt;
}

// A seeded stream made (its first block: 64 SHA-256 into the thread's
// shared TEST-RAND DRBGs; the library context exists already).
void BM_SeededRandContext(benchmark::State& state) {
  for (auto _ : state) {
    scp81::SeededRandContext c(Bytes{1, 2, 3});
    benchmark::DoNotOptimize(c.libctx());
  }
}
BENCHMARK(BM_SeededRandContext)->Unit(benchmark::kMicrosecond);

// How many seeded TLS endpoints one process holds at once, up to 4 096:
// with a library context each, OpenSSL refused the 511th (two of glibc's
// 1 024 thread-local keys each, PTHREAD_KEYS_MAX); the count is the counter
// `endpoints`.
void BM_SeededEndpointsAtOnce(benchmark::State& state) {
  std::size_t most = 0;
  for (auto _ : state) {
    std::vector<std::unique_ptr<scp81::TlsPskClient>> held;
    try {
      for (std::uint32_t i = 0; i < 4096; ++i)
        held.push_back(std::make_unique<scp81::TlsPskClient>(kIdentity, kPsk, Bytes{1, 2, 3, static_cast<std::uint8_t>(i)}));
    } catch (const std::runtime_error&) {
    }
    most = held.size();
  }
  state.counters["endpoints"] = static_cast<double>(most);
}
BENCHMARK(BM_SeededEndpointsAtOnce)->Iterations(1)->Unit(benchmark::kMillisecond);

// The card's client and the admin server's endpoint made, no handshake.
void BM_TlsEndpoints(benchmark::State& state) {
  const bool seeded = state.range(0) != 0;
  for (auto _ : state) {
    scp81::TlsPskClient client(kIdentity, kPsk, seed_of(seeded, 1));
    scp81::TlsPskServer server([](const std::string&) { return std::optional<Bytes>(kPsk); }, seed_of(seeded, 2));
    benchmark::DoNotOptimize(client.state());
  }
  state.SetLabel(seeded ? "seeded" : "OpenSSL's randomness");
}
BENCHMARK(BM_TlsEndpoints)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// The endpoints and a whole handshake between them.
void BM_TlsHandshake(benchmark::State& state) {
  const bool seeded = state.range(0) != 0;
  for (auto _ : state) {
    scp81::TlsPskClient client(kIdentity, kPsk, seed_of(seeded, 1));
    scp81::TlsPskServer server([](const std::string&) { return std::optional<Bytes>(kPsk); }, seed_of(seeded, 2));
    client.start();
    for (int i = 0; i < 10 && client.state() != scp81::TlsPskClient::State::Established; ++i) {
      server.feed(client.take_outgoing());
      client.feed(server.take_outgoing());
    }
    if (client.state() != scp81::TlsPskClient::State::Established) state.SkipWithError("handshake failed");
  }
  state.SetLabel(seeded ? "seeded" : "OpenSSL's randomness");
}
BENCHMARK(BM_TlsHandshake)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
