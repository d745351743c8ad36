// RunFile: creates the run file, routes rows to its tables, writes the
// closing attributes. Tables and compression are in table.cpp and
// chunk_pipeline.cpp; reading is in run_file_summary.cpp.
#include "twinsim/recorder/run_file.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>
#include <set>

#include "twinsim/recorder/hdf5_attributes.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file_schema.hpp"
#include "twinsim/recorder/table.hpp"

namespace twinsim {

using namespace recorder;

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The enum type of /events/kind: value i is named event_kinds[i].
Hid kind_type(const std::string& path, const std::vector<std::string>& event_kinds) {
  if (event_kinds.empty() || event_kinds.size() > 256)
    throw RunFileError(path + ": " + std::to_string(event_kinds.size()) + " event kinds; /events/kind holds 1 to 256");
  std::set<std::string_view> seen;
  for (const std::string& k : event_kinds)
    if (k.empty() || !seen.insert(k).second)
      throw RunFileError(path + ": event kind names must be unique and not empty (\"" + k + "\")");
  Hid type(H5Tenum_create(H5T_STD_U8LE));
  for (std::size_t i = 0; i < event_kinds.size(); ++i) {
    const auto value = static_cast<std::uint8_t>(i);
    if (H5Tenum_insert(type.get(), event_kinds[i].c_str(), &value) < 0)
      throw RunFileError(path + ": cannot make an HDF5 enum of the event kind \"" + event_kinds[i] + "\"");
  }
  return type;
}

}  // namespace

struct RunFile::Impl {
  Impl(const std::string& path, const RunMetadata& meta, const std::vector<std::string>& event_kinds)
      : path(path),
        started(std::chrono::steady_clock::now()),
        kinds(kind_type(path, event_kinds)),
        kind_count(event_kinds.size()),
        file(create_hdf5_file(path, "run file")),
        pipeline(path, kDeflateLevel, ChunkPipeline::default_workers()) {
    const hid_t root = file.get();
    write_attribute(root, "schema_version", std::int32_t{kRunFileSchemaVersion});
    write_attribute(root, "esimtwin_version", meta.esimtwin_version);
    write_attribute(root, "scenario", meta.scenario_text);
    write_attribute(root, "scenario_file", meta.scenario_file);
    write_attribute(root, "seed", meta.seed);
    write_attribute(root, "stop_s", meta.stop_s);
    write_attribute(root, "created_utc", utc_now());
    if (!meta.resumed_from.empty()) {
      write_attribute(root, "resumed_from", meta.resumed_from);
      write_attribute(root, "resumed_at_s", meta.resumed_at_s);
    }
    events.emplace(root, "events", kEventsTable, kinds.get(), pipeline);
    write_attribute(events->dataset(event_col::kind), "kinds", event_kinds);
    devices.emplace(root, "devices", kDevicesTable, kinds.get(), pipeline);
    platforms_group = create_group(root, "platforms");
    apdu.emplace(root, "apdu", kApduTable, kinds.get(), pipeline);
    expectations.emplace(root, "expectations", kExpectationsTable, kinds.get(), pipeline);
  }

  void require_open() const {
    if (closed) throw RunFileError(path + ": the run file is closed");
  }

  [[noreturn]] void bad_kind(std::uint8_t kind) const {
    require_open();
    throw RunFileError(path + ": event kind " + std::to_string(kind) + " is not one of the " +
                       std::to_string(kind_count) + " kinds");
  }

  ColumnTable& platform(const std::string& name) {
    auto it = platforms.find(name);
    if (it != platforms.end()) return *it->second;
    if (name.empty() || name == "." || name.find('/') != std::string::npos)
      throw RunFileError(path + ": platform name \"" + name + "\" cannot be an HDF5 group name");
    // Write everything pending first: the HDF5 calls then come in the same
    // order whatever the worker threads' timing, and so do the file's bytes.
    QuietHdf5Errors quiet;
    pipeline.finish();
    auto table =
        std::make_unique<ColumnTable>(platforms_group.get(), name.c_str(), kPlatformTable, kinds.get(), pipeline);
    return *platforms.emplace(name, std::move(table)).first->second;
  }

