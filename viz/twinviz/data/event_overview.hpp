#pragma once
// One pass over /events, a chunk at a time (docs/VIEWER.md, "Large
// runs"): the events of each kind per time bin, the devices in each state
// of the device state machines (device_states.hpp) at each bin's end, and
// the outcomes of the SM-SR's and SM-DP's campaigns per bin. Memory: the
// bins, and one byte per device per state machine.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "twinviz/data/device_states.hpp"
#include "twinviz/data/run_source.hpp"
#include "twinviz/data/time_bins.hpp"

namespace twinviz {

// The devices in each state at the end of each bin.
struct StateHistory {
  std::string title;
  std::vector<std::string> states;
  std::vector<std::vector<std::uint64_t>> at_bin;  // [bin][state]
};

// A campaign's outcomes per bin, from the events whose value is the
// campaign's index (docs/RUN-FILE.md: smsr_done ... smdp_refused).
struct CampaignOutcomes {
  std::uint16_t campaign = 0;
  std::string platform;  // "SM-SR" or "SM-DP"
  std::map<std::string, std::vector<std::uint64_t>> per_bin;  // outcome ("done", ...) -> [bin]
};

struct EventOverview {
  TimeBins bins;
  std::vector<std::vector<std::uint64_t>> kind_bins;  // [kind][bin]
  std::vector<std::uint64_t> kind_totals;             // [kind]
  std::vector<StateHistory> states;                   // attachment, last profile change, NVM health
  std::vector<CampaignOutcomes> campaigns;            // by platform, then campaign index
  std::uint64_t rows = 0;                             // events read
};

// Reads /events of `run` into `bins` bins over [0, stop_s]; throws
// ViewError when the table cannot be read.
EventOverview scan_events(const RunSource& run, std::size_t bins);

}  // namespace twinviz
