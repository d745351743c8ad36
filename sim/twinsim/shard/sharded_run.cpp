// A sharded run: the slots, the exchange between the ranks, rank 0's ports
// on SimGrid, and the run file rank 0 writes: the events slot by slot, the
// device rows and counters gathered at the end (docs/SCALING.md, "Sharded
// runs").
#include "twinsim/shard/sharded_run.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <type_traits>

#include "twinsim/engine/apdu_trace.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/hss_server.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/engine/sleep_exact.hpp"
#include "twinsim/engine/workers.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"
#include "twinsim/shard/device_shard.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

static_assert(std::is_trivially_copyable_v<HssRequest> && std::is_trivially_copyable_v<HssAnswer>);
static_assert(std::is_trivially_copyable_v<DeviceRow> && std::is_trivially_copyable_v<RecordedEvent>);

// Bytes in and out of the exchange's messages (one binary on every rank).
template <class T>
void put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
void put_all(std::string& out, const std::vector<T>& v) {
  put(out, static_cast<std::uint64_t>(v.size()));
  if (!v.empty()) out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}
  template <class T>
  T get() {
    T v;
    std::memcpy(&v, s_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  template <class T>
  std::vector<T> get_all() {
    std::vector<T> v(get<std::uint64_t>());
    if (!v.empty()) std::memcpy(v.data(), s_.data() + at_, v.size() * sizeof(T));
    at_ += v.size() * sizeof(T);
    return v;
  }
  bool done() const { return at_ >= s_.size(); }

 private:
  const std::string& s_;
  std::size_t at_ = 0;
};

// A batch of answers the port of `mux` took at `at` (rank 0), the order
// it took them in.
struct Arrival {
  std::uint8_t mux = 0;
  SimTime at = 0;
  AnswerBatch answers;
};

// Rank 0's side of the platform: per multiplexer a sender that puts its
// batches on the network at their times and a port that takes its answers.
struct Platform {
  World& world;
  struct Sender {
    std::deque<std::pair<SimTime, RequestBatch>> queue;  // by time
    sg4::MutexPtr mutex = sg4::Mutex::create();
    sg4::ConditionVariablePtr ready = sg4::ConditionVariable::create();
  };
  std::vector<Sender> senders;
  std::vector<Arrival> arrivals;         // since the last exchange, in the order taken
  std::int64_t requests_in_system = 0;   // handed to a sender, not yet back at a port

  Platform(World& w, std::size_t muxes) : world(w), senders(muxes) {}

  void sender(std::size_t m) {
    sg4::Actor::self()->daemonize();
    Sender& s = senders[m];
    sg4::Mailbox* hss = sg4::Mailbox::by_name(hss_mailbox(m));
    const double bytes = world.scenario.network.request_bytes;
    for (;;) {
      std::pair<SimTime, RequestBatch> next;
      {
        std::unique_lock<sg4::Mutex> lock(*s.mutex);
        while (s.queue.empty()) s.ready->wait(lock);
        next = std::move(s.queue.front());
        s.queue.pop_front();
      }
      sleep_until_exact(to_seconds(next.first));
      auto* batch = new RequestBatch(std::move(next.second));
      ++world.messages_in_network;
      hss->put_init(batch, static_cast<std::uint64_t>(bytes * static_cast<double>(batch->size())))
          ->detach([](void* p) { delete static_cast<RequestBatch*>(p); });
    }
  }

  void port(std::size_t m) {
    sg4::Actor::self()->daemonize();
    sg4::Mailbox* inbox = sg4::Mailbox::by_name("mux-" + std::to_string(m));
    inbox->set_receiver(sg4::Actor::self());
    for (;;) {
      AnswerBatch* batch = inbox->get<AnswerBatch>();
      --world.messages_in_network;
      requests_in_system -= static_cast<std::int64_t>(batch->size());
      arrivals.push_back({static_cast<std::uint8_t>(m), to_simtime(sg4::Engine::get_clock()), std::move(*batch)});
      delete batch;
    }
  }

  // A batch the devices made at `put`, to leave at put + L.
  void hand(std::uint8_t mux, SimTime leaves, RequestBatch requests) {
    requests_in_system += static_cast<std::int64_t>(requests.size());
    Sender& s = senders[mux];
    std::unique_lock<sg4::Mutex> lock(*s.mutex);
    s.queue.emplace_back(leaves, std::move(requests));
    s.ready->notify_all();
  }
};

// Events in one order whatever the ranks: time, device, kind, value. The
// slots follow one another, so each slot's events sorted keep the file in
// that order.
void write_in_order(std::vector<RecordedEvent>& events, RunFile& out) {
  std::sort(events.begin(), events.end(), [](const RecordedEvent& a, const RecordedEvent& b) {
    if (a.t != b.t) return a.t < b.t;
    if (a.device != b.device) return a.device < b.device;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.value < b.value;
  });
  for (const RecordedEvent& e : events) out.add_event(e.t, e.device, e.kind, e.value);
}

// The traced devices' APDUs of a slot, in one order whatever the ranks: by
// time, then device; a device's own in the order it made them (one rank
// holds it).
void put_apdus(std::string& out, const std::vector<RecordedApdu>& apdus) {
  put(out, static_cast<std::uint64_t>(apdus.size()));
  for (const RecordedApdu& a : apdus) {
    put(out, a.t);
    put(out, a.device);
    put(out, a.direction);
    put_all(out, a.bytes);
  }
}
void get_apdus(Reader& in, std::vector<RecordedApdu>& into) {
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    RecordedApdu a;
    a.t = in.get<double>();
    a.device = in.get<std::uint32_t>();
    a.direction = in.get<std::uint8_t>();
    a.bytes = in.get_all<std::uint8_t>();
    into.push_back(std::move(a));
  }
}
void write_apdus_in_order(std::vector<RecordedApdu>& apdus, World& w) {
  std::stable_sort(apdus.begin(), apdus.end(), [](const RecordedApdu& a, const RecordedApdu& b) {
    return a.t != b.t ? a.t < b.t : a.device < b.device;
  });
  for (const RecordedApdu& a : apdus) write_traced_apdu(w, a.t, a.device, a.direction, a.bytes);
}

