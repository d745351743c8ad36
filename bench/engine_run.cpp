// One engine run for the engine benchmarks: the multiplexed engine or the
// actor-per-device baseline on a scenario, printing one line of figures.
// SimGrid allows one engine per process, so bench/engine_vs_naive.sh and
// bench/engine_scaling.sh call this program once per run.
//
//   build/bench/engine_run multiplexed scenarios/attach-100k.yaml [devices] [stop]
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "twinsim/baseline/naive_engine.hpp"
#include "twinsim/engine/engine.hpp"
#include "twinsim/scenario/units.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s multiplexed|naive SCENARIO [DEVICES] [STOP]\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[1];
  try {
    const twinsim::Scenario s = twinsim::load_scenario(argv[2]);
    twinsim::RunOptions o;
    o.output = "/tmp/esimtwin-bench-" + mode + ".h5";
    if (argc > 3) o.devices = std::strtoull(argv[3], nullptr, 10);
    if (argc > 4) o.stop_s = twinsim::parse_duration(argv[4]);
    std::ostringstream ignore;
    const twinsim::RunResult r = mode == "naive" ? twinsim::run_scenario_actor_per_device(s, o)
                                                 : twinsim::run_scenario(s, o, ignore);
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    // The run's own thread's CPU time: steadier than the wall time on a
    // shared machine, and the wall time's floor (the other threads compress
    // the run file and make cards beside it).
    rusage main_thread{};
    getrusage(RUSAGE_THREAD, &main_thread);
    const double main_cpu_s = static_cast<double>(main_thread.ru_utime.tv_sec + main_thread.ru_stime.tv_sec) +
                              static_cast<double>(main_thread.ru_utime.tv_usec + main_thread.ru_stime.tv_usec) / 1e6;
    const double events = r.metrics.at("events");
    std::printf(
        "mode=%s devices=%llu wall_s=%.2f peak_rss_mb=%.1f events=%.0f events_per_s=%.0f attached=%.0f main_cpu_s=%.2f\n",
        mode.c_str(), static_cast<unsigned long long>(r.devices), r.wall_seconds, static_cast<double>(u.ru_maxrss) / 1024.0,
        events, events / r.wall_seconds, r.metrics.at("devices_attached"), main_cpu_s);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "engine_run: %s\n", e.what());
    return 2;
  }
}
