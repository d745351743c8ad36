#pragma once
// OneLink's records restored from an old backup (fault `restore-backup` on
// `onelink`, docs/RELIABILITY.md): what each card's account expects it to
// run (its expected subscription: ICCID, IMSI, MSISDN) goes back to its
// value at `backup_at`. A card switched to another profile or renumbered
// since looks to OneLink as running the wrong subscription (fault
// diagnosis: wrong profile) until an order or a report sets its
// expectation again. The rest of OneLink's records (events, usage, alerts,
// requests) are kept.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/onelink_account.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/fault_backups.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinmodels::platform {
class OneLink;
}

namespace twinsim {

class OneLinkBackups {
 public:
  explicit OneLinkBackups(const Scenario& s);

  SimTime next() const { return steps_.next(); }
  // Takes the backup, or makes the restore, that is due next.
  void run_next(twinmodels::platform::OneLink& onelink);
  // Cards whose expected subscription a restore set back.
  std::uint64_t expectations_restored() const { return steps_.restored(); }

  // Checkpoints (OneLinkRun's state): steps done u32, cards set back u64,
  // backups not yet restored u32 x (fault u16, cards u32 x (ICCID text,
  // expected ICCID text, IMSI text, MSISDN text)).
  void save(cardcore::Bytes& out) const;
  void restore(twinmodels::state::Reader& r);

 private:
  using Expectations = std::vector<std::pair<std::string, twinmodels::platform::Subscription>>;
  FaultBackups<Expectations> steps_;
};

}  // namespace twinsim
