#include "twinviz/data/device_table.hpp"

#include <algorithm>
#include <bit>
#include <numeric>
#include <span>

#include "twinanalysis/run_tables.hpp"
#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

using twinsim::DeviceRow;
using twinsim::recorder::read_column;

bool DeviceFilter::matches(const DeviceRow& row) const {
  if (population >= 0 && row.population != population) return false;
  if (attached >= 0 && (row.attached != 0) != (attached == 1)) return false;
  return row.auth_failures >= min_auth_failures && row.max_erase_count >= min_erase_count;
}

DeviceTable::DeviceTable(const RunSource& run) : run_(run), rows_(run.summary().devices) {}

void DeviceTable::read_chunk(std::uint64_t first) {
  const std::uint64_t n = std::min(kChunkRows, rows_ - first);
  twinsim::recorder::Hid g = run_.table("devices");
  chunk_.clear();
  chunk_ = reading_file([&] { return twinanalysis::read_device_rows(g.get(), first, n); });
  first_ = first;
}

const DeviceRow& DeviceTable::row(std::uint64_t i) {
  if (i >= rows_) throw ViewError(run_.path() + ": no device row " + std::to_string(i));
  if (chunk_.empty() || i < first_ || i >= first_ + chunk_.size()) read_chunk(i / kChunkRows * kChunkRows);
  return chunk_[i - first_];
}

std::vector<std::uint32_t> DeviceTable::select(const DeviceFilter& filter) {
  std::vector<std::uint32_t> out;
  if (filter.passes_all()) {  // every row: no need to read the table again
    out.resize(rows_);
    std::iota(out.begin(), out.end(), 0u);
    return out;
  }
  for_each_chunk(rows_, [&](std::uint64_t first, std::uint64_t n) {
    read_chunk(first);
    for (std::uint64_t i = 0; i < n; ++i)
      if (filter.matches(chunk_[i])) out.push_back(static_cast<std::uint32_t>(first + i));
  });
  return out;
}

std::vector<Histogram> DeviceTable::histograms() {
  struct Counter {
    const char* title;
    std::uint64_t (*of)(const DeviceRow&);
  };
  const Counter counters[] = {
      {"attaches", [](const DeviceRow& r) -> std::uint64_t { return r.attaches; }},
      {"authentication failures", [](const DeviceRow& r) -> std::uint64_t { return r.auth_failures; }},
      {"NVM page programs", [](const DeviceRow& r) -> std::uint64_t { return r.nvm_programs; }},
      {"highest erase count", [](const DeviceRow& r) -> std::uint64_t { return r.max_erase_count; }},
  };
  // Bin k holds [2^(k-1), 2^k) (bin 0: zero): the value's bit width.
  std::vector<Histogram> out;
  for (const Counter& c : counters) out.push_back({c.title, {}, std::vector<std::uint64_t>(65, 0)});
  for_each_chunk(rows_, [&](std::uint64_t first, std::uint64_t n) {
    read_chunk(first);
    for (std::uint64_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < std::size(counters); ++k) ++out[k].counts[std::bit_width(counters[k].of(chunk_[i]))];
  });
  for (Histogram& h : out) {
    std::size_t used = h.counts.size();
    while (used > 1 && h.counts[used - 1] == 0) --used;
    h.counts.resize(used);
    for (std::size_t k = 0; k < used; ++k) h.edges.push_back(k == 0 ? 0 : std::uint64_t{1} << (k - 1));
  }
  return out;
}

}  // namespace twinviz
