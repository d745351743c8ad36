// The HDF5 run file: written rows read back through the HDF5 C API and h5py,
// its storage layout (chunks, filters, units, dimension scales), determinism,
// zero-row files, closing, and every kind of bad file the reader rejects.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "twinsim/recorder/chunk_pipeline.hpp"
#include "twinsim/recorder/hdf5_handle.hpp"
#include "twinsim/recorder/run_file.hpp"

namespace test_run_file {

namespace fs = std::filesystem;
using twinsim::RunFile;
using twinsim::RunFileError;
using twinsim::RunMetadata;
using twinsim::read_run_file_summary;
using twinsim::recorder::Hid;
using twinsim::recorder::QuietHdf5Errors;

const std::vector<std::string> kKinds = {"attach", "detach", "auth_failure"};

// Enough rows for a full chunk and a partial one in the tables with 64 Ki
// (events), 4 Ki (APDUs) and 256 (expectations) rows per chunk.
constexpr std::uint32_t kEvents = 70'000;
constexpr std::uint32_t kDevices = 1'000;
constexpr std::uint32_t kApdus = 5'000;
constexpr std::uint32_t kExpectations = 300;

RunMetadata sample_metadata() {
  RunMetadata m;
  m.esimtwin_version = "0.1.0-test";
  m.scenario_text = "name: fleet\npopulations:\n  - count: 1000\n";
  m.scenario_file = "fleet.yaml";
  m.seed = 0xFEEDFACECAFEBEEFull;
  m.stop_s = 86400;
  return m;
}

double event_t(std::uint32_t i) { return i * 0.001 + (i % 7) * 1e-6; }
std::uint32_t event_device(std::uint32_t i) { return (i * 7919u) % 100'000u; }
std::uint8_t event_kind(std::uint32_t i) { return static_cast<std::uint8_t>(i % 3); }
std::int64_t event_value(std::uint32_t i) { return static_cast<std::int64_t>(i) - 35'000; }

twinsim::DeviceRow device_row(std::uint32_t i) {
  return {i, static_cast<std::uint16_t>(i % 3), static_cast<std::uint8_t>(i % 2), i * 2, i % 5, i % 4,
          std::uint64_t{i} << 33, i % 1000, 3000 + i};
}

twinsim::PlatformSample platform_sample(int platform, std::uint32_t i) {
  return {i * 10.0, std::uint64_t{i} * (platform + 1), 100u + i, i % 2, 0.25 * platform + i * 0.01};
}

std::vector<std::uint8_t> apdu_bytes(std::uint32_t i) {
  std::vector<std::uint8_t> b(i % 7);  // includes empty sequences
  for (std::size_t k = 0; k < b.size(); ++k) b[k] = static_cast<std::uint8_t>(i + k);
  return b;
}

twinsim::ExpectationRow expectation_row(std::uint32_t i) {
  return {"metric_" + std::to_string(i), i % 2 ? "<=" : ">=", i * 1.5, i * 1.25, i % 3 != 0, ""};
}

// Writes the sample rows, interleaved as an engine would: platform tables
// appear after the first event chunk went out.
void write_sample(const fs::path& path, double wall_seconds = 2.5, bool interrupted = false) {
  RunFile f(path.string(), sample_metadata(), kKinds);
  for (std::uint32_t i = 0; i < kEvents; ++i) {
    f.add_event(event_t(i), event_device(i), event_kind(i), event_value(i));
    if (i % 1000 == 999) {
      f.add_platform_sample("hss", platform_sample(0, i / 1000));
      if (i > 66'000) f.add_platform_sample("smdp", platform_sample(1, i / 1000));
    }
  }
  for (std::uint32_t i = 0; i < kApdus; ++i)
    f.add_apdu(i * 0.5, i % 11, static_cast<std::uint8_t>(i % 2), apdu_bytes(i));
  for (std::uint32_t i = 0; i < kDevices; ++i) f.add_device(device_row(i));
  for (std::uint32_t i = 0; i < kExpectations; ++i) f.add_expectation(expectation_row(i));
  EXPECT_EQ(f.events_written(), kEvents);
  f.close(wall_seconds, interrupted);
}

class RunFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("esimtwin-run-file-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path file(const std::string& name) const { return dir_ / name; }

  fs::path dir_;
};

// --- C API read helpers -----------------------------------------------------

Hid open_readonly(const fs::path& path) {
  Hid f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  EXPECT_TRUE(f.valid()) << path;
  return f;
}

Hid open_dataset(hid_t file, const std::string& name) {
  Hid ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
  EXPECT_TRUE(ds.valid()) << name;
  return ds;
}

hsize_t length(hid_t ds) {
  Hid space(H5Dget_space(ds));
  hsize_t n = 0;
  EXPECT_EQ(H5Sget_simple_extent_ndims(space.get()), 1);
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  return n;
}

// Reads a fixed-size column in its native type (enums included: HDF5 does
// not convert an enum to a plain integer).
template <class T>
std::vector<T> read_column(hid_t file, const std::string& name) {
  Hid ds = open_dataset(file, name);
  Hid type(H5Dget_type(ds.get()));
  Hid native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND));
  EXPECT_EQ(H5Tget_size(native.get()), sizeof(T)) << name;
  std::vector<T> v(length(ds.get()));
  if (!v.empty()) {
    EXPECT_GE(H5Dread(ds.get(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0) << name;
  }
  return v;
}

std::vector<std::string> read_text_column(hid_t file, const std::string& name) {
  Hid ds = open_dataset(file, name);
  Hid mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), H5T_VARIABLE);
  H5Tset_cset(mem.get(), H5T_CSET_UTF8);
  std::vector<char*> ptrs(length(ds.get()));
  std::vector<std::string> out;
  if (ptrs.empty()) return out;
  EXPECT_GE(H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()), 0) << name;
  for (char* p : ptrs) out.emplace_back(p ? p : "");
  Hid space(H5Dget_space(ds.get()));
  H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
  return out;
}

std::vector<std::vector<std::uint8_t>> read_bytes_column(hid_t file, const std::string& name) {
  Hid ds = open_dataset(file, name);
  Hid mem(H5Tvlen_create(H5T_NATIVE_UINT8));
  std::vector<hvl_t> seqs(length(ds.get()));
  std::vector<std::vector<std::uint8_t>> out;
  if (seqs.empty()) return out;
  EXPECT_GE(H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, seqs.data()), 0) << name;
  for (const hvl_t& s : seqs) {
    const auto* p = static_cast<const std::uint8_t*>(s.p);
    out.emplace_back(p, p + s.len);
  }
  Hid space(H5Dget_space(ds.get()));
  H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, seqs.data());
  return out;
}

