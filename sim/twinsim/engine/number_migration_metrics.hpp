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
#include <map>
#include <string>

namespace twinsim {

struct World;

// Sets the four metrics (0 without migrations).
void add_migration_metrics(const World& w, std::map<std::string, double>& m);

}  // namespace twinsim
