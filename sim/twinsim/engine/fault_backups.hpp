#pragma once
// A platform's records backed up and restored by a scenario's
// `restore-backup` faults (docs/SCENARIOS.md, "faults"): each fault takes a
// backup at its `backup_at` and restores it at its `at`, in time order (a
// backup before a restore of the same time). What a backup holds (Records)
// and what a restore puts back are the platform's: SmSrBackups (the OTA
// counters), OneLinkBackups (the cards' expected subscriptions), SmDpBackups
// (the subscription stock).
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "twinmodels/network/net_time.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

template <class Records>
class FaultBackups {
 public:
  // The restore-backup faults of `s` that `hits` (a FaultSpec predicate) names.
  template <class Hits>
  FaultBackups(const Scenario& s, Hits hits) {
    for (std::size_t i = 0; i < s.faults.size(); ++i) {
      const FaultSpec& f = s.faults[i];
      if (f.action != FaultAction::RestoreBackup || !hits(f)) continue;
      const auto fault = static_cast<std::uint16_t>(i);
      steps_.push_back({to_simtime(f.backup_at_s), false, fault});
      steps_.push_back({to_simtime(f.at_s), true, fault});
    }
    std::stable_sort(steps_.begin(), steps_.end(), [](const Step& a, const Step& b) {
      return std::tie(a.at, a.restore, a.fault) < std::tie(b.at, b.restore, b.fault);
    });
  }

  // When the next backup or restore is due; twinmodels::kNever after the last.
  SimTime next() const { return done_ < steps_.size() ? steps_[done_].at : twinmodels::kNever; }

  // The step due next: a backup keeps take()'s Records; a restore hands
  // its backup's to put(const Records&), which returns how many records
  // it changed (added to restored()).
  template <class Take, class Put>
  void run_next(Take take, Put put) {
    const Step& step = steps_.at(done_++);
    if (!step.restore) {
      taken_[step.fault] = take();
      return;
    }
    const auto it = taken_.find(step.fault);
    if (it == taken_.end()) return;
    restored_ += put(it->second);
    taken_.erase(it);
  }
  // What the restores so far changed (the platform's records set back).
  std::uint64_t restored() const { return restored_; }

  // Checkpoints: the steps done u32, restored() u64 and the backups not
  // yet restored (u32 x (fault u16, put_records(Records))), in fault order.
  template <class PutRecords>
  void save(cardcore::Bytes& out, PutRecords put_records) const {
    twinmodels::state::put_u32(out, done_);
    twinmodels::state::put_u64(out, restored_);
    twinmodels::state::put_u32(out, static_cast<std::uint32_t>(taken_.size()));
    for (const auto& [fault, records] : taken_) {
      twinmodels::state::put_u16(out, fault);
      put_records(out, records);
    }
  }
  // Reads what save() wrote (`restored_what` names restored() in
  // messages); read_records(Reader&) reads one backup's Records. The steps
  // done are checked against the scenario's, and only a backup taken and
  // not yet restored may be there; the object changes once all is read.
  template <class ReadRecords>
  void restore(twinmodels::state::Reader& r, const char* restored_what, ReadRecords read_records) {
    const std::uint32_t done = r.u32("backup steps done");
    if (done > steps_.size())
      r.fail("backup steps done " + std::to_string(done) + " exceed the scenario's " + std::to_string(steps_.size()));
    const std::uint64_t restored = r.u64(restored_what);
    std::map<std::uint16_t, Records> taken;
    const std::uint32_t n = r.count("backups", 6);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint16_t fault = r.u16("backup fault");
      const auto end = steps_.begin() + done;
      const auto made = std::find_if(steps_.begin(), end, [fault](const Step& s) { return s.fault == fault && !s.restore; });
      const auto back = std::find_if(steps_.begin(), end, [fault](const Step& s) { return s.fault == fault && s.restore; });
      if (made == end || back != end || taken.count(fault))
        r.fail("a backup for fault " + std::to_string(fault) + ", which has none to restore");
      taken[fault] = read_records(r);
    }
    done_ = done;
    restored_ = restored;
    taken_ = std::move(taken);
  }

 private:
  struct Step {
    SimTime at = 0;
    bool restore = false;
    std::uint16_t fault = 0;
  };
  std::vector<Step> steps_;  // by time; a backup before a restore of the same time
  std::uint32_t done_ = 0;
  std::uint64_t restored_ = 0;
  std::map<std::uint16_t, Records> taken_;  // by fault
};

}  // namespace twinsim
