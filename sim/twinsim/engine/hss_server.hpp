#pragma once
// The HSS/AuC platform server as a SimGrid actor: takes request batches from
// its mailbox, queues them (up to the queue limit; more are rejected), spends
// the modelled CPU on its host's cores, computes the real vectors with
// Milenage (twinmodels::HssAuc) and answers each multiplexer with one batch.
#include <string>

#include "twinsim/engine/world.hpp"

namespace twinsim {

void hss_server_actor(World& world);
// The mailbox through which multiplexer m sends the HSS its requests.
inline std::string hss_mailbox(std::size_t m) { return "hss-" + std::to_string(m); }
// Samples the HSS counters into the run file every sample interval.
void hss_sampler_actor(World& world, double interval_s);

}  // namespace twinsim
