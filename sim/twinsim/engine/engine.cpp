#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/engine_setup.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <memory>
#include <ostream>

#include "cardcore/profile/profile_parser.hpp"
#include "twinmodels/network/subscriber_keys.hpp"
#include "twinsim/checkpoint/checkpoint_file.hpp"
#include "twinsim/engine/checkpointer.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/onelink_api_run.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/number_migration_metrics.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/run_platform_log.hpp"
#include "twinsim/engine/por_status_metrics.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/handover_times.hpp"
#include "twinsim/engine/device_cycle.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/engine/ota_completion.hpp"
#include "twinsim/engine/parallel_for.hpp"
#include "twinsim/engine/workers.hpp"
#include "twinsim/engine/world.hpp"
#include "twinsim/scenario/expectation.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {



// An international card's profiles are made from the domestic profile too.
const char* default_profile(const std::string&) { return "profiles/cmcc-domestic-usim.prof"; }

// ICCID and IMSI of device d: "898604" + 12-digit serial (+ Luhn digit added
// by personalization); IMSI = prefix + MSIN, 15 digits (TS 23.003 §2.2). K,
// OPc and the OTA keys of every key set record of its profile come from the
// seed (twinmodels::SubscriberKeyDerivation), as the HSS and the OTA
// platforms derive them.
cardcore::Personalization personalization(const PopulationSpec& p, const twinmodels::SubscriberKeyDerivation& keys,
                                          const cardcore::ProfileTemplate& profile, std::uint32_t d) {
  const twinmodels::SubscriberKeys k = keys.derive(d);
  return {domestic_iccid(d), imsi_for(p.imsi_prefix, d), cardcore::Bytes(k.k.begin(), k.k.end()),
          cardcore::Bytes(k.opc.begin(), k.opc.end()), keys.ota_keys(d, profile)};
}

// The eUICCs of the international populations, made at the eUICC factory
// (euicc_factory.hpp), and the SM-SR when a campaign needs it.
void make_euiccs(const Scenario& sc, World& world, std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> profiles) {
  ModemWorld& mw = *world.modem;
  bool international = false;
  for (const PopulationSpec& p : sc.populations) international |= p.card == "international";
  if (!international) return;
  // The eUICC platforms, loaded once each.
  std::map<std::string, std::shared_ptr<const cardcore::ProfileTemplate>> loaded;
  std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> platforms;
  for (const PopulationSpec& p : sc.populations) {
    if (p.card != "international") {
      platforms.emplace_back();
      continue;
    }
    auto& t = loaded[p.euicc_platform];
    try {
      if (!t) t = std::make_shared<const cardcore::ProfileTemplate>(cardcore::load_profile(p.euicc_platform));
    } catch (const std::exception& e) {
      throw ScenarioError(sc.source + ": population " + p.name + ": the eUICC platform: " + e.what());
    }
    platforms.push_back(t);
  }
  mw.euicc_factory = std::make_unique<EuiccFactory>(sc, world.devices.size(), std::move(platforms), std::move(profiles));
  mw.euiccs.resize(mw.modems.size());
  for (std::size_t pi = 0; pi < sc.populations.size(); ++pi) {
    if (sc.populations[pi].card != "international") continue;
    const auto population = static_cast<std::uint16_t>(pi);
    for (std::uint64_t i = 0; i < sc.populations[pi].count; ++i) {
      const auto d = static_cast<std::uint32_t>(world.population_first[pi] + i);
      if (!world.devices.holds(d)) continue;  // a sharded run's rank: another rank's
      mw.euiccs[mw.slot(population, d, world.population_first)] = mw.euicc_factory->make(population, d);
    }
  }
  for (const CampaignSpec& c : sc.campaigns) {
    if (carried_by_sm_sr(c.kind) && !mw.sm_srs) {
      mw.sm_srs = std::make_unique<SmSrRuns>(sc, *mw.euicc_factory, world.devices.size());
    }
    if (orders_at_sm_dp(c) && !mw.sm_dps)
      mw.sm_dps = std::make_unique<SmDpRuns>(sc, *mw.euicc_factory, *mw.sm_srs, world.devices.size());
  }
  // The MNOs' servers take the SM-SRs' ES4 and the SM-DPs' ES2 notifications.
  if (mw.sm_srs && !sc.mno_servers.empty()) {
    mw.mno_servers = std::make_unique<MnoServers>(sc);
    for (std::uint8_t i = 0; i < mw.sm_srs->size(); ++i) mw.sm_srs->at(i).attach_mno_servers(mw.mno_servers.get());
    if (mw.sm_dps) {
      for (std::uint8_t i = 0; i < mw.sm_dps->size(); ++i) mw.sm_dps->at(i).attach_mno_servers(mw.mno_servers.get());
    }
  }
}

double compare(const std::string& op, double a, double b) {
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == "==") return a == b;
  if (op == ">=") return a >= b;
  return a > b;
}

}  // namespace

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
  for (const CampaignSpec& c : sc.campaigns) {
    // A number migration pairs device i of two populations (the loader
    // checked their counts; scaling rounds each on its own).
    if (c.numbers_from && sc.populations[c.population].count != sc.populations[*c.numbers_from].count)
      throw ScenarioError(c.numbers_from_where + ": with " + std::to_string(count) + " devices population '" +
                          sc.populations[c.population].name + "' has " +
                          std::to_string(sc.populations[c.population].count) + " and population '" +
                          sc.populations[*c.numbers_from].name + "' " +
                          std::to_string(sc.populations[*c.numbers_from].count) +
                          ": a number migration needs equal counts (choose another --devices)");
  }
  for (const FaultSpec& f : sc.faults) {
    if (f.target == FaultTarget::Device && f.device >= count)
      throw ScenarioError(sc.source + ":" + std::to_string(f.line) + ": faults: device " + std::to_string(f.device) +
                          " does not exist in a run of " + std::to_string(count) + " devices");
  }
  return sc;
}