struct ShardSetup {
  int ranks = 1;
  int rank = 0;
  std::size_t muxes = 0;
  SimTime lookahead = 0;
  int rank_of(std::size_t mux) const { return static_cast<int>(mux % static_cast<std::size_t>(ranks)); }
};

// The slots, run by every rank: its shards to the slot's end, rank 0's
// platform too, then the exchange and the next slot with anything in it.
void drive(World& w, std::vector<std::unique_ptr<DeviceShard>>& shards, ShardLink& link, const ShardSetup& setup, Platform* platform,
           const std::atomic<bool>* interrupt) {
  const SimTime stop = to_simtime(w.stop_s), L = setup.lookahead;
  std::vector<std::size_t> shard_of(setup.muxes, shards.size());
  for (std::size_t i = 0; i < shards.size(); ++i) shard_of[shards[i]->mux()] = i;
  std::vector<ShardBatch> made;
  for (SimTime t = 0; t < stop;) {
    const SimTime end = std::min(t + L, stop);
    made.clear();
    for (auto& s : shards) s->run_until(end, made);
    if (platform) sleep_until_exact(to_seconds(end));

    // The exchange: each rank's batches to rank 0, rank 0's answers to the
    // ranks of their multiplexers, and to every rank the earliest time this
    // one may need the next slot at: its devices' next wake-up, the slot's
    // end when a batch leaves or a request is still on its way, an answer's
    // due time; -1 when interrupted. The next slot is the least of all.
    SimTime next = stop;
    for (const auto& s : shards) next = std::min(next, s->next_wake());
    if (!made.empty()) next = std::min(next, end);
    if (platform) {
      if (platform->requests_in_system > 0) next = std::min(next, end);
      for (const Arrival& a : platform->arrivals) next = std::min(next, a.at + L);
    }
    if (interrupt && interrupt->load()) next = -1;
    std::vector<std::string> to(static_cast<std::size_t>(setup.ranks));
    std::vector<std::uint64_t> batches(to.size(), 0), answers(to.size(), 0);
    std::vector<std::string> batch_bytes(to.size()), answer_bytes(to.size());
    for (const ShardBatch& b : made) {
      put(batch_bytes[0], b.mux);
      put(batch_bytes[0], b.put);
      put_all(batch_bytes[0], b.requests);
      ++batches[0];
    }
    if (platform) {
      for (const Arrival& a : platform->arrivals) {
        const auto r = static_cast<std::size_t>(setup.rank_of(a.mux));
        put(answer_bytes[r], a.mux);
        put(answer_bytes[r], a.at + L);
        put_all(answer_bytes[r], a.answers);
        ++answers[r];
      }
      platform->arrivals.clear();
    }
    for (std::size_t r = 0; r < to.size(); ++r) {
      put(to[r], next);
      put(to[r], batches[r]);
      to[r] += batch_bytes[r];
      put(to[r], answers[r]);
      to[r] += answer_bytes[r];
      // The slot's events and traced APDUs go to rank 0, which writes them in order.
      if (r == 0) {
        put_all(to[r], *w.shard_events);
        put_apdus(to[r], *w.shard_apdus);
      } else {
        put(to[r], std::uint64_t{0});
        put(to[r], std::uint64_t{0});
      }
    }
    w.shard_events->clear();
    w.shard_apdus->clear();
    const std::vector<std::string> got = link.all_to_all(to);
    std::vector<ShardBatch> all;
    std::vector<RecordedEvent> slot_events;
    std::vector<RecordedApdu> slot_apdus;
    for (const std::string& message : got) {
      Reader in(message);
      next = std::min(next, in.get<SimTime>());
      for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
        ShardBatch b;
        b.mux = in.get<std::uint8_t>();
        b.put = in.get<SimTime>();
        b.requests = in.get_all<HssRequest>();
        all.push_back(std::move(b));
      }
      for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
        const auto mux = in.get<std::uint8_t>();
        const auto due = in.get<SimTime>();
        shards.at(shard_of.at(mux))->deliver(due, in.get_all<HssAnswer>());
      }
      const std::vector<RecordedEvent> events = in.get_all<RecordedEvent>();
      slot_events.insert(slot_events.end(), events.begin(), events.end());
      get_apdus(in, slot_apdus);
    }
    if (platform) write_in_order(slot_events, *w.out);
    if (platform) write_apdus_in_order(slot_apdus, w);
    if (platform) {
      // The same order whatever the ranks: by time made, then multiplexer.
      std::stable_sort(all.begin(), all.end(), [](const ShardBatch& a, const ShardBatch& b) {
        return a.put != b.put ? a.put < b.put : a.mux < b.mux;
      });
      for (ShardBatch& b : all) platform->hand(b.mux, b.put + L, std::move(b.requests));
    }

    if (next < 0) {
      w.interrupted = true;
      return;
    }
    t = std::max(end, next / L * L);
  }
  if (platform && sg4::Engine::get_clock() < w.stop_s) sg4::this_actor::sleep_until(w.stop_s);
}

