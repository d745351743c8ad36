#include "twinviz/data/device_trace.hpp"

#include <span>

#include "twinanalysis/apdu_decode.hpp"
#include "twinsim/recorder/column_reader.hpp"

namespace twinviz {

namespace {

using twinsim::recorder::read_column;

// The rows of chunk [first, first + n) of `group` whose device is `device`.
std::vector<std::uint64_t> rows_of(hid_t group, std::uint32_t device, std::uint64_t first, std::uint64_t n,
                                   std::vector<std::uint32_t>& scratch) {
  read_column<std::uint32_t>(group, "device", first, std::span(scratch.data(), n));
  std::vector<std::uint64_t> rows;
  for (std::uint64_t i = 0; i < n; ++i)
    if (scratch[i] == device) rows.push_back(i);
  return rows;
}

void read_events(const RunSource& run, DeviceTrace& trace) {
  twinsim::recorder::Hid g = run.table("events");
  std::vector<std::uint32_t> devices(kChunkRows);
  std::vector<double> t(kChunkRows);
  std::vector<std::uint8_t> kind(kChunkRows);
  std::vector<std::int64_t> value(kChunkRows);
  for_each_chunk(run.summary().events, [&](std::uint64_t first, std::uint64_t n) {
    const auto rows = rows_of(g.get(), trace.device, first, n, devices);
    if (rows.empty()) return;
    read_column<double>(g.get(), "t", first, std::span(t.data(), n));
    read_column<std::uint8_t>(g.get(), "kind", first, std::span(kind.data(), n));
    read_column<std::int64_t>(g.get(), "value", first, std::span(value.data(), n));
    for (std::uint64_t i : rows) trace.events.push_back({t[i], kind[i], value[i]});
  });
}

void read_apdus(const RunSource& run, DeviceTrace& trace) {
  twinsim::recorder::Hid g = run.table("apdu");
  std::vector<std::uint32_t> devices(kChunkRows);
  std::vector<double> t(kChunkRows);
  std::vector<std::uint8_t> direction(kChunkRows);
  for_each_chunk(run.summary().apdus, [&](std::uint64_t first, std::uint64_t n) {
    const auto rows = rows_of(g.get(), trace.device, first, n, devices);
    if (rows.empty()) return;
    read_column<double>(g.get(), "t", first, std::span(t.data(), n));
    read_column<std::uint8_t>(g.get(), "direction", first, std::span(direction.data(), n));
    for (std::uint64_t i : rows) {
      auto bytes = twinsim::recorder::read_bytes_column(g.get(), "bytes", first + i, 1);
      trace.apdus.push_back({t[i], direction[i], std::move(bytes.at(0)), {}});
    }
  });
  // Each response is decoded with the command it answers (the one before);
  // a response with no command before it is the card's ATR at power-on, as
  // `esimtwin apdus` shows it.
  const std::vector<std::uint8_t>* command = nullptr;
  for (DeviceApdu& a : trace.apdus) {
    if (a.direction == 0) {
      a.decoded = twinanalysis::describe_command(a.bytes);
      command = &a.bytes;
      continue;
    }
    a.decoded = command ? twinanalysis::describe_response(*command, a.bytes) : "ATR";
    command = nullptr;
  }
}

void read_chip_steps(const RunSource& run, DeviceTrace& trace) {
  if (run.summary().chip_audit == 0) return;
  twinsim::recorder::Hid g = run.table("chip_audit");
  std::vector<std::uint32_t> devices(kChunkRows);
  std::vector<double> t(kChunkRows);
  for_each_chunk(run.summary().chip_audit, [&](std::uint64_t first, std::uint64_t n) {
    const auto rows = rows_of(g.get(), trace.device, first, n, devices);
    if (rows.empty()) return;
    read_column<double>(g.get(), "t", first, std::span(t.data(), n));
    for (std::uint64_t i : rows) {
      auto text = [&](const char* column) { return twinsim::recorder::read_text_column(g.get(), column, first + i, 1).at(0); };
      trace.chip_steps.push_back({t[i], text("actor"), text("action"), text("from"), text("to"), text("detail")});
    }
  });
}

}  // namespace

DeviceTrace read_device_trace(const RunSource& run, std::uint32_t device) {
  DeviceTrace trace;
  trace.device = device;
  reading_file([&] {
    read_events(run, trace);
    read_apdus(run, trace);
    read_chip_steps(run, trace);
  });
  return trace;
}

}  // namespace twinviz
