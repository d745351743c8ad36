#pragma once
// The platforms' log of a run while it runs (esimtwin run --platform-log
// FILE, platform_log.hpp): bound to the world's SM-SRs, SM-DPs and OneLink
// from its making, unbound and written by write(). The unsharded engine's
// and a sharded run's rank 0 (where the platforms are) share it.
#include "twinsim/engine/engine.hpp"
#include "twinsim/engine/platform_log.hpp"

namespace twinsim {

struct World;

class RunPlatformLog {
 public:
  // Binds the log when `options` asks for one and the world has platforms.
  RunPlatformLog(World& w, const RunOptions& options);
  ~RunPlatformLog();
  RunPlatformLog(const RunPlatformLog&) = delete;
  RunPlatformLog& operator=(const RunPlatformLog&) = delete;
  // Unbinds the log and writes it to the options' file (none asked: nothing).
  void write();

 private:
  void bind(PlatformLog* log);

  World& w_;
  const RunOptions& options_;
  PlatformLog log_;
};

}  // namespace twinsim