std::string string_attribute(hid_t object, const char* name) {
  Hid attr(H5Aopen(object, name, H5P_DEFAULT));
  EXPECT_TRUE(attr.valid()) << name;
  Hid mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), H5T_VARIABLE);
  H5Tset_cset(mem.get(), H5T_CSET_UTF8);
  char* p = nullptr;
  EXPECT_GE(H5Aread(attr.get(), mem.get(), &p), 0) << name;
  std::string s = p ? p : "";
  H5free_memory(p);
  return s;
}

template <class T>
T scalar_attribute(hid_t object, const char* name, hid_t mem_type) {
  Hid attr(H5Aopen(object, name, H5P_DEFAULT));
  EXPECT_TRUE(attr.valid()) << name;
  T v{};
  EXPECT_GE(H5Aread(attr.get(), mem_type, &v), 0) << name;
  return v;
}

struct TableColumns {
  std::string group;
  std::vector<std::string> columns;  // the dimension scale first
  hsize_t chunk_rows;
};

const std::vector<TableColumns>& sample_tables() {
  static const std::vector<TableColumns> tables = {
      {"/events", {"t", "device", "kind", "value"}, 65536},
      {"/devices",
       {"device", "population", "attached", "attaches", "auth_failures", "sync_failures", "nvm_programs",
        "max_erase_count", "state_bytes"},
       65536},
      {"/platforms/hss", {"t", "queue", "served", "rejected", "busy"}, 4096},
      {"/platforms/smdp", {"t", "queue", "served", "rejected", "busy"}, 4096},
      {"/apdu", {"t", "device", "direction", "bytes"}, 4096},
      {"/expectations", {"metric", "op", "target", "value", "passed"}, 256},
  };
  return tables;
}

// --- writing and reading back ------------------------------------------------

TEST_F(RunFileTest, EventsReadBackThroughTheCApi) {
  const fs::path path = file("run.h5");
  write_sample(path);
  Hid f = open_readonly(path);
  const auto t = read_column<double>(f.get(), "/events/t");
  const auto device = read_column<std::uint32_t>(f.get(), "/events/device");
  const auto kind = read_column<std::uint8_t>(f.get(), "/events/kind");
  const auto value = read_column<std::int64_t>(f.get(), "/events/value");
  ASSERT_EQ(t.size(), kEvents);
  ASSERT_EQ(device.size(), kEvents);
  ASSERT_EQ(kind.size(), kEvents);
  ASSERT_EQ(value.size(), kEvents);
  for (std::uint32_t i = 0; i < kEvents; ++i) {
    ASSERT_EQ(t[i], event_t(i)) << i;
    ASSERT_EQ(device[i], event_device(i)) << i;
    ASSERT_EQ(kind[i], event_kind(i)) << i;
    ASSERT_EQ(value[i], event_value(i)) << i;
  }
}

