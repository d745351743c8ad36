// card-core at the APDU level: AUTHENTICATE exchanges per second on one core,
// and the bytes a card costs beyond its shared profile.
//
//   build/bench/bench_card --benchmark_filter=Authenticate
//   build/bench/bench_card --benchmark_filter=SelectReadBinary
//   build/bench/bench_card --benchmark_filter=BytesPerCard
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/auth/milenage.hpp"
#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/remote/key_sets.hpp"

using namespace cardcore;

namespace {

std::shared_ptr<const ProfileTemplate> profile() {
  static auto p = std::make_shared<const ProfileTemplate>(
      load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

const Bytes kK = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc");
const Bytes kOpc = from_hex("cd63cb71954a9f4e48a5994e37a02baf");
const Bytes kSelectUsim = from_hex("00a4040c07a0000000871002");

// As the engine personalizes: ICCID, IMSI, K, OPc and the card's own OTA
// keys for every key set record of the profile (here bytes made from n; the
// engine derives them from the seed, models/twinmodels/network/subscriber_keys.hpp).
Personalization perso(std::uint64_t n) {
  char iccid[20], imsi[16];
  std::snprintf(iccid, sizeof iccid, "8986001%011llu", static_cast<unsigned long long>(n));
  std::snprintf(imsi, sizeof imsi, "46004%010llu", static_cast<unsigned long long>(n));
  Personalization p{iccid, imsi, kK, kOpc};
  for (const remote::KeySetRecord& r : remote::factory_key_set_records(*profile())) {
    OtaKeyValues k;
    for (std::size_t i = 0; i < r.kic_length; ++i) k.kic_key.push_back(static_cast<std::uint8_t>(n >> (i % 8) * 8) ^ r.record);
    for (std::size_t i = 0; i < r.kid_length; ++i) k.kid_key.push_back(static_cast<std::uint8_t>(n >> (i % 8) * 8) ^ 0xA5);
    p.ota_keys.push_back(std::move(k));
  }
  return p;
}

// AUTHENTICATE C-APDUs for SQN = 1, 2, ... (each in the next IND slot, so
// every one is fresh), made by the network side of Milenage beforehand.
std::vector<Bytes> authenticate_apdus(std::size_t n) {
  const Milenage net(kK.data(), kOpc.data());
  const std::uint8_t amf[2] = {0x80, 0x00};
  std::vector<Bytes> out;
  out.reserve(n);
  std::uint8_t rand[16] = {};
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t sqn_v = ((i + 1) << 5) | (i & 31);
    std::uint8_t sqn[6];
    store_sqn48(sqn, sqn_v);
    rand[0] = static_cast<std::uint8_t>(i);
    rand[1] = static_cast<std::uint8_t>(i >> 8);
    rand[2] = static_cast<std::uint8_t>(i >> 16);
    const MilenageVector v = net.generate(rand, sqn, amf);
    Bytes apdu = {0x00, 0x88, 0x00, 0x81, 0x22, 0x10};
    apdu.insert(apdu.end(), rand, rand + 16);
    apdu.push_back(0x10);
    apdu.insert(apdu.end(), v.autn.begin(), v.autn.end());
    out.push_back(std::move(apdu));
  }
  return out;
}

// One AUTHENTICATE exchange as a modem does it: the command, then GET
// RESPONSE for the RES/CK/IK/Kc it announced with '61 XX'.
void BM_AuthenticateExchange(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.max_iterations);
  const std::vector<Bytes> apdus = authenticate_apdus(n);
  Uicc card(profile());
  card.personalize(perso(1));
  card.power_on();
  std::array<std::uint8_t, kMaxRapdu> out;
  card.transmit(kSelectUsim, out);
  std::uint8_t get_response[5] = {0x00, 0xC0, 0x00, 0x00, 0x00};
  std::size_t i = 0;
  for (auto _ : state) {
    const std::size_t len = card.transmit(apdus[i++], out);
    get_response[4] = out[1];
    card.transmit(ByteView(get_response, 5), out);
    benchmark::DoNotOptimize(out.data());
    if (len != 2 || out[0] != 0xDB) {
      state.SkipWithError("AUTHENTICATE did not succeed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_AuthenticateExchange)->Iterations(1 << 20)->Unit(benchmark::kNanosecond);

// The Milenage part alone, for the ratio of crypto to card work in the same run.
void BM_MilenageAuthenticateOnly(benchmark::State& state) {
  const std::vector<Bytes> apdus = authenticate_apdus(1024);
  std::size_t i = 0;
  for (auto _ : state) {
    const Bytes& a = apdus[i++ & 1023];
    const Milenage m(kK.data(), kOpc.data());
    benchmark::DoNotOptimize(m.authenticate(a.data() + 6, a.data() + 23));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MilenageAuthenticateOnly);

// The hot file path of a modem: SELECT an EF by FID (no FCP asked) and READ
// BINARY its content, as after every power-up (EF.IMSI here).
void BM_SelectReadBinary(benchmark::State& state) {
  Uicc card(profile());
  card.personalize(perso(1));
  card.power_on();
  std::array<std::uint8_t, kMaxRapdu> out;
  card.transmit(kSelectUsim, out);
  const Bytes select = from_hex("00a4000c026f07"), read = from_hex("00b0000009");
  for (auto _ : state) {
    card.transmit(select, out);
    const std::size_t len = card.transmit(read, out);
    benchmark::DoNotOptimize(out.data());
    if (len != 11 || out[9] != 0x90) {
      state.SkipWithError("SELECT / READ BINARY did not succeed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SelectReadBinary);

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * 4096;
}

// Bytes per card: 100 000 cards, fresh, personalized, after a typical attach
// session (select USIM, read IMSI, AUTHENTICATE, update EF.EPSLOCI and
// EF.LOCI as a modem does after attach), powered and after power-off. Reports
// the card's own count (state_bytes) and the resident set growth per card.
void BM_BytesPerCard(benchmark::State& state) {
  constexpr std::size_t kCards = 100'000;
  const std::vector<Bytes> auth = authenticate_apdus(1);
  const Bytes sel_imsi = from_hex("00a4000c026f07"), read_imsi = from_hex("00b0000009");
  const Bytes upd_epsloci = from_hex("00d6000012" "0bf664f000000101" "01020304" "64f0000001" "00");
  const Bytes sel_epsloci = from_hex("00a4000c026fe3");
  const Bytes sel_loci = from_hex("00a4000c026f7e");
  const Bytes upd_loci = from_hex("00d600000b" "01234567" "64f000" "0001" "ff" "00");
  for (auto _ : state) {
    std::vector<Uicc> cards;
    cards.reserve(kCards);
    const std::size_t rss0 = rss_bytes();
    for (std::size_t i = 0; i < kCards; ++i) cards.emplace_back(profile());
    const std::size_t rss_fresh = rss_bytes();
    double fresh = 0, perso_b = 0, powered = 0, after = 0;
    for (auto& c : cards) fresh += static_cast<double>(c.state_bytes());
    for (std::size_t i = 0; i < kCards; ++i) cards[i].personalize(perso(i));
    for (auto& c : cards) perso_b += static_cast<double>(c.state_bytes());
    std::array<std::uint8_t, kMaxRapdu> out;
    for (auto& c : cards) {
      c.power_on();
      c.transmit(kSelectUsim, out);
      c.transmit(sel_imsi, out);
      c.transmit(read_imsi, out);
      c.transmit(auth[0], out);
      const std::uint8_t gr[5] = {0x00, 0xC0, 0x00, 0x00, out[1]};
      c.transmit(ByteView(gr, 5), out);
      c.transmit(sel_epsloci, out);
      c.transmit(upd_epsloci, out);
      c.transmit(sel_loci, out);
      c.transmit(upd_loci, out);
    }
    for (auto& c : cards) powered += static_cast<double>(c.state_bytes());
    const std::size_t rss_powered = rss_bytes();
    for (auto& c : cards) c.power_off();
    for (auto& c : cards) after += static_cast<double>(c.state_bytes());
    state.counters["fresh_B"] = fresh / kCards;
    state.counters["personalized_B"] = perso_b / kCards;
    state.counters["session_powered_B"] = powered / kCards;
    state.counters["session_off_B"] = after / kCards;
    state.counters["rss_fresh_B"] = static_cast<double>(rss_fresh - rss0) / kCards;
    state.counters["rss_session_B"] = static_cast<double>(rss_powered - rss0) / kCards;
  }
}
BENCHMARK(BM_BytesPerCard)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
