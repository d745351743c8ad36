#include "twinsim/engine/workers.hpp"

#include <simgrid/s4u.hpp>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/fault_actor.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/hss_server.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/multiplexer_kernel.hpp"
#include "twinsim/engine/smsc_actor.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

Workers launch_workers(World& world, bool resumed) {
  sg4::Engine* engine = sg4::Engine::get_instance();
  sg4::Host* hss_host = engine->host_by_name(world.scenario.hss.host);
  World& w = world;
  Workers workers;
  if (world.hss_exchange) {
    // The multiplexed engine's own model: the HSS's loop begins again here.
    if (resumed) world.hss_exchange->restart(sg4::Engine::get_clock());
  } else {
    auto inbox = std::make_shared<HssInbox>();
    workers.hss_inbox = inbox;
    workers.actors.push_back(sg4::Actor::create("hss", hss_host, [&w, inbox] { hss_server_actor(w, *inbox); }));
    // One receiver per multiplexer of the platform: the actor-per-device
    // baseline's device actors sit on mux-0.
    for (std::size_t m = 0; m < static_cast<std::size_t>(world.scenario.engine.multiplexers); ++m) {
      workers.actors.push_back(sg4::Actor::create("hss-receiver-" + std::to_string(m), hss_host,
                                                  [inbox, m] { hss_receiver_actor(*inbox, m); }));
    }
  }
  workers.actors.push_back(
      sg4::Actor::create("hss-sampler", hss_host, [&w] { hss_sampler_actor(w, kSampleIntervalS); }));
  // The SMSC actor also hands OneLink at a node what reaches it over its
  // routes (the network's events); in a sharded run, OneLink anywhere (the
  // devices' reports reach it the lookahead later: platform_report.hpp).
  if (world.modem && (!world.scenario.campaigns.empty() || world.modem->chip_management || world.modem->onenet ||
                      (world.modem->onelink && (!world.scenario.onelink.node.empty() || world.shard_reports))))
    workers.actors.push_back(sg4::Actor::create("smsc", hss_host, [&w] { smsc_actor(w); }));
  if (!world.faults.actions().empty())
    workers.actors.push_back(sg4::Actor::create("faults", hss_host, [&w] { fault_actor(w); }));
  if (!world.modem && !world.muxes.empty()) {
    sg4::Host* h = engine->host_by_name(world.network.mux_host(0));
    workers.actors.push_back(
        sg4::Actor::create("multiplexers", h, [&w, resumed] { multiplexer_kernel_actor(w, resumed); }));
    return workers;
  }
  for (std::size_t m = 0; m < world.muxes.size(); ++m) {
    sg4::Host* h = engine->host_by_name(world.network.mux_host(m));
    Multiplexer* mux = world.muxes[m].get();
    workers.actors.push_back(
        sg4::Actor::create("mux-" + std::to_string(m), h, [mux, resumed] { mux->run(resumed); }));
  }
  return workers;
}

void kill_workers(Workers& workers) {
  for (auto& a : workers.actors) a->kill();
  workers.actors.clear();
}

}  // namespace twinsim
