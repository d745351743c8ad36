// An SM-SR run's state (SRUN 15, sim/twinsim/engine/sm_sr_run_state.cpp):
// an SM-SR change's ES7 call on its way keeps the SM-SR that made it (its
// answer crosses the links back to that one, platform_links.hpp); a call
// naming the SM-SR itself or none of the run's is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "euicc_run_scenarios.hpp"
#include "resealed_state.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace test_sm_sr_run_state {

namespace pf = twinmodels::platform;
using twinsim::testing::importers_population;
using twinsim::testing::resealed;

// Two SM-SRs, four importers.
twinsim::Scenario two_sm_srs() {
  return twinsim::parse_scenario(
      "general: {name: srun, seed: 3, stop: 1h}\npopulations:\n" + importers_population(4) +
          "platforms:\n"
          "  sm_sr:\n"
          "    - {id: SM-SR-CMCC, host: sm-sr-cmcc, address: '8613900200777'}\n"
          "    - {id: SM-SR-DE, host: sm-sr-de, address: '491720000777'}\n",
      "srun.yaml");
}

TEST(SmSrRunState, AnEs7CallOnItsWayKeepsItsSmSr) {
  const twinsim::Scenario s = two_sm_srs();
  const twinsim::EuiccFactory factory(s, 4, {nullptr}, {nullptr});
  twinsim::SmSrRun a(s, 0, factory, 4);
  pf::FunctionCall call;
  call.kind = pf::FunctionCall::Kind::SendData;
  call.call_id = "change-1";
  call.eid = twinsim::euicc_eid(1);
  // SM-SR 1's ES7 call, 0.123456789 s on its way (no links: its latency).
  const twinsim::SimTime latency = 123456789;
  a.submit(twinsim::to_simtime(10), twinsim::SmSrRun::Caller::SmSrChange, call, std::nullopt, latency, 1);
  const cardcore::Bytes saved = a.save_state();
  twinsim::SmSrRun b(s, 0, factory, 4);
  b.restore_state(saved);
  EXPECT_EQ(b.save_state(), saved);
  // The call's latency i64, its SM-SR u8 (1), no campaign (FFFF).
  cardcore::Bytes pattern;
  for (int i = 0; i < 8; ++i) pattern.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(latency) >> (8 * i)));
  pattern.insert(pattern.end(), {1, 0xFF, 0xFF});
  const auto at = std::search(saved.begin(), saved.end(), pattern.begin(), pattern.end());
  ASSERT_NE(at, saved.end());
  const std::size_t es7_from = static_cast<std::size_t>(at - saved.begin()) + 8;
  for (const std::uint8_t bad : {std::uint8_t{0}, std::uint8_t{2}}) {
    twinsim::SmSrRun c(s, 0, factory, 4);
    try {
      c.restore_state(resealed(saved, es7_from, bad));
      ADD_FAILURE() << "SM-SR " << int(bad) << " taken";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("ES7 call's SM-SR " + std::to_string(bad) +
                                           " is not another SM-SR of the run calling for a change"),
                std::string::npos)
          << e.what();
    }
  }
  // None (FF) is an ES3 call's or an order's.
  twinsim::SmSrRun d(s, 0, factory, 4);
  EXPECT_NO_THROW(d.restore_state(resealed(saved, es7_from, 0xFF)));
}

}  // namespace test_sm_sr_run_state
