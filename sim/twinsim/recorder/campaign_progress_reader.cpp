// read_campaign_progress: the write-card campaigns' completion table from a
// run file's /campaign_progress (docs/RUN-FILE.md).
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/recorder/run_file_schema.hpp"

namespace twinsim {

using namespace recorder;

std::vector<CampaignProgressRow> read_campaign_progress(const std::string& path) {
  const RunFileSummary summary = read_run_file_summary(path);  // a run file, its tables whole
  std::vector<CampaignProgressRow> rows(summary.campaign_progress);
  if (rows.empty()) return rows;
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "run file");
  Hid group = open_table_group(file.get(), "campaign_progress", path);
  const hid_t g = group.get();
  const std::uint64_t n = rows.size();
  std::vector<double> t(n);
  std::vector<std::uint16_t> campaign(n);
  read_column<double>(g, "t", 0, t);
  read_column<std::uint16_t>(g, "campaign", 0, campaign);
  constexpr std::size_t first = progress_col::released, columns = progress_col::failed - first + 1;
  std::vector<std::uint64_t> counts[columns];
  for (std::size_t k = 0; k < columns; ++k) {
    counts[k].resize(n);
    read_column<std::uint64_t>(g, kCampaignProgressColumns[first + k].name, 0, counts[k]);
  }
  for (std::uint64_t i = 0; i < n; ++i)
    rows[i] = {t[i],         campaign[i],  counts[0][i], counts[1][i], counts[2][i],
               counts[3][i], counts[4][i], counts[5][i], counts[6][i], counts[7][i]};
  return rows;
}

}  // namespace twinsim
