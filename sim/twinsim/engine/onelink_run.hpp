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
//
// On the network (platforms.onelink.node, platform_routes.hpp): a request
// OneLink sends (OneLink.ProfileDownload to the SM-DP, OneLink.SmSrSwitch
// to the new SM-SR) reaches its platform a route later, or its transfer on
// the links of the route (platform_links.hpp), the order waiting
// here until then (send_order(), take_order()); the platform's answer,
// the SM-SR's and SM-DP's profile switches and chip management's blocks
// and lifts reach OneLink a route after they were sent, and OneLink takes
// each then (poll()); so do the network's events about a card, from the
// MME of the device's access node (network_event(),
// onelink_network_events.cpp), and the cards' usage records, data from
// that MME's node and MO SMS from the SMSC (onelink_usage_records.cpp).
// Without latency nothing waits.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/onelink.hpp"
#include "twinmodels/platform/onelink_query.hpp"
#include "twinsim/engine/onelink_backups.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/platform_routes.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinsim {

class PlatformLog;
class RunFile;

struct OneLinkCounters {
  std::uint64_t online = 0, sleeping = 0, offline = 0, unseen = 0, alerts = 0;
  // The requests to foreign platforms (campaigns with `onelink: true`):
  // sent, completed, failed (at once or by the platform's answer), still
  // in flight at the end.
  std::uint64_t requests = 0, requests_completed = 0, requests_failed = 0, requests_in_flight = 0;
  // Usage (populations' activity_data): the bytes counted, the usage alerts
  // raised, the quota levels reached (platforms.onelink.accounts' plans).
  std::uint64_t data_bytes = 0, usage_alerts = 0, quota_alerts = 0;
  // The customers' queries (onelink-query campaigns): answered, and of
  // those the ones that found the card offline.
  std::uint64_t queries = 0, queries_offline = 0;
  // SMS usage (populations' activity_sms): the devices' MO SMS counted,
  // the SMS usage alerts raised.
  std::uint64_t sms_mo = 0, sms_alerts = 0;
  // Cards whose expected subscription a restore from an old backup set
  // back (onelink restore-backup faults; onelink_backups.hpp).
  std::uint64_t expectations_restored = 0;
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
  // The run's platform log (platform_log.hpp): OneLink's requests as it
  // sends them and the platforms' answers as they give them; none: no log.
  void set_log(PlatformLog* log) { log_ = log; }
  // An event of device d's card (`e.at_ms` set by the caller); ignored for
  // a population OneLink does not follow.
  void report(std::uint16_t population, std::uint32_t device, const twinmodels::platform::CardEvent& e);
  // The network's event `e` about device d's card at t (`e.at_ms` ignored),
  // reaching OneLink `latency` later from the MME of the device's access
  // node; OneLink takes it then, stamped with that time. Without latency,
  // report() at t. Ignored for a population OneLink does not follow.
  void network_event(std::uint16_t population, std::uint32_t device, twinmodels::platform::CardEvent e, SimTime t,
                     SimTime latency);
  // The customer ordered profile k of device d's eUICC (enable-profile).
  void expect_profile(std::uint16_t population, std::uint32_t device, std::size_t k);
  // The operator renumbered device d's card (a write-card campaign): its
  // subscription's IMSI from now on.
  void expect_imsi(std::uint16_t population, std::uint32_t device, const std::string& imsi);
  // A number migration's write done (write-card with numbers_from, the
  // source document §2.4): the number of device `failed` (of a population
  // OneLink follows) is the card of device `replacement`'s from now on;
  // OneLink's card record follows it (OneLink::move_card: the same account,
  // events, usage and alerts, under the replacement's ICCID), and the
  // replacement's events and usage count there. Ignored when OneLink does
  // not follow the failed population.
  void number_moved(std::uint16_t failed_population, std::uint32_t failed, std::uint32_t replacement);
  // Campaign c's order for device d at t, made through OneLink (c.via_onelink):
  // OneLink.ProfileDownload to the campaign's SM-DP or OneLink.SmSrSwitch to
  // the new SM-SR. False when OneLink fails it at once (a request of the
  // card's still in flight): the platform then gets no order.
  bool request(SimTime t, const CampaignSpec& c, std::uint32_t device);
  // The way from OneLink to the platform campaign c's requests go to (its
  // SM-DP, or for an SM-SR switch the new SM-SR).
  PlatformHop hop_to(const CampaignSpec& c) const;
  // Campaign `campaign`'s order for device d, sent by request(), reaches
  // its platform at `at`; the earliest time one arrives (kNever for none),
  // and that order (campaign, device).
  void send_order(SimTime at, std::uint16_t campaign, std::uint32_t device);
  SimTime next_order() const { return orders_.empty() ? twinmodels::kNever : orders_.begin()->first; }
  std::pair<std::uint16_t, std::uint32_t> take_order();
  // The platform's answer to device d's request in flight at t (its order
  // done, failed, expired or refused by the platform's server), reaching
  // OneLink `latency` later; ignored when the card has none then.
  void answer(SimTime t, std::uint16_t population, std::uint32_t device, twinmodels::platform::ExecutionStatus status,
              const std::string& reason, SimTime latency = 0);
  // answer() in two steps, for an answer on the links of its route
  // (platform_links.hpp): the platform gives it (its log) at t, it reaches
  // OneLink `latency` later. answer_given() is false (and the answer
  // ignored) when the card has no request at t.
  bool answer_given(SimTime t, std::uint16_t population, std::uint32_t device,
                    twinmodels::platform::ExecutionStatus status, const std::string& reason);
  void answer_arrives(SimTime t, std::uint16_t population, std::uint32_t device,
                      twinmodels::platform::ExecutionStatus status, const std::string& reason, SimTime latency);
  // Chip management blocked (or lifted the block of) device d's
  // subscription at t (card_event.hpp: Blocked, Unblocked); OneLink hears
  // of it `latency` later.
  void barring(std::uint16_t population, std::uint32_t device, bool blocked, SimTime t, SimTime latency = 0);
  // Takes what reached OneLink by t, each at its arrival, and makes the
  // backups and restores of its records due by then (restore-backup
  // faults), each at its time; the usage alerts the records raise are rows
  // of `out`.
  void poll(SimTime t, RunFile& out);
  // When the next order reaches its platform, the next message OneLink, or
  // a backup or restore of its records is due.
  SimTime next_wakeup() const;
  // Device d's own activity at t moved its population's activity_data: the
  // card's usage; a usage alert it raises is an onelink_usage_alert row.
  // The SMSC took device d's MO SMS at t (its population's activity_sms):
  // one SMS of the card's usage; an SMS usage alert it raises is an
  // onelink_sms_alert row (onelink_sms_usage.cpp). Each usage record
  // reaches OneLink `latency` later (onelink_usage_records.cpp), counted in
  // the billing period of t, its alerts rows when OneLink raises them.
  void report_activity(std::uint16_t population, std::uint32_t device, SimTime t, SimTime latency, RunFile& out);
  void report_mo_sms(std::uint16_t population, std::uint32_t device, SimTime t, SimTime latency, RunFile& out);
  // A request of the customer API (an onelink-query campaign's, served by
  // OneLink's server; onelink_api_run.hpp) about `devices` of `population`
  // reaches OneLink at t: its answer per card (twinmodels::platform::
  // answer_query(), onelink_run_query.cpp), OneLink's diagnosis then as an
  // onelink_query row each (value: the FaultReason). `request_id` is the
  // customer's; with a platform log, the answer is logged at t.
  void answer_query(SimTime t, std::uint16_t population, const std::vector<std::uint32_t>& devices,
                    const std::string& request_id, RunFile& out);
  // The customer's request `request_id` about `devices` of `population`
  // as it sends it at t: logged, with a platform log.
  void log_query(SimTime t, std::uint16_t population, const std::vector<std::uint32_t>& devices,
                 const std::string& request_id);
  // The SM-SR reports profile k of device d enabled at t; the report
  // reaches OneLink `latency` later.
  void profile_switched(std::uint16_t population, std::uint32_t device, std::size_t k, SimTime t,
                        SimTime latency = 0);
  // Offline alerts due at t, as onelink_alert rows (value: seconds offline).
  void check_offline(SimTime t, RunFile& out);
  // At the stop time: every followed card's diagnosis as an onelink_diagnosis
  // row (value: the FaultReason), and the counters.
  const OneLinkCounters& finish(SimTime stop, RunFile& out);
  const OneLinkCounters& counters() const { return counters_; }
  const twinmodels::platform::OneLink& model() const { return onelink_; }