// The cards' wear of a rank's devices (card_wear.hpp): their /wear rows
// and the counters, which rank 0 sums.
struct HeldWear {
  std::uint32_t device = 0;
  DeviceWear wear;
};
static_assert(std::is_trivially_copyable_v<HeldWear>);

void put_wear(std::string& part, const World& w) {
  std::vector<HeldWear> held;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d)
    if (w.devices.holds(d) && w.wear->covers(w.scenario.population_of(d))) held.push_back({d, w.wear->device(d)});
  put_all(part, held);
  const WearCounters& c = w.wear->counters();
  put(part, c.worn_programs);
  put(part, c.hot_programs);
  for (const std::vector<std::uint64_t>* v : {&c.cards_worn, &c.cards_too_hot, &c.cards_charge_lost, &c.cards_failed})
    put_all(part, *v);
}

void add_wear(Reader& in, CardWear& wear, WearCounters& sum) {
  for (const HeldWear& h : in.get_all<HeldWear>()) wear.set_device(h.device, h.wear);
  sum.worn_programs += in.get<std::uint64_t>();
  sum.hot_programs += in.get<std::uint64_t>();
  for (std::vector<std::uint64_t>* v : {&sum.cards_worn, &sum.cards_too_hot, &sum.cards_charge_lost, &sum.cards_failed}) {
    const std::vector<std::uint64_t> part = in.get_all<std::uint64_t>();
    for (std::size_t p = 0; p < part.size() && p < v->size(); ++p) (*v)[p] += part[p];
  }
}

void refuse_unsharded(const Scenario& sc, const RunOptions& options, int ranks) {
  auto no = [&sc](const std::string& what) {
    throw ScenarioError(sc.source + ": a sharded run does not carry " + what + " yet (docs/SCALING.md)");
  };
  for (const PopulationSpec& p : sc.populations)
    if (p.device_model != DeviceModel::Usim) no("the modem model (population " + p.name + ")");
  if (!sc.campaigns.empty()) no("campaigns");
  if (!options.checkpoint_file.empty()) no("checkpoints");
  if (!options.platform_log.empty()) no("the platforms' log");
  if (ranks > sc.engine.multiplexers)
    throw ScenarioError(sc.source + ": a sharded run has at most engine.multiplexers (" +
                        std::to_string(sc.engine.multiplexers) + ") ranks, not " + std::to_string(ranks));
}

}  // namespace

double shard_lookahead_s(const Scenario& sc) {
  const NetworkPlan plan = plan_network(sc);
  double least = -1;
  for (std::size_t m = 0; m < plan.mux_node.size(); ++m) {
    const double l = plan.topology.require_route(plan.mux_node[m], plan.hss).latency_s;
    if (least < 0 || l < least) least = l;
  }
  if (!(to_simtime(least) > 0))
    throw ScenarioError(sc.source + ": a sharded run needs latency on every multiplexer's route to the HSS: it is "
                                    "the lookahead between the ranks (docs/SCALING.md)");
  return least;
}

