#include "twinsim/engine/onenet_run.hpp"

#include <stdexcept>
#include <utility>

#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace twinsim {

namespace pf = twinmodels::platform;

namespace {

std::int64_t ms_of(SimTime t) { return static_cast<std::int64_t>(t / 1000); }

// The customer's product of population p (ours; the customer as chip
// management names it, chip_management_run.cpp).
std::string product_of(const PopulationSpec& p) { return "product-" + p.name; }
std::string customer_of(const PopulationSpec& p) { return "customer-" + p.name; }

}  // namespace

pf::ServerConfig onenet_server_config(const Scenario& s) {
  return server_config_of(s, s.onenet.server, FaultTarget::OneNet);
}

OneNetRun::OneNetRun(const Scenario& s, const std::vector<std::uint32_t>& population_first, const NetworkPlan& plan,
                     std::function<std::string(std::uint32_t)> imei, std::function<void(SimTime)> wake)
    : scenario_(s), population_first_(population_first), imei_(std::move(imei)), wake_(std::move(wake)),
      followed_(s.populations.size(), false), slot_first_(s.populations.size(), 0) {
  chip_latency_ = to_simtime(PlatformRoutes(s).chip_management_onenet_s());
  mux_hop_.assign(plan.mux_node.size(), PlatformHop{});
  if (!s.onenet.node.empty()) {
    const auto node = plan.topology.find(s.onenet.node);
    if (!node) throw ScenarioError(s.onenet.node_where + ": no node '" + s.onenet.node + "' in network.topology");
    for (std::uint16_t p : s.onenet.populations) {
      for (std::uint8_t m : plan.population_muxes.at(p))
        mux_hop_[m] = {plan.topology.require_route(plan.mux_node[m], *node).latency_s, plan.mux_node[m], *node,
                       plan.mux_node[m] != *node};
    }
  }
  std::size_t slots = 0;
  for (std::uint16_t p : s.onenet.populations) {
    followed_[p] = true;
    slot_first_[p] = slots;
    const PopulationSpec& spec = s.populations[p];
    slots += spec.count;
    if (!onenet_.add_product(product_of(spec), customer_of(spec)).ok())
      throw std::logic_error("OneNET: product of population " + spec.name);
    for (std::uint64_t i = 0; i < spec.count; ++i) {
      const auto d = static_cast<std::uint32_t>(population_first[p] + i);
      device_mux_.push_back(plan.mux_of(d, p));
      // The customer registered its devices before the run.
      if (s.onenet.registration == OneNetSpec::Registration::Customer) register_device(0, d);
    }
  }
  attached_.assign(slots, false);
  if (s.onenet.served) server_ = std::make_unique<pf::PlatformServer>(onenet_server_config(s));
}

OneNetRun::~OneNetRun() = default;

std::string OneNetRun::chip_of(std::uint32_t device) const {
  const PopulationSpec& p = scenario_.populations[scenario_.population_of(device)];
  return p.euicc_profiles.empty() ? printed_iccid(domestic_iccid(device)) : euicc_eid(device);
}

std::size_t OneNetRun::slot(std::uint32_t device) const {
  const std::uint16_t p = scenario_.population_of(device);
  return slot_first_[p] + (device - population_first_[p]);
}

void OneNetRun::from_device(std::uint32_t device, SimTime t, const Inbound& m) {
  const PlatformHop& h = mux_hop_[device_mux_[slot(device)]];
  if (links_ && h.crosses) {
    links_->send(h, t, bytes_, [this, t, m](SimTime l) { send(t + l, m); });
    return;
  }
  if (const SimTime l = to_simtime(h.latency_s); l > 0) return send(t + l, m);
  arrive(t, m);
}

void OneNetRun::register_device(SimTime t, std::uint32_t device) {
  const std::uint16_t p = scenario_.population_of(device);
  const PopulationSpec& spec = scenario_.populations[p];
  pf::OneNetIdentity id;
  id.chip_id = chip_of(device);
  id.imei = imei_(device);
  // The card's enabled profile's ICCID (euicc_factory.hpp).
  std::size_t enabled = 0;
  for (std::size_t k = 0; k < spec.euicc_profiles.size(); ++k) {
    if (spec.euicc_profiles[k].enabled) enabled = k;
  }
  id.iccid = printed_iccid(spec.euicc_profiles.empty() ? domestic_iccid(device) : profile_iccid(enabled, device));
  // A chip registered twice (activated again after its recycling, before
  // its deletion arrived) is refused: OneNET keeps the device it has.
  if (!onenet_.register_device(product_of(spec), id, ms_of(t)).ok()) return;
  if (attached_.size() > slot(device) && attached_[slot(device)]) (void)onenet_.connect(id.chip_id, ms_of(t));
}

void OneNetRun::send(SimTime at, const Inbound& m) {
  inbound_.emplace(at, m);
  if (wake_) wake_(at);
}

void OneNetRun::connection(std::uint16_t population, std::uint32_t device, SimTime t, pf::CardEventKind kind) {
  if (!followed_[population]) return;
  using K = pf::CardEventKind;
  Inbound m{Inbound::Kind::Connect, device};
  if (kind == K::Detached || kind == K::CardFailed || kind == K::CardPowerLost) m.kind = Inbound::Kind::Disconnect;
  else if (kind != K::Registered) return;
  from_device(device, t, m);
}

void OneNetRun::uplink(std::uint16_t population, std::uint32_t device, SimTime t) {
  if (!followed_[population] || scenario_.populations[population].activity_data_bytes == 0) return;
  from_device(device, t, Inbound{Inbound::Kind::Datapoint, device});
}