  // Checkpoints (docs/CHECKPOINTS.md): OneLink's state, the alerts, usage
  // and queries counted, the backups of its records not yet restored, the
  // orders and messages on their way ("OLRN" 9);
  // restore_state() takes it into a OneLinkRun of the same
  // scenario. Throws std::invalid_argument ("OneLink run state: ..." or
  // OneLink's own) for malformed input, leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  // A message on its way to OneLink.
  struct Inbound {
    enum class Kind : std::uint8_t { Answer, ProfileSwitched, Blocked, Unblocked, NetworkEvent, DataUsage, SmsUsage };
    Kind kind = Kind::Answer;
    std::uint16_t population = 0;
    std::uint32_t device = 0;
    std::uint8_t value = 0;  // Answer: the ExecutionStatus; ProfileSwitched: the profile
    std::string reason;      // Answer's
    twinmodels::platform::CardEvent event;  // NetworkEvent's
    SimTime used_at = 0;                     // DataUsage's and SmsUsage's: when the card used it
  };
  void apply(SimTime t, const Inbound& m, RunFile& out);
  // A usage record of device d's, used at `used` and heard at `heard`
  // (onelink_usage_records.cpp, onelink_sms_usage.cpp).
  void send_usage(Inbound::Kind kind, std::uint16_t population, std::uint32_t device, SimTime t, SimTime latency,
                  RunFile& out);
  void apply_data_usage(SimTime used, SimTime heard, std::uint16_t population, std::uint32_t device, RunFile& out);
  void apply_sms_usage(SimTime used, SimTime heard, std::uint16_t population, std::uint32_t device, RunFile& out);
  // A NetworkEvent's event in checkpoints (onelink_network_events.cpp).
  static void put_network_event(cardcore::Bytes& out, const twinmodels::platform::CardEvent& e);
  static twinmodels::platform::CardEvent read_network_event(twinmodels::state::Reader& r);
  // The answer to device d's request in flight, as the platform gives it;
  // none when the card has none.
  std::optional<twinmodels::platform::FunctionResult> result_for(std::uint16_t population, std::uint32_t device,
                                                                 twinmodels::platform::ExecutionStatus status,
                                                                 const std::string& reason) const;
  void apply_answer(SimTime t, std::uint16_t population, std::uint32_t device,
                    twinmodels::platform::ExecutionStatus status, const std::string& reason);
  void apply_switch(SimTime t, std::uint16_t population, std::uint32_t device, std::size_t k);
  void apply_barring(SimTime t, std::uint16_t population, std::uint32_t device, bool blocked);
  // The card record device d's events go to: its own card's (ICCID), or
  // for a device whose number moved, its replacement's.
  std::string iccid_of(std::uint16_t population, std::uint32_t device) const;
  // Whether OneLink follows device d's card: its population's, or the card
  // a number migration moved a followed number to.
  bool follows(std::uint16_t population, std::uint32_t device) const {
    return followed_.at(population) || moved_from_.count(device) > 0;
  }
  // The device whose card holds device d's number now (d, or its replacement).
  std::uint32_t holder_of(std::uint32_t device) const {
    const auto it = moved_to_.find(device);
    return it == moved_to_.end() ? device : it->second;
  }
  // The customer API's request (the account's id is the population's name).
  twinmodels::platform::CardQuery card_query(std::uint16_t population, const std::vector<std::uint32_t>& devices,
                                            const std::string& request_id) const;
  twinmodels::platform::Subscription subscription(std::uint16_t population, std::uint32_t device, std::size_t k) const;

  const Scenario& scenario_;
  const std::vector<std::uint32_t>& population_first_;
  std::uint64_t devices_;
  std::vector<bool> followed_;  // by population
  // Number migrations done (number_moved()): failed device -> replacement, and back.
  std::map<std::uint32_t, std::uint32_t> moved_to_;
  std::map<std::uint32_t, std::uint32_t> moved_from_;
  twinmodels::platform::OneLink onelink_;
  PlatformRoutes routes_;
  PlatformLog* log_ = nullptr;
  OneLinkCounters counters_;
  OneLinkBackups backups_;
  std::multimap<SimTime, std::pair<std::uint16_t, std::uint32_t>> orders_;  // on their way: (campaign, device)
  std::multimap<SimTime, Inbound> inbound_;                                 // by arrival, in the order sent
};

}  // namespace twinsim
