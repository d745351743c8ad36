#pragma once
// A run file's tables as the analysis reads them (docs/RUN-FILE.md): the
// root attributes, /events (time and kind), /devices, every
// /platforms/<name>, /expectations, and /campaign_progress and /wear when
// the run has them, with the scenario's names of its populations and
// campaigns.
#include <hdf5.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinsim/recorder/run_file.hpp"

namespace twinanalysis {

// A file the analysis cannot use: missing, not a run file, damaged, or a
// scenario it cannot read. The message starts with the path.
struct AnalysisError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// The names a run file's scenario gives (general.name, its populations and
// campaigns, in the scenario's order).
struct ScenarioNames {
  std::string scenario;
  std::vector<std::string> populations;
  std::vector<std::string> campaigns;
};
// Parses the scenario text of the run file `path`; throws AnalysisError.
ScenarioNames scenario_names(const std::string& scenario_text, const std::string& path);

// Rows [first, first + n) of /devices, the table group `devices`; throws
// twinsim::RunFileError.
std::vector<twinsim::DeviceRow> read_device_rows(hid_t devices, std::uint64_t first, std::uint64_t n);
// The rows of /expectations of the open run file `root` (`path` for
// messages); throws twinsim::RunFileError.
std::vector<twinsim::ExpectationRow> read_expectation_rows(hid_t root, const std::string& path);

struct RunTables {
  std::string path;
  twinsim::RunFileSummary summary;
  std::string scenario_name;                  // general.name
  std::vector<std::string> population_names;  // the scenario's populations
  std::vector<std::string> campaign_names;    // the scenario's campaigns
  std::vector<std::string> kind_names;        // /events/kind's attribute kinds (index = value)
  std::vector<double> event_t;                // /events/t
  std::vector<std::uint8_t> event_kind;       // /events/kind
  std::vector<twinsim::DeviceRow> devices;
  std::map<std::string, std::vector<twinsim::PlatformSample>> platforms;
  std::vector<twinsim::ExpectationRow> expectations;
  std::vector<twinsim::CampaignProgressRow> progress;
  std::vector<twinsim::WearRow> wear;
};

// Reads and checks `path` (twinsim::read_run_file_summary's checks, then
// each table's rows); throws AnalysisError.
RunTables read_run_tables(const std::string& path);

}  // namespace twinanalysis
