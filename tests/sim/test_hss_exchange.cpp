// The multiplexed engine's exchange with the HSS as its own model
// (twinsim/engine/hss_exchange.hpp): a batch alone on its route takes the
// route's latency and its bytes over the narrowest bandwidth (SimGrid
// CM02's time for a lone flow), the HSS a round's flops over its speed;
// batches meeting on a link queue there; a slow link holds up only what
// crosses it; and what comes out depends neither on the order the
// multiplexers of one instant send in nor on how often the model is asked.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_hss_exchange {

using twinsim::AnswerBatch;
using twinsim::HssAnswer;
using twinsim::HssExchange;
using twinsim::HssRequest;
using twinsim::RequestBatch;

// Two radio nodes share the core's link to the HSS (1 MB/s); the south one
// reaches the core over a 2 kB/s link (SOUTH), the north one over 100 MB/s.
// A 200-byte request takes 0.2 ms on the shared link, 0.1 s on the slow one.
const char* kScenario = R"(general: {stop: 1h}
populations:
  - {name: meters, count: 40}
platforms:
  hss: {cores: 1, queue_limit: 100}
network:
  topology:
    nodes:
      - {name: north, kind: ran_mme}
      - {name: south, kind: ran_mme}
      - {name: core, kind: core_router}
      - {name: hss, kind: hss}
    links:
      - {name: north-core, from: north, to: core, latency: 2ms, bandwidth: 100MBps}
      - {name: south-core, from: south, to: core, latency: 3ms, bandwidth: SOUTH}
      - {name: core-hss, from: core, to: hss, latency: 1ms, bandwidth: 1MBps}
engine: {multiplexers: 2}
)";

std::string with_south(const std::string& bandwidth) {
  std::string text = kScenario;
  return text.replace(text.find("SOUTH"), 5, bandwidth);
}

struct Rig {
  twinsim::Scenario scenario;
  std::unique_ptr<twinsim::World> world;
  std::unique_ptr<HssExchange> hss;
  explicit Rig(const std::string& south = "2kBps")
      : scenario(twinsim::parse_scenario(with_south(south), "hss-exchange.yaml")) {
    twinsim::RunOptions options;
    scenario.populations[0].profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
    scenario = twinsim::effective_scenario(scenario, options);
    world = twinsim::make_world(scenario, options, twinsim::CardSetup::Blank);
    hss = std::make_unique<HssExchange>(*world);
  }
  double bytes() const { return scenario.network.request_bytes; }
  double round_s(int requests) const { return requests * scenario.hss.flops_per_vector / scenario.hss.speed_flops; }
};

RequestBatch requests(std::uint8_t mux, std::initializer_list<std::uint32_t> devices) {
  RequestBatch b;
  for (std::uint32_t d : devices) {
    HssRequest r;
    r.device = d;
    r.subscriber = d;
    r.mux = mux;
    b.push_back(r);
  }
  return b;
}

// The first time on a 1 µs grid from `from` at which multiplexer `mux`
// takes answers, and what it took (the model asked at every step).
struct Taken {
  double t = -1;
  AnswerBatch answers;
};
Taken first_answers(HssExchange& hss, std::uint8_t mux, double from, double to) {
  for (long k = 0;; ++k) {
    const double t = from + static_cast<double>(k) * 1e-6;
    if (t > to) return {};
    hss.advance_to(t);
    AnswerBatch a = hss.take(mux, t);
    if (!a.empty()) return {t, std::move(a)};
  }
}

TEST(HssExchange, ABatchAloneOnItsRouteTakesLatencyAndBytesOverTheNarrowestBandwidth) {
  Rig rig;
  rig.hss->send(0, 1.0, requests(0, {0}));  // north: 2 + 1 ms, 200 B over 1 MB/s
  const double way = 0.003 + rig.bytes() / 1e6;
  const double expected = 1.0 + way + rig.round_s(1) + way;
  const Taken got = first_answers(*rig.hss, 0, 1.0, 1.1);
  ASSERT_EQ(got.answers.size(), 1u);
  EXPECT_EQ(got.answers[0].device, 0u);
  EXPECT_EQ(got.answers[0].kind, HssAnswer::Kind::Vector);
  EXPECT_NEAR(got.t, expected, 1e-6);
  EXPECT_EQ(rig.world->hss_counters.served, 1u);
  EXPECT_FALSE(rig.hss->busy());
}