RunResult run_scenario_sharded(const Scenario& scenario, const RunOptions& options, ShardLink& link,
                               std::ostream& progress) {
  (void)progress;
  const double wall_start = wall_clock_s();
  const Scenario sc = effective_scenario(scenario, options);
  refuse_unsharded(sc, options, link.size());
  ShardSetup setup;
  setup.ranks = link.size();
  setup.rank = link.rank();
  setup.muxes = static_cast<std::size_t>(sc.engine.multiplexers);
  setup.lookahead = to_simtime(shard_lookahead_s(sc));

  // The world holds only the rank's devices, those of its multiplexers.
  std::unique_ptr<World> world =
      make_world(sc, options, true, [&setup](std::uint8_t mux) { return setup.rank_of(mux) == setup.rank; });
  World& w = *world;
  std::vector<RecordedEvent> events;
  w.shard_events = &events;
  std::vector<RecordedApdu> apdus;
  w.shard_apdus = &apdus;
  std::vector<std::unique_ptr<DeviceShard>> shards;
  for (std::size_t m = 0; m < setup.muxes; ++m)
    if (setup.rank_of(m) == setup.rank) shards.push_back(std::make_unique<DeviceShard>(w, static_cast<std::uint8_t>(m)));

  std::unique_ptr<RunFile> out;
  std::unique_ptr<pcap::GsmtapTrace> gsmtap;
  if (setup.rank == 0) {
    out = std::make_unique<RunFile>(options.output, run_metadata(sc), event_kind_names());
    w.out = out.get();
    if (!options.pcap.empty()) {
      gsmtap = std::make_unique<pcap::GsmtapTrace>(options.pcap);
      w.pcap = gsmtap.get();
    }
    std::unique_ptr<sg4::Engine> engine;
    start_simgrid(engine, options.interrupt);
    build_platform(w.network, sc.hss);
    Workers workers = launch_workers(w, false);  // the HSS: no multiplexer actors
    Platform platform(w, setup.muxes);
    for (std::size_t m = 0; m < setup.muxes; ++m) {
      sg4::Host* host = engine->host_by_name(w.network.mux_host(m));
      sg4::Actor::create("sender-" + std::to_string(m), host, [&platform, m] { platform.sender(m); });
      sg4::Actor::create("port-" + std::to_string(m), host, [&platform, m] { platform.port(m); });
    }
    sg4::Actor::create("shards", engine->host_by_name(sc.hss.host), [&] {
      drive(w, shards, link, setup, &platform, options.interrupt);
    });
    engine->run();
    if (gsmtap) {
      w.pcap = nullptr;
      gsmtap->close();
    }
  } else {
    drive(w, shards, link, setup, nullptr, options.interrupt);
  }

  // The run file from every rank's part: the device rows and counters of
  // its devices (its events went to rank 0 slot by slot).
  std::string part;
  std::vector<DeviceRow> rows;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d)
    if (w.devices.holds(d)) rows.push_back(device_row(w, d));
  put_all(part, rows);
  put(part, w.events);
  put(part, w.devices_powered);
  put(part, w.devices_attached);
  put(part, w.requests_lost);
  put(part, w.answers_lost);
  put(part, w.power_cycles);
  put(part, w.brown_outs);
  put(part, w.power_losses);
  if (w.wear) put_wear(part, w);
  std::vector<std::string> parts = link.gather(part);
  std::string().swap(part);
  RunResult result;
  if (setup.rank != 0) {
    result.devices = sc.device_count();
    result.wall_seconds = wall_seconds_since(wall_start);
    return result;
  }
  std::vector<DeviceRow> all_rows(sc.device_count());
  w.events = w.devices_powered = w.devices_attached = w.requests_lost = w.answers_lost = 0;
  w.power_cycles = w.brown_outs = w.power_losses = 0;
  std::optional<WearCounters> wear_sum;
  if (w.wear) wear_sum = WearCounters::none(sc.populations.size());
  for (std::string& p : parts) {
    Reader in(p);
    for (const DeviceRow& r : in.get_all<DeviceRow>()) all_rows[r.device] = r;
    w.events += in.get<std::uint64_t>();
    w.devices_powered += in.get<std::uint64_t>();
    w.devices_attached += in.get<std::uint64_t>();
    w.requests_lost += in.get<std::uint64_t>();
    w.answers_lost += in.get<std::uint64_t>();
    w.power_cycles += in.get<std::uint64_t>();
    w.brown_outs += in.get<std::uint64_t>();
    w.power_losses += in.get<std::uint64_t>();
    if (w.wear) add_wear(in, *w.wear, *wear_sum);
    std::string().swap(p);
  }
  if (w.wear) w.wear->set_counters(std::move(*wear_sum));
  return finish_run(w, *out, sc, wall_start, &all_rows);
}

}  // namespace twinsim
