#pragma once
// The batch-window grid: multiplexers act on whole windows only, so the
// engine's own interventions (checkpoints, link faults, HSS backups) happen on
// half-window points, where no multiplexer is ever in the middle of a wake-up.
#include <algorithm>
#include <cstdint>

#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

inline SimTime window_of(double batch_window_s) { return std::max<SimTime>(1, to_simtime(batch_window_s)); }

// The first window boundary at or after t (t >= 0): a multiplexer's wake-up.
inline SimTime window_at_or_after(SimTime t, SimTime window) { return (t + window - 1) / window * window; }

// The k-th half-window point, (k + 1/2) * window, in seconds.
inline double half_window_point(std::int64_t k, SimTime window) {
  return static_cast<double>(2 * k + 1) * static_cast<double>(window) / 2e6;
}

// The index of the first half-window point at or after t.
inline std::int64_t first_half_window_index(double t, SimTime window) {
  const auto twice_us = static_cast<std::int64_t>(t * 2e6 + 0.5);
  return twice_us <= window ? 0 : (twice_us - window + 2 * window - 1) / (2 * window);
}

inline double first_half_window_point(double t, SimTime window) {
  return half_window_point(first_half_window_index(t, window), window);
}

}  // namespace twinsim
