#pragma once
// The HSS/AuC platform server as a SimGrid actor: takes request batches from
// its mailbox, queues them (up to the queue limit; more are rejected), spends
// the modelled CPU on its host's cores, computes the real vectors with
// Milenage (twinmodels::HssAuc) and answers each multiplexer with one batch.
#include "twinsim/engine/world.hpp"

namespace twinsim {

void hss_server_actor(World& world);
// Samples the HSS counters into the run file every sample interval.
void hss_sampler_actor(World& world, double interval_s);

}  // namespace twinsim
