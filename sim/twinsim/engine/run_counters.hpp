#pragma once
// The run's device counters (world.hpp), as one value: a sharded run's
// ranks each count their own devices' and rank 0 sums them, for the run
// file and for a checkpoint (docs/SCALING.md).
#include <cstdint>
#include <type_traits>

#include "twinsim/engine/world.hpp"

namespace twinsim {

struct RunCounters {
  std::uint64_t events = 0;
  std::uint64_t devices_powered = 0;
  std::uint64_t devices_attached = 0;
  std::uint64_t power_cycles = 0;
  std::uint64_t brown_outs = 0;
  std::uint64_t power_losses = 0;
  std::uint64_t exception_reports = 0;
  std::uint64_t exception_reports_lost = 0;
  std::uint64_t requests_lost = 0;
  std::uint64_t answers_lost = 0;

  RunCounters& operator+=(const RunCounters& o) {
    events += o.events;
    devices_powered += o.devices_powered;
    devices_attached += o.devices_attached;
    power_cycles += o.power_cycles;
    brown_outs += o.brown_outs;
    power_losses += o.power_losses;
    exception_reports += o.exception_reports;
    exception_reports_lost += o.exception_reports_lost;
    requests_lost += o.requests_lost;
    answers_lost += o.answers_lost;
    return *this;
  }
};
static_assert(std::is_trivially_copyable_v<RunCounters>);

inline RunCounters counters_of(const World& w) {
  return {w.events,       w.devices_powered,   w.devices_attached,       w.power_cycles,  w.brown_outs,
          w.power_losses, w.exception_reports, w.exception_reports_lost, w.requests_lost, w.answers_lost};
}

inline void set_counters(World& w, const RunCounters& c) {
  w.events = c.events;
  w.devices_powered = c.devices_powered;
  w.devices_attached = c.devices_attached;
  w.power_cycles = c.power_cycles;
  w.brown_outs = c.brown_outs;
  w.power_losses = c.power_losses;
  w.exception_reports = c.exception_reports;
  w.exception_reports_lost = c.exception_reports_lost;
  w.requests_lost = c.requests_lost;
  w.answers_lost = c.answers_lost;
}

}  // namespace twinsim
