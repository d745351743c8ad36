#pragma once
// A device's event on its way to the run file's /events, and where it goes:
// straight to the run file, or, in a sharded run, to the rank's list until
// the ranks' events are put in one order (shard/sharded_run.cpp); the same
// for a traced device's APDUs.
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

// A traced device's APDU, masked, that a sharded run's rank keeps until
// rank 0 writes the slot's (the run file's /apdu and, with --pcap, GSMTAP).
struct RecordedApdu {
  double t = 0;
  std::uint32_t device = 0;
  std::uint8_t direction = 0;
  std::vector<std::uint8_t> bytes;
};

struct EventSink {
  RunFile* out = nullptr;
  std::vector<RecordedEvent>* shard = nullptr;  // set: a sharded run's rank
  void add(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) const;
};

}  // namespace twinsim