  // A table made at its first row (`table` empty until then). As
  // platform(): everything pending first, for the same order of HDF5 calls.
  ColumnTable& table_at_first_row(std::optional<ColumnTable>& table, const char* name, const TableSpec& spec) {
    if (table) return *table;
    QuietHdf5Errors quiet;
    pipeline.finish();
    return table.emplace(file.get(), name, spec, kinds.get(), pipeline);
  }
  ColumnTable& chip_audit_table() { return table_at_first_row(chip_audit, "chip_audit", kChipAuditTable); }
  ColumnTable& campaign_progress_table() {
    return table_at_first_row(campaign_progress, "campaign_progress", kCampaignProgressTable);
  }
  ColumnTable& wear_table() { return table_at_first_row(wear, "wear", kWearTable); }
  ColumnTable& checkpoints_table() { return table_at_first_row(checkpoint_rows, "checkpoints", kCheckpointsTable); }

  void close(double wall_seconds, bool interrupted) {
    closed = true;
    QuietHdf5Errors quiet;
    events->flush();
    devices->flush();
    for (auto& [name, table] : platforms) table->flush();
    apdu->flush();
    expectations->flush();
    if (chip_audit) chip_audit->flush();
    if (campaign_progress) campaign_progress->flush();
    if (wear) wear->flush();
    if (checkpoint_rows) checkpoint_rows->flush();
    pipeline.finish();
    const hid_t root = file.get();
    write_attribute(root, "wall_seconds", wall_seconds);
    write_attribute(root, "interrupted", std::uint8_t{interrupted});
    events->close();
    devices->close();
    for (auto& [name, table] : platforms) table->close();
    apdu->close();
    expectations->close();
    if (chip_audit) chip_audit->close();
    if (campaign_progress) campaign_progress->close();
    if (wear) wear->close();
    if (checkpoint_rows) checkpoint_rows->close();
    if (!platforms_group.close() || !kinds.close() || !file.close())
      throw RunFileError(path + ": cannot close the run file");
  }

  std::string path;
  std::chrono::steady_clock::time_point started;
  bool closed = false;
  std::uint64_t event_count = 0;
  std::uint64_t checkpoints = 0;
  // Declaration order is destruction order reversed: the pipeline (and its
  // threads and unwritten jobs) goes first, the file last.
  Hid kinds;  // checked before the file is created
  std::size_t kind_count;
  Hid file;
  Hid platforms_group;
  std::optional<ColumnTable> events, devices, apdu, expectations, chip_audit, campaign_progress, wear, checkpoint_rows;
  std::map<std::string, std::unique_ptr<ColumnTable>, std::less<>> platforms;
  ChunkPipeline pipeline;
};

RunFile::RunFile(const std::string& path, const RunMetadata& meta, const std::vector<std::string>& event_kinds) {
  QuietHdf5Errors quiet;
  impl_ = std::make_unique<Impl>(path, meta, event_kinds);
}

RunFile::~RunFile() {
  if (!impl_ || impl_->closed) return;
  try {
    // Not closed by the engine (an exception unwound past it): record the
    // run as interrupted, with the wall time so far.
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - impl_->started;
    impl_->close(wall.count(), true);
  } catch (...) {
    // Nothing to report from a destructor; the members close what is open.
  }
}

void RunFile::add_event(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value) {
  Impl& f = *impl_;
  if (kind >= f.kind_count || f.closed) [[unlikely]]
    f.bad_kind(kind);
  ColumnTable& e = *f.events;
  e.set(event_col::t, t);
  e.set(event_col::device, device);
  e.set(event_col::kind, kind);
  e.set(event_col::value, value);
  e.end_row();
  ++f.event_count;
}

void RunFile::add_device(const DeviceRow& row) {
  impl_->require_open();
  ColumnTable& d = *impl_->devices;
  d.set(device_col::device, row.device);
  d.set(device_col::population, row.population);
  d.set(device_col::attached, std::uint8_t{row.attached != 0});
  d.set(device_col::attaches, row.attaches);
  d.set(device_col::auth_failures, row.auth_failures);
  d.set(device_col::sync_failures, row.sync_failures);
  d.set(device_col::nvm_programs, row.nvm_programs);
  d.set(device_col::max_erase_count, row.max_erase_count);
  d.set(device_col::state_bytes, row.state_bytes);
  d.end_row();
}

void RunFile::add_platform_sample(const std::string& platform, const PlatformSample& s) {
  impl_->require_open();
  ColumnTable& p = impl_->platform(platform);
  p.set(platform_col::t, s.t);
  p.set(platform_col::queue, s.queue);
  p.set(platform_col::served, s.served);
  p.set(platform_col::rejected, s.rejected);
  p.set(platform_col::busy, s.busy);
  p.end_row();
}

