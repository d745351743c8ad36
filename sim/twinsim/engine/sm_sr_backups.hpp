#pragma once
// An SM-SR's records restored from an old backup (fault `restore-backup`
// on `sm-sr[:id]`, docs/RELIABILITY.md): the OTA counter it keeps per
// eUICC (the last one sent under the ISD-R's key set) goes back to its
// value at `backup_at`. The card keeps its own and refuses each packet
// whose counter is not higher (TS 102 225 §5.1.1, "counter higher"), with
// the PoR status '02' "CNTR low" (§5.2), until the SM-SR's counter passes
// the card's: as many failed functions per eUICC as packets it took since
// the backup. The rest of the SM-SR's records (the EIS, the eUICCs
// registered since, the functions under way) are kept.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cardcore/ota/packet_fields.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/fault_backups.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinmodels::platform {
class SmSr;
}

namespace twinsim {

class SmSrBackups {
 public:
  // The restore-backup faults of platforms.sm_sr[index]: a backup at each
  // one's backup_at, the restore at its at.
  SmSrBackups(const Scenario& s, std::uint8_t index);

  // When the next backup or restore is due; twinmodels::kNever after the last.
  SimTime next() const { return steps_.next(); }
  // Takes the backup, or makes the restore, that is due next.
  void run_next(twinmodels::platform::SmSr& smsr);
  // eUICCs whose counter a restore set back.
  std::uint64_t counters_restored() const { return steps_.restored(); }

  // Checkpoints (sm_sr_run_state.cpp): steps done u32, eUICCs set back
  // u64, backups not yet restored u32 x (fault u16, eUICCs u32 x (EID
  // text, counter u64)), ascending.
  void save(cardcore::Bytes& out) const;
  void restore(twinmodels::state::Reader& r);

 private:
  using Counters = std::vector<std::pair<std::string, cardcore::ota::Counter>>;
  FaultBackups<Counters> steps_;
};

}  // namespace twinsim
