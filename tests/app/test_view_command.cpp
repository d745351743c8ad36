// `esimtwin view` (app/view_command.hpp) and the viewer (viz/twinviz/):
// what its data layer reads a chunk at a time checked against the whole
// columns (run_file_rows.hpp) and the analysis layer's readers, on a run
// of more than one chunk of events; the device states against the run's
// own counters; every refusal; and screenshots drawn under Xvfb, checked
// where the layout file says each widget is.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <stb_image.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

#include "esimtwin_process.hpp"
#include "run_file_rows.hpp"
#include "twinanalysis/run_figures.hpp"
#include "twinanalysis/run_tables.hpp"
#include "twinviz/data/campaign_curves.hpp"
#include "twinviz/data/device_table.hpp"
#include "twinviz/data/device_trace.hpp"
#include "twinviz/data/event_overview.hpp"
#include "twinviz/data/platform_series.hpp"
#include "twinviz/data/wear_failures.hpp"

namespace test_view_command {

using esimtwin::testing::run_esimtwin;
using esimtwin::testing::temp_path;
using esimtwin::testing::write_temp;

constexpr std::uint32_t kTraced = 5;

// The SMSC outage incident at 1 200 devices: 71 378 events, more than one
// chunk (twinviz::kChunkRows); a write-card campaign, two platforms, device
// 5 traced. Its expectations are the shipped 300 devices', so it exits 1.
std::string outage_run() {
  return esimtwin::testing::shared_run("scenarios/incidents/smsc-outage-mid-campaign.yaml --devices 1200 --no-progress "
                                       "--trace-device " + std::to_string(kTraced),
                                       1);
}

// The profile-enable incident as shipped: 200 roll-backs, 50 fall-backs.
std::string rollback_run() {
  return esimtwin::testing::shared_run("scenarios/incidents/profile-enable-no-connectivity.yaml --no-progress");
}

TEST(ViewData, ChunksCoverTheRowsOnce) {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  twinviz::for_each_chunk(2 * twinviz::kChunkRows + 7, [&](std::uint64_t first, std::uint64_t n) { seen.emplace_back(first, n); });
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> expected{
      {0, twinviz::kChunkRows}, {twinviz::kChunkRows, twinviz::kChunkRows}, {2 * twinviz::kChunkRows, 7}};
  EXPECT_EQ(seen, expected);
  seen.clear();
  twinviz::for_each_chunk(0, [&](std::uint64_t first, std::uint64_t n) { seen.emplace_back(first, n); });
  EXPECT_TRUE(seen.empty());
}

TEST(ViewData, EventBinsCountEveryEventInItsBin) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  const auto rows = esimtwin::testing::read_event_rows(path);
  ASSERT_GT(rows.size(), twinviz::kChunkRows);
  const auto o = twinviz::scan_events(run, 97);
  EXPECT_EQ(o.rows, rows.size());
  std::map<std::uint8_t, std::vector<std::uint64_t>> expected;
  for (const auto& r : rows) {
    auto& bins = expected[r.kind];
    bins.resize(97, 0);
    const auto b = std::min<std::size_t>(96, static_cast<std::size_t>(r.t / (run.summary().stop_s / 97)));
    ++bins[r.t > 0 ? b : 0];
  }
  for (std::size_t k = 0; k < o.kind_bins.size(); ++k) {
    const auto it = expected.find(static_cast<std::uint8_t>(k));
    if (it == expected.end()) {
      EXPECT_TRUE(o.kind_bins[k].empty()) << run.kind_name(static_cast<std::uint8_t>(k));
      continue;
    }
    EXPECT_EQ(o.kind_bins[k], it->second) << run.kind_name(static_cast<std::uint8_t>(k));
    std::uint64_t total = 0;
    for (std::uint64_t n : it->second) total += n;
    EXPECT_EQ(o.kind_totals[k], total);
  }
}