void RunFile::add_apdu(double t, std::uint32_t device, std::uint8_t direction, const std::vector<std::uint8_t>& bytes) {
  impl_->require_open();
  ColumnTable& a = *impl_->apdu;
  a.set(apdu_col::t, t);
  a.set(apdu_col::device, device);
  a.set(apdu_col::direction, direction);
  a.set_bytes(apdu_col::bytes, bytes);
  a.end_row();
}

void RunFile::add_expectation(const ExpectationRow& row) {
  impl_->require_open();
  ColumnTable& x = *impl_->expectations;
  x.set_text(expectation_col::metric, row.metric);
  x.set_text(expectation_col::op, row.op);
  x.set(expectation_col::target, row.target);
  x.set(expectation_col::value, row.value);
  x.set(expectation_col::passed, std::uint8_t{row.passed});
  x.end_row();
}

void RunFile::begin_chip_audit() {
  impl_->require_open();
  impl_->chip_audit_table();
}

void RunFile::add_chip_audit(const ChipAuditRow& row) {
  impl_->require_open();
  ColumnTable& c = impl_->chip_audit_table();
  c.set(chip_audit_col::t, row.t);
  c.set(chip_audit_col::device, row.device);
  c.set_text(chip_audit_col::chip, row.chip);
  c.set_text(chip_audit_col::actor, row.actor);
  c.set_text(chip_audit_col::action, row.action);
  c.set_text(chip_audit_col::from, row.from);
  c.set_text(chip_audit_col::to, row.to);
  c.set_text(chip_audit_col::detail, row.detail);
  c.end_row();
}

void RunFile::add_campaign_progress(const CampaignProgressRow& row) {
  impl_->require_open();
  ColumnTable& c = impl_->campaign_progress_table();
  c.set(progress_col::t, row.t);
  c.set(progress_col::campaign, row.campaign);
  c.set(progress_col::released, row.released);
  c.set(progress_col::attempts, row.attempts);
  c.set(progress_col::delivered, row.delivered);
  c.set(progress_col::expired, row.expired);
  c.set(progress_col::sms_failed, row.sms_failed);
  c.set(progress_col::retries, row.retries);
  c.set(progress_col::done, row.done);
  c.set(progress_col::failed, row.failed);
  c.end_row();
}

void RunFile::add_wear(const WearRow& row) {
  impl_->require_open();
  ColumnTable& c = impl_->wear_table();
  c.set(wear_col::device, row.device);
  c.set(wear_col::population, row.population);
  c.set(wear_col::programs, row.programs);
  c.set(wear_col::worn_s, row.worn_s);
  c.set(wear_col::too_hot_s, row.too_hot_s);
  c.set(wear_col::charge_lost_s, row.charge_lost_s);
  c.set(wear_col::lost_page, row.lost_page);
  c.set(wear_col::failed_s, row.failed_s);
  c.end_row();
}

void RunFile::note_checkpoint(const std::string& file, double clock_s, double requested_s) {
  impl_->require_open();
  ColumnTable& c = impl_->checkpoints_table();
  c.set(checkpoint_col::t, clock_s);
  c.set(checkpoint_col::requested_s, requested_s);
  c.set(checkpoint_col::events, impl_->events->rows());
  c.set(checkpoint_col::apdus, impl_->apdu->rows());
  c.set_text(checkpoint_col::file, file);
  c.end_row();
  QuietHdf5Errors quiet;
  const hid_t root = impl_->file.get();
  ++impl_->checkpoints;
  // The latest checkpoint replaces the attributes of the one before.
  for (const char* name : {"checkpoint_file", "checkpoint_s", "checkpoint_events", "checkpoint_apdus", "checkpoints"}) {
    if (has_attribute(root, name) && H5Adelete(root, name) < 0) fail(root, std::string("cannot replace the attribute ") + name);
  }
  write_attribute(root, "checkpoint_file", file);
  write_attribute(root, "checkpoint_s", clock_s);
  // Rows are in the order they were recorded, which is not strictly time
  // order (a step is recorded at its own time when its window is handled):
  // these say which rows came before the checkpoint.
  write_attribute(root, "checkpoint_events", impl_->events->rows());
  write_attribute(root, "checkpoint_apdus", impl_->apdu->rows());
  write_attribute(root, "checkpoints", impl_->checkpoints);
}

std::uint64_t RunFile::events_written() const { return impl_->event_count; }

void RunFile::close(double wall_seconds, bool interrupted) {
  if (impl_->closed) return;
  impl_->close(wall_seconds, interrupted);
}

}  // namespace twinsim
