#pragma once
// OneLink in a run (platforms.onelink): the connectivity-management
// platform (twinmodels::platform::OneLink, the source document §3.2.1)
// follows the cards of the populations it names — one customer account per
// population, each device's card under its ICCID (an eUICC's under its
// first profile's, with its EID) — from the network's events as the engine
// plays them: registrations with the IMSI seen, rejects, attach timeouts,
// authentication failures, PSM, detaches, card failures and power losses,
// and the SM-SR's profile switches. An enable-profile campaign is the
// customer's order: from its release OneLink expects the new profile. Its
// offline alerts are rows of /events as they fire; at the end of the run
// every followed card's status and diagnosis (why is it not online) is
// counted in the metrics and written as one /events row per card.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "twinmodels/platform/onelink.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class RunFile;

struct OneLinkCounters {
  std::uint64_t online = 0, sleeping = 0, offline = 0, unseen = 0, alerts = 0;
  // The requests to foreign platforms (campaigns with `onelink: true`):
  // sent, completed, failed (at once or by the platform's answer), still
  // in flight at the end.
  std::uint64_t requests = 0, requests_completed = 0, requests_failed = 0, requests_in_flight = 0;
  // Usage (populations' activity_data): the bytes counted, the usage alerts raised.
  std::uint64_t data_bytes = 0, usage_alerts = 0;
  // The customers' queries (onelink-query campaigns): answered, and of
  // those the ones that found the card offline.
  std::uint64_t queries = 0, queries_offline = 0;
  // Cards by diagnosis (twinmodels::platform::FaultReason order).
  std::array<std::uint64_t, 8> diagnosis{};
};

// The metric that counts the cards OneLink diagnosed with `r`:
// "onelink.not_offline", "onelink.no_coverage", ..., "onelink.unexplained".
const char* onelink_diagnosis_metric(twinmodels::platform::FaultReason r);

class OneLinkRun {
 public:
  OneLinkRun(const Scenario& s, const std::vector<std::uint32_t>& population_first, std::uint64_t devices);
  ~OneLinkRun();

  bool follows(std::uint16_t population) const { return followed_.at(population); }
  // An event of device d's card (`e.at_ms` set by the caller); ignored for
  // a population OneLink does not follow.
  void report(std::uint16_t population, std::uint32_t device, const twinmodels::platform::CardEvent& e);
  // The customer ordered profile k of device d's eUICC (enable-profile).
  void expect_profile(std::uint16_t population, std::uint32_t device, std::size_t k);
  // The operator renumbered device d's card (a write-card campaign): its
  // subscription's IMSI from now on.
  void expect_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi);
  // Campaign c's order for device d at t, made through OneLink (c.via_onelink):
  // OneLink.ProfileDownload to the campaign's SM-DP or OneLink.SmSrSwitch to
  // the new SM-SR. False when OneLink fails it at once (a request of the
  // card's still in flight): the platform then gets no order.
  bool request(SimTime t, const CampaignSpec& c, std::uint32_t device);
  // The platform's answer to device d's request in flight at t (its order
  // done, failed, expired or refused by the platform's server); ignored
  // when the card has none.
  void answer(SimTime t, std::uint16_t population, std::uint32_t device, twinmodels::platform::ExecutionStatus status,
              const std::string& reason);
  // Device d's own activity at t moved its population's activity_data: the
  // card's usage; a usage alert it raises is an onelink_usage_alert row.
  void report_activity(std::uint16_t population, std::uint32_t device, SimTime t, RunFile& out);
  // The customer asks OneLink at t why device d's card is not online (an
  // onelink-query campaign): OneLink's diagnosis then, as an onelink_query
  // row (value: the FaultReason).
  void query(SimTime t, std::uint16_t population, std::uint32_t device, RunFile& out);
  // The SM-SR reports profile k of device d enabled at t.
  void profile_switched(std::uint16_t population, std::uint32_t device, std::size_t k, SimTime t);
  // Offline alerts due at t, as onelink_alert rows (value: seconds offline).
  void check_offline(SimTime t, RunFile& out);
  // At the stop time: every followed card's diagnosis as an onelink_diagnosis
  // row (value: the FaultReason), and the counters.
  const OneLinkCounters& finish(SimTime stop, RunFile& out);
  const OneLinkCounters& counters() const { return counters_; }

  // Checkpoints (docs/CHECKPOINTS.md): OneLink's state and the alerts
  // counted; restore_state() takes it into a OneLinkRun of the same
  // scenario. Throws std::invalid_argument ("OneLink run state: ..." or
  // OneLink's own) for malformed input, leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  std::string iccid_of(std::uint16_t population, std::uint32_t device) const;
  twinmodels::platform::Subscription subscription(std::uint16_t population, std::uint32_t device, std::size_t k) const;

  const Scenario& scenario_;
  const std::vector<std::uint32_t>& population_first_;
  std::uint64_t devices_;
  std::vector<bool> followed_;  // by population
  twinmodels::platform::OneLink onelink_;
  OneLinkCounters counters_;
};

}  // namespace twinsim
