#pragma once
// A device's event on its way to the run file's /events, and where it goes:
// straight to the run file, or, in a sharded run, to the rank's list until
// the ranks' events are put in one order (shard/sharded_run.cpp).
#include <cstdint>
#include <vector>

namespace twinsim {

class RunFile;

struct RecordedEvent {
  double t = 0;
  std::uint32_t device = 0;
  std::uint8_t kind = 0;
  std::int64_t value = 0;
};

struct EventSink {
  RunFile* out = nullptr;
  std::vector<RecordedEvent>* shard = nullptr;  // set: a sharded run's rank
  void add(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) const;
};

}  // namespace twinsim