TEST_F(RunFileTest, DevicesPlatformsApdusAndExpectationsReadBack) {
  const fs::path path = file("run.h5");
  write_sample(path);
  Hid f = open_readonly(path);

  const auto dev = read_column<std::uint32_t>(f.get(), "/devices/device");
  const auto pop = read_column<std::uint16_t>(f.get(), "/devices/population");
  const auto attached = read_column<std::int8_t>(f.get(), "/devices/attached");
  const auto nvm = read_column<std::uint64_t>(f.get(), "/devices/nvm_programs");
  const auto state = read_column<std::uint32_t>(f.get(), "/devices/state_bytes");
  ASSERT_EQ(dev.size(), kDevices);
  for (std::uint32_t i = 0; i < kDevices; ++i) {
    const twinsim::DeviceRow r = device_row(i);
    ASSERT_EQ(dev[i], r.device);
    ASSERT_EQ(pop[i], r.population);
    ASSERT_EQ(attached[i], r.attached);
    ASSERT_EQ(nvm[i], r.nvm_programs);
    ASSERT_EQ(state[i], r.state_bytes);
  }
  EXPECT_EQ(read_column<std::uint32_t>(f.get(), "/devices/sync_failures")[7], 3u);

  const std::string platforms[] = {"hss", "smdp"};
  for (int p = 0; p < 2; ++p) {
    const std::string g = "/platforms/" + platforms[p];
    const auto t = read_column<double>(f.get(), g + "/t");
    const auto queue = read_column<std::uint64_t>(f.get(), g + "/queue");
    const auto rejected = read_column<std::uint64_t>(f.get(), g + "/rejected");
    const auto busy = read_column<double>(f.get(), g + "/busy");
    const std::uint32_t first = p == 0 ? 0 : 66;
    ASSERT_EQ(t.size(), kEvents / 1000 - first) << g;
    for (std::size_t k = 0; k < t.size(); ++k) {
      const twinsim::PlatformSample s = platform_sample(p, first + static_cast<std::uint32_t>(k));
      EXPECT_EQ(t[k], s.t);
      EXPECT_EQ(queue[k], s.queue);
      EXPECT_EQ(rejected[k], s.rejected);
      EXPECT_EQ(busy[k], s.busy);
    }
  }

  const auto at = read_column<double>(f.get(), "/apdu/t");
  const auto adir = read_column<std::uint8_t>(f.get(), "/apdu/direction");
  const auto abytes = read_bytes_column(f.get(), "/apdu/bytes");
  ASSERT_EQ(abytes.size(), kApdus);
  for (std::uint32_t i = 0; i < kApdus; ++i) {
    ASSERT_EQ(at[i], i * 0.5);
    ASSERT_EQ(adir[i], i % 2);
    ASSERT_EQ(abytes[i], apdu_bytes(i)) << i;
  }

  const auto metric = read_text_column(f.get(), "/expectations/metric");
  const auto op = read_text_column(f.get(), "/expectations/op");
  const auto target = read_column<double>(f.get(), "/expectations/target");
  const auto passed = read_column<std::int8_t>(f.get(), "/expectations/passed");
  ASSERT_EQ(metric.size(), kExpectations);
  for (std::uint32_t i = 0; i < kExpectations; ++i) {
    const twinsim::ExpectationRow r = expectation_row(i);
    ASSERT_EQ(metric[i], r.metric);
    ASSERT_EQ(op[i], r.op);
    ASSERT_EQ(target[i], r.target);
    ASSERT_EQ(passed[i], r.passed ? 1 : 0);
  }
}

TEST_F(RunFileTest, RootAttributesHoldTheMetadata) {
  const fs::path path = file("run.h5");
  write_sample(path, 12.75, false);
  Hid f = open_readonly(path);
  const hid_t root = f.get();
  EXPECT_EQ(scalar_attribute<int>(root, "schema_version", H5T_NATIVE_INT), twinsim::kRunFileSchemaVersion);
  EXPECT_EQ(string_attribute(root, "esimtwin_version"), "0.1.0-test");
  EXPECT_EQ(string_attribute(root, "scenario"), sample_metadata().scenario_text);
  EXPECT_EQ(string_attribute(root, "scenario_file"), "fleet.yaml");
  EXPECT_EQ(scalar_attribute<std::uint64_t>(root, "seed", H5T_NATIVE_UINT64), 0xFEEDFACECAFEBEEFull);
  EXPECT_EQ(scalar_attribute<double>(root, "stop_s", H5T_NATIVE_DOUBLE), 86400.0);
  EXPECT_EQ(scalar_attribute<double>(root, "wall_seconds", H5T_NATIVE_DOUBLE), 12.75);
  EXPECT_EQ(scalar_attribute<int>(root, "interrupted", H5T_NATIVE_INT), 0);
  const std::string created = string_attribute(root, "created_utc");
  ASSERT_EQ(created.size(), 20u) << created;  // 2024-05-01T12:00:00Z
  EXPECT_EQ(created[10], 'T');
  EXPECT_EQ(created.back(), 'Z');
}

