#pragma once
// A RAN cell's admission of RRC connection requests (attach, TAU, service
// request all start with one), with a capacity in requests per second, and
// the tracking area a set of cells forms.
//
// A request at t that the cell can serve within max_admission_delay (its
// queue: random access and RRC setup wait for the next free slot of the
// token bucket) is admitted at that slot and set up rrc_setup_latency later.
// Otherwise the eNB answers RRCConnectionReject with waitTime (TS 36.331
// §5.3.3.8: the UE starts T302 = waitTime, 1..16 s) and, as under overload
// eNBs do, a random access Backoff Indicator (TS 36.321 §5.1.4, table 7.2-1):
// the UE tries again after waitTime plus a uniform draw in [0, BI] from its
// own random stream, so rejected devices do not come back together.
//
// Per cell: the bucket's 8 bytes and counters; nothing per device (the
// caller owns each device's RandomStream).
#include <cstdint>
#include <vector>

#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/rate_limiter.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace twinmodels {

// TS 36.321 Table 7.2-1: Backoff Parameter values (ms) of BI indices 0..12;
// 13..15 are reserved.
inline constexpr std::uint32_t kBackoffIndicatorMs[13] = {0, 10, 20, 30, 40, 60, 80, 120, 160, 240, 320, 480, 960};
// Throws NetworkIeError for a reserved index.
NetTime backoff_parameter(std::uint8_t bi_index);

struct RanCellConfig {
  std::uint32_t cell_id = 0;           // the E-UTRAN cell identity (28 bits)
  std::uint32_t tac = 1;               // tracking area code (16 bits)
  double rrc_setups_per_second = 100;  // capacity
  std::uint32_t burst = 20;            // requests served back to back
  NetTime max_admission_delay = 1 * kSecond;
  NetTime rrc_setup_latency = 60 * kMs;  // preamble to RRCConnectionSetupComplete
  NetTime reject_wait_time = 10 * kSecond;  // waitTime of RRCConnectionReject, 1..16 s
  std::uint8_t backoff_indicator = 7;       // BI index: 120 ms
};

struct CellAdmission {
  bool admitted = false;
  NetTime at = 0;  // admitted: connection set up; rejected: when the UE tries again
  bool operator==(const CellAdmission&) const = default;
};

struct RanCellCounters {
  std::uint64_t requests = 0;
  std::uint64_t admitted = 0;
  std::uint64_t rejected = 0;
  NetTime max_delay = 0;  // the longest wait for a slot among admitted requests
};

class RanCell {
 public:
  // Throws NetworkIeError for a waitTime outside 1..16 s, a reserved BI, a
  // cell id above 28 bits or a TAC above 16 bits; std::invalid_argument for a
  // bad capacity.
  explicit RanCell(RanCellConfig cfg);

  // An RRC connection request at t from a device drawing from `rng`.
  CellAdmission request(NetTime t, RandomStream& rng);

  const RanCellConfig& config() const { return cfg_; }
  const RanCellCounters& counters() const { return counters_; }

  // Checkpoints: the whole state is the token bucket's TAT and the counters.
  NetTime tat() const { return slots_.tat(); }
  void restore(NetTime tat, const RanCellCounters& counters) {
    slots_.restore(tat);
    counters_ = counters;
  }

 private:
  RanCellConfig cfg_;
  RateLimiter slots_;
  RanCellCounters counters_;
};

// A tracking area: the cells of one TAC. Devices camp on a cell picked by
// their index (device mod cells): the model spreads a population evenly.
class TrackingArea {
 public:
  // Throws std::invalid_argument without cells or with a cell of another TAC.
  TrackingArea(std::uint32_t tac, std::vector<RanCellConfig> cells);
  std::uint32_t tac() const { return tac_; }
  std::size_t cells() const { return cells_.size(); }
  RanCell& cell_of(std::uint64_t device) { return cells_[device % cells_.size()]; }
  RanCell& cell(std::size_t i) { return cells_.at(i); }
  const RanCell& cell(std::size_t i) const { return cells_.at(i); }

 private:
  std::uint32_t tac_;
  std::vector<RanCell> cells_;
};

}  // namespace twinmodels