namespace {

// The topology's lossy links and the faults' losses and delays on each
// route of the platforms' messages (FaultPlan: a function of the time,
// nothing to save); each route's links found once.
PlatformLinkFaults link_faults(World& w) {
  using twinmodels::topology::NodeId;
  using Links = std::vector<std::size_t>;
  auto links_of = [&w, routes = std::make_shared<std::map<std::pair<NodeId, NodeId>, Links>>()](
                      NodeId from, NodeId to) -> const Links& {
    auto it = routes->find({from, to});
    if (it == routes->end()) it = routes->emplace(std::pair{from, to}, w.network.topology.require_route(from, to).links).first;
    return it->second;
  };
  return {[&w, links_of](NodeId from, NodeId to, double t) { return w.faults.route_loss(links_of(from, to), t); },
          [&w, links_of](NodeId from, NodeId to, double t) { return w.faults.route_delay(links_of(from, to), t); },
          w.seed, w.stop_s};
}

// The platforms' messages on the SimGrid links of their routes
// (platform_links.hpp), when one crosses a route: the links, and the
// platforms that send over them (in a sharded run, on rank 0).
void use_platform_links(World& w) {
  ModemWorld& mw = *w.modem;
  // The HSS's barring messages to the MMEs cross the network's links.
  if (!mw.routes.messages_cross() && !mw.chip_management) return;
  std::vector<std::string> hosts;
  for (twinmodels::topology::NodeId n = 0; n < w.network.topology.node_count(); ++n)
    hosts.push_back(w.network.topology.node(n).name);
  mw.links = std::make_unique<PlatformLinks>(std::move(hosts), [&mw](SimTime t) { mw.poke_smsc(t); }, w.draining);
  mw.links->set_faults(link_faults(w));
  // The HSS's messages to the MMEs: lost and sent again by the HSS itself.
  for (const twinmodels::topology::NodeId n : w.network.mux_node) mw.links->sender_handles_loss(w.network.hss, n);
  const double smpp = w.scenario.network.smpp_bytes;
  if (mw.write_link)
    mw.write_link->use_links({mw.links.get(), mw.routes.write_module_to_smsc(), mw.routes.smsc_to_write_module(), smpp});
  if (mw.sm_srs) mw.sm_srs->use_links(*mw.links, smpp, w.scenario.network.report_bytes);
  if (mw.chip_management && mw.routes.chip_management_to_hss().crosses) mw.chip_management->hss_on_links();
  if (mw.onenet) mw.onenet->use_links(*mw.links, mw.routes.chip_management_to_onenet(), w.scenario.network.report_bytes);
}

}  // namespace

