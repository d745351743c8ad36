#pragma once
// The rows of a run file the incident tests read (docs/RUN-FILE.md):
// /events, /apdu and one /platforms/<name> table, through the recorder's
// column reader.
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/recorder/column_reader.hpp"

namespace esimtwin::testing {

struct EventRow {
  double t;
  std::uint32_t device;
  std::uint8_t kind;  // twinsim::EventKind and the kinds after it (event_kinds.hpp)
  std::int64_t value;
};

struct ApduRow {
  double t;
  std::uint32_t device;
  std::uint8_t direction;  // 0 the terminal's command, 1 the card's answer
  std::vector<std::uint8_t> bytes;
};

struct PlatformSample {
  double t;
  std::uint64_t rejected;
};

// The data of the R-APDU answering the command at `i` of one device's
// APDUs (T=0: '61 xx' then GET RESPONSE, TS 102 221 §7.3.1.1.4), status
// word included; empty when there is none.
inline std::vector<std::uint8_t> answer_to(const std::vector<ApduRow>& a, std::size_t i) {
  if (i + 1 >= a.size() || a[i + 1].direction != 1) return {};
  const std::vector<std::uint8_t>& r = a[i + 1].bytes;
  if (r.size() == 2 && r[0] == 0x61 && i + 3 < a.size() && a[i + 2].bytes.size() >= 2 && a[i + 2].bytes[1] == 0xC0)
    return a[i + 3].bytes;
  return r;
}

// The /events kind code of an event named `name` (twinsim::event_kind_names()).
inline std::uint8_t event_kind(const std::string& name) {
  const std::vector<std::string>& names = twinsim::event_kind_names();
  const auto it = std::find(names.begin(), names.end(), name);
  EXPECT_NE(it, names.end()) << name;
  return static_cast<std::uint8_t>(it - names.begin());
}

inline std::vector<EventRow> read_event_rows(const std::string& path) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  const hid_t g = H5Gopen2(f, "events", H5P_DEFAULT);
  const std::uint64_t n = twinsim::recorder::column_length(g, "t");
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  std::vector<std::uint8_t> kind(n);
  std::vector<std::int64_t> value(n);
  twinsim::recorder::read_column<double>(g, "t", 0, t);
  twinsim::recorder::read_column<std::uint32_t>(g, "device", 0, device);
  twinsim::recorder::read_column<std::uint8_t>(g, "kind", 0, kind);
  twinsim::recorder::read_column<std::int64_t>(g, "value", 0, value);
  H5Gclose(g);
  H5Fclose(f);
  std::vector<EventRow> rows;
  for (std::uint64_t i = 0; i < n; ++i) rows.push_back({t[i], device[i], kind[i], value[i]});
  return rows;
}

// The traced devices' APDUs, in the order they were exchanged.
inline std::vector<ApduRow> read_apdu_rows(const std::string& path) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  const hid_t g = H5Gopen2(f, "apdu", H5P_DEFAULT);
  const std::uint64_t n = twinsim::recorder::column_length(g, "t");
  std::vector<double> t(n);
  std::vector<std::uint32_t> device(n);
  std::vector<std::uint8_t> direction(n);
  twinsim::recorder::read_column<double>(g, "t", 0, t);
  twinsim::recorder::read_column<std::uint32_t>(g, "device", 0, device);
  twinsim::recorder::read_column<std::uint8_t>(g, "direction", 0, direction);
  const auto bytes = twinsim::recorder::read_bytes_column(g, "bytes", 0, n);
  H5Gclose(g);
  H5Fclose(f);
  std::vector<ApduRow> rows;
  for (std::uint64_t i = 0; i < n; ++i) rows.push_back({t[i], device[i], direction[i], bytes[i]});
  return rows;
}

// /platforms/<name>'s samples: their time and the requests refused since the last.
inline std::vector<PlatformSample> read_platform_rejections(const std::string& path, const std::string& name) {
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_GE(f, 0) << path;
  const hid_t g = H5Gopen2(f, ("platforms/" + name).c_str(), H5P_DEFAULT);
  const std::uint64_t n = twinsim::recorder::column_length(g, "t");
  std::vector<double> t(n);
  std::vector<std::uint64_t> rejected(n);
  twinsim::recorder::read_column<double>(g, "t", 0, t);
  twinsim::recorder::read_column<std::uint64_t>(g, "rejected", 0, rejected);
  H5Gclose(g);
  H5Fclose(f);
  std::vector<PlatformSample> rows;
  for (std::uint64_t i = 0; i < n; ++i) rows.push_back({t[i], rejected[i]});
  return rows;
}

}  // namespace esimtwin::testing
