// RAN cell admission (capacity, RRCConnectionReject waitTime and random
// access back-off, TS 36.331 §5.3.3.8, TS 36.321 §5.1.4 / Table 7.2-1),
// tracking areas, and the UE's attach retry timers (TS 24.301 §5.5.1.2.5,
// §5.5.1.2.6).
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <stdexcept>

#include "twinmodels/network/attach_retry.hpp"
#include "twinmodels/network/ie_error.hpp"
#include "twinmodels/network/ran_cell.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace test_ran_cell {

using namespace twinmodels;

TEST(RanCell, AdmitsWithinCapacityQueuesBrieflyThenRejects) {
  RanCellConfig c;
  c.rrc_setups_per_second = 10;  // one slot per 100 ms
  c.burst = 2;
  c.max_admission_delay = 300 * kMs;
  c.rrc_setup_latency = 50 * kMs;
  c.reject_wait_time = 4 * kSecond;
  c.backoff_indicator = 12;  // 960 ms
  RanCell cell(c);
  RandomStream rng(1, 0, 9);
  // Two back to back, then one slot per 100 ms up to 300 ms of waiting.
  EXPECT_EQ(cell.request(0, rng), (CellAdmission{true, 50 * kMs}));
  EXPECT_EQ(cell.request(0, rng), (CellAdmission{true, 50 * kMs}));
  EXPECT_EQ(cell.request(0, rng), (CellAdmission{true, 150 * kMs}));
  EXPECT_EQ(cell.request(0, rng), (CellAdmission{true, 250 * kMs}));
  EXPECT_EQ(cell.request(0, rng), (CellAdmission{true, 350 * kMs}));
  const CellAdmission rejected = cell.request(0, rng);
  EXPECT_FALSE(rejected.admitted);
  EXPECT_GE(rejected.at, 4 * kSecond);
  EXPECT_LE(rejected.at, 4 * kSecond + 960 * kMs);
  EXPECT_EQ(cell.counters().admitted, 5u);
  EXPECT_EQ(cell.counters().rejected, 1u);
  EXPECT_EQ(cell.counters().max_delay, 300 * kMs);
}

TEST(RanCell, RejectedDevicesComeBackSpreadOverTheBackoff) {
  RanCellConfig c;
  c.rrc_setups_per_second = 1;
  c.burst = 1;
  c.max_admission_delay = 0;
  c.backoff_indicator = 12;
  RanCell cell(c);
  RandomStream first(1, 0, 9);
  ASSERT_TRUE(cell.request(0, first).admitted);
  std::set<NetTime> back;
  for (std::uint64_t d = 1; d <= 200; ++d) {
    RandomStream rng(1, d, 9);
    const CellAdmission a = cell.request(0, rng);
    ASSERT_FALSE(a.admitted);
    back.insert(a.at);
    // A second cell in the same state (device 0 took its one token first)
    // rejects device d at the same time: the back-off draw comes from d's
    // own stream, not from the cell or the devices before it.
    RandomStream again(1, d, 9);
    RanCell twin(c);
    RandomStream device0(1, 0, 9);
    ASSERT_TRUE(twin.request(0, device0).admitted);
    EXPECT_EQ(twin.request(0, again).at, a.at) << "the draw is the device's own";
  }
  EXPECT_GT(back.size(), 190u);
  EXPECT_LT(*back.begin(), c.reject_wait_time + 100 * kMs);
  EXPECT_GT(*back.rbegin(), c.reject_wait_time + 860 * kMs);
}

