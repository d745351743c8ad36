#pragma once
// The HSS/AuC platform server as a SimGrid actor, for the actor-per-device
// baseline (bench/), whose devices' requests are SimGrid messages: takes
// request batches from its mailboxes and runs the HSS's steps on them
// (hss_service.hpp), spending each round's modelled CPU as a SimGrid
// execution on its host's cores. The multiplexed engine runs the same
// service in its own exchange model (hss_exchange.hpp). The sampler of the
// platforms' time series lives here too (every run has it).
#include <deque>
#include <string>

#include <simgrid/s4u/Semaphore.hpp>

#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

// Requests reach the HSS through one mailbox per multiplexer, each with a
// receiver actor: a mailbox hands messages over in the order they were sent,
// so with one for all a message slow on one link would hold back those that
// came in over the others (head-of-line blocking). The receivers put what
// arrives here, with the time it arrived, and wake the HSS: a token of
// `ready` each (SimGrid's actors are not preempted, so no mutex guards the
// queue; and none is held where a run's end or a checkpoint may kill the
// HSS's actors, whose unlock on the way out would end the run).
struct HssArrival {
  double t = 0;
  RequestBatch* batch = nullptr;
};
struct HssInbox {
  std::deque<HssArrival> arrived;
  simgrid::s4u::SemaphorePtr ready;
  HssInbox();
  ~HssInbox();
  HssInbox(const HssInbox&) = delete;
  HssInbox& operator=(const HssInbox&) = delete;
};

void hss_server_actor(World& world, HssInbox& inbox);
void hss_receiver_actor(HssInbox& inbox, std::size_t m);
// The mailbox through which multiplexer m sends the HSS its requests.
inline std::string hss_mailbox(std::size_t m) { return "hss-" + std::to_string(m); }
// Samples the HSS counters into the run file every sample interval.
void hss_sampler_actor(World& world, double interval_s);

}  // namespace twinsim