TEST_F(RunFileTest, ColumnsAreChunkedCompressedExtendibleWithUnitsAndADimensionScale) {
  const fs::path path = file("run.h5");
  write_sample(path);
  Hid f = open_readonly(path);
  for (const TableColumns& table : sample_tables()) {
    Hid scale = open_dataset(f.get(), table.group + "/" + table.columns.front());
    EXPECT_GT(H5DSis_scale(scale.get()), 0) << table.group;
    for (const std::string& col : table.columns) {
      const std::string name = table.group + "/" + col;
      SCOPED_TRACE(name);
      Hid ds = open_dataset(f.get(), name);
      Hid dcpl(H5Dget_create_plist(ds.get()));
      ASSERT_EQ(H5Pget_layout(dcpl.get()), H5D_CHUNKED);
      hsize_t chunk = 0;
      ASSERT_EQ(H5Pget_chunk(dcpl.get(), 1, &chunk), 1);
      EXPECT_EQ(chunk, table.chunk_rows);
      ASSERT_EQ(H5Pget_nfilters(dcpl.get()), 2);
      unsigned flags = 0, cd[4] = {};
      std::size_t ncd = 4;
      EXPECT_EQ(H5Pget_filter2(dcpl.get(), 0, &flags, &ncd, cd, 0, nullptr, nullptr), H5Z_FILTER_SHUFFLE);
      ncd = 4;
      EXPECT_EQ(H5Pget_filter2(dcpl.get(), 1, &flags, &ncd, cd, 0, nullptr, nullptr), H5Z_FILTER_DEFLATE);
      EXPECT_EQ(cd[0], 4u);  // deflate level
      Hid space(H5Dget_space(ds.get()));
      hsize_t dims = 0, maxdims = 0;
      ASSERT_EQ(H5Sget_simple_extent_dims(space.get(), &dims, &maxdims), 1);
      EXPECT_EQ(maxdims, H5S_UNLIMITED);
      EXPECT_FALSE(string_attribute(ds.get(), "units").empty());
      EXPECT_FALSE(string_attribute(ds.get(), "long_name").empty());
      if (col != table.columns.front()) {
        EXPECT_GT(H5DSis_attached(ds.get(), scale.get(), 0), 0);
        EXPECT_EQ(H5DSget_num_scales(ds.get(), 0), 1);
      }
    }
  }
  EXPECT_EQ(string_attribute(open_dataset(f.get(), "/events/t").get(), "units"), "s");
  EXPECT_EQ(string_attribute(open_dataset(f.get(), "/devices/attaches").get(), "units"), "count");
  EXPECT_EQ(string_attribute(open_dataset(f.get(), "/devices/state_bytes").get(), "units"), "bytes");
  EXPECT_EQ(string_attribute(open_dataset(f.get(), "/platforms/hss/busy").get(), "units"), "fraction");
  EXPECT_EQ(string_attribute(open_dataset(f.get(), "/events/device").get(), "units"), "1");

  // Compression happened: the event values take far less than 8 bytes a row.
  Hid value = open_dataset(f.get(), "/events/value");
  EXPECT_LT(H5Dget_storage_size(value.get()), kEvents * 8 / 2);
}

TEST_F(RunFileTest, EventKindIsAnEnumAndNamedInTheKindsAttribute) {
  const fs::path path = file("run.h5");
  write_sample(path);
  Hid f = open_readonly(path);
  Hid kind = open_dataset(f.get(), "/events/kind");
  Hid type(H5Dget_type(kind.get()));
  ASSERT_EQ(H5Tget_class(type.get()), H5T_ENUM);
  ASSERT_EQ(H5Tget_nmembers(type.get()), 3);
  for (unsigned i = 0; i < 3; ++i) {
    char* name = H5Tget_member_name(type.get(), i);
    std::uint8_t v = 255;
    H5Tget_member_value(type.get(), i, &v);
    EXPECT_EQ(name, kKinds[i]);
    EXPECT_EQ(v, i);
    H5free_memory(name);
  }
  Hid attr(H5Aopen(kind.get(), "kinds", H5P_DEFAULT));
  ASSERT_TRUE(attr.valid());
  Hid space(H5Aget_space(attr.get()));
  ASSERT_EQ(H5Sget_simple_extent_npoints(space.get()), 3);
  Hid mem(H5Tcopy(H5T_C_S1));
  H5Tset_size(mem.get(), H5T_VARIABLE);
  H5Tset_cset(mem.get(), H5T_CSET_UTF8);  // as written: HDF5 does not convert between character sets
  std::vector<char*> names(3);
  ASSERT_GE(H5Aread(attr.get(), mem.get(), names.data()), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(names[i], kKinds[i]);
  H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, names.data());
}

// --- h5py ---------------------------------------------------------------------

// The first python3 that imports h5py ("python3" may be a pyenv shim without
// the Debian packages).
std::string python_with_h5py() {
  for (const char* py : {"python3", "/usr/bin/python3"}) {
    const std::string cmd = std::string(py) + " -c 'import h5py' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) == 0) return py;
  }
  return {};
}

