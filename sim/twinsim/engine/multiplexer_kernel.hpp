#pragma once
// One SimGrid actor that runs every multiplexer of a run whose devices all
// run the USIM cycle (no modem model): their only dealings with the rest of
// the run are the HSS's exchange, the engine's own model (hss_exchange.hpp),
// and the run file. It takes their wake-ups in time order, those of one
// instant by multiplexer, and goes through SimGrid only where another actor
// may act before the next one: the HSS sampler's next row, the next fault
// action, the checkpointer's next look. The wake-ups in between cost no
// SimGrid activity (docs/PERFORMANCE.md); what they do is the same as with
// an actor per multiplexer, the rows of one instant in multiplexer order.
#include "twinsim/engine/world.hpp"

namespace twinsim {

// `resumed`: started at a checkpoint; each multiplexer's first wake-up is
// the one it had ahead.
void multiplexer_kernel_actor(World& world, bool resumed);

}  // namespace twinsim
