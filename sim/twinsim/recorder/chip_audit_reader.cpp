// read_chip_audit: the chip management platform's audit trail from a run
// file's /chip_audit (docs/RUN-FILE.md).
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/recorder/run_file_schema.hpp"

namespace twinsim {

using namespace recorder;

std::vector<ChipAuditRow> read_chip_audit(const std::string& path) {
  const RunFileSummary summary = read_run_file_summary(path);  // a run file, its tables whole
  std::vector<ChipAuditRow> rows(summary.chip_audit);
  if (rows.empty()) return rows;
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "run file");
  Hid group = open_table_group(file.get(), "chip_audit", path);
  const hid_t g = group.get();
  const std::uint64_t n = rows.size();
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  read_column<double>(g, "t", 0, t);
  read_column<std::uint32_t>(g, "device", 0, device);
  const auto text = [&](std::size_t col) { return read_text_column(g, kChipAuditColumns[col].name, 0, n); };
  auto chip = text(chip_audit_col::chip), actor = text(chip_audit_col::actor), action = text(chip_audit_col::action),
       from = text(chip_audit_col::from), to = text(chip_audit_col::to), detail = text(chip_audit_col::detail);
  for (std::uint64_t i = 0; i < n; ++i)
    rows[i] = {t[i], device[i], std::move(chip[i]), std::move(actor[i]), std::move(action[i]),
               std::move(from[i]), std::move(to[i]), std::move(detail[i])};
  return rows;
}

}  // namespace twinsim
