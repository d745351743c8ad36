// The network's events about the cards OneLink follows (registrations,
// rejects, attach timeouts, authentication failures, PSM, detaches, card
// failures and power losses; card_event.hpp) on their way to OneLink.
//
// They come from the MME of the device's access node: the MME holds the
// UE's EMM context (TS 23.401 §4.2, §5.3.2.1 attach, §5.3.8 detach; TS
// 23.682 §4.5.4 PSM as the MME's mobile reachability), so it is the one
// node that sees every event OneLink follows, while the HSS sees only the
// Update Location and authentication requests. Each event crosses the
// route from that node to OneLink's (platform_routes.hpp), one way, as the
// other platforms' messages to OneLink do: in the same queue, taken in
// arrival order and kept in checkpoints. Like them it goes over reliable
// transport: a lossy link on the route delays it (its lost packets sent
// again, platform_links.hpp) and drops none.
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/onelink_run.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

void OneLinkRun::network_event(std::uint16_t population, std::uint32_t device, pf::CardEvent e, SimTime t,
                               SimTime latency) {
  if (!follows(population, device)) return;
  e.at_ms = static_cast<std::int64_t>(t / 1000);
  if (latency == 0) {
    report(population, device, e);
    return;
  }
  Inbound m;
  m.kind = Inbound::Kind::NetworkEvent;
  m.population = population;
  m.device = device;
  m.event = std::move(e);
  inbound_.emplace(t + latency, std::move(m));
}

// The event on its way: kind u8, EMM cause u8, NVM worn u8, IMSI text,
// next reachable (u8 present, i64 ms). Its time is its arrival's.
void OneLinkRun::put_network_event(cardcore::Bytes& out, const pf::CardEvent& e) {
  namespace st = twinmodels::state;
  st::put_u8(out, static_cast<std::uint8_t>(e.kind));
  st::put_u8(out, e.emm_cause);
  st::put_u8(out, e.nvm_worn ? 1 : 0);
  st::put_text(out, e.imsi);
  st::put_u8(out, e.next_reachable_ms ? 1 : 0);
  st::put_u64(out, static_cast<std::uint64_t>(e.next_reachable_ms.value_or(0)));
}

pf::CardEvent OneLinkRun::read_network_event(twinmodels::state::Reader& r) {
  pf::CardEvent e;
  const std::uint8_t k = r.u8("network event kind");
  // The SM-SR's switches and chip management's blocks come their own way.
  if (k > static_cast<std::uint8_t>(pf::CardEventKind::Unblocked) ||
      k == static_cast<std::uint8_t>(pf::CardEventKind::ProfileSwitched) ||
      k == static_cast<std::uint8_t>(pf::CardEventKind::Blocked) ||
      k == static_cast<std::uint8_t>(pf::CardEventKind::Unblocked))
    r.fail("network event kind " + std::to_string(k) + " is not one the network reports");
  e.kind = static_cast<pf::CardEventKind>(k);
  e.emm_cause = r.u8("network event's EMM cause");
  e.nvm_worn = r.flag("network event's NVM worn");
  e.imsi = r.text("network event's IMSI", 15);
  const bool reachable = r.flag("network event's next reachable");
  const auto next = static_cast<std::int64_t>(r.u64("network event's next reachable time"));
  if (reachable) e.next_reachable_ms = next;
  return e;
}

}  // namespace twinsim
