#pragma once
// The domestic write module of the write-card platform (the source
// document §3.2.2, 国内写卡模块): the server that carries a number-writing
// campaign's orders to the cards — a worker pool that builds and secures
// each card's packet (the card's keys from the HSM, TS 102 225 §5.1), a
// submission rate limit towards the SMSC (its SMPP throughput), PoR tracking
// per card, retries of failed writes with the next counter, and outages.
// What the packet is and how a PoR reads is write_card_campaign.hpp's; here
// is when each packet leaves and what becomes of each order. The engine
// drives it (sim/twinsim/engine/smsc_actor.cpp); no clock or threads of its
// own, like the SMSC.
//
// An order (one card's write, numbered 0..orders-1 by the caller) goes:
//   released -> queued (FIFO) -> in service on a free worker for
//   service_time -> built (FIFO) -> submitted when the rate limit lets it
//   -> Done at a PoR whose result is 00 done or 01 already applied; or, at
//   the SMSC's final report without such a PoR (expired, failed, delivered
//   with an error PoR or none), queued again retry_after later with the
//   next attempt — up to max_attempts, then Failed. A PoR whose result the
//   same packet would get again (02 bad format, 03 field missing, 04
//   nothing to roll back, 06 no such file: docs/WRITE-CARD.md) fails the
//   order at once.
// Attempt n's packet carries the counter n (WriteCardOrder::counter n - 1):
// higher than any earlier attempt's, so the card takes it even when an
// earlier one reached it and only its PoR was lost (the write id is the
// same: the applet answers 01, already applied).
// During an outage [from, to) no service starts and nothing is submitted;
// services under way finish, their packets wait.
// A crash [at, restart) loses what the module holds in memory: the packets
// being built or built and not yet submitted (their attempt never left, so
// it is made again), the FIFOs and the workers. What it keeps is its order
// table (each order's state, attempts, PoR and done time, and the retry
// times): its database. It is down until the restart; PoRs and final
// reports that reach it meanwhile are lost (its SMPP session is gone). At
// the restart it queues every order the table says is to be built, and
// sends again every order Submitted before: it cannot know whether its
// packet reached the card. The new attempt's counter is higher and its
// write id the same, so a card that had taken the packet answers 01
// "already applied" and nothing is written twice. Such a resend does not
// count against max_attempts (at most 255 attempts in all).
//
// Memory: 4 bytes per order, plus 16 per order waiting in a FIFO.
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/outage_windows.hpp"
#include "twinmodels/network/rate_limiter.hpp"

namespace twinmodels::ota {

struct WriteModuleConfig {
  std::uint32_t workers = 8;               // packets built at once (HSM sessions)
  NetTime service_time = 50 * kMs;         // one packet: keys, secure, segment
  double submit_rate = 100;                // submissions per second to the SMSC
  std::uint32_t submit_burst = 100;
  std::uint32_t max_attempts = 3;          // packets per order, the first included
  NetTime retry_after = 1 * kHour;         // after a failed attempt's final report
  OutageWindows outages;                   // [from, to), sorted, disjoint
  OutageWindows crashes;                   // [crash, restart), sorted, disjoint
};

enum class WriteOrderState : std::uint8_t {
  NotReleased,
  Queued,      // waiting for a worker
  InService,   // a worker builds its packet
  Built,       // waiting for the rate limit
  Submitted,   // in the SMSC, its PoR or final report awaited
  RetryWait,   // a new attempt after retry_after
  Done,
  Failed,
};
const char* to_string(WriteOrderState s);

// The write-card applet's result codes (docs/WRITE-CARD.md "Response"), and
// what the module makes of the PoR: kPorUnreadable when the PoR is missing,
// does not verify or has an error status (e.g. counter low).
inline constexpr int kPorUnreadable = -1;
enum class PorVerdict : std::uint8_t { Done, Retry, Permanent };
PorVerdict verdict_of(int result);

// A packet to submit now: attempt `attempt` (1, 2, ...) of `order`.
struct WriteSubmission {
  std::uint32_t order = 0;
  std::uint32_t attempt = 0;
  NetTime at = 0;
  bool operator==(const WriteSubmission&) const = default;
};

// What became of an order, for the caller's records.
struct WriteOutcome {
  enum class Kind : std::uint8_t { Retry, Done, Failed } kind = Kind::Done;
  std::uint32_t order = 0;
  std::uint32_t attempts = 0;  // made so far
  int por = kPorUnreadable;    // the last PoR's result
  NetTime at = 0;
  bool operator==(const WriteOutcome&) const = default;
};

struct WriteModuleCounters {
  std::uint64_t released = 0, built = 0, submitted = 0, retries = 0, done = 0, failed = 0;
  std::uint64_t por_ok = 0, por_errors = 0;  // PoRs read of each kind
  NetTime busy = 0;                          // worker time of the services started
  NetTime last_done = 0;                     // when the last order was done
  // Crashes: PoRs and final reports lost while down, orders sent again at a
  // restart (their outcome unknown), packets lost before they left.
  std::uint64_t reports_lost = 0, resent = 0, packets_lost = 0;
};

class WriteModule {
 public:
  // Throws std::invalid_argument for no workers, a service time or retry
  // wait below 0, max_attempts 0 or above 255, a bad rate or burst
  // (rate_limiter.hpp), or outages or crashes that are empty, unsorted or
  // overlap.
  WriteModule(WriteModuleConfig cfg, std::uint32_t orders);