TEST(ViewData, AttachmentStatesAgreeWithTheDevicesTable) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  const auto o = twinviz::scan_events(run, 50);
  const auto tables = twinanalysis::read_run_tables(path);
  std::uint64_t ever_attached = 0;
  for (const auto& d : tables.devices) ever_attached += d.attached;
  const auto& attach = o.states.at(0);
  ASSERT_EQ(attach.title, "attachment");
  ASSERT_EQ(attach.at_bin.size(), 50u);
  // Before the first event every device is "never attached"; at the stop,
  // those that attached once are in another state.
  EXPECT_EQ(attach.at_bin.back().at(twinviz::AttachStates::Never), tables.devices.size() - ever_attached);
  for (const auto& bin : attach.at_bin) {
    std::uint64_t sum = 0;
    for (std::uint64_t n : bin) sum += n;
    EXPECT_EQ(sum, tables.devices.size());
  }
  EXPECT_GT(attach.at_bin.back().at(twinviz::AttachStates::Attached), 0u);
}

TEST(ViewData, ProfileStatesCountTheRollBacksAndFallBacks) {
  const twinviz::RunSource run(rollback_run());
  const auto o = twinviz::scan_events(run, 40);
  const auto& profile = o.states.at(1);
  ASSERT_EQ(profile.title, "last profile change");
  // The scenario's metrics: smsr.rollbacks 200, smsr.fallbacks 50.
  EXPECT_EQ(profile.at_bin.back().at(twinviz::ProfileStates::RolledBack), 200u);
  EXPECT_EQ(profile.at_bin.back().at(twinviz::ProfileStates::FallBack), 50u);
  EXPECT_EQ(profile.at_bin.front().at(twinviz::ProfileStates::First), 250u);
  // Its SM-SR campaign's calls, cumulative, end at smsr.done = 250.
  const auto curves = twinviz::campaign_curves(run, o);
  ASSERT_FALSE(curves.empty());
  double done = 0;
  for (const auto& c : curves)
    for (const auto& s : c.series)
      if (s.name == "done" && c.title.find("(SM-SR)") != std::string::npos) done += s.y.back();
  EXPECT_EQ(done, 250);
}

TEST(ViewData, WriteCardCurvesEndAtTheTableAndCompleteWhenTheReportSays) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  const auto o = twinviz::scan_events(run, 120);
  const auto curves = twinviz::campaign_curves(run, o);
  const auto tables = twinanalysis::read_run_tables(path);
  ASSERT_FALSE(tables.progress.empty());
  ASSERT_EQ(curves.size(), 1u);
  const auto& c = curves[0];
  EXPECT_EQ(c.title, "renumber-meters (write card)");
  EXPECT_EQ(c.released, tables.progress.back().released);
  for (const auto& s : c.series)
    if (s.name == "done") {
      EXPECT_EQ(s.y.back(), static_cast<double>(tables.progress.back().done));
    }
  ASSERT_EQ(c.completion.size(), std::size(twinanalysis::kCompletionLevels));
  for (const auto& [level, t] : c.completion) {
    const double expected = twinanalysis::completion_time(tables.progress, level);
    if (std::isnan(expected))
      EXPECT_TRUE(std::isnan(t)) << level;
    else
      EXPECT_EQ(t, expected) << level;
  }
}

TEST(ViewData, PlatformLoadKeepsTheServedTotalAndThePeakQueue) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  const auto bins = twinviz::run_bins(run.summary().stop_s, 33);
  const auto loads = twinviz::platform_loads(run, bins);
  const auto tables = twinanalysis::read_run_tables(path);
  ASSERT_EQ(loads.size(), tables.platforms.size());
  for (const auto& load : loads) {
    const auto& samples = tables.platforms.at(load.platform);
    EXPECT_EQ(load.samples, samples.size());
    double served = 0, queue = 0;
    for (const auto& s : samples) {
      served += static_cast<double>(s.served);
      queue = std::max(queue, static_cast<double>(s.queue));
    }
    double binned = 0, peak = 0;
    for (std::size_t i = 0; i < load.served_rate.x.size(); ++i) {
      const auto b = bins.bin(load.served_rate.x[i]);
      binned += load.served_rate.y[i] * (bins.end_of(b) - bins.begin_of(b));
      peak = std::max(peak, load.queue_max.y[i]);
    }
    EXPECT_NEAR(binned, served, 1e-6 * std::max(served, 1.0)) << load.platform;
    EXPECT_EQ(peak, queue) << load.platform;
    for (double busy : load.busy_mean.y) EXPECT_TRUE(busy >= 0 && busy <= 1) << load.platform;
  }
}

