#pragma once
// Outages of a server model as windows [from, to) of simulated time, sorted
// and disjoint (a scenario's outage faults, merged): when it is down, and
// when it is next up.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

using OutageWindows = std::vector<std::pair<NetTime, NetTime>>;

// Throws std::invalid_argument("<who>: ...") for a window that ends at or
// before its start, or windows unsorted or overlapping.
inline void check_outages(const OutageWindows& o, const std::string& who) {
  NetTime end = -1;
  for (const auto& [from, to] : o) {
    if (to <= from) throw std::invalid_argument(who + ": an outage ends at or before its start");
    if (from < end) throw std::invalid_argument(who + ": outages unsorted or overlapping");
    end = to;
  }
}

// The first time >= t outside every window.
inline NetTime up_at(const OutageWindows& o, NetTime t) {
  for (const auto& [from, to] : o) {
    if (t < from) break;
    if (t < to) t = to;
  }
  return t;
}

inline bool down_at(const OutageWindows& o, NetTime t) { return up_at(o, t) != t; }

// Any windows as sorted, disjoint ones: those that overlap or touch become
// one (outages and crashes of one server, or several faults' windows).
inline OutageWindows merge_windows(OutageWindows o) {
  std::sort(o.begin(), o.end());
  OutageWindows merged;
  for (const auto& w : o) {
    if (!merged.empty() && w.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, w.second);
    else
      merged.push_back(w);
  }
  return merged;
}

// Two lists of windows (a server's outages and its crashes) as one.
inline OutageWindows merge_windows(OutageWindows a, const OutageWindows& b) {
  a.insert(a.end(), b.begin(), b.end());
  return merge_windows(std::move(a));
}

}  // namespace twinmodels
