#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/engine_setup.hpp"

#include <simgrid/s4u.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ostream>

#include "cardcore/profile/profile_parser.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/hss_server.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/scenario/expectation.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {



const char* default_profile(const std::string& card_kind) {
  if (card_kind == "domestic") return "profiles/cmcc-domestic-usim.prof";
  return nullptr;
}

// ICCID and IMSI of device d: "898604" + 12-digit serial (+ Luhn digit added
// by personalization); IMSI = prefix + MSIN, 15 digits (TS 23.003 §2.2).
cardcore::Personalization personalization(const PopulationSpec& p, std::uint64_t seed, std::uint32_t d) {
  char iccid[20];
  std::snprintf(iccid, sizeof iccid, "898604%012u", d);
  std::string msin = std::to_string(d);
  const std::size_t msin_len = 15 - p.imsi_prefix.size();
  if (msin.size() < msin_len) msin.insert(0, msin_len - msin.size(), '0');
  const auto keys = twinmodels::derive_subscriber_keys(seed, d);
  return {iccid, p.imsi_prefix + msin, cardcore::Bytes(keys.k.begin(), keys.k.end()),
          cardcore::Bytes(keys.opc.begin(), keys.opc.end())};
}

double compare(const std::string& op, double a, double b) {
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == "==") return a == b;
  if (op == ">=") return a >= b;
  return a > b;
}

}  // namespace

// The platform (TS 23.401 architecture, reduced to what this engine uses):
// one host per multiplexer (standing for its RAN and MME), the HSS host, and
// a core link per multiplexer to the HSS.
void build_platform(const Scenario& s) {
  sg4::NetZone* zone = sg4::create_full_zone("core");
  sg4::Host* hss = zone->create_host(s.hss.host, s.hss.speed_flops)->set_core_count(s.hss.cores)->seal();
  for (int m = 0; m < s.engine.multiplexers; ++m) {
    sg4::Host* h = zone->create_host("mux-" + std::to_string(m), 1e9)->seal();
    sg4::Link* l = zone->create_link("core-" + std::to_string(m), s.network.core_bandwidth_Bps)
                       ->set_latency(s.network.core_latency_s)
                       ->seal();
    zone->add_route(h->get_netpoint(), hss->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(l)}, true);
  }
  zone->seal();
}

double wall_clock_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double wall_seconds_since(double start_s) { return wall_clock_s() - start_s; }

const std::vector<std::string>& metric_names() { return expectation_metrics(); }

bool RunResult::expectations_met() const {
  for (const ExpectationRow& e : expectations) {
    if (!e.passed) return false;
  }
  return true;
}

void scale_populations(Scenario& s, std::uint64_t total) {
  const std::uint64_t before = s.device_count();
  if (before == 0 || s.populations.empty()) return;
  std::uint64_t given = 0;
  for (std::size_t i = 0; i < s.populations.size(); ++i) {
    PopulationSpec& p = s.populations[i];
    if (i + 1 == s.populations.size()) {
      p.count = total > given ? total - given : 0;
    } else {
      p.count = static_cast<std::uint64_t>(static_cast<long double>(p.count) * total / before);
      if (p.count == 0 && total > given + (s.populations.size() - 1 - i)) p.count = 1;
      given += p.count;
    }
  }
}

Scenario effective_scenario(const Scenario& scenario, const RunOptions& options) {
  Scenario sc = scenario;
  if (options.devices) scale_populations(sc, *options.devices);
  if (options.seed) sc.general.seed = *options.seed;
  if (options.stop_s) sc.general.stop_s = *options.stop_s;
  const std::uint64_t count = sc.device_count();
  if (count == 0 || count > 0xFFFFFFFFull) throw ScenarioError(sc.source + ": the population must have 1 to 2^32-1 devices");
  return sc;
}

std::unique_ptr<World> make_world(const Scenario& sc, const RunOptions& options) {
  const std::uint64_t count = sc.device_count();
  // Profiles, loaded once each and shared by all cards made from them.
  std::map<std::string, std::shared_ptr<const cardcore::ProfileTemplate>> profiles;
  auto profile_path = [](const PopulationSpec& p) -> std::string {
    if (!p.profile.empty()) return p.profile;
    const char* d = default_profile(p.card);
    return d ? d : "";
  };
  for (const PopulationSpec& p : sc.populations) {
    const std::string path = profile_path(p);
    if (path.empty()) throw ScenarioError(sc.source + ": population " + p.name + ": no profile for card kind " + p.card);
    if (!profiles.count(path)) {
      try {
        profiles[path] = std::make_shared<const cardcore::ProfileTemplate>(cardcore::load_profile(path));
      } catch (const std::exception& e) {
        throw ScenarioError(sc.source + ": population " + p.name + ": " + e.what());
      }
    }
  }

  auto world = std::make_unique<World>(sc, sc.general.seed, sc.general.stop_s, count);
  world->devices.reserve(count);
  for (std::size_t pi = 0; pi < sc.populations.size(); ++pi) {
    const PopulationSpec& p = sc.populations[pi];
    const auto& profile = profiles[profile_path(p)];
    world->population_first.push_back(static_cast<std::uint32_t>(world->devices.size()));
    for (std::uint64_t i = 0; i < p.count; ++i) {
      const auto d = static_cast<std::uint32_t>(world->devices.size());
      world->devices.emplace_back(profile);
      Device& dev = world->devices.back();
      dev.population = static_cast<std::uint16_t>(pi);
      dev.card.personalize(personalization(p, sc.general.seed, d));
    }
  }
  world->traced.assign(count, false);
  for (std::uint64_t d : sc.trace_devices) {
    if (d < count) world->traced[d] = true;
  }
  for (std::uint64_t d : options.trace_devices) {
    if (d >= count) throw ScenarioError("--trace-device " + std::to_string(d) + ": the run has " + std::to_string(count) + " devices");
    world->traced[d] = true;
  }
  world->interrupt = options.interrupt;
  return world;
}

