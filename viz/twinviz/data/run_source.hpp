#pragma once
// An open run file as the viewer reads it (docs/RUN-FILE.md): its summary,
// the scenario's names, the event kinds' names, and its tables' groups,
// read a chunk of rows at a time so that a run of millions of devices is
// never in memory whole (docs/VIEWER.md, "Large runs").
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "twinanalysis/run_tables.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace twinviz {

// A file the viewer cannot show: missing, not a run file, damaged. The
// message starts with the path.
struct ViewError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Calls f with HDF5's error stack kept quiet; the recorder's RunFileError
// (a damaged table) comes out as ViewError.
template <class F>
decltype(auto) reading_file(F&& f) {
  try {
    twinsim::recorder::QuietHdf5Errors quiet;
    return f();
  } catch (const twinsim::RunFileError& e) {
    throw ViewError(e.what());
  }
}

// Rows read at a time: the run file's chunk of /events and /devices
// (docs/RUN-FILE.md, "Storage"), so that each read inflates whole chunks.
inline constexpr std::uint64_t kChunkRows = 65536;

// Calls f(first, count) for consecutive ranges of at most kChunkRows rows
// covering [0, rows).
void for_each_chunk(std::uint64_t rows, const std::function<void(std::uint64_t, std::uint64_t)>& f);

class RunSource {
 public:
  // Opens and checks `path` (twinsim::read_run_file_summary's checks);
  // throws ViewError.
  explicit RunSource(const std::string& path);

  const std::string& path() const { return path_; }
  const twinsim::RunFileSummary& summary() const { return summary_; }
  const twinanalysis::ScenarioNames& names() const { return names_; }
  // /events/kind's attribute kinds: the name of each value.
  const std::vector<std::string>& kind_names() const { return kind_names_; }
  // The value of the kind `name`; -1 when this file's version has none.
  int kind(std::string_view name) const;
  std::string kind_name(std::uint8_t kind) const;
  std::string population_name(std::uint16_t population) const;
  std::string campaign_name(std::uint16_t campaign) const;

  // The table group `name` ("events", "platforms/hss"); throws ViewError.
  twinsim::recorder::Hid table(const std::string& name) const;
  // The open file (the root group).
  hid_t file() const { return file_.get(); }

 private:
  std::string path_;
  twinsim::RunFileSummary summary_;
  twinanalysis::ScenarioNames names_;
  std::vector<std::string> kind_names_;
  twinsim::recorder::Hid file_;
};

}  // namespace twinviz