std::unique_ptr<World> make_world(const Scenario& sc, const RunOptions& options, CardSetup cards,
                                  const std::function<bool(std::uint8_t)>& holds_mux) {
  const bool personalize = cards != CardSetup::Blank;
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
  // Whether the world holds device d of population p: every device, or a
  // sharded run's rank its multiplexers' (NetworkPlan::mux_of).
  auto held = [&](std::uint32_t d, std::size_t p) {
    return !holds_mux || holds_mux(world->network.mux_of(d, static_cast<std::uint16_t>(p)));
  };
  std::size_t held_devices = 0;
  for (std::uint32_t d = 0, pi = 0; pi < sc.populations.size(); ++pi)
    for (std::uint64_t i = 0; i < sc.populations[pi].count; ++i) held_devices += held(d++, pi);
  world->devices.reserve(held_devices);
  const twinmodels::SubscriberKeyDerivation keys(sc.general.seed);
  std::vector<std::uint32_t> domestic;                       // the cards to personalize
  std::vector<const cardcore::ProfileTemplate*> profile_of;  // by population
  for (std::size_t pi = 0; pi < sc.populations.size(); ++pi) {
    const PopulationSpec& p = sc.populations[pi];
    const auto& profile = profiles[profile_path(p)];
    profile_of.push_back(profile.get());
    world->population_first.push_back(static_cast<std::uint32_t>(world->devices.size()));
    for (std::uint64_t i = 0; i < p.count; ++i) {
      const auto d = static_cast<std::uint32_t>(world->devices.size());
      if (!held(d, pi)) {
        world->devices.skip();
        continue;
      }
      Device& dev = world->devices.emplace_back(profile);
      dev.population = static_cast<std::uint16_t>(pi);
      // An international card's USIMs are its eUICC's profiles (below).
      if (personalize && p.card == "domestic") domestic.push_back(d);
    }
  }
  World& w = *world;
  // Device d's card as the card factory personalizes it (a copy of what it
  // needs: it may run on a thread beside the run).
  const auto make_card = [&w, &sc, keys, profile_of](std::uint32_t d) {
    Device& dev = w.devices[d];
    dev.card.personalize(personalization(sc.populations[dev.population], keys, *profile_of[dev.population], d));
  };
  bool modems = false;
  bool histories = false;
  for (const PopulationSpec& p : sc.populations) {
    modems |= p.device_model == DeviceModel::Modem;
    histories |= p.nvm_history != 0;
  }
  if (cards == CardSetup::InBackground && !modems && !histories && !CardWear::wanted(sc) && !holds_mux &&
      !domestic.empty()) {
    // The first and last card of each population here, so that a
    // personalization its profile cannot take (or an IMSI out of digits)
    // stops the run before it starts, as when all are made first.
    std::vector<std::uint32_t> later;
    for (std::size_t i = 0; i < domestic.size(); ++i) {
      const std::uint32_t d = domestic[i];
      const std::uint16_t p = w.devices[d].population;
      const bool first = i == 0 || w.devices[domestic[i - 1]].population != p;
      const bool last = i + 1 == domestic.size() || w.devices[domestic[i + 1]].population != p;
      if (first || last) {
        make_card(d);
      } else {
        later.push_back(d);
      }
    }
    w.background_cards = std::make_unique<BackgroundCards>(
        std::move(later), count,
        [&w](std::uint32_t d) { return first_power_on(w, w.devices[d].population, d, nullptr); }, make_card);
  } else {
    // Each card its own: personalized on every core (a fifth of a second a
    // 100 000 cards on one).
    parallel_for(domestic.size(), [&](std::size_t i) { make_card(domestic[i]); });
  }
  if (CardWear::wanted(sc))
    world->wear = std::make_unique<CardWear>(sc, world->seed, world->stop_s, count);
  if (personalize) make_nvm_histories(sc, world->devices, world->wear.get());
  if (modems) {
    world->modem = std::make_unique<ModemWorld>(sc, world->population_first, sc.engine.multiplexers, world->supply);
    std::vector<std::shared_ptr<const cardcore::ProfileTemplate>> by_population;
    for (const PopulationSpec& p : sc.populations) by_population.push_back(profiles[profile_path(p)]);
    world->modem->platforms = std::make_unique<CampaignPlatforms>(sc, count, by_population);
    make_euiccs(sc, *world, std::move(by_population));
    if (!sc.onelink.populations.empty())
      world->modem->onelink = std::make_unique<OneLinkRun>(sc, world->population_first, count);
    if (HandoverTimes::wanted(sc))
      world->modem->handover = std::make_unique<HandoverTimes>(sc, world->modem->submissions, count);
    if (std::any_of(sc.campaigns.begin(), sc.campaigns.end(),
                    [](const CampaignSpec& c) { return c.kind == CampaignKind::OneLinkQuery; }))
      world->modem->onelink_api = std::make_unique<OneLinkApiRun>(sc, world->modem->submissions);
    if (!sc.chip_management.populations.empty()) {
      const World& w = *world;
      world->modem->chip_management = std::make_unique<ChipManagementRun>(
          sc, world->population_first,
          // Any device's, held or not (a sharded run's rank 0 activates them all).
          [&w](std::uint32_t d) { return first_power_on(w, w.scenario.population_of(d), d); }, w.supply);
    }
    if (!sc.onenet.populations.empty()) {
      ModemWorld& mw = *world->modem;
      const World& w = *world;
      mw.onenet = std::make_unique<OneNetRun>(
          sc, world->population_first, world->network,
          // Any device's, held or not (a sharded run's rank 0 registers them all).
          [&mw, &w](std::uint32_t d) {
            return mw.modems[mw.slot(w.scenario.population_of(d), d, w.population_first)].imei();
          },
          [&mw](SimTime t) { mw.poke_smsc(t); });
      if (mw.chip_management) mw.chip_management->set_onenet(mw.onenet.get());
    }
    use_platform_links(*world);
  }
  world->traced.assign(count, false);
  for (std::uint64_t d : sc.trace_devices) {
    if (d < count) world->traced[d] = true;
  }
  for (std::uint64_t d : options.trace_devices) {
    if (d >= count) throw ScenarioError("--trace-device " + std::to_string(d) + ": the run has " + std::to_string(count) + " devices");
    world->traced[d] = true;
  }
  if (!options.pcap.empty() && std::find(world->traced.begin(), world->traced.end(), true) == world->traced.end())
    throw ScenarioError("--pcap " + options.pcap + ": no device is traced (add --trace-device N, or the scenario's trace)");
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
  static int argc = 5;
  static char arg0[] = "esimtwin";
  static char arg1[] = "--log=root.thresh:critical";
  // The core network as written in the scenario: CM02 takes a link's latency
  // and bandwidth as they are (SimGrid's default LV08 multiplies latency by
  // 13.01 and bandwidth by 0.97, a calibration of TCP for MPI messages), and
  // without the TCP window bound or the 5 % reverse "ACK" traffic: request
  // and answer sizes are the whole messages.
  static char arg2[] = "--cfg=network/model:CM02";
  static char arg3[] = "--cfg=network/TCP-gamma:0";
  static char arg4[] = "--cfg=network/crosstraffic:0";
  static char* argv[] = {arg0, arg1, arg2, arg3, arg4, nullptr};
  engine = std::make_unique<sg4::Engine>(&argc, argv);
  if (interrupt) {
    g_interrupt = interrupt;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
  }
}

DeviceRow device_row(const World& world, std::uint32_t d) {
  const Device& dev = world.devices[d];
  DeviceRow row;
  row.device = d;
  row.population = dev.population;
  row.attached = dev.ever_attached ? 1 : 0;
  row.attaches = dev.attaches;
  row.auth_failures = dev.auth_failures;
  row.sync_failures = dev.sync_failures;
  auto wear = [&row](const cardcore::Nvm& nvm) { row.max_erase_count = std::max(row.max_erase_count, nvm.max_erase_count()); };
  row.state_bytes = static_cast<std::uint32_t>(dev.card.state_bytes() + sizeof(Device) - sizeof(cardcore::Uicc));
  cardcore::euicc::Euicc* e = euicc_of(world, d);
  if (e) {
    // An international card: its eUICC (the Device's own card stays unused).
    row.nvm_programs = e->nvm_programs();
    wear(e->platform().nvm());
    for (const cardcore::euicc::ProfileInfo& p : e->profiles()) {
      if (const cardcore::Uicc* c = e->profile_card(p.isdp_aid)) wear(c->nvm());
    }
    row.state_bytes += static_cast<std::uint32_t>(e->state_bytes() + sizeof(std::unique_ptr<cardcore::euicc::Euicc>));
  } else {
    row.nvm_programs = dev.card.nvm().program_count();
    wear(dev.card.nvm());
  }
  if (world.modem && world.modem->slot_first[dev.population] != ModemWorld::kNoSlot)
    row.state_bytes += static_cast<std::uint32_t>(
        world.modem->modems[world.modem->slot(dev.population, d, world.population_first)].bytes_per_modem() +
        ModemWorld::kBytesPerDevice);
  return row;
}

