#pragma once
// The HSS/AuC platform server as a SimGrid actor: takes request batches from
// its mailbox, queues them (up to the queue limit; more are rejected), spends
// the modelled CPU on its host's cores, computes the real vectors with
// Milenage (twinmodels::HssAuc) and answers each multiplexer with one batch.
#include <deque>
#include <string>

#include <memory>
#include <vector>

#include <simgrid/s4u/Activity.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Mailbox.hpp>

#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

// Requests reach the HSS through one mailbox per multiplexer: a mailbox
// hands messages over in the order they were sent, so with one for all a
// message slow on one link would hold back those that came in over the
// others (head-of-line blocking). The HSS listens on all of them at once
// (one receipt pending on each), also while a service round runs, and
// keeps what arrives with the time it arrived.
struct HssArrival {
  double t = 0;
  RequestBatch* batch = nullptr;
};
struct HssInbox {
  explicit HssInbox(std::size_t muxes);  // inside the HSS actor: it is their receiver
  ~HssInbox();
  HssInbox(const HssInbox&) = delete;
  HssInbox& operator=(const HssInbox&) = delete;
  bool wait(const simgrid::s4u::ActivityPtr& also);

  std::deque<HssArrival> arrived;
  std::vector<simgrid::s4u::Mailbox*> boxes;
  std::vector<RequestBatch*> slots;  // where each pending receipt puts its batch
  std::vector<simgrid::s4u::CommPtr> pending;
};

// inbox is made by the actor and kept by the caller (it may outlive the actor).
void hss_server_actor(World& world, std::shared_ptr<HssInbox>& inbox);
// The mailbox through which multiplexer m sends the HSS its requests.
inline std::string hss_mailbox(std::size_t m) { return "hss-" + std::to_string(m); }
// Samples the HSS counters into the run file every sample interval.
void hss_sampler_actor(World& world, double interval_s);

}  // namespace twinsim
