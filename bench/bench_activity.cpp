// One device's periodic activity as the engine's device cycle runs it
// (sim/twinsim/engine/device_cycle.cpp), without the engine: the card-core
// and HSS work every wake-up of every device costs, on one core, with the
// card in cache. The engine's run (bench/engine_vs_naive.sh) adds the
// event queues, the exchange model, the run file and the cache misses of
// 100 000 devices to it; the actor-per-device baseline does this same work.
// Linked with jemalloc, as the programs that run scenarios are.
//
//   build/bench/bench_activity --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Each iteration: the card powered up and the USIM selected (a Wake step),
// the HSS's next vector for the subscriber (HssAuc::generate: key
// derivation, RAND, Milenage), AUTHENTICATE and GET RESPONSE, SELECT
// EF.EPSLOCI and UPDATE BINARY, the card powered off.
#include <benchmark/benchmark.h>

#include <memory>

#include "cardcore/card/uicc.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/network/hss_auc.hpp"
#include "twinmodels/network/subscriber_keys.hpp"

namespace {

constexpr std::uint64_t kSeed = 7;
constexpr std::uint64_t kSubscriber = 12345;

void BM_DeviceActivity(benchmark::State& state) {
  const auto profile = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  // Personalized as the engine does (sim/twinsim/engine/engine.cpp).
  const twinmodels::SubscriberKeyDerivation keys(kSeed);
  const twinmodels::SubscriberKeys k = keys.derive(kSubscriber);
  cardcore::Uicc card(profile);
  card.personalize({"898600400000012345", "460040000012345", cardcore::Bytes(k.k.begin(), k.k.end()),
                    cardcore::Bytes(k.opc.begin(), k.opc.end()), keys.ota_keys(kSubscriber, *profile)});
  twinmodels::HssAuc hss(kSeed, kSubscriber + 1);
  twinmodels::UsimClient usim(card);
  if (usim.power_up().empty()) state.SkipWithError("the card gave no IMSI");
  card.power_off();
  for (auto _ : state) {
    const bool selected = usim.reselect();
    const twinmodels::AuthVector v = hss.generate(kSubscriber);
    const auto auth = usim.authenticate(v.rand.data(), v.autn.data());
    const bool stored = usim.store_eps_location(static_cast<std::uint32_t>(kSubscriber), 1);
    card.power_off();
    if (!selected || auth.result != twinmodels::UsimClient::AuthResult::Ok || auth.res != v.xres || !stored) {
      state.SkipWithError("the activity did not succeed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_DeviceActivity);

}  // namespace

BENCHMARK_MAIN();