TEST(HssExchange, BatchesMeetingOnALinkQueueThere) {
  Rig rig;
  // Two batches of 10 from the north at 1 s: 2 000 bytes each, c = 2 ms on
  // the shared 1 MB/s link (20 µs on the radio node's), L = 3 ms of
  // latency, r = 2 ms for a round of 10 on the HSS's one core. The second
  // waits for the first on the shared link, reaches the HSS c later, and
  // its answers wait there for the first's answers.
  rig.hss->send(0, 1.0, requests(0, {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}));
  rig.hss->send(0, 1.0, requests(0, {20, 22, 24, 26, 28, 30, 32, 34, 36, 38}));
  const double c = 10 * rig.bytes() / 1e6, L = 0.003, r = rig.round_s(10);
  const double first_in = 1.0 + c + L;          // its round: first_in .. first_in + r
  const double first_back = first_in + r + c + L;
  const double second_round = std::max(1.0 + 2 * c + L, first_in + r);
  const double second_back = std::max(second_round + r, first_in + r + c) + c + L;
  const Taken first = first_answers(*rig.hss, 0, 1.0, 1.1);
  ASSERT_EQ(first.answers.size(), 10u);
  EXPECT_NEAR(first.t, first_back, 1e-6);
  EXPECT_EQ(first.answers.front().device, 0u);
  const Taken second = first_answers(*rig.hss, 0, first.t + 1e-6, 1.1);
  ASSERT_EQ(second.answers.size(), 10u);
  EXPECT_NEAR(second.t, second_back, 1e-6);
  EXPECT_EQ(second.answers.front().device, 20u);
  EXPECT_EQ(rig.world->hss_counters.served, 20u);
}

TEST(HssExchange, ASlowLinkHoldsUpOnlyWhatCrossesIt) {
  Rig rig;
  // South's batch spends 1 s on its 2 kB/s link: it takes the shared link
  // only when it gets there. North's batch 1 ms later is not held up.
  rig.hss->send(1, 1.0, requests(1, {1, 3, 5, 7, 9, 11, 13, 15, 17, 19}));
  rig.hss->advance_to(1.001);
  rig.hss->send(0, 1.001, requests(0, {0}));
  const double way = 0.003 + rig.bytes() / 1e6;
  const Taken north = first_answers(*rig.hss, 0, 1.001, 1.2);
  ASSERT_EQ(north.answers.size(), 1u);
  EXPECT_NEAR(north.t, 1.001 + way + rig.round_s(1) + way, 1e-6);
  // South's answers come back over the slow link too: 10 answers, 1 s.
  const Taken south = first_answers(*rig.hss, 1, 1.2, 4.0);
  ASSERT_EQ(south.answers.size(), 10u);
  const double south_way = 0.004 + 10 * rig.bytes() / 2e3;
  EXPECT_NEAR(south.t, 1.0 + south_way + rig.round_s(10) + south_way, 1e-6);
}

// Two multiplexers sending at the same instant, both radio links fast, so
// that their batches meet on the shared link: in either order, with the
// model asked every 0.1 ms or only every 10 ms, the same answers at the
// same times (up to when they are taken).
std::vector<std::pair<double, std::uint32_t>> exchange(bool north_first, double step) {
  Rig rig("100MBps");
  std::vector<std::pair<double, std::uint32_t>> seen;
  auto ask = [&](double t) {
    rig.hss->advance_to(t);
    for (std::uint8_t m = 0; m < 2; ++m) {
      for (const HssAnswer& a : rig.hss->take(m, t)) seen.emplace_back(t, a.device);
    }
  };
  const RequestBatch north = requests(0, {0, 2, 4}), south = requests(1, {1, 3});
  for (long k = 0;; ++k) {
    const double t = std::round((0.5 + static_cast<double>(k) * step) * 1e6) / 1e6;
    if (t > 3.0) break;
    ask(t);
    if (k == 0 && north_first) {
      rig.hss->send(0, t, north);
      rig.hss->send(1, t, south);
    } else if (k == 0) {
      rig.hss->send(1, t, south);
      rig.hss->send(0, t, north);
    }
    if (t == 0.7) rig.hss->send(0, t, requests(0, {6}));  // while the HSS works
  }
  return seen;
}

TEST(HssExchange, NeitherTheSendersOrderNorHowOftenItIsAskedChangesTheOutcome) {
  const auto fine = exchange(true, 1e-4);
  ASSERT_EQ(fine.size(), 6u);
  EXPECT_EQ(exchange(false, 1e-4), fine);
  // Asked every 10 ms the answers are taken later, but they are the same.
  const auto coarse = exchange(true, 0.01), coarse_swapped = exchange(false, 0.01);
  EXPECT_EQ(coarse, coarse_swapped);
  ASSERT_EQ(coarse.size(), fine.size());
  for (std::size_t i = 0; i < fine.size(); ++i) {
    EXPECT_EQ(coarse[i].second, fine[i].second);
    EXPECT_GE(coarse[i].first, fine[i].first);
    EXPECT_LT(coarse[i].first, fine[i].first + 0.01 + 1e-9);
  }
}

TEST(HssExchange, WhatIsOnTheWayKeepsItBusyUntilTaken) {
  Rig rig;
  EXPECT_FALSE(rig.hss->busy());
  rig.hss->send(0, 1.0, requests(0, {0}));
  EXPECT_TRUE(rig.hss->busy());
  rig.hss->advance_to(2.0);
  EXPECT_TRUE(rig.hss->busy());  // the answer arrived, not yet taken
  EXPECT_EQ(rig.hss->take(0, 2.0).size(), 1u);
  EXPECT_FALSE(rig.hss->busy());
}

}  // namespace test_hss_exchange