RunMetadata run_metadata(const Scenario& sc) {
  RunMetadata meta;
  meta.esimtwin_version = ESIMTWIN_VERSION_STRING;
  meta.scenario_text = sc.text;
  meta.scenario_file = sc.source;
  meta.seed = sc.general.seed;
  meta.stop_s = sc.general.stop_s;
  return meta;
}

namespace {
std::atomic<bool>* g_interrupt = nullptr;
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");
extern "C" void on_interrupt(int) {
  if (g_interrupt) g_interrupt->store(true);
}
}  // namespace

void start_simgrid(std::unique_ptr<sg4::Engine>& engine, std::atomic<bool>* interrupt) {
  // One SimGrid engine per process; quiet unless something goes wrong.
  static int argc = 2;
  static char arg0[] = "esimtwin";
  static char arg1[] = "--log=root.thresh:critical";
  static char* argv[] = {arg0, arg1, nullptr};
  engine = std::make_unique<sg4::Engine>(&argc, argv);
  if (interrupt) {
    g_interrupt = interrupt;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
  }
}

RunResult finish_run(World& world, RunFile& out, const Scenario& sc, double wall_start_s) {
  const std::uint64_t count = world.devices.size();
  // Final state of every device.
  RunResult result;
  result.devices = count;
  std::uint64_t attached = 0, attaches = 0, auth_failures = 0, sync_failures = 0;
  std::uint32_t max_erase = 0;
  for (std::uint32_t d = 0; d < count; ++d) {
    const Device& dev = world.devices[d];
    DeviceRow row;
    row.device = d;
    row.population = dev.population;
    row.attached = dev.ever_attached ? 1 : 0;
    row.attaches = dev.attaches;
    row.auth_failures = dev.auth_failures;
    row.sync_failures = dev.sync_failures;
    row.nvm_programs = dev.card.nvm().program_count();
    for (std::uint32_t pg = 0; pg < dev.card.nvm().page_count(); ++pg) {
      row.max_erase_count = std::max(row.max_erase_count, dev.card.nvm().erase_count(pg));
    }
    row.state_bytes = static_cast<std::uint32_t>(dev.card.state_bytes() + sizeof(Device) - sizeof(cardcore::Uicc));
    out.add_device(row);
    attached += row.attached;
    attaches += dev.attaches;
    auth_failures += dev.auth_failures;
    sync_failures += dev.sync_failures;
    max_erase = std::max(max_erase, row.max_erase_count);
  }
  auto& m = result.metrics;
  m["attach_success_ratio"] = world.devices_powered ? static_cast<double>(attached) / static_cast<double>(world.devices_powered) : 0;
  m["devices_attached"] = static_cast<double>(attached);
  m["attaches"] = static_cast<double>(attaches);
  m["auth_failures"] = static_cast<double>(auth_failures);
  m["sync_failures"] = static_cast<double>(sync_failures);
  m["hss.served"] = static_cast<double>(world.hss_counters.served);
  m["hss.rejected"] = static_cast<double>(world.hss_counters.rejected);
  m["hss.max_queue"] = static_cast<double>(world.hss_counters.max_queue);
  m["events"] = static_cast<double>(world.events);
  m["max_erase_count"] = static_cast<double>(max_erase);

  for (const Expectation& e : sc.expectations) {
    ExpectationRow row;
    row.metric = e.metric;
    row.op = e.op;
    row.target = e.value;
    row.value = m.count(e.metric) ? m[e.metric] : 0;
    row.passed = m.count(e.metric) && compare(e.op, row.value, e.value);
    out.add_expectation(row);
    result.expectations.push_back(row);
  }
  result.interrupted = world.interrupted;
  result.wall_seconds = wall_seconds_since(wall_start_s);
  out.close(result.wall_seconds, result.interrupted);
  return result;
}

RunResult run_scenario(const Scenario& scenario, const RunOptions& options, std::ostream& progress) {
  const double wall_start = wall_clock_s();
  const Scenario sc = effective_scenario(scenario, options);
  std::unique_ptr<World> world = make_world(sc, options);
  RunFile out(options.output, run_metadata(sc), event_kind_names());
  world->out = &out;

  std::unique_ptr<sg4::Engine> engine;
  start_simgrid(engine, options.interrupt);
  build_platform(sc);
  sg4::Host* hss_host = engine->host_by_name(sc.hss.host);
  World& w = *world;
  sg4::Actor::create("hss", hss_host, [&w] { hss_server_actor(w); });
  sg4::Actor::create("hss-sampler", hss_host, [&w] { hss_sampler_actor(w, kSampleIntervalS); });
  for (int m = 0; m < sc.engine.multiplexers; ++m) {
    sg4::Host* h = engine->host_by_name("mux-" + std::to_string(m));
    sg4::Actor::create("mux-" + std::to_string(m), h, [&w, m] { multiplexer_actor(w, static_cast<std::uint8_t>(m)); });
  }
  Progress bar(options.progress ? &progress : nullptr, sc.general.stop_s, sc.device_count());
  w.progress = &bar;
  engine->run();
  bar.finish(sg4::Engine::get_clock(), w.events, w.devices_attached);
  return finish_run(w, out, sc, wall_start);
}

}  // namespace twinsim
