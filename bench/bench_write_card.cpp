// OTA number writing on the card, end to end on the card side: an ENVELOPE
// (SMS-PP DOWNLOAD) with an SCP80 packet for the write-card applet (AES,
// counter higher) — reassembly check, decipher, CMAC, counter in NVM, the
// applet's one-transaction write of IMSI, K, OPc, MSISDN with its backup —
// and GET RESPONSE for the PoR, per second. Baseline in the same run: the
// same packet path with an RFM UPDATE BINARY of EF.IMSI (TAR B0 00 11).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace {

using namespace cardcore;

std::shared_ptr<const ProfileTemplate> profile() {
  static auto p = std::make_shared<const ProfileTemplate>(load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

ota::OtaKeys keys(std::uint8_t version, const char* kic, const char* kid) {
  return {ota::make_kic(ota::CipherAlgorithm::AesCbc, version), from_hex(kic),
          ota::make_kid(ota::ChecksumAlgorithm::AesCmac, version), from_hex(kid)};
}

// ENVELOPE C-APDU for one packet in one SMS-DELIVER.
Bytes envelope(const ota::OtaKeys& k, const ota::Tar& tar, ota::Counter counter, const Bytes& data) {
  ota::CommandSecurity sec;
  sec.spi = ota::Spi::parse(0x16, 0x19);
  const Bytes packet = ota::encode_command_packet(sec, k, tar, counter, data);
  const sms::Address from{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800100999"};
  const auto delivers = sms::delivers_with_command_packet(from, sms::Timestamp{26, 12, 1, 10, 30, 0, 32}, packet, 1);
  cat::SmsPpDownload e;
  e.tpdu.tpdu = sms::encode(delivers.at(0));
  const Bytes d = cat::encode(e);
  Bytes apdu(5 + d.size());
  const std::uint8_t header[5] = {0x80, 0xC2, 0x00, 0x00, static_cast<std::uint8_t>(d.size())};
  std::copy(header, header + 5, apdu.begin());
  std::copy(d.begin(), d.end(), apdu.begin() + 5);
  return apdu;
}

Bytes write_message(std::uint32_t id) {
  Bytes v;
  const std::uint8_t idb[4] = {static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                               static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
  tlv::put_ber(v, 0xC0, idb);
  tlv::put_ber(v, 0x80, from_hex(id % 2 ? "084906408967452301" : "084906401032547698"));
  tlv::put_ber(v, 0x81, Bytes(16, static_cast<std::uint8_t>(id)));
  tlv::put_ber(v, 0x82, Bytes(16, static_cast<std::uint8_t>(id + 1)));
  tlv::put_ber(v, 0x83, from_hex("FFFFFFFFFFFFFFFFFFFFFFFF0891684118325476F8FFFFFFFFFF"));
  const std::uint8_t no_refresh = 0xFF;
  tlv::put_ber(v, 0xC1, ByteView(&no_refresh, 1));
  return tlv::make_ber(0xE1, v);
}

constexpr int kIterations = 20000;

void run(benchmark::State& state, const std::vector<Bytes>& envelopes) {
  Uicc card(profile());
  card.power_on();
  std::size_t i = 0;
  const std::uint64_t programs = card.nvm().program_count();
  for (auto _ : state) {
    const Bytes r = card.transmit(envelopes[i++]);
    if (r.size() != 2 || r[0] != 0x61) {
      state.SkipWithError("no PoR");
      break;
    }
    const Bytes por = card.transmit(Bytes{0x00, 0xC0, 0x00, 0x00, r[1]});
    benchmark::DoNotOptimize(por.data());
  }
  state.SetItemsProcessed(state.iterations());
  // NVM page programs per packet (journal and data pages, the counter's
  // transaction included).
  state.counters["programs"] = static_cast<double>(card.nvm().program_count() - programs) / state.iterations();
}

void BM_WriteCardNumberWrite(benchmark::State& state) {
  static const std::vector<Bytes> envelopes = [] {
    const ota::OtaKeys k = keys(1, "3a8c1f0e5d2b47a9c6e0f1d2b3a49586", "7e1d2c3b4a5968778695a4b3c2d1e0f1");
    std::vector<Bytes> out;
    for (int i = 1; i <= kIterations; ++i) out.push_back(envelope(k, {0xC0, 0x00, 0x01}, i, write_message(i)));
    return out;
  }();
  run(state, envelopes);
}
BENCHMARK(BM_WriteCardNumberWrite)->Iterations(kIterations);

void BM_RfmUpdateImsiBaseline(benchmark::State& state) {
  static const std::vector<Bytes> envelopes = [] {
    const ota::OtaKeys k = keys(2, "200102030405060708090a0b0c0d0e0f", "201102030405060708090a0b0c0d0e0f");
    std::vector<Bytes> out;
    for (int i = 1; i <= kIterations; ++i) {
      out.push_back(envelope(k, {0xB0, 0x00, 0x11}, i,
                             from_hex(i % 2 ? "00A4000C026F0700D6000009084906408967452301"
                                            : "00A4000C026F0700D6000009084906401032547698")));
    }
    return out;
  }();
  run(state, envelopes);
}
BENCHMARK(BM_RfmUpdateImsiBaseline)->Iterations(kIterations);

}  // namespace

BENCHMARK_MAIN();
