#pragma once
// A run file's tables as the analysis reads them (docs/RUN-FILE.md): the
// root attributes, /events (time and kind), /devices, every
// /platforms/<name>, /expectations, and /campaign_progress and /wear when
// the run has them, with the scenario's names of its populations and
// campaigns.
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
