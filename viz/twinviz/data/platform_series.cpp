#include "twinviz/data/platform_series.hpp"

#include <algorithm>
#include <span>

#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

namespace {

using twinsim::recorder::read_column;

struct Bin {
  std::uint64_t samples = 0, queue = 0, served = 0, rejected = 0;
  double busy = 0;
};

PlatformLoad load_of(const RunSource& run, const std::string& name, const TimeBins& bins) {
  twinsim::recorder::Hid g = run.table("platforms/" + name);
  const std::uint64_t n = twinsim::recorder::column_length(g.get(), "t");
  std::vector<Bin> per_bin(bins.count);
  std::vector<double> t(kChunkRows), busy(kChunkRows);
  std::vector<std::uint64_t> queue(kChunkRows), served(kChunkRows), rejected(kChunkRows);
  for_each_chunk(n, [&](std::uint64_t first, std::uint64_t count) {
    read_column<double>(g.get(), "t", first, std::span(t.data(), count));
    read_column<std::uint64_t>(g.get(), "queue", first, std::span(queue.data(), count));
    read_column<std::uint64_t>(g.get(), "served", first, std::span(served.data(), count));
    read_column<std::uint64_t>(g.get(), "rejected", first, std::span(rejected.data(), count));
    read_column<double>(g.get(), "busy", first, std::span(busy.data(), count));
    for (std::uint64_t i = 0; i < count; ++i) {
      Bin& b = per_bin[bins.bin(t[i])];
      ++b.samples;
      b.queue = std::max(b.queue, queue[i]);
      b.served += served[i];
      b.rejected += rejected[i];
      b.busy += busy[i];
    }
  });
  PlatformLoad load{name, {"queue (peak)", {}, {}}, {"served / s", {}, {}}, {"rejected / s", {}, {}},
                    {"busy (mean)", {}, {}}, n};
  for (std::size_t i = 0; i < bins.count; ++i) {
    const Bin& b = per_bin[i];
    if (b.samples == 0) continue;
    const double x = (bins.begin_of(i) + bins.end_of(i)) / 2;
    const double width = bins.end_of(i) - bins.begin_of(i);
    for (Series* s : {&load.queue_max, &load.served_rate, &load.rejected_rate, &load.busy_mean}) s->x.push_back(x);
    load.queue_max.y.push_back(static_cast<double>(b.queue));
    load.served_rate.y.push_back(static_cast<double>(b.served) / width);
    load.rejected_rate.y.push_back(static_cast<double>(b.rejected) / width);
    load.busy_mean.y.push_back(b.busy / static_cast<double>(b.samples));
  }
  return load;
}

}  // namespace

std::vector<PlatformLoad> platform_loads(const RunSource& run, const TimeBins& bins) {
  std::vector<PlatformLoad> out;
  for (const std::string& name : run.summary().platforms)
    out.push_back(reading_file([&] { return load_of(run, name, bins); }));
  return out;
}

}  // namespace twinviz