std::string run_and_capture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ::pclose(p);
  return out;
}

TEST_F(RunFileTest, H5pyAndPandasReadTheEventsTable) {
  const std::string python = python_with_h5py();
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py";
  const fs::path path = file("run.h5");
  write_sample(path);
  const fs::path script = file("read.py");
  std::ofstream(script) << R"(import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], 'r')
ev = f['events']
cols = {k: v[:] for k, v in ev.items()}
try:
    import pandas as pd
    df = pd.DataFrame(cols)
    n, dev_sum, how = len(df), int(df['device'].sum()), 'pandas'
except ImportError:
    n, dev_sum, how = len(cols['device']), int(cols['device'].sum(dtype=np.uint64)), 'numpy'
kinds = ','.join(ev['kind'].attrs['kinds'])
enum = h5py.check_enum_dtype(ev['kind'].dtype)
scale = list(ev['device'].dims[0].keys())[0]
print(n, dev_sum, kinds, enum['auth_failure'], scale, ev['t'].attrs['units'],
      f['devices/attached'].dtype, f['expectations/metric'].asstr()[1], f.attrs['seed'], how)
)";
  const std::string out = run_and_capture(python + " " + script.string() + " " + path.string() + " 2>&1");
  std::uint64_t dev_sum = 0;
  for (std::uint32_t i = 0; i < kEvents; ++i) dev_sum += event_device(i);
  const std::string expected = std::to_string(kEvents) + " " + std::to_string(dev_sum) +
                               " attach,detach,auth_failure 2 t s bool metric_1 " +
                               std::to_string(0xFEEDFACECAFEBEEFull) + " ";
  EXPECT_EQ(out.substr(0, expected.size()), expected) << out;
}

// --- determinism --------------------------------------------------------------

