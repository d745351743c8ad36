// read_run_file_summary: opens a run file read-only and checks that it is
// one this esimtwin can read, with a message for each way it may not be.
#include "twinsim/recorder/hdf5_attributes.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/recorder/run_file_schema.hpp"

namespace twinsim {

using namespace recorder;

namespace {

// Checks that table `name` under `parent` has the columns of `spec`, 1-D and
// of equal length; returns that length.
std::uint64_t check_table(const std::string& path, hid_t parent, const std::string& name, const TableSpec& spec) {
  const std::string parent_path = object_path(parent);
  const std::string where = (parent_path == "/" ? "" : parent_path) + "/" + name;
  if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0)
    throw RunFileError(path + ": not a complete esimtwin run file (no " + where + ")");
  Hid group(H5Gopen2(parent, name.c_str(), H5P_DEFAULT));
  if (!group.valid()) throw RunFileError(path + ": " + where + " is not a group");

  std::vector<hsize_t> lengths;
  for (const ColumnSpec& col : spec.columns) {
    if (H5Lexists(group.get(), col.name, H5P_DEFAULT) <= 0)
      throw RunFileError(path + ": " + where + " has no column " + col.name);
    Hid ds(H5Dopen2(group.get(), col.name, H5P_DEFAULT));
    Hid space(ds.valid() ? H5Dget_space(ds.get()) : H5I_INVALID_HID);
    hsize_t n = 0;
    if (!space.valid() || H5Sget_simple_extent_ndims(space.get()) != 1 ||
        H5Sget_simple_extent_dims(space.get(), &n, nullptr) < 0)
      throw RunFileError(path + ": " + where + "/" + col.name + " is not a 1-D dataset");
    lengths.push_back(n);
  }
  for (hsize_t n : lengths) {
    if (n == lengths.front()) continue;
    std::string list;
    for (std::size_t i = 0; i < lengths.size(); ++i)
      list += (i ? ", " : "") + std::string(spec.columns[i].name) + " " + std::to_string(lengths[i]);
    throw RunFileError(path + ": columns of " + where + " have unequal lengths (" + list + ")");
  }
  return lengths.front();
}

}  // namespace

RunFileSummary read_run_file_summary(const std::string& path) {
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "run file");
  const hid_t root = file.get();
  if (!has_attribute(root, "schema_version"))
    throw RunFileError(path + ": not an esimtwin run file (no schema_version attribute)");

  RunFileSummary s;
  const std::int64_t version = read_int_attribute(root, "schema_version");
  if (version > kRunFileSchemaVersion)
    throw RunFileError(path + ": schema version " + std::to_string(version) + " is newer than this esimtwin (" +
                       std::to_string(kRunFileSchemaVersion) + ")");
  if (version < 1) throw RunFileError(path + ": schema version " + std::to_string(version) + " is not valid");
  s.schema_version = static_cast<int>(version);
  s.seed = read_uint_attribute(root, "seed");
  s.scenario_text = read_string_attribute(root, "scenario");
  s.esimtwin_version = read_string_attribute(root, "esimtwin_version");
  s.interrupted = read_int_attribute(root, "interrupted") != 0;
  s.stop_s = read_double_attribute(root, "stop_s");

  s.events = check_table(path, root, "events", kEventsTable);
  s.devices = check_table(path, root, "devices", kDevicesTable);
  s.apdus = check_table(path, root, "apdu", kApduTable);
  check_table(path, root, "expectations", kExpectationsTable);
  if (H5Lexists(root, "chip_audit", H5P_DEFAULT) > 0) s.chip_audit = check_table(path, root, "chip_audit", kChipAuditTable);
  if (H5Lexists(root, "campaign_progress", H5P_DEFAULT) > 0)
    s.campaign_progress = check_table(path, root, "campaign_progress", kCampaignProgressTable);
  if (H5Lexists(root, "wear", H5P_DEFAULT) > 0) s.wear = check_table(path, root, "wear", kWearTable);
  if (H5Lexists(root, "checkpoints", H5P_DEFAULT) > 0)
    s.checkpoints = check_table(path, root, "checkpoints", kCheckpointsTable);
  if (H5Lexists(root, "platforms", H5P_DEFAULT) <= 0)
    throw RunFileError(path + ": not a complete esimtwin run file (no /platforms)");
  Hid platforms(H5Gopen2(root, "platforms", H5P_DEFAULT));
  if (!platforms.valid()) throw RunFileError(path + ": /platforms is not a group");
  for (std::string& name : child_names(platforms.get())) {
    check_table(path, platforms.get(), name, kPlatformTable);
    s.platforms.push_back(std::move(name));
  }
  return s;
}

}  // namespace twinsim
