#include "twinsim/baseline/naive_engine.hpp"

#include <simgrid/s4u.hpp>

#include "twinsim/engine/device_cycle.hpp"
#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/hss_server.hpp"
#include "twinsim/engine/workers.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// One device, one actor: it sleeps until its next step, and every request it
// makes is its own SimGrid message to the HSS, whose answer comes back to
// the device's own mailbox.
class DeviceActor final : public DeviceCycle::Host {
 public:
  DeviceActor(World& world, std::uint32_t device)
      : world_(world), device_(device), cycle_(world, *this, 0),
        inbox_(sg4::Mailbox::by_name("dev-" + std::to_string(device))) {}

  void send(const HssRequest& r) override {
    // The HSS answers multiplexer "mux-<r.mux>"; here every device is its own.
    auto* batch = new RequestBatch{r};
    batch->front().mux = 0;
    sg4::Mailbox::by_name(hss_mailbox(0))
        ->put_init(batch, static_cast<std::uint64_t>(world_.scenario.network.request_bytes))
        ->detach([](void* p) { delete static_cast<RequestBatch*>(p); });
    ++world_.messages_in_network;
    ++waiting_;
  }
  void schedule(const Event& e) override {
    next_ = e;
    has_next_ = true;
  }

  void run() {
    const double t0 = cycle_.start_time(device_);
    if (t0 >= world_.stop_s) return;
    schedule(Event{to_simtime(t0), device_, static_cast<std::uint8_t>(Step::PowerOn), 0, 0});
    while (!(world_.interrupt && world_.interrupt->load())) {
      if (waiting_ > 0) {
        auto* batch = inbox_->get<AnswerBatch>();
        --waiting_;
        for (const HssAnswer& a : *batch) cycle_.on_answer(a, to_simtime(sg4::Engine::get_clock()));
        delete batch;
        continue;
      }
      if (!has_next_ || to_seconds(next_.t) >= world_.stop_s) break;
      has_next_ = false;
      sg4::this_actor::sleep_until(to_seconds(next_.t));
      cycle_.on_step(next_, next_.t);
    }
  }

 private:
  World& world_;
  std::uint32_t device_;
  DeviceCycle cycle_;
  sg4::Mailbox* inbox_;
  Event next_;
  bool has_next_ = false;
  int waiting_ = 0;
};

// The HSS answers to "mux-0"; a forwarder hands each answer to its device.
void forwarder_actor(World& world) {
  sg4::Actor::self()->daemonize();
  sg4::Mailbox* in = sg4::Mailbox::by_name("mux-0");
  for (;;) {
    auto* batch = in->get<AnswerBatch>();
    --world.messages_in_network;
    for (const HssAnswer& a : *batch) {
      auto* one = new AnswerBatch{a};
      sg4::Mailbox::by_name("dev-" + std::to_string(a.device))
          ->put_init(one, static_cast<std::uint64_t>(world.scenario.network.request_bytes))
          ->detach([](void* p) { delete static_cast<AnswerBatch*>(p); });
    }
    delete batch;
  }
}

}  // namespace

RunResult run_scenario_actor_per_device(const Scenario& scenario, const RunOptions& options) {
  const double wall_start = wall_clock_s();
  Scenario sc = effective_scenario(scenario, options);
  // One pending step per device actor: no room for fault steps.
  if (!sc.faults.empty()) throw ScenarioError(sc.source + ": the actor-per-device baseline does not run faults");
  if (sc.network.topology) throw ScenarioError(sc.source + ": the actor-per-device baseline runs the default network only");
  for (const PopulationSpec& p : sc.populations) {
    if (p.device_model != DeviceModel::Usim)
      throw ScenarioError(sc.source + ": the actor-per-device baseline runs device_model usim only");
  }
  sc.engine.multiplexers = 1;  // one "mux" host: where the device actors live
  std::unique_ptr<World> world = make_world(sc, options, CardSetup::Personalized);
  RunFile out(options.output, run_metadata(sc), event_kind_names());
  world->out = &out;
  std::unique_ptr<sg4::Engine> engine;
  start_simgrid(engine, options.interrupt);
  // 100 000 actors with SimGrid's default 8 MiB mmap'ed stacks and guard
  // pages exceed Linux's default map count (vm.max_map_count = 65530): small
  // stacks without guard pages come from the heap instead.
  sg4::Engine::set_config("contexts/guard-size:0");
  sg4::Engine::set_config("contexts/stack-size:64");
  build_platform(world->network, sc.hss);
  World& w = *world;
  sg4::Host* dev_host = engine->host_by_name("mux-0");
  // The platform's actors as the engine has them (no multiplexers: the
  // world has none); the devices are actors of their own.
  const Workers platform = launch_workers(w, false);
  sg4::Actor::create("forwarder", dev_host, [&w] { forwarder_actor(w); });
  for (std::uint32_t d = 0; d < w.devices.size(); ++d) {
    sg4::Actor::create("dev-" + std::to_string(d), dev_host, [&w, d] {
      DeviceActor a(w, d);
      a.run();
    });
  }
  engine->run();
  return finish_run(w, out, sc, wall_start);
}

}  // namespace twinsim