TEST_F(RunFileTest, SameRowsGiveFilesThatDifferOnlyInWallClockAttributes) {
  const fs::path a = file("a.h5"), b = file("b.h5");
  write_sample(a, 1.0, false);
  write_sample(b, 99.0, false);

  // Everything but the root attributes, through h5diff (datasets and the
  // attributes of every other object).
  if (std::system("h5diff --version >/dev/null 2>&1") == 0) {
    const std::string cmd = "h5diff --exclude-attribute / " + a.string() + " " + b.string() + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  // The root attributes: equal but for the two wall-clock ones.
  Hid fa = open_readonly(a), fb = open_readonly(b);
  for (const char* name : {"esimtwin_version", "scenario", "scenario_file"})
    EXPECT_EQ(string_attribute(fa.get(), name), string_attribute(fb.get(), name)) << name;
  EXPECT_EQ(scalar_attribute<std::uint64_t>(fa.get(), "seed", H5T_NATIVE_UINT64),
            scalar_attribute<std::uint64_t>(fb.get(), "seed", H5T_NATIVE_UINT64));
  for (const char* name : {"schema_version", "interrupted"})
    EXPECT_EQ(scalar_attribute<int>(fa.get(), name, H5T_NATIVE_INT),
              scalar_attribute<int>(fb.get(), name, H5T_NATIVE_INT))
        << name;
  EXPECT_EQ(scalar_attribute<double>(fa.get(), "stop_s", H5T_NATIVE_DOUBLE),
            scalar_attribute<double>(fb.get(), "stop_s", H5T_NATIVE_DOUBLE));
  EXPECT_NE(scalar_attribute<double>(fa.get(), "wall_seconds", H5T_NATIVE_DOUBLE),
            scalar_attribute<double>(fb.get(), "wall_seconds", H5T_NATIVE_DOUBLE));

  // Stronger than required, and what shows that the HDF5 calls come in one
  // order whatever the compression threads' timing: the files are the same
  // bytes but for the values of wall_seconds (8) and created_utc (20).
  std::ifstream sa(a, std::ios::binary), sb(b, std::ios::binary);
  const std::string ba{std::istreambuf_iterator<char>(sa), {}}, bb{std::istreambuf_iterator<char>(sb), {}};
  ASSERT_EQ(ba.size(), bb.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < ba.size(); ++i) differing += ba[i] != bb[i];
  EXPECT_LE(differing, 28u);

  // Every column and its attributes through the C API (whether or not h5diff
  // is installed).
  for (const TableColumns& table : sample_tables()) {
    for (const std::string& col : table.columns) {
      const std::string name = table.group + "/" + col;
      SCOPED_TRACE(name);
      Hid da = open_dataset(fa.get(), name), db = open_dataset(fb.get(), name);
      for (const char* attr : {"units", "long_name"})
        EXPECT_EQ(string_attribute(da.get(), attr), string_attribute(db.get(), attr));
      Hid type(H5Dget_type(da.get()));
      if (H5Tis_variable_str(type.get()) > 0) {
        EXPECT_EQ(read_text_column(fa.get(), name), read_text_column(fb.get(), name));
      } else if (H5Tget_class(type.get()) == H5T_VLEN) {
        EXPECT_EQ(read_bytes_column(fa.get(), name), read_bytes_column(fb.get(), name));
      } else {
        // Compare the raw values (stored little-endian; read as bytes).
        const std::size_t size = H5Tget_size(type.get());
        const hsize_t n = length(da.get());
        ASSERT_EQ(n, length(db.get()));
        std::vector<unsigned char> va(n * size), vb(n * size);
        Hid native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND));
        H5Dread(da.get(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, va.data());
        H5Dread(db.get(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, vb.data());
        EXPECT_EQ(va, vb);
      }
    }
  }
}

// --- zero rows, closing -----------------------------------------------------------

TEST_F(RunFileTest, ZeroRowsInEveryTableIsAValidRunFile) {
  const fs::path path = file("empty.h5");
  {
    RunFile f(path.string(), sample_metadata(), kKinds);
    EXPECT_EQ(f.events_written(), 0u);
    f.close(0.0, true);
  }
  const twinsim::RunFileSummary s = read_run_file_summary(path.string());
  EXPECT_EQ(s.events, 0u);
  EXPECT_EQ(s.devices, 0u);
  EXPECT_EQ(s.apdus, 0u);
  EXPECT_TRUE(s.platforms.empty());
  EXPECT_TRUE(s.interrupted);
  Hid f = open_readonly(path);
  for (const char* name :
       {"/events/t", "/events/kind", "/devices/state_bytes", "/apdu/bytes", "/expectations/metric"}) {
    Hid ds = open_dataset(f.get(), name);
    EXPECT_EQ(length(ds.get()), 0u) << name;
  }
  EXPECT_TRUE(read_text_column(f.get(), "/expectations/op").empty());
}

TEST_F(RunFileTest, DestructorClosesAnUnclosedFileAsInterrupted) {
  const fs::path path = file("unclosed.h5");
  {
    RunFile f(path.string(), sample_metadata(), kKinds);
    for (std::uint32_t i = 0; i < 10; ++i) f.add_event(i, i, 0, i);
    f.add_platform_sample("ran", {1.0, 2, 3, 4, 0.5});
  }
  const twinsim::RunFileSummary s = read_run_file_summary(path.string());
  EXPECT_EQ(s.events, 10u);
  EXPECT_TRUE(s.interrupted);
  EXPECT_EQ(s.platforms, std::vector<std::string>{"ran"});
  Hid f = open_readonly(path);
  EXPECT_GE(scalar_attribute<double>(f.get(), "wall_seconds", H5T_NATIVE_DOUBLE), 0.0);
}

TEST_F(RunFileTest, CloseTwiceDoesNothingAndRowsAfterCloseThrow) {
  const fs::path path = file("run.h5");
  RunFile f(path.string(), sample_metadata(), kKinds);
  f.add_event(1.0, 1, 1, 1);
  f.close(3.0, false);
  f.close(4.0, true);
  EXPECT_THROW(f.add_event(2.0, 1, 1, 1), RunFileError);
  EXPECT_THROW(f.add_device({}), RunFileError);
  const twinsim::RunFileSummary s = read_run_file_summary(path.string());
  EXPECT_FALSE(s.interrupted);
  Hid h = open_readonly(path);
  EXPECT_EQ(scalar_attribute<double>(h.get(), "wall_seconds", H5T_NATIVE_DOUBLE), 3.0);
}

TEST_F(RunFileTest, WriterRejectsBadKindsPlatformNamesAndPaths) {
  const fs::path path = file("run.h5");
  {
    RunFile f(path.string(), sample_metadata(), kKinds);
    EXPECT_THROW(f.add_event(0.0, 0, 3, 0), RunFileError);
    EXPECT_THROW(f.add_platform_sample("a/b", {}), RunFileError);
    EXPECT_THROW(f.add_platform_sample("", {}), RunFileError);
    f.close(0, false);
  }
  EXPECT_THROW((RunFile(path.string(), sample_metadata(), {"a", "a"})), RunFileError);
  EXPECT_THROW((RunFile(path.string(), sample_metadata(), {})), RunFileError);
  const std::string missing_dir = file("no/such/dir/run.h5").string();
  try {
    RunFile f(missing_dir, sample_metadata(), kKinds);
    FAIL() << "created a file in a missing directory";
  } catch (const RunFileError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(missing_dir + ": ", 0), 0u) << e.what();
  }
}

// --- the compression pipeline ------------------------------------------------------

