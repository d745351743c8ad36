#pragma once
// What the HSS/AuC does at each of its steps, whoever drives its time: the
// engine's own exchange model (hss_exchange.hpp) in the multiplexed engine,
// sharded or not, the SimGrid actor (hss_server.hpp) in the
// actor-per-device baseline. It queues the requests that reach it (up to
// the queue limit; more are rejected), serves them in rounds on its cores,
// computes the real vectors with Milenage (twinmodels::HssAuc), and meets
// the scenario's HSS faults (crash, outage, lost cores). Its state lives in
// the world (hss_fifo, hss_counters, hss_kept_to_s): checkpoints save it.
#include <cstddef>
#include <vector>

#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

class HssService {
 public:
  explicit HssService(World& world);

  // The answers made since the driver last sent them, per multiplexer: the
  // driver sends the non-empty ones (one message each) and empties them.
  std::vector<AnswerBatch>& replies() { return replies_; }
  // An Unanswered notice has no bytes: nothing the HSS sends.
  static std::size_t answers_with_bytes(const AnswerBatch& batch);

  // The HSS wakes at `now`: a crash since the queue was last known kept
  // loses it (each span of time is checked once: a resumed run checks alike).
  void wake(double now);
  // A batch that reached the HSS at `arrived`, taken at `now`.
  void accept(double arrived, const RequestBatch& batch, double now);
  // After a wake's arrivals: an outage loses the queue, each request
  // answered with an error.
  void after_arrivals(double now);
  // Starts a service round at `now` when requests wait and no checkpoint
  // drains the network: up to 64 requests per working core, spread over
  // them. Returns the round's length in seconds, or a negative number.
  // The round's work spread evenly over `lanes` cores takes as long as one
  // core doing a lanes-th of it: the HSS host runs nothing else.
  double start_round(double now);
  // The round started at `started` ended at `now`: its answers, or, when a
  // crash met it, nothing (its answers die with the process, before any is
  // sent: the SQNs move only with the answers made).
  void end_round(double started, double now);
  // The work of the round under way, in flops on one core (SimGrid's execute).
  double round_flops_per_lane() const { return round_flops_ / round_lanes_; }

 private:
  void lose_queue();
  void reject(const HssRequest& r);

  World& world_;
  std::vector<AnswerBatch> replies_;
  std::size_t round_n_ = 0;
  double round_flops_ = 0;
  double round_lanes_ = 1;
};

}  // namespace twinsim