TEST(ViewData, DeviceTableFiltersAndHistogramsMatchTheRows) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  twinviz::DeviceTable table(run);
  const auto tables = twinanalysis::read_run_tables(path);
  ASSERT_EQ(table.size(), tables.devices.size());
  for (std::uint64_t i : {std::uint64_t{0}, std::uint64_t{599}, table.size() - 1, std::uint64_t{3}}) {
    EXPECT_EQ(table.row(i).device, tables.devices[i].device);
    EXPECT_EQ(table.row(i).nvm_programs, tables.devices[i].nvm_programs);
  }
  twinviz::DeviceFilter filter;
  std::vector<std::uint32_t> every(tables.devices.size());
  for (std::uint32_t i = 0; i < every.size(); ++i) every[i] = i;
  EXPECT_EQ(table.select(filter), every);  // no filter: every row, without a scan
  filter.attached = 1;
  filter.min_erase_count = 2;
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < tables.devices.size(); ++i)
    if (tables.devices[i].attached && tables.devices[i].max_erase_count >= 2) expected.push_back(i);
  EXPECT_EQ(table.select(filter), expected);
  filter.population = 1;  // the scenario has one population
  EXPECT_TRUE(table.select(filter).empty());
  const auto histograms = table.histograms();
  ASSERT_EQ(histograms.size(), 4u);
  EXPECT_EQ(histograms[2].title, "NVM page programs");
  std::vector<std::uint64_t> programs(histograms[2].counts.size(), 0);
  for (const auto& d : tables.devices) {
    std::size_t k = 0;
    while (k + 1 < histograms[2].edges.size() && histograms[2].edges[k + 1] <= d.nvm_programs) ++k;
    ++programs[k];
  }
  EXPECT_EQ(histograms[2].counts, programs);
  EXPECT_THROW(table.row(table.size()), twinviz::ViewError);
}

TEST(ViewData, DeviceTraceHoldsTheDevicesRowsAndDecodedApdus) {
  const std::string path = outage_run();
  const twinviz::RunSource run(path);
  const auto trace = twinviz::read_device_trace(run, kTraced);
  std::size_t events = 0;
  for (const auto& r : esimtwin::testing::read_event_rows(path)) events += r.device == kTraced;
  EXPECT_EQ(trace.events.size(), events);
  std::vector<twinsim::ApduRow> apdus;  // the scenario traces device 7 too
  for (auto& a : twinsim::read_apdu_trace(path))
    if (a.device == kTraced) apdus.push_back(std::move(a));
  ASSERT_EQ(trace.apdus.size(), apdus.size());
  for (std::size_t i = 0; i < apdus.size(); ++i) EXPECT_EQ(trace.apdus[i].bytes, apdus[i].bytes) << i;
  EXPECT_EQ(trace.apdus.front().decoded, "ATR");
  EXPECT_EQ(trace.apdus.at(1).decoded, "SELECT");
  EXPECT_FALSE(twinviz::read_device_trace(run, 7).apdus.empty());
  EXPECT_TRUE(twinviz::read_device_trace(run, 3).apdus.empty());  // not traced
}

