#pragma once
// A Short Message Service Centre for mobile-terminated SMS to the fleet:
// store and forward (TS 23.040 §3), as a component with explicit inputs and
// outputs and no threads or clock of its own.
//
// Inputs (each with the simulated time it happens at):
//   submit()           an SME (the OTA platform, OneLink) submits an SMS-SUBMIT
//                      for one device (TS 23.040 §3.1, §9.2.2.2)
//   delivery_result()  the outcome of an attempt (the network's answer to
//                      the MT forward: delivered, absent subscriber, ...)
//   device_reachable() the HSS/MME alerts that a device it had reported
//                      absent can be reached (Alert-SC after messages-waiting,
//                      TS 23.040 §3.2.5; mme_reachability.hpp)
//   poll()             the time has come (next_wakeup())
// Outputs, collected until take_outputs():
//   DeliveryAttempt    forward this message to this device now
//   AlertRequest       set messages-waiting for this device: alert me when it
//                      is reachable (TS 23.040 §3.2.5)
//   SmscReport         the final outcome of a message, with the
//                      SMS-STATUS-REPORT TPDU (§9.2.2.3) when TP-SRR asked for one
//
// Behaviour:
// - One queue per destination, served in submission order, one message in
//   flight per destination (the next waits until the head is done).
// - Retries after a failed attempt: the n-th failure waits retry_schedule[n-1]
//   (the last entry repeats). An absent subscriber also gets an AlertRequest
//   (once per absence); the alert brings the next attempt forward to its time.
// - Throughput: every attempt takes a token of one bucket (rate_per_second,
//   burst); due attempts without a token wait, in due-time order.
// - Validity (TS 23.040 §9.2.3.12): TP-VP relative, absolute or enhanced, or
//   default_validity without one; at most max_validity. A message still
//   undelivered then is discarded with TP-ST 0x46 "SM Validity Period
//   Expired" (§9.2.3.15). A message waiting for a token past its expiry is
//   noticed when served; its report still says the expiry time (TP-DT).
// - Outages of the delivery side (outages): no attempt starts in one; the
//   messages due wait in store until it ends (store and forward, §3), their
//   validity running: one that expires meanwhile is discarded at its expiry
//   as above. Submissions are taken and stored as usual (the SMEs' front
//   end is up). Attempts in flight when it begins end as the network
//   answers. At its end the due messages leave as the token bucket allows.
// - Crashes of its process (crashes): the SMSC is down as a whole; its
//   store is on disk and kept (store and forward, §3). While it is down no
//   attempt starts and no expiry is noticed: what falls due meanwhile is
//   handled at the restart (an expired message's report still says its
//   expiry time). A submission meets no bind: the SME submits it again
//   when it binds at the restart, and it is taken then (TP-SCTS and
//   validity from then; counted `held`). The answer to an attempt is lost
//   when the SMSC was down at any time from the attempt's start to the
//   answer (the dialogue died with the process): delivery_result() returns
//   false, counts it in `answers_lost`, and the message is attempted again
//   at the restart, or at once when the answer comes after it — the card
//   may have had it, so the next attempt may be a duplicate (the OTA
//   counter refuses it: TS 102 225 §5.1.1). An alert while it is down is
//   lost (`alerts_lost`); the retry schedule's next attempt still comes.
//
// Memory: per message in store sizeof(Message) (80 bytes) plus its hash map
// node; per destination with messages waiting a Queue (40 bytes) plus its
// node and its entry in the due set; nothing for a device with none.
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/submit.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/outage_windows.hpp"
#include "twinmodels/network/rate_limiter.hpp"
#include "twinmodels/network/sms_clock.hpp"

namespace twinmodels {

// TS 23.040 §9.2.3.15 TP-Status values the SMSC reports.
inline constexpr std::uint8_t kTpStReceivedBySme = 0x00;
inline constexpr std::uint8_t kTpStRemoteProcedureError = 0x40;
inline constexpr std::uint8_t kTpStValidityPeriodExpired = 0x46;

// Defaults and their sources: docs/MODELS.md ("Network services").
struct SmscConfig {
  // Wait after the 1st, 2nd, ... failed attempt; the last one repeats.
  std::vector<NetTime> retry_schedule = {2 * kMinute, 5 * kMinute, 10 * kMinute, 30 * kMinute};
  double rate_per_second = 30;  // MT throughput towards the network
  std::uint32_t burst = 30;
  NetTime default_validity = 24 * kHour;  // no TP-VP
  NetTime max_validity = 7 * 24 * kHour;  // cap on any TP-VP
  SmsClock clock;
  OutageWindows outages;  // the delivery side down: [from, to), sorted, disjoint
  OutageWindows crashes;  // the whole SMSC down: [from, to), sorted, disjoint
};

using SmscMessageId = std::uint64_t;

struct DeliveryAttempt {
  SmscMessageId id = 0;
  std::uint64_t destination = 0;
  NetTime at = 0;
  std::uint32_t attempt = 0;  // 1 for the first
  bool operator==(const DeliveryAttempt&) const = default;
};

struct AlertRequest {
  std::uint64_t destination = 0;
  NetTime at = 0;
  bool operator==(const AlertRequest&) const = default;
};

struct SmscReport {
  SmscMessageId id = 0;
  std::uint64_t destination = 0;
  NetTime at = 0;           // when the SMSC knew (TP-DT is the event's own time)
  bool delivered = false;
  std::uint8_t status = 0;  // TP-ST
  std::uint32_t attempts = 0;
  cardcore::Bytes status_report;  // SMS-STATUS-REPORT TPDU if TP-SRR was set
};

struct SmscOutputs {
  std::vector<DeliveryAttempt> attempts;
  std::vector<AlertRequest> alerts;
  std::vector<SmscReport> reports;
};

enum class DeliveryOutcome : std::uint8_t {
  Delivered,       // RP-ACK from the MS
  Absent,          // absent subscriber: not reachable (PSM, detached, no paging response)
  TemporaryError,  // e.g. MS memory capacity exceeded, congestion: retry
  PermanentError,  // e.g. unknown subscriber: give up and report
};

struct SmscCounters {
  std::uint64_t submitted = 0;
  std::uint64_t attempts = 0;
  std::uint64_t delivered = 0;
  std::uint64_t expired = 0;
  std::uint64_t failed = 0;  // permanent errors
  std::uint64_t alerts = 0;  // device_reachable() calls that moved an attempt forward
  // Of its crashes: answers to attempts lost, submissions taken at the
  // restart, alerts lost.
  std::uint64_t answers_lost = 0;
  std::uint64_t held = 0;
  std::uint64_t alerts_lost = 0;
};

class Smsc {
 public:
  // Throws std::invalid_argument for an empty retry schedule, a
  // non-positive retry wait or validity, a bad rate/burst, or outages or
  // crashes that are empty, unsorted or overlap.
  explicit Smsc(SmscConfig cfg = {});

