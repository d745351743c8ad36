#pragma once
// Taking checkpoints during a run (docs/CHECKPOINTS.md): at a time, then
// every so often, and when the run is interrupted (SIGINT/SIGTERM) — one
// file, replaced atomically each time, so it always holds the latest state.
//
// SimGrid keeps no state that can be saved: a message on a link or a CPU
// execution in progress cannot be written to a file and restarted. So the
// checkpointer first drains them: from the first half batch window at or
// after the requested time, multiplexers hold their requests and the HSS
// starts no new service round (requests still arriving are queued), until no
// message is in flight and the HSS is idle; that takes about one round trip.
// Then, at a half-window point (no multiplexer acts there), it saves the
// world, stops the worker actors and starts new ones from the saved state —
// exactly what a resumed run does at that time, so the run goes on from the
// checkpoint the same way in both.
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "twinsim/checkpoint/checkpoint_file.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/workers.hpp"

namespace twinsim {

struct CheckpointRequest {
  std::vector<double> at_s;       // checkpoints at these times (ascending)
  std::optional<double> every_s;  // then one every this long (the first at start + every without at_s)
  bool on_interrupt = false;      // on SIGINT/SIGTERM: one more, then the run stops
  double start_s = 0;             // when the run starts (a resumed run: its checkpoint's time)
  std::string path;  // may hold "{t}" (checkpoint_path, engine.hpp)
  CheckpointInfo info;  // filled but for requested_s and clock_s
};

struct CheckpointOutcome {
  std::vector<CheckpointWritten> written;
  double write_wall_s = 0;      // wall time spent writing, all checkpoints
  bool on_interrupt = false;    // the last one was taken because the run was interrupted
  std::string error;            // why one was not written (empty: the run ended first)
};

// When checkpoints are due: each listed time in turn, then one every
// `every` after the last (none without it). A time the drain of the one
// before has passed is taken at once.
class CheckpointSchedule {
 public:
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  CheckpointSchedule(const std::vector<double>& at, std::optional<double> every) : at_(at), every_(every) {}
  // The time due after the one due at `last` (the run's start before the first).
  double next_due(double last) {
    if (next_ < at_.size()) return at_[next_++];
    return every_ ? last + *every_ : kNever;
  }

 private:
  const std::vector<double>& at_;
  std::optional<double> every_;
  std::size_t next_ = 0;  // at_'s next
};

// Writes a checkpoint (`write` with the file to write) to `file` ({t} in
// it: checkpoint_path) as info says: beside it first, then renamed over
// it, so a failed write never leaves a damaged checkpoint in place of a
// good one; notes it in the run file and in `outcome`. False, with
// outcome.error, when it could not be written.
bool save_checkpoint(const std::string& file, const CheckpointInfo& info, World& world,
                     const std::function<void(const std::string& path)>& write, CheckpointOutcome& outcome);

// The actor's body (a daemon: it does not keep the run going).
void checkpointer_actor(World& world, Workers& workers, const CheckpointRequest& request, CheckpointOutcome& outcome);

// The actor's body in a resumed run: starts the workers at the checkpoint's time.
void resume_starter_actor(World& world, Workers& workers, double clock_s);

}  // namespace twinsim
