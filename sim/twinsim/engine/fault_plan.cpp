#include "twinsim/engine/fault_plan.hpp"

#include <algorithm>
#include <tuple>

#include "twinsim/engine/window_grid.hpp"

namespace twinsim {

FaultPlan::FaultPlan(const Scenario& s) : s_(s), window_(window_of(s.network.batch_window_s)) {
  for (std::size_t i = 0; i < s.faults.size(); ++i) {
    const FaultSpec& f = s.faults[i];
    const auto index = static_cast<std::uint16_t>(i);
    if (f.target == FaultTarget::CoreLinks && f.action == FaultAction::Delay) {
      has_delay_faults_ = true;  // added per message: no action of the engine's
    } else if (f.target == FaultTarget::CoreLinks && f.action != FaultAction::Degrade) {
      has_loss_faults_ = true;  // drawn per message: no action of the engine's
    } else if (f.target == FaultTarget::CoreLinks) {
      has_link_faults_ = true;
      actions_.push_back({first_half_window_point(f.at_s, window_), Action::Kind::SetLinks, index});
      if (f.for_s > 0) actions_.push_back({first_half_window_point(f.end_s(), window_), Action::Kind::SetLinks, index});
    } else if (f.target == FaultTarget::Hss && f.action == FaultAction::RestoreBackup) {
      actions_.push_back({first_half_window_point(f.backup_at_s, window_), Action::Kind::TakeBackup, index});
      actions_.push_back({first_half_window_point(f.at_s, window_), Action::Kind::RestoreBackup, index});
    }
  }
  std::stable_sort(actions_.begin(), actions_.end(), [](const Action& a, const Action& b) {
    return std::tie(a.t, a.kind, a.fault) < std::tie(b.t, b.kind, b.fault);
  });
}

bool FaultPlan::hss_outage(double t) const {
  for (const FaultSpec& f : s_.faults) {
    if (f.target == FaultTarget::Hss && f.action == FaultAction::Outage && f.at_s <= t && t < f.end_s()) return true;
  }
  return false;
}

bool FaultPlan::hss_crash_meets(double from, double to) const {
  for (const FaultSpec& f : s_.faults) {
    if (f.target == FaultTarget::Hss && f.action == FaultAction::Crash && f.at_s <= to && from < f.at_s + f.restart_s)
      return true;
  }
  return false;
}

int FaultPlan::hss_cores(double t) const {
  int cores = s_.hss.cores;
  for (const FaultSpec& f : s_.faults) {
    if (f.target == FaultTarget::Hss && f.action == FaultAction::Degrade && f.at_s <= t && t < f.end_s())
      cores = std::min(cores, f.cores);
  }
  return cores;
}

template <class Applies, class Window>
const FaultSpec* FaultPlan::in_effect(double t, Applies applies, Window window) const {
  const FaultSpec* latest = nullptr;
  double from_latest = -1;
  for (const FaultSpec& f : s_.faults) {
    if (!applies(f)) continue;
    const auto [from, to] = window(f);
    if (from <= t && t < to && from >= from_latest) {
      latest = &f;
      from_latest = from;
    }
  }
  return latest;
}

bool FaultPlan::on_link(const FaultSpec& f, int l) { return f.target == FaultTarget::CoreLinks && (f.link < 0 || f.link == l); }

std::pair<double, double> FaultPlan::exact_window(const FaultSpec& f) { return {f.at_s, f.end_s()}; }

double FaultPlan::link_bandwidth(int l, double t) const {
  // Degradations take effect at half batch windows (window_grid.hpp).
  const FaultSpec* f = in_effect(
      t, [l](const FaultSpec& x) { return on_link(x, l) && x.action == FaultAction::Degrade; },
      [this](const FaultSpec& x) {
        return std::pair{first_half_window_point(x.at_s, window_),
                         x.for_s > 0 ? first_half_window_point(x.end_s(), window_) : 1e300};
      });
  if (f) return f->bandwidth_Bps;
  return s_.network.topology ? s_.network.topology->link(static_cast<std::size_t>(l)).bandwidth_Bps
                             : s_.network.core_bandwidth_Bps;
}

double FaultPlan::link_loss(int l, double t) const {
  const FaultSpec* f = in_effect(
      t, [l](const FaultSpec& x) { return on_link(x, l) && (x.action == FaultAction::Loss || x.action == FaultAction::Down); },
      exact_window);
  if (f) return f->loss;
  return s_.network.topology ? s_.network.topology->link(static_cast<std::size_t>(l)).loss : 0;
}

double FaultPlan::link_delay(int l, double t) const {
  const FaultSpec* f =
      in_effect(t, [l](const FaultSpec& x) { return on_link(x, l) && x.action == FaultAction::Delay; }, exact_window);
  return f ? f->latency_s : 0;
}

double FaultPlan::route_delay(const std::vector<std::size_t>& links, double t) const {
  double delay = 0;
  for (const std::size_t l : links) delay += link_delay(static_cast<int>(l), t);
  return delay;
}

double FaultPlan::write_module_skew(double t) const {
  const FaultSpec* f = in_effect(
      t,
      [](const FaultSpec& x) { return x.target == FaultTarget::WriteModule && x.action == FaultAction::ClockSkew; },
      exact_window);
  return f ? f->skew_s : 0;
}

double FaultPlan::route_loss(const std::vector<std::size_t>& links, double t) const {
  double through = 1;
  for (const std::size_t l : links) through *= 1 - link_loss(static_cast<int>(l), t);
  return 1 - through;
}

}  // namespace twinsim
