#pragma once
// The metrics of number migrations (write-card campaigns with
// `numbers_from`: the source document §2.4, a failed terminal's number
// written over the air to its replacement), read at the end of the run
// from the write module's orders and the modems: nothing is counted on the
// way, so they need no checkpoint state.
//
//   migration.done            orders of the migrations the write module closed done
//   migration.pending         orders not done at the end (not released, under way, failed)
//   migration.unregistered    replacement terminals not registered at the end with the number they took
//   migration.old_registered  failed terminals registered at the end (any IMSI): 0 when they are off
#include <cstdint>
#include <map>
#include <string>

namespace twinsim {

struct World;

// The modems' part of the metrics, of the devices the world holds (a
// sharded run's ranks each count their own; rank 0 sums them).
struct MigrationModems {
  std::uint64_t unregistered = 0;
  std::uint64_t old_registered = 0;
};
MigrationModems migration_modems(const World& w);

// Sets the four metrics (0 without migrations); the modems' part from
// `gathered` when given (a sharded run's sums), else from the world's.
void add_migration_metrics(const World& w, std::map<std::string, double>& m, const MigrationModems* gathered = nullptr);

}  // namespace twinsim
