#include "twinviz/data/event_overview.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <tuple>

#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

namespace {

using twinsim::recorder::read_column;

// The machines' states: the devices in each, and each device's.
struct Follower {
  std::unique_ptr<DeviceStateMachine> machine;
  std::vector<std::uint8_t> of_device;
  std::vector<std::uint64_t> counts;
};

// The campaign outcome kinds: kind name, platform, outcome.
constexpr std::array<std::array<const char*, 3>, 7> kOutcomeKinds{{
    {"smsr_done", "SM-SR", "done"},
    {"smsr_failed", "SM-SR", "failed"},
    {"smsr_expired", "SM-SR", "expired"},
    {"smsr_refused", "SM-SR", "refused"},
    {"smdp_done", "SM-DP", "done"},
    {"smdp_failed", "SM-DP", "failed"},
    {"smdp_refused", "SM-DP", "refused"},
}};

class Scan {
 public:
  Scan(const RunSource& run, std::size_t bins) : run_(run) {
    o_.bins = run_bins(run.summary().stop_s, bins);
    const std::size_t kinds = std::max<std::size_t>(run.kind_names().size(), 256);
    o_.kind_bins.assign(kinds, {});
    o_.kind_totals.assign(kinds, 0);
    outcome_of_kind_.fill(-1);
    for (std::size_t i = 0; i < kOutcomeKinds.size(); ++i) {
      const int k = run.kind(kOutcomeKinds[i][0]);
      if (k >= 0) outcome_of_kind_[static_cast<std::size_t>(k)] = static_cast<int>(i);
    }
    add(std::make_unique<AttachStates>(run));
    add(std::make_unique<ProfileStates>(run));
    add(std::make_unique<WearStates>(run));
  }

  EventOverview run() {
    twinsim::recorder::Hid g = run_.table("events");
    const std::uint64_t n = run_.summary().events;
    std::vector<double> t(kChunkRows);
    std::vector<std::uint32_t> device(kChunkRows);
    std::vector<std::uint8_t> kind(kChunkRows);
    std::vector<std::int64_t> value(kChunkRows);
    for_each_chunk(n, [&](std::uint64_t first, std::uint64_t count) {
      reading_file([&] {
        read_column<double>(g.get(), "t", first, std::span(t.data(), count));
        read_column<std::uint32_t>(g.get(), "device", first, std::span(device.data(), count));
        read_column<std::uint8_t>(g.get(), "kind", first, std::span(kind.data(), count));
        read_column<std::int64_t>(g.get(), "value", first, std::span(value.data(), count));
      });
      for (std::uint64_t i = 0; i < count; ++i) row(t[i], device[i], kind[i], value[i]);
    });
    close_bins_before(o_.bins.count);
    o_.rows = n;
    return std::move(o_);
  }

 private:
  void add(std::unique_ptr<DeviceStateMachine> m) {
    Follower f;
    f.of_device.assign(run_.summary().devices, 0);
    f.counts.assign(m->states().size(), 0);
    f.counts[0] = run_.summary().devices;
    o_.states.push_back({m->title(), m->states(), {}});
    f.machine = std::move(m);
    followers_.push_back(std::move(f));
  }

  // Records the states at the end of every bin before `bin`.
  void close_bins_before(std::size_t bin) {
    for (; closed_ < bin; ++closed_)
      for (std::size_t m = 0; m < followers_.size(); ++m) o_.states[m].at_bin.push_back(followers_[m].counts);
  }

  void row(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) {
    const std::size_t b = o_.bins.bin(t);
    close_bins_before(b);  // rows come in time order (docs/RUN-FILE.md)
    auto& per_bin = o_.kind_bins[kind];
    if (per_bin.empty()) per_bin.assign(o_.bins.count, 0);
    ++per_bin[b];
    ++o_.kind_totals[kind];
    for (auto& f : followers_) {
      if (device >= f.of_device.size()) {  // a device beyond /devices' rows: a damaged file's, counted anyway
        f.counts[0] += device + 1 - f.of_device.size();
        f.of_device.resize(device + 1, 0);
      }
      std::uint8_t& s = f.of_device[device];
      const std::uint8_t next = f.machine->next(s, kind, value);
      if (next != s) {
        --f.counts[s];
        ++f.counts[next];
        s = next;
      }
    }
    if (const int o = outcome_of_kind_[kind]; o >= 0 && value >= 0) outcome(o, static_cast<std::uint16_t>(value), b);
  }

  void outcome(int o, std::uint16_t campaign, std::size_t b) {
    const auto& [kind, platform, what] = kOutcomeKinds[static_cast<std::size_t>(o)];
    (void)kind;
    CampaignOutcomes* c = nullptr;
    for (auto& x : o_.campaigns)
      if (x.campaign == campaign && x.platform == platform) c = &x;
    if (!c) {
      o_.campaigns.push_back({campaign, platform, {}});
      c = &o_.campaigns.back();
    }
    auto& bins = c->per_bin[what];
    if (bins.empty()) bins.assign(o_.bins.count, 0);
    ++bins[b];
  }

  const RunSource& run_;
  EventOverview o_;
  std::vector<Follower> followers_;
  std::array<int, 256> outcome_of_kind_{};
  std::size_t closed_ = 0;
};

}  // namespace

EventOverview scan_events(const RunSource& run, std::size_t bins) {
  EventOverview o = Scan(run, bins).run();
  std::sort(o.campaigns.begin(), o.campaigns.end(), [](const CampaignOutcomes& a, const CampaignOutcomes& b) {
    return std::tie(a.platform, a.campaign) < std::tie(b.platform, b.campaign);
  });
  return o;
}

}  // namespace twinviz
