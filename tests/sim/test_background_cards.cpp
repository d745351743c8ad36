// Cards personalized beside the run (background_cards.hpp): each made once,
// by the thread in the order of first use or by the run when it needs one
// first; errors reach the run; and a world made so holds the same cards as
// one whose cards were all made before the run.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "twinsim/engine/background_cards.hpp"
#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace test_background_cards {

using twinsim::BackgroundCards;

std::vector<std::uint32_t> every(std::uint32_t n) {
  std::vector<std::uint32_t> v(n);
  for (std::uint32_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(BackgroundCards, EachCardIsMadeOnceWhoeverNeedsItFirst) {
  constexpr std::uint32_t kN = 20000;
  std::vector<std::atomic<int>> made(kN);
  BackgroundCards cards(
      every(kN), kN, [](std::uint32_t d) { return static_cast<double>((d * 7919u) % kN); },
      [&made](std::uint32_t d) { made[d].fetch_add(1); });
  // The run asks for cards in its own order while the thread works.
  for (std::uint32_t i = 0; i < kN; i += 3) {
    const std::uint32_t d = kN - 1 - i;
    cards.ready(d);
    EXPECT_EQ(made[d].load(), 1) << d;
    EXPECT_TRUE(cards.made(d));
  }
  cards.finish();
  for (std::uint32_t d = 0; d < kN; ++d) EXPECT_EQ(made[d].load(), 1) << d;
  EXPECT_LE(cards.made_by_run(), kN);
}

TEST(BackgroundCards, TheThreadGoesInTheOrderOfFirstUseThenByNumber) {
  std::mutex m;
  std::vector<std::uint32_t> order;
  // Devices 0..9 first used at 9 - d / 2 s: 8 and 9 first, then 6 and 7, ...
  BackgroundCards cards(
      every(10), 10, [](std::uint32_t d) { return 9.0 - d / 2; },
      [&](std::uint32_t d) {
        std::lock_guard<std::mutex> lock(m);
        order.push_back(d);
      });
  // The thread alone: nothing asks for a card until it is done.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (std::uint32_t d = 0; d < 10; ++d)
    while (!cards.made(d) && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
  cards.finish();
  EXPECT_EQ(cards.made_by_run(), 0u);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{8, 9, 6, 7, 4, 5, 2, 3, 0, 1}));
}

TEST(BackgroundCards, DevicesNotListedAreReadyAtOnce) {
  std::atomic<int> calls{0};
  BackgroundCards cards({2, 5}, 8, [](std::uint32_t) { return 0.0; }, [&](std::uint32_t) { ++calls; });
  for (std::uint32_t d : {0u, 1u, 3u, 4u, 6u, 7u}) EXPECT_TRUE(cards.made(d));
  cards.finish();
  EXPECT_EQ(calls.load(), 2);
}

TEST(BackgroundCards, AnErrorReachesTheRunAtTheCardAndAtTheEnd) {
  BackgroundCards cards(
      every(50), 50, [](std::uint32_t d) { return static_cast<double>(d); },
      [](std::uint32_t d) {
        if (d == 30) throw std::invalid_argument("personalize: card 30");
      });
  try {
    cards.ready(30);
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "personalize: card 30");
  }
  cards.ready(31);  // the others are made
  EXPECT_THROW(cards.finish(), std::invalid_argument);
}

TEST(BackgroundCards, DestroyedEarlyTheThreadStops) {
  std::atomic<int> calls{0};
  {
    BackgroundCards cards(
        every(100000), 100000, [](std::uint32_t) { return 0.0; },
        [&](std::uint32_t) {
          ++calls;
          std::this_thread::sleep_for(std::chrono::microseconds(50));
        });
  }
  EXPECT_LT(calls.load(), 100000);  // 5 s of work, stopped at once
}

// The world as a run makes it (cards in the background) holds, once they are
// all made, exactly the cards of a world that made them all first.
TEST(BackgroundCards, AWorldHoldsTheCardsItWouldHaveMadeFirst) {
  twinsim::Scenario sc = twinsim::load_scenario(ESIMTWIN_SOURCE_DIR "/scenarios/attach-10k.yaml");
  for (twinsim::PopulationSpec& p : sc.populations) p.profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
  twinsim::RunOptions options;
  options.devices = 3000;
  const twinsim::Scenario eff = twinsim::effective_scenario(sc, options);
  const std::unique_ptr<twinsim::World> first = twinsim::make_world(eff, options, twinsim::CardSetup::Personalized);
  const std::unique_ptr<twinsim::World> beside = twinsim::make_world(eff, options, twinsim::CardSetup::InBackground);
  ASSERT_EQ(first->background_cards, nullptr);
  ASSERT_NE(beside->background_cards, nullptr);
  // Some asked for by the run while the thread works, the rest at the end.
  for (std::uint32_t d = 0; d < 3000; d += 97) beside->background_cards->ready(d);
  beside->background_cards->finish();
  ASSERT_EQ(first->devices.size(), beside->devices.size());
  for (std::uint32_t d = 0; d < first->devices.size(); ++d) {
    ASSERT_EQ(first->devices[d].card.save_state(), beside->devices[d].card.save_state()) << d;
  }
}

}  // namespace test_background_cards
