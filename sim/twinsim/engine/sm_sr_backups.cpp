#include "twinsim/engine/sm_sr_backups.hpp"

#include <algorithm>
#include <tuple>

#include "twinmodels/network/net_time.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinsim {

namespace st = twinmodels::state;

SmSrBackups::SmSrBackups(const Scenario& s, std::uint8_t index) {
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    const FaultSpec& f = s.faults[i];
    if (f.target != FaultTarget::SmSr || f.sm_sr != index || f.action != FaultAction::RestoreBackup) continue;
    const auto fault = static_cast<std::uint16_t>(i);
    steps_.push_back({to_simtime(f.backup_at_s), false, fault});
    steps_.push_back({to_simtime(f.at_s), true, fault});
  }
  std::stable_sort(steps_.begin(), steps_.end(), [](const Step& a, const Step& b) {
    return std::tie(a.at, a.restore, a.fault) < std::tie(b.at, b.restore, b.fault);
  });
}

SimTime SmSrBackups::next() const { return done_ < steps_.size() ? steps_[done_].at : twinmodels::kNever; }

void SmSrBackups::run_next(twinmodels::platform::SmSr& smsr) {
  const Step& step = steps_.at(done_++);
  if (!step.restore) {
    taken_[step.fault] = smsr.counters();
    return;
  }
  const auto it = taken_.find(step.fault);
  if (it == taken_.end()) return;
  for (const auto& [eid, counter] : it->second) {
    // An eUICC handed to another SM-SR since the backup is not this one's.
    if (smsr.eis(eid) == nullptr || smsr.counter(eid) == counter) continue;
    smsr.set_counter(eid, counter);
    ++restored_;
  }
  taken_.erase(it);
}

void SmSrBackups::save(cardcore::Bytes& out) const {
  st::put_u32(out, done_);
  st::put_u64(out, restored_);
  st::put_u32(out, static_cast<std::uint32_t>(taken_.size()));
  for (const auto& [fault, counters] : taken_) {
    st::put_u16(out, fault);
    st::put_u32(out, static_cast<std::uint32_t>(counters.size()));
    for (const auto& [eid, counter] : counters) {
      st::put_text(out, eid);
      st::put_u64(out, counter);
    }
  }
}

void SmSrBackups::restore(st::Reader& r) {
  const std::uint32_t done = r.u32("backup steps done");
  if (done > steps_.size())
    r.fail("backup steps done " + std::to_string(done) + " exceed the scenario's " + std::to_string(steps_.size()));
  const std::uint64_t restored = r.u64("counters restored");
  std::map<std::uint16_t, Counters> taken;
  const std::uint32_t n = r.count("backups", 6);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint16_t fault = r.u16("backup fault");
    // Only a backup taken and not yet restored is kept.
    const auto taken_at = std::find_if(steps_.begin(), steps_.begin() + done,
                                       [fault](const Step& s) { return s.fault == fault && !s.restore; });
    const auto restored_at = std::find_if(steps_.begin(), steps_.begin() + done,
                                          [fault](const Step& s) { return s.fault == fault && s.restore; });
    if (taken_at == steps_.begin() + done || restored_at != steps_.begin() + done || taken.count(fault))
      r.fail("a backup for fault " + std::to_string(fault) + ", which has none to restore");
    Counters& counters = taken[fault];
    counters.resize(r.count("backup eUICCs", 12));
    for (auto& [eid, counter] : counters) {
      eid = r.text("backup EID", 32);
      counter = r.u64("backup counter");
      if (counter > cardcore::ota::kCounterMax) r.fail("eUICC " + eid + ": a backup counter above 'FFFFFFFFFF'");
    }
  }
  done_ = done;
  restored_ = restored;
  taken_ = std::move(taken);
}

}  // namespace twinsim
