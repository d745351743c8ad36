// Roaming links: latency, jitter and loss per message from counter-based
// per-device streams (deterministic per seed and device, whatever the order
// of the calls), and link-wide bad periods.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "twinmodels/network/roaming_link.hpp"

namespace test_roaming_link {

using namespace twinmodels;

RoamingLinkConfig lossy(double loss) {
  RoamingLinkConfig c;
  c.latency = 120 * kMs;
  c.jitter = 20 * kMs;
  c.loss = loss;
  return c;
}

TEST(RoamingLinks, LossIsDeterministicPerSeedAndDevice) {
  const RoamingLinks a(11, {lossy(0.2), lossy(0.2)});
  const RoamingLinks b(11, {lossy(0.2), lossy(0.2)});
  const RoamingLinks other_seed(12, {lossy(0.2), lossy(0.2)});
  std::vector<Transit> forward, backward;
  for (std::uint64_t n = 0; n < 200; ++n) forward.push_back(a.transit(1, 77, n, 0));
  for (std::uint64_t n = 200; n-- > 0;) backward.push_back(b.transit(1, 77, n, 0));
  std::reverse(backward.begin(), backward.end());
  EXPECT_EQ(forward, backward) << "a message's fate does not depend on the order of the calls";
  std::vector<Transit> seed12, device78, link0;
  for (std::uint64_t n = 0; n < 200; ++n) {
    seed12.push_back(other_seed.transit(1, 77, n, 0));
    device78.push_back(a.transit(1, 78, n, 0));
    link0.push_back(a.transit(0, 77, n, 0));
  }
  EXPECT_NE(forward, seed12);
  EXPECT_NE(forward, device78);
  EXPECT_NE(forward, link0);
}

TEST(RoamingLinks, LossRateAndDelayMatchTheLink) {
  const RoamingLinks links(3, {lossy(0.01)});
  std::uint64_t lost = 0;
  NetTime min_delay = kNever, max_delay = 0;
  double sum = 0;
  constexpr std::uint64_t kMessages = 100'000;
  for (std::uint64_t i = 0; i < kMessages; ++i) {
    const Transit t = links.transit(0, i % 1000, i / 1000, 0);
    lost += t.lost;
    min_delay = std::min(min_delay, t.delay);
    max_delay = std::max(max_delay, t.delay);
    sum += static_cast<double>(t.delay);
  }
  // Binomial(100000, 0.01): mean 1000, sd 31.5; four sd either way.
  EXPECT_GT(lost, 874u);
  EXPECT_LT(lost, 1126u);
  EXPECT_GE(min_delay, 120 * kMs);
  EXPECT_LE(max_delay, 140 * kMs);
  EXPECT_LT(min_delay, 120 * kMs + 100);
  EXPECT_GT(max_delay, 140 * kMs - 100);
  EXPECT_NEAR(sum / kMessages, 130'000.0, 100.0);  // uniform jitter: mean 10 ms
}

TEST(RoamingLinks, BadPeriodsHitEveryDeviceOnTheLink) {
  RoamingLinkConfig c = lossy(0);
  c.burst_probability = 0.1;
  c.burst_loss = 1.0;
  c.burst_slot = kSecond;
  const RoamingLinks links(5, {c, lossy(0)});
  int bad = 0;
  for (NetTime s = 0; s < 10'000; ++s) {
    const NetTime t = s * kSecond + 500 * kMs;
    const bool b = links.bad_period(0, t);
    bad += b;
    EXPECT_EQ(links.bad_period(0, s * kSecond), b) << "one state per slot";
    for (std::uint64_t d = 0; d < 3; ++d) EXPECT_EQ(links.transit(0, d, static_cast<std::uint64_t>(s), t).lost, b);
    EXPECT_FALSE(links.transit(1, 0, static_cast<std::uint64_t>(s), t).lost) << "the other link is clean";
  }
  EXPECT_GT(bad, 880);  // Binomial(10000, 0.1): 1000 +- 4 x 30
  EXPECT_LT(bad, 1120);
}

TEST(RoamingLinks, BadConfigurationsAreRefused) {
  RoamingLinkConfig c;
  c.loss = 1.5;
  EXPECT_THROW(RoamingLinks(1, {c}), std::invalid_argument);
  c = {};
  c.latency = -1;
  EXPECT_THROW(RoamingLinks(1, {c}), std::invalid_argument);
  c = {};
  c.burst_slot = 0;
  EXPECT_THROW(RoamingLinks(1, {c}), std::invalid_argument);
  const RoamingLinks one(1, {RoamingLinkConfig{}});
  EXPECT_THROW(one.transit(1, 0, 0, 0), std::out_of_range);
}

}  // namespace test_roaming_link
