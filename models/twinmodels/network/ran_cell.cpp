#include "twinmodels/network/ran_cell.hpp"

#include <stdexcept>
#include <string>

#include "twinmodels/network/ie_error.hpp"

namespace twinmodels {

NetTime backoff_parameter(std::uint8_t bi_index) {
  if (bi_index > 12) throw NetworkIeError("Backoff Indicator", "index " + std::to_string(bi_index) + " is reserved");
  return NetTime{kBackoffIndicatorMs[bi_index]} * kMs;
}

namespace {

RanCellConfig checked(RanCellConfig c) {
  if (c.reject_wait_time < kSecond || c.reject_wait_time > 16 * kSecond || c.reject_wait_time % kSecond != 0)
    throw NetworkIeError("RRCConnectionReject waitTime", "must be 1..16 whole seconds");
  backoff_parameter(c.backoff_indicator);
  if (c.cell_id >> 28) throw NetworkIeError("cell identity", "above 28 bits");
  if (c.tac >> 16) throw NetworkIeError("TAC", "above 16 bits");
  if (c.max_admission_delay < 0 || c.rrc_setup_latency < 0) throw std::invalid_argument("RanCell: negative delay");
  return c;
}

}  // namespace

RanCell::RanCell(RanCellConfig cfg) : cfg_(checked(cfg)), slots_(cfg_.rrc_setups_per_second, cfg_.burst) {}

CellAdmission RanCell::request(NetTime t, RandomStream& rng) {
  ++counters_.requests;
  const NetTime slot = slots_.earliest(t);
  if (slot - t <= cfg_.max_admission_delay) {
    slots_.take(slot);
    ++counters_.admitted;
    if (slot - t > counters_.max_delay) counters_.max_delay = slot - t;
    return {true, slot + cfg_.rrc_setup_latency};
  }
  ++counters_.rejected;
  // T302 = waitTime, then the random access back-off: uniform in [0, BI].
  const NetTime bi = backoff_parameter(cfg_.backoff_indicator);
  const NetTime backoff = bi == 0 ? 0 : static_cast<NetTime>(rng.below(static_cast<std::uint64_t>(bi) + 1));
  return {false, t + cfg_.reject_wait_time + backoff};
}

TrackingArea::TrackingArea(std::uint32_t tac, std::vector<RanCellConfig> cells) : tac_(tac) {
  if (cells.empty()) throw std::invalid_argument("TrackingArea: no cells");
  for (auto& c : cells) {
    if (c.tac != tac) throw std::invalid_argument("TrackingArea: cell " + std::to_string(c.cell_id) + " has another TAC");
    cells_.emplace_back(c);
  }
}

}  // namespace twinmodels
