#include "twinsim/engine/run_platform_log.hpp"

#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

RunPlatformLog::RunPlatformLog(World& w, const RunOptions& options) : w_(w), options_(options) {
  if (!options_.platform_log.empty()) bind(&log_);
}

RunPlatformLog::~RunPlatformLog() {
  if (!options_.platform_log.empty()) bind(nullptr);
}

void RunPlatformLog::bind(PlatformLog* log) {
  if (!w_.modem) return;
  if (w_.modem->sm_srs) w_.modem->sm_srs->set_log(log);
  if (w_.modem->sm_dps) w_.modem->sm_dps->set_log(log);
  if (w_.modem->onelink) w_.modem->onelink->set_log(log);
}

void RunPlatformLog::write() {
  if (options_.platform_log.empty()) return;
  bind(nullptr);
  log_.write(options_.platform_log, options_.platform_log_soap ? twinmodels::platform::TraceEncoding::Soap
                                                               : twinmodels::platform::TraceEncoding::Json);
}

}  // namespace twinsim