std::uint64_t modems_registered(const World& world) {
  if (!world.modem) return 0;
  const ModemWorld& mw = *world.modem;
  std::uint64_t registered = 0;
  for (std::uint32_t d = 0; d < world.devices.size(); ++d) {
    if (!world.devices.holds(d)) continue;
    const std::uint16_t population = world.devices[d].population;
    if (mw.slot_first[population] == ModemWorld::kNoSlot) continue;
    const auto state = mw.modems[mw.slot(population, d, world.population_first)].state();
    registered += state == twinmodels::modem::ModemState::Registered || state == twinmodels::modem::ModemState::Sleeping;
  }
  return registered;
}

RunResult finish_run(World& world, RunFile& out, const Scenario& sc, double wall_start_s, const GatheredRun* gathered) {
  const std::uint64_t count = world.devices.size();
  // Final state of every device: every card made by now.
  if (world.background_cards) world.background_cards->finish();
  RunResult result;
  result.devices = count;
  std::uint64_t attached = 0, attaches = 0, auth_failures = 0, sync_failures = 0;
  std::uint32_t max_erase = 0;
  for (std::uint32_t d = 0; d < count; ++d) {
    if (!gathered && d + 4 < count) prefetch_record(world.devices[d + 4]);
    if (!gathered && d + 2 < count) prefetch_card(world.devices[d + 2]);
    const DeviceRow row = gathered ? gathered->rows[d] : device_row(world, d);
    out.add_device(row);
    attached += row.attached;
    attaches += row.attaches;
    auth_failures += row.auth_failures;
    sync_failures += row.sync_failures;
    max_erase = std::max(max_erase, row.max_erase_count);
  }
  auto& m = result.metrics;
  m["devices"] = static_cast<double>(count);
  for (const PopulationSpec& p : sc.populations) m["devices." + p.name] = static_cast<double>(p.count);
  m["attach_success_ratio"] = world.devices_powered ? static_cast<double>(attached) / static_cast<double>(world.devices_powered) : 0;
  m["devices_attached"] = static_cast<double>(attached);
  m["attaches"] = static_cast<double>(attaches);
  m["auth_failures"] = static_cast<double>(auth_failures);
  m["sync_failures"] = static_cast<double>(sync_failures);
  m["hss.served"] = static_cast<double>(world.hss_counters.served);
  m["hss.rejected"] = static_cast<double>(world.hss_counters.rejected);
  m["hss.max_queue"] = static_cast<double>(world.hss_counters.max_queue);
  m["hss.crash_lost"] = static_cast<double>(world.hss_counters.crash_lost);
  m["events"] = static_cast<double>(world.events);
  m["max_erase_count"] = static_cast<double>(max_erase);
  m["power_cycles"] = static_cast<double>(world.power_cycles);
  m["power_losses"] = static_cast<double>(world.power_losses);
  m["brown_outs"] = static_cast<double>(world.brown_outs);
  m["exception_reports"] = static_cast<double>(world.exception_reports);
  m["exception_reports_lost"] = static_cast<double>(world.exception_reports_lost);
  m["requests_lost"] = static_cast<double>(world.requests_lost);
  m["answers_lost"] = static_cast<double>(world.answers_lost);
  // Devices with the modem model, and the SMS of campaigns (0 without).
  const SmsCounters sms = world.modem ? world.modem->sms : SmsCounters{};
  const ModemCounters mc = world.modem ? world.modem->counters : ModemCounters{};
  const std::uint64_t registered = gathered ? gathered->modems_registered : modems_registered(world);
  m["devices_registered"] = static_cast<double>(registered);
  m["rrc_rejected"] = static_cast<double>(mc.rrc_rejected);
  m["refreshes"] = static_cast<double>(mc.refreshes);
  m["auth_rejects"] = static_cast<double>(mc.auth_rejects);
  m["unknown_imsi"] = static_cast<double>(mc.unknown_imsi);
  m["mme.congestion_rejects"] = static_cast<double>(mc.congestion_rejects);
  m["sms.submitted"] = static_cast<double>(sms.submitted);
  m["sms.attempts"] = static_cast<double>(sms.attempts);
  m["sms.absent"] = static_cast<double>(sms.absent);
  m["sms.delivered"] = static_cast<double>(sms.delivered);
  m["sms.failed"] = static_cast<double>(sms.failed);
  m["sms.expired"] = static_cast<double>(sms.expired);
  m["sms.last_delivery_s"] = sms.last_delivery_s;
  m["sms.mo"] = static_cast<double>(sms.mo);
  m["sms.mo_refused"] = static_cast<double>(sms.mo_refused);
  // The platforms' reports on the links of their routes (0 without).
  const PlatformLinkCounters links =
      world.modem && world.modem->links ? world.modem->links->counters() : PlatformLinkCounters{};
  m["platform_links.messages"] = static_cast<double>(links.messages);
  m["platform_links.batches"] = static_cast<double>(links.batches);
  m["platform_links.bytes"] = static_cast<double>(links.bytes);
  m["platform_links.longest_s"] = to_seconds(links.longest);
  m["platform_links.resent"] = static_cast<double>(links.resent);
  // The SMSC's crashes (0 without): answers to its attempts lost, the SMEs'
  // submissions it took only at its restart, alerts it missed.
  const twinmodels::SmscCounters smsc = world.modem ? world.modem->smsc.counters() : twinmodels::SmscCounters{};
  m["smsc.answers_lost"] = static_cast<double>(smsc.answers_lost);
  m["smsc.submissions_held"] = static_cast<double>(smsc.held);
  m["smsc.alerts_lost"] = static_cast<double>(smsc.alerts_lost);
  m["ota.por_ok"] = static_cast<double>(sms.por_ok);
  m["ota.por_errors"] = static_cast<double>(sms.por_errors);
  for (const PorStatusMetric& p : kPorStatusMetrics)
    m[std::string("ota.por_") + p.name] = static_cast<double>(sms.por_status[p.code]);
  m["ota.por_unreadable"] = static_cast<double>(sms.por_unreadable);
  // The write module's orders (0 without campaigns).
  const twinmodels::ota::WriteModuleCounters wm = world.modem && world.modem->write_module
                                                      ? world.modem->write_module->counters()
                                                      : twinmodels::ota::WriteModuleCounters{};
  m["ota.done"] = static_cast<double>(wm.done);
  m["ota.failed"] = static_cast<double>(wm.failed);
  m["ota.retries"] = static_cast<double>(wm.retries);
  m["ota.reports_lost"] = static_cast<double>(wm.reports_lost);
  m["ota.resent"] = static_cast<double>(wm.resent);
  m["ota.packets_lost"] = static_cast<double>(wm.packets_lost);
  m["ota.last_done_s"] = to_seconds(wm.last_done);
  // Their tail: each order's time from its campaign's start to done.
  const OtaCompletion tail = world.modem ? ota_completion(*world.modem, world.scenario, world.supply) : OtaCompletion{};
  m["ota.done_p50_s"] = tail.p50_s;
  m["ota.done_p90_s"] = tail.p90_s;
  m["ota.done_p99_s"] = tail.p99_s;
  m["ota.done_max_s"] = tail.max_s;
  m["ota.attempts_per_order"] = tail.attempts_per_order;
  if (world.modem && world.modem->progress) world.modem->progress->write(out);
  finish_wear(world.wear.get(), sc, out, m);
  // OneLink's view of the cards it follows at the end (0 without OneLink).
  OneLinkCounters ol;
  if (world.modem && world.modem->onelink)
    ol = world.modem->onelink->finish(to_simtime(std::min(world.stop_s, sg4::Engine::get_clock())), out);
  m["onelink.online"] = static_cast<double>(ol.online);
  m["onelink.sleeping"] = static_cast<double>(ol.sleeping);
  m["onelink.offline"] = static_cast<double>(ol.offline);
  m["onelink.unseen"] = static_cast<double>(ol.unseen);
  m["onelink.alerts"] = static_cast<double>(ol.alerts);
  m["onelink.data_bytes"] = static_cast<double>(ol.data_bytes);
  m["onelink.usage_alerts"] = static_cast<double>(ol.usage_alerts);
  m["onelink.quota_alerts"] = static_cast<double>(ol.quota_alerts);
  const OneLinkApiCounters api =
      world.modem && world.modem->onelink_api ? world.modem->onelink_api->counters() : OneLinkApiCounters{};
  m["onelink.query_requests"] = static_cast<double>(api.requests);
  m["onelink.query_requests_answered"] = static_cast<double>(api.requests_answered);
  m["onelink.query_requests_refused"] = static_cast<double>(api.requests_refused);
  m["onelink.query_cards_refused"] = static_cast<double>(api.cards_refused);
  m["onelink.lost"] = world.modem && world.modem->onelink_api
                          ? static_cast<double>(world.modem->onelink_api->server().lost())
                          : 0;
  m["onelink.sms_mo"] = static_cast<double>(ol.sms_mo);
  m["onelink.sms_alerts"] = static_cast<double>(ol.sms_alerts);
  m["onelink.queries"] = static_cast<double>(ol.queries);
  m["onelink.queries_offline"] = static_cast<double>(ol.queries_offline);
  m["onelink.requests"] = static_cast<double>(ol.requests);
  m["onelink.requests_completed"] = static_cast<double>(ol.requests_completed);
  m["onelink.requests_failed"] = static_cast<double>(ol.requests_failed);
  m["onelink.requests_in_flight"] = static_cast<double>(ol.requests_in_flight);
  m["onelink.expectations_restored"] = static_cast<double>(ol.expectations_restored);
  for (std::size_t r = 0; r < ol.diagnosis.size(); ++r)
    m[onelink_diagnosis_metric(static_cast<twinmodels::platform::FaultReason>(r))] = static_cast<double>(ol.diagnosis[r]);
  // The SM-SR's campaign calls (0 without an SM-SR).
  const SmSrCounters sr = world.modem && world.modem->sm_srs ? world.modem->sm_srs->counters() : SmSrCounters{};
  m["smsr.done"] = static_cast<double>(sr.done);
  m["smsr.failed"] = static_cast<double>(sr.failed);
  m["smsr.expired"] = static_cast<double>(sr.expired);
  m["smsr.refused"] = static_cast<double>(sr.refused);
  m["smsr.notifications"] = static_cast<double>(sr.notifications);
  m["smsr.last_done_s"] = sr.last_done_s;
  m["smsr.settled_by_audit"] = static_cast<double>(sr.settled_by_audit);
  m["smsr.retried"] = static_cast<double>(sr.retried);
  for (const PorStatusMetric& p : kPorStatusMetrics)
    m[std::string("smsr.por_") + p.name] = static_cast<double>(sr.por_status[p.code]);
  m["smsr.lost"] = 0;
  m["smsr.counters_restored"] = 0;
  for (std::uint8_t i = 0; world.modem && world.modem->sm_srs && i < world.modem->sm_srs->size(); ++i) {
    m["smsr.lost"] += static_cast<double>(world.modem->sm_srs->at(i).server().lost());
    m["smsr.counters_restored"] += static_cast<double>(world.modem->sm_srs->at(i).counters_restored());
  }
  // POL2's Auto-Delete (SGP.02 Policy Rules): the SM-SRs' own deletions.
  const AutoDeleteCounters ad =
      world.modem && world.modem->sm_srs ? world.modem->sm_srs->auto_delete_counters() : AutoDeleteCounters{};
  m["smsr.auto_deleted"] = static_cast<double>(ad.deleted);
  m["smsr.auto_delete_failed"] = static_cast<double>(ad.failed);
  // The eUICCs' roll-backs and fall-backs (SGP.02 §3.2.2, §3.7), as their
  // notifications reached the SM-SRs.
  const EuiccSwitchCounters sw =
      world.modem && world.modem->sm_srs ? world.modem->sm_srs->euicc_switch_counters() : EuiccSwitchCounters{};
  m["smsr.rollbacks"] = static_cast<double>(sw.rollbacks);
  m["smsr.fallbacks"] = static_cast<double>(sw.fallbacks);
  const SmSrCounters ch = world.modem && world.modem->sm_srs ? world.modem->sm_srs->change_counters() : SmSrCounters{};
  m["smsr.changes_done"] = static_cast<double>(ch.done);
  m["smsr.changes_failed"] = static_cast<double>(ch.failed);
  m["smsr.changes_expired"] = static_cast<double>(ch.expired);
  m["smsr.changes_refused"] = static_cast<double>(ch.refused);
  m["smsr.changes_last_done_s"] = ch.last_done_s;
  // The SM-DPs' orders, all SM-DPs together (0 without).
  const SmDpCounters dp = world.modem && world.modem->sm_dps ? world.modem->sm_dps->counters() : SmDpCounters{};
  m["smdp.done"] = static_cast<double>(dp.done);
  m["smdp.failed"] = static_cast<double>(dp.failed);
  m["smdp.refused"] = static_cast<double>(dp.refused);
  m["smdp.retried"] = static_cast<double>(dp.retried);
  m["smdp.stock_restored"] = static_cast<double>(dp.stock_restored);
  m["smdp.es3_retried"] = static_cast<double>(dp.es3_retried);
  m["smdp.last_done_s"] = dp.last_done_s;
  m["smdp.lost"] = 0;
  for (std::uint8_t i = 0; world.modem && world.modem->sm_dps && i < world.modem->sm_dps->size(); ++i)
    m["smdp.lost"] += static_cast<double>(world.modem->sm_dps->at(i).server().lost());
  m["smdp.eis_returned"] = static_cast<double>(dp.eis_returned);
  m["smdp.eis_profiles"] = static_cast<double>(dp.eis_profiles);
  // The platforms' notifications (SGP.02 §5.1.3; 0 without SM-SRs).
  const NotificationCounters sent = world.modem && world.modem->sm_srs ? world.modem->sm_srs->notification_counters()
                                                                        : NotificationCounters{};
  m["notifications.es4"] = static_cast<double>(sent.es4);
  m["notifications.es3"] = static_cast<double>(sent.es3);
  m["notifications.es2"] = static_cast<double>(dp.notifications_es2);
  m["notifications.refused"] = static_cast<double>(dp.notifications_refused);
  m["notifications.retries"] = static_cast<double>(sent.retries);
  m["notifications.given_up"] = static_cast<double>(sent.given_up);
  // Those to the MNOs an MNO in an outage refused (mno_notifications.hpp).
  m["notifications.es4_retries"] = static_cast<double>(sent.es4_retries);
  m["notifications.es4_given_up"] = static_cast<double>(sent.es4_given_up);
  m["notifications.es2_retries"] = static_cast<double>(dp.notifications_es2_retries);
  m["notifications.es2_given_up"] = static_cast<double>(dp.notifications_es2_given_up);
  // The MNOs' servers (mno_servers.hpp; 0 without platforms.mno).
  const MnoServerCounters mno =
      world.modem && world.modem->mno_servers ? world.modem->mno_servers->counters() : MnoServerCounters{};
  m["mno.admitted"] = static_cast<double>(mno.admitted);
  m["mno.acknowledged"] = static_cast<double>(mno.acknowledged);
  m["mno.refused"] = static_cast<double>(mno.refused);
  m["mno.failed"] = static_cast<double>(mno.failed);
  // The eUICCs' BIP channels to the admin servers (0 without).
  const BipCounters bip = world.modem ? world.modem->bip.counters() : BipCounters{};
  m["https.sessions"] = static_cast<double>(bip.sessions);
  m["https.unreachable"] = static_cast<double>(bip.unreachable);
  m["https.refused"] = static_cast<double>(bip.refused);
  m["https.crashed"] = static_cast<double>(bip.crashed);
  m["https.bytes_up"] = static_cast<double>(bip.bytes_up);
  m["https.bytes_down"] = static_cast<double>(bip.bytes_down);
  // The chip management platform's records (0 without it).
  if (world.modem && world.modem->chip_management) {
    const ChipManagementRun& cm = *world.modem->chip_management;
    const SimTime end = to_simtime(std::min(world.stop_s, sg4::Engine::get_clock()));
    m["chip.activated"] = static_cast<double>(cm.counters().activated);
    m["chip.ota_written"] = static_cast<double>(cm.counters().ota_written);
    m["chip.recycled"] = static_cast<double>(cm.counters().recycled);
    m["chip.suspended"] = static_cast<double>(cm.counters().suspended);
    m["chip.resumed"] = static_cast<double>(cm.counters().resumed);
    m["chip.deactivated"] = static_cast<double>(cm.counters().deactivated);
    m["chip.scrapped"] = static_cast<double>(cm.counters().scrapped);
    m["chip.attaches_barred"] = static_cast<double>(cm.counters().attaches_barred);
    m["chip.detaches"] = static_cast<double>(cm.counters().detaches);
    m["chip.detaches_local"] = static_cast<double>(cm.counters().detaches_local);
    m["chip.detach_retransmissions"] = static_cast<double>(cm.counters().detach_retransmissions);
    m["chip.isd_lifts"] = static_cast<double>(cm.counters().isd_lifts);
    m["chip.hss_resends"] = static_cast<double>(cm.counters().hss_resends);
    m["chip.quarantined"] = static_cast<double>(cm.quarantined());
    m["chip.retried"] = static_cast<double>(cm.counters().retried);
    m["chip.failed"] = static_cast<double>(cm.counters().failed);
    m["chip.lost"] = static_cast<double>(cm.server().lost());
    m["chip.billable_days"] = static_cast<double>(cm.billable_days(end));
    m["chip.charge"] = static_cast<double>(cm.charge(end));
    m["chip.profiles_downloaded"] = static_cast<double>(cm.counters().profiles_downloaded);
    m["chip.profiles_enabled"] = static_cast<double>(cm.counters().profiles_enabled);
    m["chip.profiles_deleted"] = static_cast<double>(cm.counters().profiles_deleted);
    m["chip.sm_sr_changes"] = static_cast<double>(cm.counters().sm_sr_changes);
    m["chip.numbers_migrated"] = static_cast<double>(cm.numbers_migrated());
    m["chip.supply_steps"] = static_cast<double>(cm.supply_steps());
    m["chip.units_scrapped"] = static_cast<double>(cm.counters().units_scrapped);
    out.begin_chip_audit();
    cm.for_each_audit_row([&](const ChipAuditRow& row) { out.add_chip_audit(row); });
  } else {
    for (const char* k : {"chip.activated", "chip.ota_written", "chip.recycled", "chip.suspended", "chip.resumed",
                          "chip.deactivated", "chip.scrapped", "chip.attaches_barred", "chip.detaches", "chip.detaches_local",
                          "chip.detach_retransmissions", "chip.isd_lifts", "chip.hss_resends", "chip.quarantined", "chip.retried", "chip.failed", "chip.lost", "chip.billable_days", "chip.charge",
                          "chip.profiles_downloaded", "chip.profiles_enabled", "chip.profiles_deleted", "chip.sm_sr_changes",
                          "chip.numbers_migrated", "chip.supply_steps", "chip.units_scrapped"})
      m[k] = 0;
  }
  // The handover campaigns' switches (handover_times.hpp; 0 without).
  const HandoverCounters ho = world.modem && world.modem->handover ? world.modem->handover->counters() : HandoverCounters{};
  m["handover.ordered"] = static_cast<double>(ho.ordered);
  m["handover.done"] = static_cast<double>(ho.done);
  m["handover.failed"] = static_cast<double>(ho.failed);
  m["handover.p50_s"] = ho.p50_s;
  m["handover.p90_s"] = ho.p90_s;
  m["handover.max_s"] = ho.max_s;
  m["handover.sms_per_device"] = ho.sms_per_device;
  // OneNET's devices and data points (0 without it).
  OneNetCounters on;
  if (world.modem && world.modem->onenet)
    on = world.modem->onenet->finish(to_simtime(std::min(world.stop_s, sg4::Engine::get_clock())));
  add_onenet_metrics(on, m);
  const twinmodels::platform::PlatformServer* onenet_server = world.modem && world.modem->onenet ? world.modem->onenet->server() : nullptr;
  m["onenet.lost"] = onenet_server ? static_cast<double>(onenet_server->lost()) : 0;
  add_migration_metrics(world, m, gathered ? &gathered->migration : nullptr);

  for (const Expectation& e : sc.expectations) {
    ExpectationRow row;
    row.metric = e.metric;
    row.op = e.op;
    if (!e.rhs_metric.empty()) row.rhs = expectation_rhs_text(e);
    const std::optional<double> target = expectation_target(e, m);
    row.target = target.value_or(0);
    row.value = m.count(e.metric) ? m[e.metric] : 0;
    row.passed = m.count(e.metric) && target && compare(e.op, row.value, *target);
    out.add_expectation(row);
    result.expectations.push_back(row);
  }
  result.interrupted = world.interrupted;
  result.wall_seconds = wall_seconds_since(wall_start_s);
  out.close(result.wall_seconds, result.interrupted);
  return result;
}

