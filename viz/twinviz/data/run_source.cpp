#include "twinviz/data/run_source.hpp"

#include <hdf5.h>

#include <algorithm>

#include "twinsim/recorder/hdf5_attributes.hpp"

namespace twinviz {

using twinsim::recorder::Hid;

void for_each_chunk(std::uint64_t rows, const std::function<void(std::uint64_t, std::uint64_t)>& f) {
  for (std::uint64_t first = 0; first < rows; first += kChunkRows) f(first, std::min(kChunkRows, rows - first));
}

RunSource::RunSource(const std::string& path) : path_(path) {
  try {
    summary_ = twinsim::read_run_file_summary(path);
    twinsim::recorder::QuietHdf5Errors quiet;
    file_ = twinsim::recorder::open_hdf5_for_reading(path, "run file");
    Hid events = twinsim::recorder::open_table_group(file_.get(), "events", path);
    Hid kind(H5Dopen2(events.get(), "kind", H5P_DEFAULT));
    if (!kind.valid()) throw twinsim::RunFileError(path + ": /events has no column kind");
    kind_names_ = twinsim::recorder::read_string_array_attribute(kind.get(), "kinds");
    names_ = twinanalysis::scenario_names(summary_.scenario_text, path);
  } catch (const twinsim::RunFileError& e) {
    throw ViewError(e.what());
  } catch (const twinanalysis::AnalysisError& e) {
    throw ViewError(e.what());
  }
}

int RunSource::kind(std::string_view name) const {
  const auto it = std::find(kind_names_.begin(), kind_names_.end(), name);
  return it == kind_names_.end() ? -1 : static_cast<int>(it - kind_names_.begin());
}

std::string RunSource::kind_name(std::uint8_t kind) const {
  return kind < kind_names_.size() ? kind_names_[kind] : "kind " + std::to_string(kind);
}

std::string RunSource::population_name(std::uint16_t population) const {
  return population < names_.populations.size() ? names_.populations[population]
                                                : "population " + std::to_string(population);
}

std::string RunSource::campaign_name(std::uint16_t campaign) const {
  return campaign < names_.campaigns.size() ? names_.campaigns[campaign] : "campaign " + std::to_string(campaign);
}

Hid RunSource::table(const std::string& name) const {
  return reading_file([&] { return twinsim::recorder::open_table_group(file_.get(), name, path_); });
}

}  // namespace twinviz
