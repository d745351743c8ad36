#pragma once
// The run file: one HDF5 file per run (HDF5 C API). Layout, schema version 1:
//
//   /                      attributes: schema_version (int), esimtwin_version,
//                          scenario (text), scenario_file, seed (uint64),
//                          stop_s, created_utc and wall_seconds (wall clock:
//                          the only values that differ between two runs of
//                          the same scenario and seed), interrupted (0/1);
//                          resumed_from, resumed_at_s (a resumed run) and
//                          checkpoint_file, checkpoint_s, checkpoint_events,
//                          checkpoint_apdus, checkpoints (checkpoints taken:
//                          the last one's time and the rows of /events and
//                          /apdu recorded before it; how many)
//   /events/{t,device,kind,value}          one row per device event
//   /devices/{device,population,attached,attaches,auth_failures,
//             sync_failures,nvm_programs,max_erase_count,state_bytes}
//   /platforms/<name>/{t,queue,served,rejected,busy}   time series
//   /apdu/{t,device,direction,bytes}       APDU trace of selected devices
//   /expectations/{metric,op,target,value,passed}
//   /chip_audit/{t,device,chip,actor,action,from,to,detail}   only with
//                          chip management: its audit trail, in time order
//   /campaign_progress/{t,campaign,released,attempts,delivered,expired,sms_failed,
//                       retries,done,failed}   only with write-card
//                          campaigns: cumulative counts a minute apart
//   /wear/{device,population,programs,worn_s,too_hot_s,charge_lost_s,
//          lost_page,failed_s}   only with a population with a temperature:
//                          a row per device of those populations
//   /checkpoints/{t,requested_s,events,apdus,file}   only in a run that
//                          wrote a checkpoint: a row per checkpoint
//
// Each table is a group of 1-D column datasets of equal length: chunked,
// deflate-compressed (with shuffle), extendible, each with a "units"
// attribute (and the event kinds both as the HDF5 enum type of /events/kind
// and as its string-array attribute "kinds"), sharing one dimension scale per
// table so h5py, pandas and xarray read them directly. Rows are buffered in
// memory and written a chunk at a time. Details: docs/RUN-FILE.md.
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace twinsim {

// A run file that cannot be written or read (not HDF5, truncated, another
// schema). The message names the file and what is wrong.
struct RunFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr int kRunFileSchemaVersion = 1;

struct RunMetadata {
  std::string esimtwin_version;
  std::string scenario_text;
  std::string scenario_file;
  std::uint64_t seed = 0;
  double stop_s = 0;
  std::string resumed_from;  // the checkpoint a resumed run continues; empty otherwise
  double resumed_at_s = 0;   // its simulated time: the file holds what follows it
};

struct DeviceRow {
  std::uint32_t device = 0;
  std::uint16_t population = 0;
  std::uint8_t attached = 0;
  std::uint32_t attaches = 0;
  std::uint32_t auth_failures = 0;
  std::uint32_t sync_failures = 0;
  std::uint64_t nvm_programs = 0;
  std::uint32_t max_erase_count = 0;
  std::uint32_t state_bytes = 0;
};

struct PlatformSample {
  double t = 0;              // s
  std::uint64_t queue = 0;   // requests waiting
  std::uint64_t served = 0;  // requests served since the previous sample
  std::uint64_t rejected = 0;
  double busy = 0;           // fraction of the cores busy since the previous sample
};

// One step of a chip's audit trail (the chip management platform).
struct ChipAuditRow {
  double t = 0;  // s
  std::uint32_t device = 0;
  std::string chip;
  std::string actor;   // "Operator:cmcc"
  std::string action;  // "Activate"
  std::string from;    // empty for the chip's first step
  std::string to;
  std::string detail;
};

// One APDU of a traced device (/apdu).
struct ApduRow {
  double t = 0;  // s
  std::uint32_t device = 0;
  std::uint8_t direction = 0;  // 0 = command (terminal to card), 1 = response
  std::vector<std::uint8_t> bytes;
};

// One row of /campaign_progress: a write-card campaign's cumulative counts
// at the end of a one-minute bin.
struct CampaignProgressRow {
  double t = 0;  // s
  std::uint16_t campaign = 0;
  std::uint64_t released = 0, attempts = 0, delivered = 0, expired = 0, sms_failed = 0, retries = 0, done = 0, failed = 0;
};

// One row of /wear: a device's card in a population with a temperature.
struct WearRow {
  std::uint32_t device = 0;
  std::uint16_t population = 0;
  std::uint64_t programs = 0;
  double worn_s = 0, too_hot_s = 0, charge_lost_s = 0;  // NaN: never
  std::uint32_t lost_page = 0;
  double failed_s = 0;
};

struct ExpectationRow {
  std::string metric;
  std::string op;
  double target = 0;  // the right-hand side's value in this run
  double value = 0;
  bool passed = false;
  // The right-hand side as written when it names a metric ("0.99 * devices";
  // empty for a number alone); printed, not in the file.
  std::string rhs;
};

class RunFile {
 public:
  // Creates (truncates) `path` and writes the metadata attributes. `event_kinds`
  // names the values of /events/kind (index = value). Throws RunFileError.
  RunFile(const std::string& path, const RunMetadata& meta, const std::vector<std::string>& event_kinds);
  // Closes (flushing) if close() was not called, recording the run as
  // interrupted with the wall time since construction; never throws.
  ~RunFile();
  RunFile(const RunFile&) = delete;
  RunFile& operator=(const RunFile&) = delete;

  void add_event(double t, std::uint32_t device, std::uint8_t kind, std::int64_t value);
  void add_device(const DeviceRow& row);
  void add_platform_sample(const std::string& platform, const PlatformSample& s);
  // direction: 0 = command (terminal to card), 1 = response.
  void add_apdu(double t, std::uint32_t device, std::uint8_t direction, const std::vector<std::uint8_t>& bytes);
  void add_expectation(const ExpectationRow& row);
  // Creates /chip_audit (a run with chip management has it, with or
  // without rows); add_chip_audit() creates it too, at its first row.
  // Rows in time order.
  void begin_chip_audit();
  void add_chip_audit(const ChipAuditRow& row);
  // Creates /campaign_progress at its first row (runs with write-card
  // campaigns). Rows in time order.
  void add_campaign_progress(const CampaignProgressRow& row);
  // Creates /wear at its first row (runs with a population with a
  // temperature). Rows in device order.
  void add_wear(const WearRow& row);

  // Records that a checkpoint of this run, asked for at requested_s, was
  // written at simulated time clock_s: a row of /checkpoints (created at
  // the first), and the root's checkpoint_* attributes (replacing what an
  // earlier one recorded there).
  void note_checkpoint(const std::string& file, double clock_s, double requested_s);

  // Events added so far (stored or still buffered).
  std::uint64_t events_written() const;

  // Writes the buffered rows, the wall-clock attributes and `interrupted`,
  // and closes the file. Further calls do nothing; adding rows afterwards
  // throws RunFileError.
  void close(double wall_seconds, bool interrupted);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens a run file for reading and checks it is one (schema_version present
// and supported, the tables present with columns of equal length). Throws
// RunFileError with a clear message otherwise. Used by `esimtwin report` /
// `view` and by tests.
struct RunFileSummary {
  int schema_version = 0;
  std::uint64_t seed = 0;
  std::string scenario_text;
  std::string esimtwin_version;
  bool interrupted = false;
  double stop_s = 0;  // the simulated stop time
  std::uint64_t events = 0;
  std::uint64_t devices = 0;
  std::uint64_t apdus = 0;
  std::uint64_t chip_audit = 0;  // rows of /chip_audit; 0 without the table
  std::uint64_t campaign_progress = 0;  // rows of /campaign_progress; 0 without the table
  std::uint64_t wear = 0;  // rows of /wear; 0 without the table
  std::uint64_t checkpoints = 0;  // rows of /checkpoints; 0 without the table
  std::vector<std::string> platforms;
};
RunFileSummary read_run_file_summary(const std::string& path);

// The rows of /chip_audit (none when the run had no chip management; the
// file checked as read_run_file_summary() does). Throws RunFileError.
std::vector<ChipAuditRow> read_chip_audit(const std::string& path);

// The rows of /apdu, in time order (the file checked as
// read_run_file_summary() does). Throws RunFileError.
std::vector<ApduRow> read_apdu_trace(const std::string& path);

// The rows of /campaign_progress (none without write-card campaigns), the
// file checked as read_run_file_summary() does. Throws RunFileError.
std::vector<CampaignProgressRow> read_campaign_progress(const std::string& path);

// The rows of /wear, in device order (none when no population had a
// temperature), the file checked as read_run_file_summary() does. Throws
// RunFileError.
std::vector<WearRow> read_wear(const std::string& path);

}  // namespace twinsim