CheckpointInfo checkpoint_info(const Scenario& sc, const World& w) {
  CheckpointInfo info;
  info.esimtwin_version = ESIMTWIN_VERSION_STRING;
  info.scenario_text = sc.text;
  info.scenario_file = sc.source;
  info.seed = sc.general.seed;
  info.devices = w.devices.size();
  info.stop_s = sc.general.stop_s;
  info.multiplexers = sc.engine.multiplexers;
  for (std::uint64_t d = 0; d < w.traced.size(); ++d) {
    if (w.traced[d]) info.trace_devices.push_back(d);
  }
  return info;
}

namespace {
std::string seconds(double s) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g s", s);
  return b;
}
}  // namespace

void check_checkpoint_options(const RunOptions& options, double start_s, const Scenario& sc) {
  const double stop_s = sc.general.stop_s;
  if ((!options.checkpoint_at_s.empty() || options.checkpoint_every_s) && options.checkpoint_file.empty())
    throw ScenarioError("checkpoint times need a checkpoint file");
  for (std::size_t i = 0; i < options.checkpoint_at_s.size(); ++i) {
    const double at = options.checkpoint_at_s[i];
    if (!(at > start_s && at < stop_s))
      throw ScenarioError("the checkpoint time " + seconds(at) + " must lie after the start (" + seconds(start_s) +
                          ") and before the stop time (" + seconds(stop_s) + ")");
    if (i > 0 && !(at > options.checkpoint_at_s[i - 1]))
      throw ScenarioError("the checkpoint times must be in increasing order (" + seconds(at) + " after " +
                          seconds(options.checkpoint_at_s[i - 1]) + ")");
  }
  if (options.checkpoint_every_s && !(*options.checkpoint_every_s > 0))
    throw ScenarioError("the checkpoint interval must be longer than 0s");
}

