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
// rank 0 writes the slot's (the run file's /apdu and, with --pcap, GSMTAP);
// or, with --pcap, one of its SMS for the GSMTAP trace (apdu_trace.hpp).
struct RecordedApdu {
  enum Kind : std::uint8_t { Apdu, SmsDelivered, SmsSent, SmsReport };
  double t = 0;
  std::uint32_t device = 0;
  std::uint8_t direction = 0;  // an APDU's; an SmsReport's: 1 for an RP-ACK
  std::vector<std::uint8_t> bytes;  // the APDU, the TPDU or the SMS-DELIVER-REPORT
  std::uint8_t kind = Apdu;
  std::uint8_t rp_cause = 0;           // an SmsReport's RP-ERROR cause
  std::vector<std::uint8_t> centre;    // an SMS's service centre (TS 24.011 RP address), empty for none
};

struct EventSink {
  RunFile* out = nullptr;
  std::vector<RecordedEvent>* shard = nullptr;  // set: a sharded run's rank
  void add(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) const;
};

}  // namespace twinsim
