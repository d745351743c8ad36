#pragma once
// The steps of a run that the engine and the actor-per-device baseline share.
#include <functional>
#include <memory>

#include <simgrid/s4u/Engine.hpp>

#include "twinsim/checkpoint/checkpoint_file.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/number_migration_metrics.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

inline constexpr double kSampleIntervalS = 60;  // platform time series step

// The scenario with the command line's overrides applied; checks the size.
Scenario effective_scenario(const Scenario& scenario, const RunOptions& options);
// What make_world does with the cards: leaves them blank (a checkpoint is
// going to overwrite their state), personalizes them all, or personalizes
// them in the background, in the order their devices first power up, while
// the run starts (background_cards.hpp) — where nothing reads a card before
// its device's first step: no modem model, no card wear, no NVM history, not
// sharded; otherwise all of them first.
enum class CardSetup { Blank, Personalized, InBackground };
// Loads the profiles, makes every card (`cards`), marks traced devices.
// With `holds_mux` (a sharded run's rank), the world holds only the devices
// of the multiplexers it accepts (DeviceTable); the others are known by
// their index alone.
std::unique_ptr<World> make_world(const Scenario& sc, const RunOptions& options, CardSetup cards,
                                  const std::function<bool(std::uint8_t mux)>& holds_mux = {});
RunMetadata run_metadata(const Scenario& sc);
// Creates the SimGrid engine, then routes SIGINT and SIGTERM to `interrupt`
// (when given): SimGrid installs its own SIGINT handler, so ours must come after.
void start_simgrid(std::unique_ptr<simgrid::s4u::Engine>& engine, std::atomic<bool>* interrupt);
struct NetworkPlan;
// The SimGrid platform of the plan's topology (platform_builder.cpp).
void build_platform(const NetworkPlan& plan, const HssSpec& hss);
// Device d's row of the device table (its final state).
DeviceRow device_row(const World& world, std::uint32_t d);
// The devices with the modem model whose modem is registered (or sleeps
// registered, in PSM) at the end: of those the world holds.
std::uint64_t modems_registered(const World& world);
// What a sharded run's rank 0 gathers from every rank for the end of the
// run: every device's row, and the registered modems summed.
struct GatheredRun {
  std::vector<DeviceRow> rows;
  std::uint64_t modems_registered = 0;
  MigrationModems migration;  // number_migration_metrics.hpp
};
// Writes the device table, computes the metrics, checks the expectations and
// closes the run file. With `gathered` (a sharded run's), the device table
// and the device metrics come from it instead of the world's devices.
RunResult finish_run(World& world, RunFile& out, const Scenario& sc, double wall_start_s,
                     const GatheredRun* gathered = nullptr);
double wall_clock_s();
double wall_seconds_since(double start_s);

// Checkpoints (docs/CHECKPOINTS.md): what a checkpoint of `w` says of its
// run; the checkpoint options' checks (ScenarioError) for a run starting
// at start_s.
CheckpointInfo checkpoint_info(const Scenario& sc, const World& w);
void check_checkpoint_options(const RunOptions& options, double start_s, const Scenario& sc);
// A resumed run as its checkpoint says: its scenario, the options with the
// checkpoint's seed, devices, traced devices and stop time (unless
// options.stop_s), the run file's metadata. `sharded`: the resuming run
// is sharded; the checkpoint must be a sharded run's, and an unsharded
// run's otherwise (CheckpointError).
struct ResumePlan {
  CheckpointInfo info;
  Scenario scenario;
  RunOptions options;
  RunMetadata metadata;
};
ResumePlan plan_resume(const std::string& checkpoint, const RunOptions& options, bool sharded);

}  // namespace twinsim