// Jobs come out in submission order, deflated and shuffled as HDF5 expects,
// whether compressed by workers or (with none, or when too many are pending)
// by the submitting thread; a job with fewer elements than its chunk (the
// last chunk) is stored whole, zeros after its elements.
TEST(RunFilePipeline, WritesJobsInOrderAsShuffledDeflate) {
  for (unsigned workers : {0u, 1u, 3u}) {
    SCOPED_TRACE(workers);
    std::vector<std::vector<unsigned char>> inputs;
    std::vector<std::size_t> written;
    {
      twinsim::recorder::ChunkPipeline pipeline("test.h5", 4, workers);
      for (std::size_t i = 0; i < 100; ++i) {
        const std::size_t element = std::size_t{1} << (i % 5);  // 1..16; 16: not compressed
        const bool compressed = element != 16;
        const std::size_t chunk = 4096 * (element == 16 ? 1 : element);
        const std::size_t used = compressed && i % 3 == 0 ? chunk - element * (100 + i) : chunk;
        std::vector<unsigned char> raw(used);
        for (std::size_t k = 0; k < raw.size(); ++k) raw[k] = static_cast<unsigned char>((k * k + i) >> (k % 3));
        std::vector<unsigned char> whole = raw;
        whole.resize(chunk, 0);
        inputs.push_back(whole);
        auto job = std::make_unique<twinsim::recorder::ChunkJob>();
        job->raw = std::move(raw);
        job->element_size = compressed ? element : 0;
        job->elements = compressed ? 4096 : 0;
        job->write = [&, i, element, compressed](std::span<const unsigned char> packed) {
          written.push_back(i);
          if (!compressed) {
            EXPECT_TRUE(packed.empty());
            return;
          }
          const std::vector<unsigned char>& in = inputs[i];
          std::vector<unsigned char> shuffled(in.size());
          uLongf len = shuffled.size();
          ASSERT_EQ(uncompress(shuffled.data(), &len, packed.data(), packed.size()), Z_OK);
          ASSERT_EQ(len, in.size());
          const std::size_t count = in.size() / element;
          for (std::size_t e = 0; e < count; ++e)
            for (std::size_t b = 0; b < element; ++b)
              ASSERT_EQ(shuffled[b * count + e], in[e * element + b]) << i;
        };
        pipeline.submit(std::move(job));
      }
      pipeline.finish();
    }
    ASSERT_EQ(written.size(), 100u);
    for (std::size_t i = 0; i < written.size(); ++i) EXPECT_EQ(written[i], i);
  }
}

// --- the reader ------------------------------------------------------------------

TEST_F(RunFileTest, SummaryReportsTheRun) {
  const fs::path path = file("run.h5");
  write_sample(path, 1.0, true);
  const twinsim::RunFileSummary s = read_run_file_summary(path.string());
  EXPECT_EQ(s.schema_version, 1);
  EXPECT_EQ(s.seed, 0xFEEDFACECAFEBEEFull);
  EXPECT_EQ(s.scenario_text, sample_metadata().scenario_text);
  EXPECT_EQ(s.esimtwin_version, "0.1.0-test");
  EXPECT_TRUE(s.interrupted);
  EXPECT_EQ(s.events, kEvents);
  EXPECT_EQ(s.devices, kDevices);
  EXPECT_EQ(s.apdus, kApdus);
  EXPECT_EQ(s.platforms, (std::vector<std::string>{"hss", "smdp"}));
}

// Expects read_run_file_summary(path) to throw a RunFileError whose message
// starts with the path and contains `what`.
void expect_rejected(const fs::path& path, const std::string& what) {
  try {
    read_run_file_summary(path.string());
    ADD_FAILURE() << path << " was accepted";
  } catch (const RunFileError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(path.string() + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(what), std::string::npos) << msg;
  }
}

TEST_F(RunFileTest, SummaryRejectsAMissingFile) { expect_rejected(file("missing.h5"), "no such file"); }

TEST_F(RunFileTest, SummaryRejectsATextFile) {
  const fs::path path = file("notes.h5");
  std::ofstream(path) << "this is not HDF5\n";
  expect_rejected(path, "not an HDF5 file");
}

TEST_F(RunFileTest, SummaryRejectsATruncatedFile) {
  const fs::path path = file("cut.h5");
  write_sample(path);
  fs::resize_file(path, fs::file_size(path) / 2);
  expect_rejected(path, "truncated");
}

