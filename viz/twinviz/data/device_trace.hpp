#pragma once
// One device's history for the drill-down (docs/VIEWER.md, "Devices"): its
// rows of /events, of /chip_audit when the run had chip management, and,
// when it was traced, of /apdu with each command and response decoded
// (twinanalysis/apdu_decode.hpp). Found by scanning the
// tables' device columns a chunk at a time; only the chunks that hold the
// device's rows are read further.
#include <cstdint>
#include <string>
#include <vector>

#include "twinviz/data/run_source.hpp"

namespace twinviz {

struct DeviceEvent {
  double t = 0;
  std::uint8_t kind = 0;
  std::int64_t value = 0;
};

struct DeviceApdu {
  double t = 0;
  std::uint8_t direction = 0;  // 0 command, 1 response
  std::vector<std::uint8_t> bytes;
  std::string decoded;
};

// A step of the device's chip in /chip_audit (runs with chip management).
struct DeviceChipStep {
  double t = 0;
  std::string actor, action, from, to, detail;
};

struct DeviceTrace {
  std::uint32_t device = 0;
  std::vector<DeviceEvent> events;
  std::vector<DeviceApdu> apdus;  // empty when the device was not traced
  std::vector<DeviceChipStep> chip_steps;  // empty without chip management
};

DeviceTrace read_device_trace(const RunSource& run, std::uint32_t device);

}  // namespace twinviz
