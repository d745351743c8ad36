#pragma once
// OneLink's customer API in a run (the source document §3.2.1: the
// industry customers' online status queries and fault diagnosis through
// their dedicated accounts): an onelink-query campaign's customer gathers
// its released cards into requests of `cards_per_request` cards
// (twinmodels::platform::CardQuery, at most kMaxCardsPerQuery), sending a
// request when it is full or holds the campaign's last card. Each request
// is one call (OneLink.QueryCards) at the PlatformServer in front of
// OneLink (platforms.onelink's workers, service_time, queue_limit,
// admission_rate, burst, failure_ratio; "onelink" outages): admitted,
// queued and served (its service time `service_time` plus
// `service_time_per_card` per card it names), it is answered per card when its service ends
// (OneLinkRun::answer_query: an onelink_query row per card) and recorded as
// an onelink_query_request row; refused (down, above the admission rate,
// queue full) or failed inside, its cards get no answer, the customer does
// not ask again, and it is an onelink_query_refused row. No network: the
// customer's requests reach the server at once. Request n of the run (1,
// 2, ...) is the customer's request id "n"; a platform log holds each
// request as sent and each answer as given (a refused request's refusal
// is no answer the query's form has: only its onelink_query_refused row).
#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

#include "twinmodels/platform/platform_server.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class OneLinkRun;
class RunFile;
struct Submission;

struct OneLinkApiCounters {
  std::uint64_t requests = 0;           // sent to OneLink's server
  std::uint64_t requests_answered = 0;  // served and answered per card
  std::uint64_t requests_refused = 0;   // refused by the server or failed inside it
  std::uint64_t cards_refused = 0;      // the cards those named
};

// The server's configuration in a run: platforms.onelink's, with the
// "onelink" outages of the faults and the run's seed.
twinmodels::platform::ServerConfig onelink_server_config(const Scenario& s);

class OneLinkApiRun {
 public:
  // `submissions`: the run's campaign releases (modem_world.hpp), to know
  // each onelink-query campaign's last card.
  OneLinkApiRun(const Scenario& s, const std::vector<Submission>& submissions);
  // Its server asks it for each request's cards (set_extra_service).
  OneLinkApiRun(const OneLinkApiRun&) = delete;
  OneLinkApiRun& operator=(const OneLinkApiRun&) = delete;

  // Campaign `campaign` (onelink-query) released device d's card at t: into
  // the customer's next request, sent when full or with the last card.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device, OneLinkRun& onelink, RunFile& out);
  // The services ended by t: their requests answered, or refused when
  // they failed inside.
  void poll(SimTime t, OneLinkRun& onelink, RunFile& out);
  SimTime next_wakeup() const { return server_.next_wakeup(); }

  const OneLinkApiCounters& counters() const { return counters_; }
  const twinmodels::platform::PlatformServer& server() const { return server_; }
  twinmodels::platform::ServerCounters& sampled() { return sampled_; }

  // Checkpoints (docs/CHECKPOINTS.md, "OLAP" 1): the counters, the cards
  // gathered for each campaign's next request, the requests in the server,
  // the server's state. restore_state() takes it into a run of the same
  // scenario; throws std::invalid_argument ("OneLink API run state: ...")
  // for malformed input, leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct Request {
    std::uint16_t campaign = 0;
    std::vector<std::uint32_t> devices;
  };
  void send(SimTime t, Request r, OneLinkRun& onelink, RunFile& out);
  void refused(SimTime t, const Request& r, std::int64_t why, RunFile& out);
  SimTime server_time(SimTime t) { return last_t_ = std::max(last_t_, t); }
  // platforms.onelink.service_time_per_card for each card of request `id`.
  void charge_cards(twinmodels::platform::PlatformServer& server);

  const Scenario& scenario_;
  twinmodels::platform::PlatformServer server_;
  std::map<std::uint16_t, std::uint64_t> left_;                  // by campaign: cards not released yet
  std::map<std::uint16_t, std::vector<std::uint32_t>> gathered_;  // by campaign: its next request's cards
  std::map<std::uint64_t, Request> in_server_;                    // by request id
  std::uint64_t next_id_ = 1;
  SimTime last_t_ = 0;
  OneLinkApiCounters counters_;
  twinmodels::platform::ServerCounters sampled_;
};

}  // namespace twinsim