TEST_F(RunFileTest, SummaryRejectsAnHdf5FileThatIsNotARunFile) {
  const fs::path path = file("other.h5");
  {
    Hid f(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    Hid g(H5Gcreate2(f.get(), "events", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
  }
  expect_rejected(path, "not an esimtwin run file");
}

TEST_F(RunFileTest, SummaryRejectsANewerSchemaVersion) {
  const fs::path path = file("future.h5");
  write_sample(path);
  {
    Hid f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    Hid attr(H5Aopen(f.get(), "schema_version", H5P_DEFAULT));
    const int two = 2;
    ASSERT_GE(H5Awrite(attr.get(), H5T_NATIVE_INT, &two), 0);
  }
  expect_rejected(path, "schema version 2 is newer than this esimtwin (1)");
}

TEST_F(RunFileTest, SummaryRejectsColumnsOfUnequalLength) {
  const fs::path path = file("ragged.h5");
  write_sample(path);
  {
    Hid f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    Hid ds(H5Dopen2(f.get(), "/events/value", H5P_DEFAULT));
    const hsize_t shorter = kEvents - 1;
    ASSERT_GE(H5Dset_extent(ds.get(), &shorter), 0);
  }
  expect_rejected(path, "columns of /events have unequal lengths (t 70000, device 70000, kind 70000, value 69999)");
}

TEST_F(RunFileTest, SummaryRejectsAFileWithoutATable) {
  const fs::path path = file("partial.h5");
  write_sample(path);
  {
    Hid f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    ASSERT_GE(H5Ldelete(f.get(), "/apdu", H5P_DEFAULT), 0);
  }
  expect_rejected(path, "no /apdu");
}

// The chip management platform's audit trail: /chip_audit only when a run
// writes it (chunks of 4 096 rows: a full chunk and a partial one here),
// its text columns read back whole.
twinsim::ChipAuditRow audit_row(std::uint32_t i) {
  return {i * 0.25, i % 50, "89860400000000000" + std::to_string(i % 50), i % 2 ? "Operator:CMCC" : "Oem:oem",
          i % 3 ? "Activate" : "Suspend", i % 5 ? "Sold" : "", "Active", i % 4 ? "number 46000" + std::to_string(i) : ""};
}

TEST_F(RunFileTest, ChipAuditRowsReadBackAndTheTableIsThereOnlyWhenWritten) {
  const fs::path with = file("audit.h5"), without = file("plain.h5"), empty = file("no-steps.h5");
  constexpr std::uint32_t kSteps = 5'000;
  {
    RunFile f(with.string(), sample_metadata(), kKinds);
    for (std::uint32_t i = 0; i < kSteps; ++i) f.add_chip_audit(audit_row(i));
    f.close(1.0, false);
  }
  write_sample(without);
  {
    RunFile f(empty.string(), sample_metadata(), kKinds);
    f.begin_chip_audit();
    f.close(1.0, false);
  }
  const auto rows = twinsim::read_chip_audit(with.string());
  ASSERT_EQ(rows.size(), kSteps);
  for (std::uint32_t i = 0; i < kSteps; ++i) {
    const twinsim::ChipAuditRow r = audit_row(i);
    ASSERT_EQ(rows[i].t, r.t);
    ASSERT_EQ(rows[i].device, r.device);
    ASSERT_EQ(rows[i].chip, r.chip);
    ASSERT_EQ(rows[i].actor, r.actor);
    ASSERT_EQ(rows[i].action, r.action);
    ASSERT_EQ(rows[i].from, r.from) << i;
    ASSERT_EQ(rows[i].to, r.to);
    ASSERT_EQ(rows[i].detail, r.detail) << i;
  }
  EXPECT_EQ(read_run_file_summary(with.string()).chip_audit, kSteps);
  EXPECT_TRUE(twinsim::read_chip_audit(without.string()).empty());
  EXPECT_TRUE(twinsim::read_chip_audit(empty.string()).empty());
  Hid f = open_readonly(without);
  EXPECT_EQ(H5Lexists(f.get(), "/chip_audit", H5P_DEFAULT), 0);
  Hid e = open_readonly(empty);
  Hid ds = open_dataset(e.get(), "/chip_audit/detail");
  EXPECT_EQ(length(ds.get()), 0u);
}

TEST_F(RunFileTest, ChipAuditOfUnequalLengthIsRejected) {
  const fs::path path = file("audit-ragged.h5");
  {
    RunFile f(path.string(), sample_metadata(), kKinds);
    for (std::uint32_t i = 0; i < 10; ++i) f.add_chip_audit(audit_row(i));
    f.close(1.0, false);
  }
  {
    Hid f(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT));
    Hid ds(H5Dopen2(f.get(), "/chip_audit/action", H5P_DEFAULT));
    const hsize_t shorter = 9;
    ASSERT_GE(H5Dset_extent(ds.get(), &shorter), 0);
  }
  expect_rejected(path, "columns of /chip_audit have unequal lengths");
  EXPECT_THROW(twinsim::read_chip_audit(path.string()), RunFileError);
}

TEST_F(RunFileTest, ReaderAndWriterPrintNoHdf5ErrorStack) {
  const fs::path path = file("notes.h5");
  std::ofstream(path) << "plain text\n";
  ::testing::internal::CaptureStderr();
  EXPECT_THROW(read_run_file_summary(path.string()), RunFileError);
  const fs::path cut = file("cut.h5");
  write_sample(cut);
  fs::resize_file(cut, fs::file_size(cut) / 2);
  EXPECT_THROW(read_run_file_summary(cut.string()), RunFileError);
  EXPECT_THROW((RunFile(file("no/dir/run.h5").string(), sample_metadata(), kKinds)), RunFileError);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}


}  // namespace test_run_file
