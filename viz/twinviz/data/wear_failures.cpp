#include "twinviz/data/wear_failures.hpp"

#include <cmath>
#include <map>
#include <span>

#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

WearFailures wear_failures(const RunSource& run, const TimeBins& bins) {
  WearFailures out;
  if (run.summary().wear == 0) return out;
  std::map<std::uint16_t, std::pair<std::uint64_t, std::vector<std::uint64_t>>> by_population;  // cards, failed per bin
  twinsim::recorder::Hid g = run.table("wear");
  std::vector<std::uint16_t> population(kChunkRows);
  std::vector<double> failed_s(kChunkRows);
  for_each_chunk(run.summary().wear, [&](std::uint64_t first, std::uint64_t n) {
    reading_file([&] {
      twinsim::recorder::read_column<std::uint16_t>(g.get(), "population", first, std::span(population.data(), n));
      twinsim::recorder::read_column<double>(g.get(), "failed_s", first, std::span(failed_s.data(), n));
    });
    for (std::uint64_t i = 0; i < n; ++i) {
      auto& [cards, per_bin] = by_population[population[i]];
      if (per_bin.empty()) per_bin.assign(bins.count, 0);
      ++cards;
      if (!std::isnan(failed_s[i])) ++per_bin[bins.bin(failed_s[i])];
    }
  });
  for (const auto& [p, entry] : by_population) {
    Series s{run.population_name(p), {}, {}};
    std::uint64_t total = 0;
    for (std::size_t b = 0; b < bins.count; ++b) {
      total += entry.second[b];
      s.x.push_back(bins.end_of(b));
      s.y.push_back(static_cast<double>(total));
    }
    out.failed.push_back(std::move(s));
    out.cards.push_back(entry.first);
  }
  return out;
}

}  // namespace twinviz
