#pragma once
// What the parts of a checkpoint file (checkpoint_file.cpp,
// modem_checkpoint.cpp) share: the writer of its groups and column tables,
// and the checked reading of them. Internal to twinsim/checkpoint.
#include <memory>
#include <string>
#include <vector>

#include "twinsim/checkpoint/checkpoint_file.hpp"
#include "twinsim/recorder/chunk_pipeline.hpp"
#include "twinsim/recorder/column_reader.hpp"
#include "twinsim/recorder/column_spec.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/table.hpp"

namespace twinsim::checkpoint {

using recorder::ColumnSpec;
using recorder::ColumnTable;
using recorder::Hid;
using recorder::TableSpec;

[[noreturn]] inline void bad(const std::string& path, const std::string& what) {
  throw CheckpointError(path + ": " + what);
}

// A checkpoint being written: groups and tables, all closed by close().
class Writer {
 public:
  explicit Writer(const std::string& path)
      : file_(recorder::create_hdf5_file(path, "checkpoint")),
        pipeline_(path, recorder::kDeflateLevel, recorder::ChunkPipeline::default_workers()) {}

  hid_t root() const { return file_.get(); }
  hid_t group(const std::string& path) {
    groups_.push_back(recorder::create_group(file_.get(), path.c_str()));
    return groups_.back().get();
  }
  ColumnTable& table(hid_t parent, const char* name, const TableSpec& spec) {
    tables_.push_back(std::make_unique<ColumnTable>(parent, name, spec, H5I_INVALID_HID, pipeline_));
    return *tables_.back();
  }
  void close() {
    for (auto& t : tables_) t->flush();
    pipeline_.finish();
    for (auto& t : tables_) t->close();
    for (auto it = groups_.rbegin(); it != groups_.rend(); ++it) it->close();
    const std::string name = recorder::file_name(file_.get());
    if (!file_.close()) throw CheckpointError(name + ": cannot close the checkpoint");
  }

 private:
  Hid file_;
  std::vector<Hid> groups_;
  std::vector<std::unique_ptr<ColumnTable>> tables_;
  recorder::ChunkPipeline pipeline_;  // declared last: destroyed first
};

inline Hid open_group(const std::string& path, hid_t parent, const std::string& name) {
  if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) bad(path, "not a complete checkpoint (no " + name + ")");
  Hid g(H5Gopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!g.valid()) bad(path, name + " is not a group");
  return g;
}

template <class T>
std::vector<T> read_all(hid_t group, const char* name, std::uint64_t first, std::uint64_t count) {
  std::vector<T> v(count);
  recorder::read_column<T>(group, name, first, v);
  return v;
}

// The rows of a table group, all its columns checked to have that many.
inline std::uint64_t table_rows(const std::string& path, hid_t group, const TableSpec& spec) {
  const std::uint64_t n = recorder::column_length(group, spec.columns[0].name);
  for (const ColumnSpec& c : spec.columns) {
    if (recorder::column_length(group, c.name) != n)
      bad(path, recorder::object_path(group) + ": columns of unequal length (" + spec.columns[0].name + " " +
                    std::to_string(n) + ", " + c.name + " " + std::to_string(recorder::column_length(group, c.name)) + ")");
  }
  return n;
}

}  // namespace twinsim::checkpoint