void OneNetRun::chip_step(std::uint32_t device, OneNetStep step, SimTime t) {
  if (!followed_[scenario_.population_of(device)]) return;
  if (step == OneNetStep::Register && scenario_.onenet.registration != OneNetSpec::Registration::Activation) return;
  const Inbound m{static_cast<Inbound::Kind>(step), device};
  if (links_ && from_chip_.crosses) {
    links_->send(from_chip_, t, bytes_, [this, t, m](SimTime l) { send(t + l, m); });
    return;
  }
  if (chip_latency_ > 0) return send(t + chip_latency_, m);
  arrive(t, m);
}

void OneNetRun::arrive(SimTime t, const Inbound& m) {
  if (!server_ || (m.kind != Inbound::Kind::Datapoint && m.kind != Inbound::Kind::Register)) return apply(t, m);
  t = server_time(t);
  serve(t);
  const std::uint64_t id = next_id_++;
  ++server_requests_;
  const auto& fn = onenet_functions();
  if (server_->submit(t, id, m.kind == Inbound::Kind::Datapoint ? fn[0] : fn[1]) != pf::Admission::Accepted)
    return count_refused(m);
  in_server_.emplace(id, m);
  if (wake_) wake_(server_->next_wakeup());
}

void OneNetRun::count_refused(const Inbound& m) {
  ++(m.kind == Inbound::Kind::Datapoint ? datapoints_server_refused_ : registrations_server_refused_);
}

void OneNetRun::serve(SimTime t) {
  if (!server_) return;
  t = server_time(t);
  server_->poll(t);
  for (const pf::ServedRequest& s : server_->take_done()) {
    const Inbound m = in_server_.at(s.id);
    in_server_.erase(s.id);
    if (s.failed) count_refused(m);
    else apply(std::min(t, static_cast<SimTime>(s.done)), m);
  }
}

void OneNetRun::apply(SimTime t, const Inbound& m) {
  const std::string chip = chip_of(m.device);
  const std::int64_t at = ms_of(t);
  // Refusals are OneNET's answers: a step on a device it does not have (a
  // scrap after the deactivation deleted it) changes nothing.
  switch (m.kind) {
    case Inbound::Kind::Register: register_device(t, m.device); return;
    case Inbound::Kind::Suspend: (void)onenet_.suspend(chip, at); return;
    case Inbound::Kind::Resume: (void)onenet_.resume(chip, at); return;
    case Inbound::Kind::Remove: (void)onenet_.remove(chip, at); return;
    case Inbound::Kind::Connect:
    case Inbound::Kind::Disconnect: {
      const bool on = m.kind == Inbound::Kind::Connect;
      attached_[slot(m.device)] = on;
      if (!onenet_.registered(chip)) return;
      (void)(on ? onenet_.connect(chip, at) : onenet_.disconnect(chip, at));
      return;
    }
    case Inbound::Kind::Datapoint:
      (void)onenet_.datapoint(chip, at, scenario_.populations[scenario_.population_of(m.device)].activity_data_bytes);
      return;
  }
}

void OneNetRun::poll(SimTime t) {
  while (!inbound_.empty() && inbound_.begin()->first <= t) {
    const SimTime at = inbound_.begin()->first;
    const Inbound m = inbound_.begin()->second;
    inbound_.erase(inbound_.begin());
    arrive(at, m);
  }
  serve(t);
}

SimTime OneNetRun::next_wakeup() const {
  const SimTime in = inbound_.empty() ? twinmodels::kNever : inbound_.begin()->first;
  return server_ ? std::min(in, static_cast<SimTime>(server_->next_wakeup())) : in;
}

OneNetCounters OneNetRun::finish(SimTime stop) {
  poll(stop);
  OneNetCounters c;
  const pf::OneNetTotals& t = onenet_.totals();
  c.registrations = t.registrations;
  c.deletions = t.deletions;
  c.suspensions = t.suspensions;
  c.resumptions = t.resumptions;
  c.datapoints = t.datapoints;
  c.datapoint_bytes = t.datapoint_bytes;
  c.datapoints_refused = t.datapoints_refused;
  c.server_requests = server_requests_;
  c.datapoints_server_refused = datapoints_server_refused_;
  c.registrations_server_refused = registrations_server_refused_;
  c.online = onenet_.count(pf::OneNetDeviceState::Online);
  c.offline = onenet_.count(pf::OneNetDeviceState::Offline);
  c.never_online = onenet_.count(pf::OneNetDeviceState::Registered);
  c.devices = c.online + c.offline + c.never_online;
  c.suspended = onenet_.suspended();
  return c;
}

void add_onenet_metrics(const OneNetCounters& c, std::map<std::string, double>& m) {
  const std::pair<const char*, std::uint64_t> values[] = {
      {"onenet.registrations", c.registrations},
      {"onenet.deletions", c.deletions},
      {"onenet.suspensions", c.suspensions},
      {"onenet.resumptions", c.resumptions},
      {"onenet.datapoints", c.datapoints},
      {"onenet.datapoint_bytes", c.datapoint_bytes},
      {"onenet.datapoints_refused", c.datapoints_refused},
      {"onenet.server_requests", c.server_requests},
      {"onenet.datapoints_server_refused", c.datapoints_server_refused},
      {"onenet.registrations_server_refused", c.registrations_server_refused},
      {"onenet.devices_registered", c.devices},
      {"onenet.devices_online", c.online},
      {"onenet.devices_offline", c.offline},
      {"onenet.devices_never_online", c.never_online},
      {"onenet.devices_suspended", c.suspended},
  };
  for (const auto& [name, value] : values) m[name] = static_cast<double>(value);
}

}  // namespace twinsim