TEST(ViewData, WearFailuresCountEachPopulationsFailedCards) {
  // 8 consumer cards in an engine bay fail ('6581'), 8 automotive ones do not.
  const std::string path = esimtwin::testing::shared_run("tests/data/wear-curves.yaml --no-progress --seed 7");
  const twinviz::RunSource run(path);
  const auto bins = twinviz::run_bins(run.summary().stop_s, 90);
  const auto wear = twinviz::wear_failures(run, bins);
  const auto tables = twinanalysis::read_run_tables(path);
  std::map<std::string, std::pair<std::uint64_t, double>> expected;  // cards, failed
  for (const auto& w : tables.wear) {
    auto& [cards, failed] = expected[tables.population_names.at(w.population)];
    ++cards;
    failed += std::isnan(w.failed_s) ? 0 : 1;
  }
  ASSERT_EQ(wear.failed.size(), 2u);
  for (std::size_t p = 0; p < wear.failed.size(); ++p) {
    const auto& [cards, failed] = expected.at(wear.failed[p].name);
    EXPECT_EQ(wear.cards[p], cards);
    EXPECT_EQ(wear.failed[p].y.back(), failed) << wear.failed[p].name;
    EXPECT_EQ(wear.failed[p].y.size(), 90u);
  }
  EXPECT_EQ(expected.at("hot").second, 8);
  EXPECT_EQ(expected.at("auto").second, 0);
}

TEST(ViewData, DeviceTraceHoldsItsChipsAuditTrail) {
  const std::string path =
      esimtwin::testing::shared_run("scenarios/chip-lifecycle.yaml --devices 20 --no-progress");
  const twinviz::RunSource run(path);
  const auto trace = twinviz::read_device_trace(run, 1);
  std::vector<twinsim::ChipAuditRow> expected;
  for (const auto& r : twinsim::read_chip_audit(path))
    if (r.device == 1) expected.push_back(r);
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(trace.chip_steps.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(trace.chip_steps[i].t, expected[i].t);
    EXPECT_EQ(trace.chip_steps[i].action, expected[i].action);
    EXPECT_EQ(trace.chip_steps[i].to, expected[i].to);
    EXPECT_EQ(trace.chip_steps[i].detail, expected[i].detail);
  }
  EXPECT_EQ(trace.chip_steps.front().action, "Produce");
}

// --- the command's refusals (no display needed: all come before a window)

TEST(ViewCommand, RefusesBadInputWithExitCode2) {
  const std::string run = rollback_run();
  const std::string junk = write_temp("view-junk.h5", "not HDF5");
  esimtwin::testing::expect_refusals({
      {"view /nonexistent/run.h5 --screenshot x.png", "no such file"},
      {"view " + junk + " --screenshot x.png", "not an HDF5 file"},
      {"view " + run + " --size 1600", "--size: '1600' is not WIDTHxHEIGHT"},
      {"view " + run + " --size 100x100", "outside 320x240"},
      {"view " + run + " --bins 5", "--bins: 5 is outside 10 to 4000"},
      {"view " + run + " --at soon", "--at:"},
      {"view " + run + " --layout l.json", "--layout needs --screenshot"},
      {"view " + run + " --device 250 --screenshot x.png", "no device 250 (the run has 250 devices, 0 to 249)"},
  });
}

TEST(ViewCommand, RefusesATruncatedRunFile) {
  const std::string run = rollback_run();
  std::ifstream in(run, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const std::string cut = write_temp("view-cut.h5", "");
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const auto r = run_esimtwin("view " + cut + " --screenshot x.png");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("truncated or damaged"), std::string::npos) << r.out;
}

// Runs `command` in the repository root through the shell; its exit code
// and what it printed.
esimtwin::testing::CommandResult shell(const std::string& command) {
  const std::string out = temp_path("view-shell.txt");
  const int status = std::system(("cd " ESIMTWIN_SOURCE_DIR " && " + command + " > " + out + " 2>&1").c_str());
  std::ifstream in(out);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, std::string((std::istreambuf_iterator<char>(in)), {})};
}

