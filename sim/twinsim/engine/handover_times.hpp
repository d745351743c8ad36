#pragma once
// The profile switches of a run's handover campaigns, device by device,
// for the metrics handover.* (docs/SCENARIOS.md, "The handover
// comparison"): the export of devices to a foreign operator in the three
// cooperation modes of the source document §4 and the import to China
// Mobile's profile.
//
// A device's switch starts at its first order of the run's handover
// campaigns (smsr-change, download-profile, enable-profile: the earliest
// release of the device in any of them, modem_world.cpp's submissions)
// and is done when the device registered on the new profile: the
// registration (the modem's report Registered, after the REFRESH the
// enable asks for) that precedes the SM-SR's taking of the eUICC's
// notification "profile change succeeded" (SGP.02 §4.1.1.11, type 2; the
// eUICC sends it by MO SMS once it has service on the new profile). It
// failed when a call of one of those campaigns for it failed, expired or
// was refused (the SM-SR's or SM-DP's outcome) and it was not done by the
// end. Its SMS are the SM-SRs' MT SMS to it from its order on (the SM-DP's
// ES3 calls included, which the SM-SR carries).
#include <cstdint>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

struct Submission;

struct HandoverCounters {
  std::uint64_t ordered = 0;  // devices of the handover campaigns
  std::uint64_t done = 0;     // devices registered on the new profile
  std::uint64_t failed = 0;   // devices with a failed call, not done
  double p50_s = 0, p90_s = 0, max_s = 0;  // time to switch of those done (nearest rank); 0 for none
  double sms_per_device = 0;  // the SM-SRs' MT SMS to the ordered devices from their order on / ordered
};

class HandoverTimes {
 public:
  // True when the scenario has a handover campaign.
  static bool wanted(const Scenario& s);
  HandoverTimes(const Scenario& s, const std::vector<Submission>& submissions, std::uint64_t devices);

  bool handover_campaign(std::uint16_t campaign) const;
  // The modem of `device` reported Registered at t.
  void registered(SimTime t, std::uint32_t device);
  // The SMSC took an SM-SR's MT SMS to `device` at t.
  void sms_submitted(SimTime t, std::uint32_t device);
  // A call of a handover campaign for `device` failed, expired or was refused.
  void call_failed(std::uint32_t device);
  // The SM-SR took the eUICC's notification "profile change succeeded".
  void profile_changed(SimTime t, std::uint32_t device);

  HandoverCounters counters() const;

  // Checkpoints (docs/CHECKPOINTS.md): "HOVR" version 1, the devices'
  // registrations, switches, SMS and failures; the orders are the
  // scenario's. restore_state() throws std::invalid_argument
  // ("handover times state: ...").
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  static constexpr SimTime kNone = -1;
  std::vector<bool> campaign_;          // by campaign index: a handover campaign
  std::vector<SimTime> ordered_at_;     // by device; kNone: not ordered
  std::vector<SimTime> registered_at_;  // the last registration since the order
  std::vector<SimTime> done_at_;        // kNone: not done
  std::vector<std::uint32_t> sms_;
  std::vector<std::uint8_t> failed_;
};

}  // namespace twinsim
