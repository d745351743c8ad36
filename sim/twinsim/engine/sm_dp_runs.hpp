#pragma once
// The SM-DPs of a run (platforms.sm_dp: one or several), each an SmDpRun
// behind its own server. The MNO orders a download at the SM-DP of its
// choice (SGP.02 §5.3.2): a download-profile campaign's releases go to the
// SM-DP it names (campaign key sm_dp; the first by default). Each SM-DP's
// ES3 calls go to the eUICC's SM-SR, whose answers come back to that
// SM-DP only (SmSrRun::sm_dp_caller).
#include <cstdint>
#include <memory>
#include <vector>

#include "twinsim/engine/sm_dp_run.hpp"

namespace twinsim {

class EuiccFactory;
class SmSrRuns;

class SmDpRuns {
 public:
  // One SmDpRun per SM-DP of platforms.sm_dp; throws as SmDpRun's.
  SmDpRuns(const Scenario& s, const EuiccFactory& factory, SmSrRuns& smsrs, std::uint64_t devices);
  ~SmDpRuns();

  std::size_t size() const { return runs_.size(); }
  // The run's platform log (platform_log.hpp) for every SM-DP; none: no log.
  void set_log(PlatformLog* log) {
    for (const auto& r : runs_) r->set_log(log);
  }
  SmDpRun& at(std::uint8_t i) { return *runs_.at(i); }
  const SmDpRun& at(std::uint8_t i) const { return *runs_.at(i); }

  // Campaign `campaign`'s order for `device` reaches its SM-DP's server at t.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Every SM-DP starts the orders served by t.
  void poll(SimTime t);
  SimTime next_wakeup() const;
  // Every SM-DP takes the SM-SRs' answers to its ES3 calls and makes its
  // next calls, until none has more (one SM-DP's calls may let an SM-SR
  // serve another's).
  void exchange(SimTime t);
  // The outcomes of every SM-DP, in platforms.sm_dp order.
  std::vector<SmDpRun::Outcome> take_outcomes();
  // The counters of all SM-DPs together (last_done_s: the latest).
  SmDpCounters counters() const;

  // Checkpoints (docs/CHECKPOINTS.md): every SM-DP's state.
  // restore_state() takes it into an SmDpRuns of the same scenario; throws
  // std::invalid_argument ("SM-DP runs state: ...") for malformed input.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  const Scenario& scenario_;
  std::vector<std::unique_ptr<SmDpRun>> runs_;
};

}  // namespace twinsim
