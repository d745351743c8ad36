// read_apdu_trace: the traced devices' APDUs from a run file's /apdu
// (docs/RUN-FILE.md).
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/recorder/run_file_schema.hpp"

namespace twinsim {

using namespace recorder;

std::vector<ApduRow> read_apdu_trace(const std::string& path) {
  const RunFileSummary summary = read_run_file_summary(path);  // a run file, /apdu whole
  std::vector<ApduRow> rows(summary.apdus);
  if (rows.empty()) return rows;
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "run file");
  Hid group = open_table_group(file.get(), "apdu", path);
  const hid_t g = group.get();
  const std::uint64_t n = rows.size();
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  std::vector<std::uint8_t> direction(n);
  read_column<double>(g, kApduColumns[apdu_col::t].name, 0, t);
  read_column<std::uint32_t>(g, kApduColumns[apdu_col::device].name, 0, device);
  read_column<std::uint8_t>(g, kApduColumns[apdu_col::direction].name, 0, direction);
  std::vector<std::vector<std::uint8_t>> bytes = read_bytes_column(g, kApduColumns[apdu_col::bytes].name, 0, n);
  for (std::uint64_t i = 0; i < n; ++i) rows[i] = {t[i], device[i], direction[i], std::move(bytes[i])};
  return rows;
}

}  // namespace twinsim
