#pragma once
// An SM-DP's records restored from an old backup (fault `restore-backup` on
// `sm-dp[:id]`, docs/RELIABILITY.md): its subscription stock goes back to
// the backup taken at `backup_at` (SubscriptionStock::restore: each ICCID's
// state, order and eUICC; one under an order now stays reserved, one loaded
// since is available). A profile installed since is available to the SM-DP
// again: an order of it goes as far as the SM-SR, whose EIS holds that
// ICCID and refuses its ES3.CreateISDP ("Already in use", SGP.02 §5.4.2):
// nothing is installed twice. The rest of its records are kept.
#include <cstdint>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/subscription_stock.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/fault_backups.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinmodels::platform {
class SmDp;
}

namespace twinsim {

class SmDpBackups {
 public:
  // The restore-backup faults of platforms.sm_dp[index].
  SmDpBackups(const Scenario& s, std::uint8_t index);

  SimTime next() const { return steps_.next(); }
  // Takes the backup, or makes the restore, that is due next.
  void run_next(twinmodels::platform::SmDp& smdp);
  // Stock entries a restore changed.
  std::uint64_t stock_restored() const { return steps_.restored(); }

  // Checkpoints (SmDpRun's state): steps done u32, entries changed u64,
  // backups not yet restored u32 x (fault u16, entries u32 x (ICCID text,
  // state u8, order text, EID text)), each backup's entries by ICCID.
  void save(cardcore::Bytes& out) const;
  void restore(twinmodels::state::Reader& r);

 private:
  using Records = std::vector<twinmodels::platform::SubscriptionStock::Record>;
  FaultBackups<Records> steps_;
};

}  // namespace twinsim