namespace {

// Runs the actors of `w` from start_s (0, or a checkpoint's time) to the stop
// time, taking the checkpoint the options ask for.
RunResult run_world(World& w, RunFile& out, const Scenario& sc, const RunOptions& options, std::ostream& progress,
                    double start_s, double wall_start) {
  // The pcap file first: one that cannot be created stops the run before
  // SimGrid has an actor (and an actor's stack) to leave behind.
  std::unique_ptr<pcap::GsmtapTrace> gsmtap;
  if (!options.pcap.empty()) {
    gsmtap = std::make_unique<pcap::GsmtapTrace>(options.pcap);
    w.pcap = gsmtap.get();
  }
  std::unique_ptr<sg4::Engine> engine;
  start_simgrid(engine, options.interrupt);
  build_platform(w.network, sc.hss);
  sg4::Host* hss_host = engine->host_by_name(sc.hss.host);
  w.hss_exchange = std::make_unique<HssExchange>(w);
  Workers workers;
  if (start_s == 0) {
    workers = launch_workers(w, false);
  } else {
    sg4::Actor::create("resume", hss_host, [&w, &workers, start_s] { resume_starter_actor(w, workers, start_s); });
  }
  CheckpointRequest request;
  CheckpointOutcome outcome;
  if (!options.checkpoint_file.empty()) {
    request.at_s = options.checkpoint_at_s;
    request.every_s = options.checkpoint_every_s;
    request.on_interrupt = options.interrupt != nullptr;
    request.start_s = start_s;
    request.path = options.checkpoint_file;
    request.info = checkpoint_info(sc, w);
    w.checkpoint_on_interrupt = request.on_interrupt;
    w.checkpointer_next_s = start_s;  // until it has looked at the run
    sg4::Actor::create("checkpointer", hss_host,
                       [&w, &workers, &request, &outcome] { checkpointer_actor(w, workers, request, outcome); });
  }
  // The platforms' log: what the SM-SRs and SM-DPs send from here on.
  RunPlatformLog platform_log(w, options);
  Progress bar(options.progress ? &progress : nullptr, sc.general.stop_s, sc.device_count(), start_s, w.events);
  w.progress = &bar;
  engine->run();
  // What the HSS did up to the end (its model moves when asked).
  w.hss_exchange->advance_to(sg4::Engine::get_clock());
  if (gsmtap) {
    w.pcap = nullptr;
    gsmtap->close();
  }
  bar.finish(sg4::Engine::get_clock(), w.events, w.devices_attached);
  platform_log.write();
  RunResult result = finish_run(w, out, sc, wall_start);
  result.start_s = start_s;
  result.checkpoints = outcome.written;
  result.checkpoint_write_wall_s = outcome.write_wall_s;
  result.checkpoint_on_interrupt = outcome.on_interrupt;
  if (!outcome.error.empty()) throw CheckpointError(options.checkpoint_file + ": checkpoint not written: " + outcome.error);
  return result;
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options, std::ostream& progress) {
  const double wall_start = wall_clock_s();
  const Scenario sc = effective_scenario(scenario, options);
  check_checkpoint_options(options, 0, sc);
  std::unique_ptr<World> world = make_world(sc, options, CardSetup::InBackground);
  for (int m = 0; m < sc.engine.multiplexers; ++m) {
    world->muxes.push_back(std::make_unique<Multiplexer>(*world, static_cast<std::uint8_t>(m)));
  }
  RunFile out(options.output, run_metadata(sc), event_kind_names());
  world->out = &out;
  return run_world(*world, out, sc, options, progress, 0, wall_start);
}

ResumePlan plan_resume(const std::string& checkpoint, const RunOptions& options, bool sharded) {
  if (options.seed || options.devices || !options.trace_devices.empty())
    throw ScenarioError("a resumed run keeps the checkpoint's seed, devices and traced devices");
  ResumePlan plan;
  plan.info = read_checkpoint_info(checkpoint);
  const CheckpointInfo& info = plan.info;
  if (info.sharded && !sharded)
    throw CheckpointError(checkpoint + ": a sharded run's checkpoint: resume it with --sharded (docs/SCALING.md)");
  if (!info.sharded && sharded)
    throw CheckpointError(checkpoint + ": an unsharded run's checkpoint: resume it without --sharded (docs/SCALING.md)");
  const Scenario scenario = parse_scenario(info.scenario_text, info.scenario_file);
  plan.options = options;
  plan.options.seed = info.seed;
  plan.options.devices = info.devices;
  plan.options.stop_s = options.stop_s ? *options.stop_s : info.stop_s;
  plan.options.trace_devices = info.trace_devices;
  if (*plan.options.stop_s <= info.clock_s)
    throw ScenarioError("the stop time must lie after the checkpoint's time (" + seconds(info.clock_s) + ")");
  plan.scenario = effective_scenario(scenario, plan.options);
  check_checkpoint_options(plan.options, info.clock_s, plan.scenario);
  plan.metadata = run_metadata(plan.scenario);
  plan.metadata.resumed_from = checkpoint;
  plan.metadata.resumed_at_s = info.clock_s;
  return plan;
}

RunResult resume_run(const std::string& checkpoint, const RunOptions& options, std::ostream& progress) {
  const double wall_start = wall_clock_s();
  const ResumePlan plan = plan_resume(checkpoint, options, false);
  const Scenario& sc = plan.scenario;
  std::unique_ptr<World> world = make_world(sc, plan.options, CardSetup::Blank);
  restore_checkpoint(checkpoint, *world);
  RunFile out(options.output, plan.metadata, event_kind_names());
  world->out = &out;
  return run_world(*world, out, sc, plan.options, progress, plan.info.clock_s, wall_start);
}

}  // namespace twinsim
