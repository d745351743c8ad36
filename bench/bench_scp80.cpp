// SCP80 (ETSI TS 102 225) secured packets on the card: open the pySim AES
// vector packet (decipher AES-CBC, verify the AES-CMAC CC, counter policy)
// and build its PoR (CMAC + AES-CBC), per second; the same with two-key
// triple DES; and the platform's encode / PoR decode. Goal: >= 200 k
// packets/s/core for open + PoR.
#include <benchmark/benchmark.h>

#include <optional>

#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/util/bytes.hpp"

namespace {

using namespace cardcore;
using namespace cardcore::ota;

// tests/data/scp80-aes.txt (pySim): SPI 06 19, KIc = KID = '22' (AES, key version 2).
const OtaKeys kAesKeys{0x22, from_hex("200102030405060708090a0b0c0d0e0f"), 0x22,
                       from_hex("201102030405060708090a0b0c0d0e0f")};
const Bytes kAesPacket =
    from_hex("00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058");
// tests/data/scp80-3des.txt, 3DES-SJA5-CIPHERED-CC: KIc = KID = '35' (two-key 3DES, version 3).
const OtaKeys kTdesKeys{0x35, from_hex("300102030405060708090a0b0c0d0e0f"), 0x35,
                        from_hex("301102030405060708090a0b0c0d0e0f")};
const Bytes kTdesPacket = from_hex("00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f");
const Bytes kRfmResponse = from_hex("016132");  // 1 command executed, last SW 6132
const Tar kTar{0xB0, 0x00, 0x11};

void card_open_and_por(benchmark::State& state, const OtaKeys& keys, const Bytes& packet) {
  const TarLookup lookup = [&](const CommandHeader&) -> std::optional<TarSecurity> { return TarSecurity{&keys, 0, 0}; };
  for (auto _ : state) {
    const CommandPacketResult r = open_command_packet(packet, lookup);
    if (r.status != PorStatus::Ok) state.SkipWithError("packet rejected");
    Bytes por = build_response_packet(r, PorStatus::Ok, kRfmResponse, &keys);
    benchmark::DoNotOptimize(por.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Scp80CardOpenAndPorAes(benchmark::State& state) { card_open_and_por(state, kAesKeys, kAesPacket); }
BENCHMARK(BM_Scp80CardOpenAndPorAes);

void BM_Scp80CardOpenAndPorTripleDes(benchmark::State& state) { card_open_and_por(state, kTdesKeys, kTdesPacket); }
BENCHMARK(BM_Scp80CardOpenAndPorTripleDes);

void BM_Scp80CardOpenAes(benchmark::State& state) {
  const TarLookup lookup = [&](const CommandHeader&) -> std::optional<TarSecurity> {
    return TarSecurity{&kAesKeys, 0, 0};
  };
  for (auto _ : state) {
    CommandPacketResult r = open_command_packet(kAesPacket, lookup);
    benchmark::DoNotOptimize(r.data.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Scp80CardOpenAes);

void BM_Scp80PlatformEncodeAes(benchmark::State& state) {
  CommandSecurity sec;
  sec.spi = Spi::parse(0x06, 0x19);
  const Bytes apdu = from_hex("00a40004023f00");
  for (auto _ : state) {
    Bytes packet = encode_command_packet(sec, kAesKeys, kTar, 0, apdu);
    benchmark::DoNotOptimize(packet.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Scp80PlatformEncodeAes);

void BM_Scp80PlatformDecodePorAes(benchmark::State& state) {
  CommandSecurity sec;
  sec.spi = Spi::parse(0x06, 0x19);
  // scp80-aes.txt POR without its UDH 02 71 00.
  const Bytes por = from_hex("002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f");
  for (auto _ : state) {
    DecodedPor d = decode_response_packet(por, sec, kAesKeys, kTar, 0);
    benchmark::DoNotOptimize(d.packet.additional_data.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Scp80PlatformDecodePorAes);

}  // namespace

BENCHMARK_MAIN();
