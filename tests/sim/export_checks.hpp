#pragma once
// What an export by SM-SR change and download (the direct and proxy modes,
// the source document §4) leaves in a run: every tracker handed over, then
// on the foreign profile (test_sm_sr_change_runs.cpp,
// test_proxy_export_runs.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "run_in_child.hpp"
#include "twinsim/engine/event_kinds.hpp"

namespace twinsim::testing {

// Requests the platform `host` served over the run (/platforms/<host>).
inline std::uint64_t served(const Outcome& r, const std::string& host) {
  std::uint64_t n = 0;
  for (const PlatformRow& row : r.platforms.at(host)) n += row.served;
  return n;
}

// `count` trackers with China Mobile's SM-SR (host sm-sr-cmcc) handed to
// the SM-SR of `new_host`, then given the foreign profile through it: the
// changes and downloads all done, each tracker's change before its
// download; REFRESH, the attach with the foreign IMSI the HSS knows, the
// notification to the new SM-SR's number; OneLink sees the right profile;
// both SM-SRs served (China Mobile's the ES4 order and the ES7 scripts,
// the new one the preparation, its own ES5 calls and the download).
inline void expect_handed_over_then_downloaded(const Outcome& r, std::size_t count, const std::string& new_host) {
  const auto& m = r.metrics;
  const auto n = static_cast<double>(count);
  EXPECT_EQ(m.at("smsr.changes_done"), n);
  EXPECT_EQ(m.at("smsr.changes_failed"), 0);
  EXPECT_EQ(m.at("smsr.changes_expired"), 0);
  EXPECT_EQ(m.at("smsr.changes_refused"), 0);
  EXPECT_EQ(m.at("smdp.done"), n);
  EXPECT_EQ(m.at("smdp.failed"), 0);
  EXPECT_EQ(m.at("smdp.refused"), 0);
  EXPECT_EQ(m.at("smsr.notifications"), n);
  EXPECT_EQ(m.at("refreshes"), n);
  EXPECT_EQ(m.at("unknown_imsi"), 0);
  EXPECT_EQ(m.at("onelink.wrong_profile"), 0);
  EXPECT_EQ(m.at("sms.failed"), 0);
  const std::uint8_t changed = smsr_event_kind(SmSrEvent::Done);
  const std::uint8_t downloaded = smdp_event_kind(SmDpEvent::Done);
  std::map<std::uint32_t, std::vector<std::uint8_t>> kinds;
  for (const Row& e : r.events) kinds[e.device].push_back(e.kind);
  ASSERT_EQ(kinds.size(), count);
  for (const auto& [device, list] : kinds) {
    const auto at = std::find(list.begin(), list.end(), changed);
    ASSERT_NE(at, list.end()) << "device " << device;
    EXPECT_NE(std::find(at, list.end(), downloaded), list.end()) << "device " << device;
  }
  EXPECT_GT(served(r, "sm-sr-cmcc"), count);
  EXPECT_GT(served(r, new_host), count);
}

}  // namespace twinsim::testing