TEST(RanCell, ImpossibleConfigurationsAreRefused) {
  RanCellConfig c;
  c.reject_wait_time = 17 * kSecond;
  EXPECT_THROW(RanCell{c}, NetworkIeError);
  c = {};
  c.reject_wait_time = 0;
  EXPECT_THROW(RanCell{c}, NetworkIeError);
  c = {};
  c.backoff_indicator = 13;
  EXPECT_THROW(RanCell{c}, NetworkIeError);
  c = {};
  c.cell_id = 1u << 28;
  EXPECT_THROW(RanCell{c}, NetworkIeError);
  c = {};
  c.tac = 0x10000;
  EXPECT_THROW(RanCell{c}, NetworkIeError);
  c = {};
  c.rrc_setups_per_second = 0;
  EXPECT_THROW(RanCell{c}, std::invalid_argument);
  EXPECT_EQ(backoff_parameter(0), 0);
  EXPECT_EQ(backoff_parameter(5), 60 * kMs);
  EXPECT_EQ(backoff_parameter(12), 960 * kMs);
}

TEST(TrackingArea, SpreadsDevicesOverItsCells) {
  std::vector<RanCellConfig> cells(4);
  for (std::uint32_t i = 0; i < 4; ++i) {
    cells[i].cell_id = i;
    cells[i].tac = 7;
  }
  TrackingArea ta(7, cells);
  EXPECT_EQ(ta.cells(), 4u);
  EXPECT_EQ(ta.cell_of(0).config().cell_id, 0u);
  EXPECT_EQ(ta.cell_of(5).config().cell_id, 1u);
  EXPECT_EQ(ta.cell_of(4003).config().cell_id, 3u);
  cells[2].tac = 8;
  EXPECT_THROW(TrackingArea(7, cells), std::invalid_argument);
  EXPECT_THROW(TrackingArea(7, {}), std::invalid_argument);
}

TEST(AttachRetry, T3411FourTimesThenT3402) {
  const AttachRetry r;
  std::uint8_t counter = 0;
  NetTime t = 0;
  // §5.5.1.2.6: attempts 1..4 fail -> T3411 (10 s); the 5th -> T3402 (12 min).
  for (int i = 1; i <= 4; ++i) {
    const NetTime next = r.after_failure(t, AttachFailure::LowerLayer, counter);
    EXPECT_EQ(next, t + 10 * kSecond) << i;
    EXPECT_EQ(counter, i);
    t = next;
  }
  EXPECT_EQ(r.after_failure(t, AttachFailure::T3410Expiry, counter), t + 12 * kMinute);
  EXPECT_EQ(counter, 0);
  EXPECT_EQ(r.after_failure(t, AttachFailure::OtherReject, counter), t + 10 * kSecond);
  r.accepted(counter);
  EXPECT_EQ(counter, 0);
}

TEST(AttachRetry, CongestionWaitsT3346WithoutCountingAnAttempt) {
  const AttachRetry r;
  std::uint8_t counter = 3;
  EXPECT_EQ(r.after_congestion(kSecond, NasTimerValue::of(17 * kMinute), counter), kSecond + 17 * kMinute);
  EXPECT_EQ(counter, 3);
  // §5.5.1.2.5: T3346 zero or deactivated is the abnormal case of §5.5.1.2.6.
  EXPECT_EQ(r.after_congestion(kSecond, NasTimerValue::of(0), counter), kSecond + 10 * kSecond);
  EXPECT_EQ(counter, 4);
  EXPECT_EQ(r.after_congestion(kSecond, NasTimerValue::off(), counter), kSecond + 12 * kMinute);
  EXPECT_EQ(counter, 0);
}

TEST(AttachRetry, RrcRejectWaitsForTheCellAndCounts) {
  const AttachRetry r;
  std::uint8_t counter = 0;
  EXPECT_EQ(r.after_rrc_reject(0, 16 * kSecond, counter), 16 * kSecond) << "T302 longer than T3411";
  EXPECT_EQ(r.after_rrc_reject(0, 2 * kSecond, counter), 10 * kSecond) << "T3411 longer than T302";
  EXPECT_EQ(counter, 2);
  EXPECT_TRUE(r.t3410_expired(0, 15 * kSecond));
  EXPECT_FALSE(r.t3410_expired(0, 15 * kSecond - 1));
}

}  // namespace test_ran_cell