  // Stores the message for `destination` (the device TP-DA names); one
  // submitted in a crash is taken at the restart. Returns its id (1, 2, ...).
  SmscMessageId submit(NetTime now, std::uint64_t destination, const cardcore::sms::SmsSubmit& submit);
  // The outcome of the attempt in flight for message `id`. `status` is the
  // TP-ST reported for a PermanentError. Returns false when a crash lost it
  // (answer_reaches()). Throws std::invalid_argument when `id` has no
  // attempt in flight.
  bool delivery_result(NetTime now, SmscMessageId id, DeliveryOutcome outcome,
                       std::uint8_t status = kTpStRemoteProcedureError);
  // Whether an answer at `now` to message `id`'s attempt in flight reaches
  // the SMSC: false when it was down at any time since the attempt began,
  // or when `id` has no attempt in flight.
  bool answer_reaches(NetTime now, SmscMessageId id) const;
  // Whether the SMSC's process is down at `now` (a crash).
  bool crashed_at(NetTime now) const { return down_at(cfg_.crashes, now); }
  // Alert: the destination can be reached now. Returns true if a message was
  // waiting for it (its next attempt moves to now).
  bool device_reachable(NetTime now, std::uint64_t destination);
  // Issues the attempts due by `now` (as tokens allow) and expires messages.
  void poll(NetTime now);
  // When poll() next has work: kNever when nothing is waiting.
  NetTime next_wakeup() const;

  SmscOutputs take_outputs();

  std::size_t messages_in_store() const { return messages_.size(); }
  // Final reports not yet taken: their messages have left the store.
  std::size_t reports_waiting() const { return out_.reports.size(); }
  const SmscCounters& counters() const { return counters_; }

  // Checkpoints: the whole state (messages in store, per-destination
  // queues, the token bucket, the next id, outputs not yet taken, counters)
  // as versioned bytes (layout in smsc_state.cpp), and the state put back
  // into an SMSC of the same configuration; the due set is rebuilt from the
  // queues. restore_state throws std::invalid_argument ("SMSC state: ...")
  // for bytes that are truncated, of another version, or inconsistent
  // (a queue naming a message not in store or of another destination, ids
  // at or past the next id); the SMSC is unchanged then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);
  const SmscConfig& config() const { return cfg_; }
  // The time validity ends for a message submitted at `now` with this TP-VP.
  NetTime expiry_of(NetTime now, const cardcore::sms::ValidityPeriod& vp) const;

 private:
  struct Message {
    std::uint64_t destination = 0;
    NetTime submitted = 0;
    NetTime expires = 0;
    std::uint32_t attempts = 0;
    bool srr = false;
    std::uint8_t mr = 0;
    cardcore::sms::Address recipient;  // TP-DA, the TP-RA of the status report
    SmscMessageId next = 0;            // the next message to the same destination; 0 = none
  };
  // A destination's messages as a list through Message::next (most hold one:
  // no per-queue allocation).
  struct Queue {
    SmscMessageId head = 0;
    SmscMessageId tail = 0;
    NetTime due = kNever;       // in due_ when not in flight
    NetTime attempt_at = 0;     // when the attempt in flight began
    bool in_flight = false;
    bool waiting_alert = false;  // an AlertRequest is out
  };

  void schedule(std::uint64_t destination, Queue& q, NetTime t);
  void unschedule(std::uint64_t destination, Queue& q);
  // Whether the SMSC was down (a crash) at any time in [from, now].
  bool down_since(NetTime from, NetTime now) const;
  // Due at t even past the head's expiry: the restart after a crash, which
  // notices the expiry then.
  void defer(std::uint64_t destination, Queue& q, NetTime t);
  // Reports and removes the head; the next one (if any) is due at `now`.
  void finish_head(NetTime now, std::uint64_t destination, Queue& q, bool delivered, std::uint8_t status,
                   NetTime event_time);

  SmscConfig cfg_;
  RateLimiter limiter_;
  SmscMessageId next_id_ = 1;
  std::unordered_map<SmscMessageId, Message> messages_;
  std::unordered_map<std::uint64_t, Queue> queues_;
  std::set<std::pair<NetTime, std::uint64_t>> due_;  // (due time, destination)
  SmscOutputs out_;
  SmscCounters counters_;
};

}  // namespace twinmodels
