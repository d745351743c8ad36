#pragma once
// What the scenario's faults (docs/SCENARIOS.md, "faults") do to the
// platform, as pure functions of the time: whether the HSS is out, how many
// of its cores work, each core link's latency and bandwidth. Nothing here has
// state, so a checkpoint need not save it; the engine's own fault actions
// (link changes, HSS backups and restores) are listed in order, and the world
// counts how many were done (World::fault_step).
//
// Link changes and HSS backups/restores take effect at the first half batch
// window at or after their time (window_grid.hpp), never in the middle of a
// multiplexer's wake-up; HSS outages and degradations are checked whenever
// the HSS acts.
#include <cstdint>
#include <utility>
#include <vector>

#include "twinsim/engine/event_queue.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class FaultPlan {
 public:
  explicit FaultPlan(const Scenario& s);

  bool hss_outage(double t) const;
  // Whether an HSS crash (down over [at, at + restart)) meets [from, to]:
  // a request the HSS held over that span, or that reached it while it was
  // down, is lost with its process.
  bool hss_crash_meets(double from, double to) const;
  int hss_cores(double t) const;  // the configured cores, or the fewest an active degradation leaves

  // The bandwidth of link l of the network (without a topology, core-<l>)
  // at time t: the scenario's, or that of the degradation in effect (a
  // later-starting one wins where they overlap).
  double link_bandwidth(int l, double t) const;
  bool has_link_faults() const { return has_link_faults_; }

  // The share of messages lost on link l at time t: the topology's steady
  // loss, or that of the loss or down fault in effect on it over
  // [at, at + for) (a later-starting one wins where they overlap; down: 1).
  double link_loss(int l, double t) const;
  // A route's loss at t, 1 - prod(1 - link_loss): lost on at least one link.
  double route_loss(const std::vector<std::size_t>& links, double t) const;
  bool has_loss_faults() const { return has_loss_faults_; }

  // The latency a delay fault adds to link l at time t, each way, over
  // [at, at + for) (a later-starting one wins where they overlap; 0
  // without), and to a route, the sum over its links. The engine adds it
  // to the messages as they leave (multiplexer.cpp), not in SimGrid: a
  // SimGrid link's latency changed at run time strands the messages in
  // their latency phase.
  double link_delay(int l, double t) const;
  double route_delay(const std::vector<std::size_t>& links, double t) const;
  bool has_delay_faults() const { return has_delay_faults_; }

  // How far the write module's clock is off the true time at t (the
  // clock-skew fault in effect over [at, at + for), a later-starting one
  // winning; 0 without).
  double write_module_skew(double t) const;

  struct Action {
    enum class Kind : std::uint8_t { SetLinks, TakeBackup, RestoreBackup };
    double t = 0;
    Kind kind = Kind::SetLinks;
    std::uint16_t fault = 0;
  };
  // The engine's fault actions in the order they happen.
  const std::vector<Action>& actions() const { return actions_; }

 private:
  const Scenario& s_;
  // The fault `applies` accepts whose window(f) = [from, to) holds t; a
  // later-starting one wins where they overlap; none: nullptr.
  template <class Applies, class Window>
  const FaultSpec* in_effect(double t, Applies applies, Window window) const;
  static bool on_link(const FaultSpec& f, int l);  // a link fault on link l (or on every link)
  static std::pair<double, double> exact_window(const FaultSpec& f);  // [at, at + for)

  SimTime window_;
  bool has_link_faults_ = false;  // bandwidth changes (degrade)
  bool has_loss_faults_ = false;  // loss and down
  bool has_delay_faults_ = false;
  std::vector<Action> actions_;
};

}  // namespace twinsim
