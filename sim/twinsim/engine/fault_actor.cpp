#include "twinsim/engine/fault_actor.hpp"

#include <simgrid/s4u.hpp>

#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/sleep_exact.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// Every link's bandwidth as the plan has it at time t (SimGrid shares the
// new bandwidth among the flows on the link from now on). Without a
// topology the links are core-0, core-1, ... in order.
void set_links(World& w, double t) {
  const twinmodels::topology::NetworkTopology& topology = w.network.topology;
  for (std::size_t l = 0; l < topology.link_count(); ++l) {
    const double bandwidth = w.faults.link_bandwidth(static_cast<int>(l), t);
    sg4::Link* link = sg4::Link::by_name(topology.link(l).name);
    if (link->get_bandwidth() != bandwidth) link->set_bandwidth(bandwidth);
  }
}

}  // namespace

void fault_actor(World& world) {
  sg4::Actor::self()->daemonize();
  const std::vector<FaultPlan::Action>& actions = world.faults.actions();
  // Started again (a checkpoint, a resumed run): the links as the last link
  // action done left them.
  for (std::size_t i = world.fault_step; i-- > 0;) {
    if (actions[i].kind == FaultPlan::Action::Kind::SetLinks) {
      set_links(world, actions[i].t);
      break;
    }
  }
  for (std::size_t i = world.fault_step; i < actions.size(); ++i) {
    const FaultPlan::Action& a = actions[i];
    if (a.t >= world.stop_s) return;
    sleep_until_exact(a.t);
    // The HSS's model is where its own time says (hss_exchange.hpp).
    if (world.hss_exchange) world.hss_exchange->advance_to(a.t);
    switch (a.kind) {
      case FaultPlan::Action::Kind::SetLinks:
        set_links(world, a.t);
        break;
      case FaultPlan::Action::Kind::TakeBackup:
        world.hss_backups[a.fault] = world.hss.sqn_he_table();
        break;
      case FaultPlan::Action::Kind::RestoreBackup: {
        // An HSS restored from an old backup: its SQN_HE values go back, the
        // USIMs refuse the stale vectors with AUTS and resynchronise it
        // (TS 33.102 §6.3.5).
        auto it = world.hss_backups.find(a.fault);
        if (it != world.hss_backups.end()) {
          world.hss.restore(std::move(it->second), world.hss.counters());
          world.hss_backups.erase(it);
        }
        break;
      }
    }
    world.fault_step = static_cast<std::uint32_t>(i + 1);
  }
}

}  // namespace twinsim