TEST(ViewCommand, WithoutADisplaySaysSoWithExitCode3) {
  const auto r = shell("env -u DISPLAY " ESIMTWIN_BINARY " view " + rollback_run() + " --screenshot " +
                       temp_path("nodisplay.png"));
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("no X display (DISPLAY is not set); on a machine without one, run under xvfb-run"),
            std::string::npos)
      << r.out;
}

// --- screenshots, under Xvfb (xvfb-run, from scripts/install-deps.sh)

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;
  // Pixels in [x0, x1) x [y0, y1) within `tolerance` of (r, g, b) in every channel.
  int count(const std::vector<double>& rect, int r, int g, int b, int tolerance = 30) const {
    int n = 0;
    for (int y = static_cast<int>(rect[1]); y < static_cast<int>(rect[3]) && y < height; ++y)
      for (int x = static_cast<int>(rect[0]); x < static_cast<int>(rect[2]) && x < width; ++x) {
        const unsigned char* p = &rgba[4 * (static_cast<std::size_t>(y) * width + x)];
        if (std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance) ++n;
      }
    return n;
  }
};

struct Screenshot {
  int exit_code = -1;
  std::string out;
  Image image;
  nlohmann::json layout;
  // The widget `name` in the layout (a null json when absent).
  nlohmann::json widget(const std::string& name) const {
    for (const auto& w : layout["widgets"])
      if (w["name"] == name) return w;
    return nullptr;
  }
};

// `esimtwin view RUN --screenshot --layout ARGS` under xvfb-run, on a
// server number of its own (tests run in parallel). In the sanitized build
// without LeakSanitizer: Mesa's GL driver, loaded and unloaded by GLFW,
// leaves allocations of its own that LSan can name no module for, so no
// suppression (tests/lsan.supp) matches them (docs/RELIABILITY.md, "Sanitizers").
Screenshot screenshot(const std::string& run, const std::string& name, const std::string& args) {
  const std::string png = temp_path(name + ".png"), layout = temp_path(name + ".json");
  const std::string server = std::to_string(100 + ::getpid() % 800);
  Screenshot s;
  const auto r = shell("env ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:detect_leaks=0\" xvfb-run -a -n " + server +
                       " -s '-screen 0 1280x1024x24' " ESIMTWIN_BINARY " view " + run +
                       " --screenshot " + png + " --layout " + layout + " " + args);
  s.exit_code = r.exit_code;
  s.out = r.out;
  int channels = 0;
  if (unsigned char* data = stbi_load(png.c_str(), &s.image.width, &s.image.height, &channels, 4)) {
    s.image.rgba.assign(data, data + 4 * static_cast<std::size_t>(s.image.width) * s.image.height);
    stbi_image_free(data);
  }
  std::ifstream in(layout);
  if (in) s.layout = nlohmann::json::parse(in, nullptr, false);
  return s;
}

std::vector<double> rect_of(const nlohmann::json& widget) { return widget["rect"].get<std::vector<double>>(); }

