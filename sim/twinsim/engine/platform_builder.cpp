// The SimGrid platform of a run, built from its network plan: one full zone
// with a host for every node that is not a router (the HSS host with its
// cores and speed, the others 1 Gf), a SimGrid link per topology link, and a
// route from every access node to every server node, and between every two
// server nodes (the platforms' reports, platform_links.hpp), along the
// topology's route of least latency
// (twinmodels::topology::NetworkTopology::route).
#include <simgrid/s4u.hpp>

#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/network_plan.hpp"

namespace sg4 = simgrid::s4u;
namespace topo = twinmodels::topology;

namespace twinsim {

void build_platform(const NetworkPlan& plan, const HssSpec& hss) {
  const topo::NetworkTopology& t = plan.topology;
  sg4::NetZone* zone = sg4::create_full_zone("core");
  std::vector<sg4::Host*> hosts(t.node_count(), nullptr);
  hosts[plan.hss] = zone->create_host(hss.host, hss.speed_flops)->set_core_count(hss.cores)->seal();
  for (topo::NodeId n = 0; n < t.node_count(); ++n) {
    if (n == plan.hss || topo::is_router(t.node(n).kind)) continue;
    hosts[n] = zone->create_host(t.node(n).name, 1e9)->seal();
  }
  std::vector<sg4::Link*> links;
  for (topo::LinkId l = 0; l < t.link_count(); ++l) {
    const topo::Link& k = t.link(l);
    links.push_back(zone->create_link(k.name, k.bandwidth_Bps)->set_latency(k.latency_s)->seal());
  }
  // Symmetric routes: the answer goes back over the links the request took.
  for (topo::NodeId a = 0; a < t.node_count(); ++a) {
    if (!hosts[a]) continue;
    const bool access = topo::is_access(t.node(a).kind);
    // From an access node to every server node; from a server node to
    // those after it.
    for (topo::NodeId b = access ? 0 : a + 1; b < t.node_count(); ++b) {
      if (!hosts[b] || topo::is_access(t.node(b).kind)) continue;
      const auto r = t.route(a, b);
      if (!r) continue;  // plan_network made sure every multiplexer reaches the HSS
      std::vector<sg4::LinkInRoute> path;
      for (topo::LinkId l : r->links) path.emplace_back(links[l]);
      zone->add_route(hosts[a]->get_netpoint(), hosts[b]->get_netpoint(), nullptr, nullptr, path, true);
    }
  }
  zone->seal();
}

}  // namespace twinsim
