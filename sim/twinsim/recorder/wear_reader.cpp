// read_wear: the cards' wear from a run file's /wear (docs/RUN-FILE.md), a
// row per device of the populations with a temperature.
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/recorder/run_file_schema.hpp"

namespace twinsim {

using namespace recorder;

std::vector<WearRow> read_wear(const std::string& path) {
  const RunFileSummary summary = read_run_file_summary(path);  // a run file, its tables whole
  std::vector<WearRow> rows(summary.wear);
  if (rows.empty()) return rows;
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "run file");
  Hid group = open_table_group(file.get(), "wear", path);
  const hid_t g = group.get();
  const std::uint64_t n = rows.size();
  std::vector<std::uint32_t> device(n), lost_page(n);
  std::vector<std::uint16_t> population(n);
  std::vector<std::uint64_t> programs(n);
  std::vector<double> worn(n), too_hot(n), charge_lost(n), failed(n);
  read_column<std::uint32_t>(g, kWearColumns[wear_col::device].name, 0, device);
  read_column<std::uint16_t>(g, kWearColumns[wear_col::population].name, 0, population);
  read_column<std::uint64_t>(g, kWearColumns[wear_col::programs].name, 0, programs);
  read_column<double>(g, kWearColumns[wear_col::worn_s].name, 0, worn);
  read_column<double>(g, kWearColumns[wear_col::too_hot_s].name, 0, too_hot);
  read_column<double>(g, kWearColumns[wear_col::charge_lost_s].name, 0, charge_lost);
  read_column<std::uint32_t>(g, kWearColumns[wear_col::lost_page].name, 0, lost_page);
  read_column<double>(g, kWearColumns[wear_col::failed_s].name, 0, failed);
  for (std::uint64_t i = 0; i < n; ++i)
    rows[i] = {device[i], population[i], programs[i], worn[i], too_hot[i], charge_lost[i], lost_page[i], failed[i]};
  return rows;
}

}  // namespace twinsim