TEST(ViewScreenshot, DrawsEveryWindowAndItsPlotsWhereTheLayoutSays) {
  const std::string run = outage_run();
  const auto s = screenshot(run, "view-outage", "--size 1600x1000 --at 1h --device 5");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  EXPECT_NE(s.out.find("wrote"), std::string::npos);
  ASSERT_EQ(s.image.width, 1600);
  ASSERT_EQ(s.image.height, 1000);
  for (const char* window : {"Time cursor", "Run", "Events", "Device states", "Campaigns", "Platforms", "Devices"})
    EXPECT_FALSE(s.widget(window).is_null()) << window;

  // The rate of all events: one point per bin, drawn in the first series'
  // colour (86, 180, 233), the cursor's red line at 1 h of the 2 h run.
  const auto events = s.widget("all events");
  ASSERT_FALSE(events.is_null());
  EXPECT_EQ(events["items"], 600);
  const auto r = rect_of(events);
  EXPECT_GT(s.image.count(r, 86, 180, 233), 100);
  const double cursor_x = r[0] + (r[2] - r[0]) * 3600 / twinviz::RunSource(run).summary().stop_s;
  EXPECT_GT(s.image.count({cursor_x - 2, r[1], cursor_x + 3, r[3]}, 255, 80, 80, 40), 20);
  EXPECT_EQ(s.image.count({r[0], r[1], cursor_x - 4, r[3]}, 255, 80, 80, 10), 0);

  // The timeline: a row per kind that occurred, its cells in the orange ramp.
  const twinviz::RunSource source(run);
  const auto o = twinviz::scan_events(source, 600);
  std::size_t kinds = 0;
  for (const auto& bins : o.kind_bins) kinds += !bins.empty();
  const auto timeline = s.widget("events by kind (to the cursor / in all)");
  ASSERT_FALSE(timeline.is_null());
  EXPECT_EQ(timeline["items"], kinds);
  int orange = 0;
  for (int level = 80; level <= 255; level += 25) orange += s.image.count(rect_of(timeline), level, level * 55 / 100, 25, 12);
  EXPECT_GT(orange, 500);

  // The campaign's curves and the HSS's requests, both with points drawn.
  const auto campaign = s.widget("renumber-meters (write card)");
  ASSERT_FALSE(campaign.is_null());
  EXPECT_GT(s.image.count(rect_of(campaign), 86, 180, 233), 50);    // released
  EXPECT_GT(s.image.count(rect_of(campaign), 0, 158, 115), 50);     // done
  const auto requests = s.widget("hss: requests");
  ASSERT_FALSE(requests.is_null());
  EXPECT_GT(s.image.count(rect_of(requests), 86, 180, 233), 30);

  // The attachment at the cursor: the "attached" bar (the second colour).
  const auto attach = s.widget("attachment at 1 h");
  ASSERT_FALSE(attach.is_null()) << s.layout.dump();
  EXPECT_EQ(attach["items"], 5);
  EXPECT_GT(s.image.count(rect_of(attach), 230, 159, 0), 200);

  // The device list, and device 5's events and APDUs opened by --device.
  const auto list = s.widget("device list");
  EXPECT_TRUE(list.is_null());  // its tab is behind the device's
  const auto trace = twinviz::read_device_trace(source, kTraced);
  const auto device_events = s.widget("device events");
  ASSERT_FALSE(device_events.is_null());
  EXPECT_EQ(device_events["items"], trace.events.size());
  const auto device_apdus = s.widget("device APDUs");
  ASSERT_FALSE(device_apdus.is_null());
  EXPECT_EQ(device_apdus["items"], trace.apdus.size());
}

TEST(ViewScreenshot, WithoutADeviceShowsTheListAndTheStatesAtTheCursor) {
  const auto s = screenshot(rollback_run(), "view-rollback", "--size 1280x800 --bins 200");
  ASSERT_EQ(s.exit_code, 0) << s.out;
  ASSERT_EQ(s.image.width, 1280);
  ASSERT_EQ(s.image.height, 800);
  const auto list = s.widget("device list");
  ASSERT_FALSE(list.is_null()) << s.layout.dump();
  EXPECT_GT(list["items"].get<int>(), 5);  // the rows the window has room for
  EXPECT_TRUE(s.widget("device events").is_null());
  EXPECT_EQ(s.widget("all events")["items"], 200);
  // At the stop: the last profile change of 200 devices "rolled back" (the
  // third bar) and of 50 "fall-back" (the fourth).
  const std::string stop = "last profile change at 30 min";  // the scenario's stop
  const auto profile = s.widget(stop);
  ASSERT_FALSE(profile.is_null()) << stop << "\n" << s.layout.dump();
  EXPECT_GT(s.image.count(rect_of(profile), 0, 158, 115), 100);  // rolled back
  EXPECT_GT(s.image.count(rect_of(profile), 240, 228, 66), 10);  // fall-back
}


}  // namespace test_view_command