  // The campaign hands order `order` over at `now` (once per order: a
  // second release throws std::logic_error). Times given to the module
  // never go back.
  void release(NetTime now, std::uint32_t order);
  // Does what falls due by `now`, each at its own time.
  void poll(NetTime now);
  // When poll() next has work; kNever when nothing waits on time.
  NetTime next_wakeup() const;
  std::vector<WriteSubmission> take_submissions();
  std::vector<WriteOutcome> take_outcomes();

  // The PoR of the order's current attempt (the applet's result, or
  // kPorUnreadable); ignored unless the order is Submitted.
  void on_por(NetTime now, std::uint32_t order, int result);
  // The SMSC's final report of the current attempt's message; ignored
  // unless the order is Submitted (a PoR may have ended it already).
  void on_final_report(NetTime now, std::uint32_t order);

  WriteOrderState state(std::uint32_t order) const { return static_cast<WriteOrderState>(state_.at(order)); }
  std::uint32_t attempts(std::uint32_t order) const { return attempts_.at(order); }
  // When the order was done (its good PoR); kNotDone before, and for an
  // order that failed.
  static constexpr NetTime kNotDone = -1;
  NetTime done_at(std::uint32_t order) const { return done_at_.at(order); }
  std::uint32_t orders() const { return static_cast<std::uint32_t>(state_.size()); }
  std::size_t queued() const { return queue_.size(); }     // waiting for a worker
  std::size_t retrying() const { return retry_.size(); }  // waiting for their retry time
  std::size_t in_service() const { return service_.size(); }
  std::size_t built() const { return built_.size(); }
  const WriteModuleCounters& counters() const { return counters_; }
  // Worker time spent building by `t` (services under way count up to t).
  NetTime busy_by(NetTime t) const;
  const WriteModuleConfig& config() const { return cfg_; }
  // The first time >= t outside every outage and crash.
  NetTime up_at(NetTime t) const { return twinmodels::up_at(down_, t); }
  // Crashes and restarts done so far (two steps per crash).
  std::uint32_t crash_steps() const { return crash_steps_; }

  // Checkpoints: the whole state as versioned bytes (write_module_state.cpp)
  // and back into a module of the same configuration and order count.
  // restore_state throws std::invalid_argument ("write module state: ...")
  // for bytes truncated, of another version or inconsistent; the module is
  // unchanged then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct Timed {
    NetTime at = 0;
    std::uint32_t order = 0;
  };
  void end_attempt(NetTime now, std::uint32_t order, WriteOutcome::Kind kind);
  // poll() without the crashes.
  void advance(NetTime now);
  // When the next crash or restart is due; kNever after the last.
  NetTime next_crash_step() const;
  // The crashes and restarts due by `now`, each after what came before it.
  void run_crashes(NetTime now);
  void crash(NetTime at);
  void restart(NetTime at);
  // After the crashes due by `now`: whether a report reaching the module
  // then finds it crashed (and is lost, counted).
  bool report_lost(NetTime now);
  // Moves the retries due by `now` to the queue; whether there were any.
  bool queue_due_retries(NetTime now);
  // With an order queued and a worker idle: when its service can start.
  NetTime next_start() const;
  // With a packet built: when it can leave.
  NetTime next_submission() const;
  void set(std::uint32_t order, WriteOrderState s) { state_[order] = static_cast<std::uint8_t>(s); }

  WriteModuleConfig cfg_;
  OutageWindows down_;  // outages and crashes merged
  RateLimiter limiter_;
  std::vector<std::uint8_t> state_;     // WriteOrderState per order
  std::vector<std::uint8_t> attempts_;  // attempts made per order
  std::vector<std::int16_t> por_;       // the current attempt's PoR result
  std::vector<NetTime> done_at_;        // Done: when; kNotDone otherwise
  std::deque<Timed> retry_;             // RetryWait: due time, in time order
  std::deque<Timed> queue_;             // Queued: since when, FIFO
  std::deque<NetTime> idle_;            // free workers: free since, in time order
  std::deque<Timed> service_;           // InService: finish time, in time order
  std::deque<Timed> built_;             // Built: since when, FIFO
  std::vector<WriteSubmission> submissions_;
  std::vector<WriteOutcome> outcomes_;
  WriteModuleCounters counters_;
  std::uint32_t crash_steps_ = 0;  // crash k's crash is step 2k, its restart 2k + 1
};

}  // namespace twinmodels::ota
