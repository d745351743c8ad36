#pragma once
// The /devices table as the viewer's device list reads it (docs/VIEWER.md,
// "Devices"): one chunk of rows in memory at a time, the rows that pass a
// filter found by a scan a chunk at a time, and the histograms of its
// counters at the stop.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinsim/recorder/run_file.hpp"
#include "twinviz/data/run_source.hpp"

namespace twinviz {

struct DeviceFilter {
  int population = -1;              // -1: any
  int attached = -1;                // -1 any, 0 never attached, 1 attached at least once
  std::uint32_t min_auth_failures = 0;
  std::uint32_t min_erase_count = 0;
  bool matches(const twinsim::DeviceRow& row) const;
  bool passes_all() const { return population < 0 && attached < 0 && min_auth_failures == 0 && min_erase_count == 0; }
};

// A histogram of a counter over the devices, in bins that double (the
// counters span decades): bin 0 holds 0, bin k > 0 holds [2^(k-1), 2^k).
// Bins past the highest value are left out.
struct Histogram {
  std::string title;
  std::vector<std::uint64_t> edges;   // each bin's lower edge: 0, 1, 2, 4, ...
  std::vector<std::uint64_t> counts;  // devices in each bin
};

class DeviceTable {
 public:
  explicit DeviceTable(const RunSource& run);
  std::uint64_t size() const { return rows_; }
  // Row i (0 <= i < size()); reads its chunk when it is not the one held.
  const twinsim::DeviceRow& row(std::uint64_t i);
  // The rows (indices into the table) that pass `filter`, in order.
  std::vector<std::uint32_t> select(const DeviceFilter& filter);
  // Attaches, authentication failures, NVM programs, highest erase count.
  std::vector<Histogram> histograms();

 private:
  void read_chunk(std::uint64_t first);
  const RunSource& run_;
  std::uint64_t rows_ = 0;
  std::uint64_t first_ = 0;  // first row of the chunk held
  std::vector<twinsim::DeviceRow> chunk_;
};

}  // namespace twinviz
