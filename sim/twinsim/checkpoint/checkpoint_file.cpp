#include "twinsim/checkpoint/checkpoint_file.hpp"

#include <memory>
#include <stdexcept>

#include "cardcore/euicc/euicc.hpp"
#include "twinsim/checkpoint/checkpoint_io.hpp"
#include "twinsim/checkpoint/checkpoint_schema.hpp"
#include "twinsim/checkpoint/modem_checkpoint.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/multiplexer.hpp"
#include "twinsim/recorder/hdf5_attributes.hpp"

namespace twinsim {

using namespace recorder;
using namespace checkpoint;

namespace {

constexpr const char* kFormat = "esimtwin checkpoint";
constexpr std::uint64_t kBlockRows = 65536;  // rows read at a time

constexpr ColumnSpec kTraceColumns[] = {{"device", ColumnType::U32, "1", "device whose APDUs are recorded"}};
constexpr TableSpec kTraceTable{kTraceColumns, 0, 4096};
constexpr ColumnSpec kSqnColumns[] = {
    {"sqn_he", ColumnType::U64, "1", "SQN of the last vector generated per subscriber (TS 33.102 Annex C.1.1)"}};
constexpr TableSpec kSqnTable{kSqnColumns, 0, 65536};

// ---- writing ----

void add_request(ColumnTable& t, const HssRequest& r) {
  t.set(request_col::device, r.device);
  t.set(request_col::subscriber, r.subscriber);
  t.set(request_col::tag, r.tag);
  t.set(request_col::kind, static_cast<std::uint8_t>(r.kind));
  t.set(request_col::mux, r.mux);
  t.set(request_col::epoch, r.epoch);
  t.set_bytes(request_col::rand, r.rand);
  t.set_bytes(request_col::auts, r.auts);
  t.set(request_col::answer_lost, std::uint8_t{r.answer_lost});
  t.set(request_col::asked, r.asked);
  t.end_row();
}

void write_world_attributes(hid_t g, const World& w, const RunCounters& n) {
  write_attribute(g, "events", n.events);
  write_attribute(g, "devices_powered", n.devices_powered);
  write_attribute(g, "devices_attached", n.devices_attached);
  write_attribute(g, "power_cycles", n.power_cycles);
  write_attribute(g, "power_losses", n.power_losses);
  write_attribute(g, "brown_outs", n.brown_outs);
  write_attribute(g, "exception_reports", n.exception_reports);
  write_attribute(g, "exception_reports_lost", n.exception_reports_lost);
  write_attribute(g, "requests_lost", n.requests_lost);
  write_attribute(g, "answers_lost", n.answers_lost);
  write_attribute(g, "fault_step", std::uint64_t{w.fault_step});
  const HssCounters& c = w.hss_counters;
  write_attribute(g, "hss_served", c.served);
  write_attribute(g, "hss_rejected", c.rejected);
  write_attribute(g, "hss_queue", c.queue);
  write_attribute(g, "hss_max_queue", c.max_queue);
  write_attribute(g, "hss_busy_core_seconds", c.busy_core_seconds);
  write_attribute(g, "hss_crash_lost", c.crash_lost);
  write_attribute(g, "hss_kept_to_s", w.hss_kept_to_s);
  const HssCounters& l = w.sampler.last;
  write_attribute(g, "sampler_served", l.served);
  write_attribute(g, "sampler_rejected", l.rejected);
  write_attribute(g, "sampler_queue", l.queue);
  write_attribute(g, "sampler_max_queue", l.max_queue);
  write_attribute(g, "sampler_busy_core_seconds", l.busy_core_seconds);
  write_attribute(g, "sampler_next_s", w.sampler.next_s);
  const twinmodels::HssAucCounters& a = w.hss.counters();
  write_attribute(g, "auc_vectors_generated", a.vectors_generated);
  write_attribute(g, "auc_resyncs_ok", a.resyncs_ok);
  write_attribute(g, "auc_resyncs_failed", a.resyncs_failed);
}

// ---- reading ----

std::vector<HssRequest> read_requests(const std::string& path, hid_t group, std::uint64_t devices,
                                      std::uint64_t subscribers, int muxes) {
  const std::uint64_t n = table_rows(path, group, kRequestsTable);
  const auto device = read_all<std::uint32_t>(group, "device", 0, n);
  const auto subscriber = read_all<std::uint32_t>(group, "subscriber", 0, n);
  const auto tag = read_all<std::uint16_t>(group, "tag", 0, n);
  const auto kind = read_all<std::uint8_t>(group, "kind", 0, n);
  const auto mux = read_all<std::uint8_t>(group, "mux", 0, n);
  const auto epoch = read_all<std::uint8_t>(group, "epoch", 0, n);
  const auto rand = read_bytes_column(group, "rand", 0, n);
  const auto auts = read_bytes_column(group, "auts", 0, n);
  const auto answer_lost = read_all<std::uint8_t>(group, "answer_lost", 0, n);
  const auto asked = read_all<std::int64_t>(group, "asked", 0, n);
  std::vector<HssRequest> out(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string row = object_path(group) + " row " + std::to_string(i) + ": ";
    if (device[i] >= devices) bad(path, row + "device " + std::to_string(device[i]) + " is not in the run");
    if (subscriber[i] >= subscribers)
      bad(path, row + "subscriber " + std::to_string(subscriber[i]) + " is not one of the HSS's " + std::to_string(subscribers));
    if (kind[i] > 1) bad(path, row + "request kind " + std::to_string(kind[i]) + " is not 0 or 1");
    if (mux[i] >= muxes) bad(path, row + "multiplexer " + std::to_string(mux[i]) + " is not in the run");
    if (rand[i].size() != 16 || auts[i].size() != 14) bad(path, row + "RAND must have 16 bytes and AUTS 14");
    HssRequest& r = out[i];
    r.device = device[i];
    r.subscriber = subscriber[i];
    r.tag = tag[i];
    r.kind = static_cast<HssRequest::Kind>(kind[i]);
    r.mux = mux[i];
    r.epoch = epoch[i];
    r.answer_lost = answer_lost[i] != 0;
    r.asked = asked[i];
    std::copy(rand[i].begin(), rand[i].end(), r.rand.begin());
    std::copy(auts[i].begin(), auts[i].end(), r.auts.begin());
  }
  return out;
}

CheckpointInfo read_info(const std::string& path, hid_t root) {
  if (!has_attribute(root, "format") || read_string_attribute(root, "format") != kFormat)
    bad(path, "not an esimtwin checkpoint (no format attribute \"esimtwin checkpoint\")");
  const std::uint64_t version = read_uint_attribute(root, "checkpoint_version");
  if (version > static_cast<std::uint64_t>(kCheckpointVersion))
    bad(path, "checkpoint version " + std::to_string(version) + " is newer than this esimtwin (" +
                  std::to_string(kCheckpointVersion) + ")");
  if (version < 1) bad(path, "checkpoint version " + std::to_string(version) + " is not valid");
  if (version < static_cast<std::uint64_t>(kCheckpointVersion))
    bad(path, "checkpoint version " + std::to_string(version) + " is older than this esimtwin reads (" +
                  std::to_string(kCheckpointVersion) + "): take the checkpoint again with this esimtwin");
  CheckpointInfo info;
  info.esimtwin_version = read_string_attribute(root, "esimtwin_version");
  info.scenario_text = read_string_attribute(root, "scenario");
  info.scenario_file = read_string_attribute(root, "scenario_file");
  info.seed = read_uint_attribute(root, "seed");
  info.devices = read_uint_attribute(root, "devices");
  info.stop_s = read_double_attribute(root, "stop_s");
  info.requested_s = read_double_attribute(root, "requested_s");
  info.clock_s = read_double_attribute(root, "clock_s");
  info.multiplexers = static_cast<int>(read_uint_attribute(root, "multiplexers"));
  if (info.devices == 0 || info.devices > 0xFFFFFFFFull) bad(path, "devices must be 1 to 2^32-1");
  if (info.multiplexers < 1 || info.multiplexers > 255) bad(path, "multiplexers must be 1 to 255");
  if (!(info.clock_s > 0 && info.clock_s < info.stop_s)) bad(path, "clock_s must lie between 0 and stop_s");
  info.sharded = has_attribute(root, "sharded") && read_uint_attribute(root, "sharded") != 0;
  Hid trace = open_group(path, root, "trace_devices");
  const std::uint64_t n = table_rows(path, trace.get(), kTraceTable);
  for (std::uint32_t d : read_all<std::uint32_t>(trace.get(), "device", 0, n)) info.trace_devices.push_back(d);
  return info;
}

void restore_devices(const std::string& path, hid_t root, World& world) {
  Hid g = open_group(path, root, "devices");
  const std::uint64_t n = table_rows(path, g.get(), kDevicesTable);
  if (n != world.devices.size())
    bad(path, "/devices has " + std::to_string(n) + " rows for " + std::to_string(world.devices.size()) + " devices");
  Hid cards = open_group(path, root, "cards");
  const std::uint64_t card_bytes = table_rows(path, cards.get(), kCardsTable);
  std::uint64_t card_end = 0;  // where the next device's card state must start
  std::vector<std::uint8_t> cards_block;
  for (std::uint64_t first = 0; first < n; first += kBlockRows) {
    const std::uint64_t count = std::min(kBlockRows, n - first);
    const auto device = read_all<std::uint32_t>(g.get(), "device", first, count);
    const auto rng = read_all<std::uint64_t>(g.get(), "rng_position", first, count);
    const auto attaches = read_all<std::uint32_t>(g.get(), "attaches", first, count);
    const auto auth_failures = read_all<std::uint32_t>(g.get(), "auth_failures", first, count);
    const auto sync_failures = read_all<std::uint32_t>(g.get(), "sync_failures", first, count);
    const auto population = read_all<std::uint16_t>(g.get(), "population", first, count);
    const auto retries = read_all<std::uint8_t>(g.get(), "retries", first, count);
    const auto state = read_all<std::uint8_t>(g.get(), "state", first, count);
    const auto ever = read_all<std::uint8_t>(g.get(), "ever_attached", first, count);
    const auto epoch = read_all<std::uint8_t>(g.get(), "epoch", first, count);
    const auto power_loss_fault = read_all<std::uint16_t>(g.get(), "power_loss_fault", first, count);
    const auto card_offset = read_all<std::uint64_t>(g.get(), "card_offset", first, count);
    const auto card_size = read_all<std::uint32_t>(g.get(), "card_size", first, count);
    // The block's card states are contiguous in /cards/bytes: one read.
    const std::uint64_t block_start = card_end;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (card_offset[i] != card_end || card_size[i] > card_bytes - card_end)
        bad(path, "device " + std::to_string(first + i) + ": card state at bytes " + std::to_string(card_offset[i]) +
                      "+" + std::to_string(card_size[i]) + " of /cards/bytes; expected it at " +
                      std::to_string(card_end) + ", within " + std::to_string(card_bytes));
      card_end += card_size[i];
    }
    cards_block.resize(card_end - block_start);
    read_column<std::uint8_t>(cards.get(), "bytes", block_start, cards_block);
    std::uint64_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t d = first + i;
      const std::string where = "device " + std::to_string(d) + ": ";
      if (device[i] != d) bad(path, "/devices row " + std::to_string(d) + " holds device " + std::to_string(device[i]));
      const std::uint16_t scenario_population = world.scenario.population_of(static_cast<std::uint32_t>(d));
      if (population[i] != scenario_population)
        bad(path, where + "population " + std::to_string(population[i]) + ", the scenario says " +
                      std::to_string(scenario_population));
      if (state[i] > static_cast<std::uint8_t>(DeviceState::Down))
        bad(path, where + "state " + std::to_string(state[i]) + " is not a device state");
      if (power_loss_fault[i] != kNoFault && power_loss_fault[i] >= world.scenario.faults.size())
        bad(path, where + "armed fault " + std::to_string(power_loss_fault[i]) + " is not one of the scenario's");
      const cardcore::ByteView card(cards_block.data() + at, card_size[i]);
      at += card_size[i];
      // A sharded run's rank: another rank holds the device.
      if (!world.devices.holds(d)) continue;
      Device& dev = world.devices[d];
      try {
        // An international card's state is its eUICC's (its Device's own
        // card stays as made).
        if (cardcore::euicc::Euicc* e = euicc_of(world, static_cast<std::uint32_t>(d)))
          e->restore_state(card);
        else
          dev.card.restore_state(card);
      } catch (const std::invalid_argument& e) {
        bad(path, where + e.what());
      }
      dev.rng_position = rng[i];
      dev.attaches = attaches[i];
      dev.auth_failures = auth_failures[i];
      dev.sync_failures = sync_failures[i];
      dev.retries = retries[i];
      dev.state = static_cast<DeviceState>(state[i]);
      dev.ever_attached = ever[i] != 0;
      dev.epoch = epoch[i];
      dev.power_loss_fault = power_loss_fault[i];
    }
  }
  if (card_end != card_bytes)
    bad(path, "/cards/bytes holds " + std::to_string(card_bytes - card_end) + " bytes past the last card state");
}

}  // namespace

SavedDevice saved_device(const Device& dev) {
  SavedDevice s;
  s.rng_position = dev.rng_position;
  s.attaches = dev.attaches;
  s.auth_failures = dev.auth_failures;
  s.sync_failures = dev.sync_failures;
  s.population = dev.population;
  s.power_loss_fault = dev.power_loss_fault;
  s.retries = dev.retries;
  s.state = static_cast<std::uint8_t>(dev.state);
  s.ever_attached = dev.ever_attached ? 1 : 0;
  s.epoch = dev.epoch;
  return s;
}

cardcore::Bytes saved_card(const World& world, std::uint32_t d) {
  const cardcore::euicc::Euicc* e = euicc_of(world, d);
  return e ? e->save_state() : world.devices[d].card.save_state();
}

void write_checkpoint(const std::string& path, const CheckpointInfo& info, const World& world) {
  CheckpointParts parts;
  parts.device = [&world](std::uint32_t d, SavedDevice& row, cardcore::Bytes& card) {
    row = saved_device(world.devices[d]);
    card = saved_card(world, d);
  };
  for (const auto& m : world.muxes) parts.muxes.push_back(m->state());
  parts.counters = counters_of(world);
  if (world.wear) parts.wear = world.wear->save_state();
  write_checkpoint(path, info, world, parts);
}

void write_checkpoint(const std::string& path, const CheckpointInfo& info, const World& world,
                      const CheckpointParts& parts) {
  if (world.messages_in_network != 0 || world.hss_busy)
    throw std::logic_error("write_checkpoint: messages in flight or the HSS busy; drain the network first");
  QuietHdf5Errors quiet;
  Writer w(path);
  const hid_t root = w.root();
  write_attribute(root, "format", kFormat);
  write_attribute(root, "checkpoint_version", std::int32_t{kCheckpointVersion});
  write_attribute(root, "esimtwin_version", info.esimtwin_version);
  write_attribute(root, "scenario", info.scenario_text);
  write_attribute(root, "scenario_file", info.scenario_file);
  write_attribute(root, "seed", info.seed);
  write_attribute(root, "devices", info.devices);
  write_attribute(root, "stop_s", info.stop_s);
  write_attribute(root, "requested_s", info.requested_s);
  write_attribute(root, "clock_s", info.clock_s);
  write_attribute(root, "multiplexers", std::int32_t{info.multiplexers});
  if (parts.sharded) write_attribute(root, "sharded", std::int32_t{1});

  ColumnTable& trace = w.table(root, "trace_devices", kTraceTable);
  for (std::uint64_t d : info.trace_devices) {
    trace.set(0, static_cast<std::uint32_t>(d));
    trace.end_row();
  }

  write_world_attributes(w.group("world"), world, parts.counters);

  ColumnTable& devices = w.table(root, "devices", kDevicesTable);
  ColumnTable& cards = w.table(root, "cards", kCardsTable);
  std::uint64_t card_offset = 0;
  SavedDevice dev;
  cardcore::Bytes card;
  for (std::uint32_t d = 0; d < world.devices.size(); ++d) {
    parts.device(d, dev, card);
    devices.set(device_col::device, d);
    devices.set(device_col::rng_position, dev.rng_position);
    devices.set(device_col::attaches, dev.attaches);
    devices.set(device_col::auth_failures, dev.auth_failures);
    devices.set(device_col::sync_failures, dev.sync_failures);
    devices.set(device_col::population, dev.population);
    devices.set(device_col::retries, dev.retries);
    devices.set(device_col::state, dev.state);
    devices.set(device_col::ever_attached, dev.ever_attached);
    devices.set(device_col::epoch, dev.epoch);
    devices.set(device_col::power_loss_fault, dev.power_loss_fault);
    devices.set(device_col::card_offset, card_offset);
    devices.set(device_col::card_size, static_cast<std::uint32_t>(card.size()));
    devices.end_row();
    cards.append_bytes(card);
    card_offset += card.size();
  }

  const hid_t hss = w.group("hss");
  ColumnTable& sqn = w.table(hss, "sqn_he", kSqnTable);
  for (std::uint64_t v : world.hss.sqn_he_table()) {
    sqn.set(0, v);
    sqn.end_row();
  }
  ColumnTable& queue = w.table(hss, "queue", kRequestsTable);
  for (const HssRequest& r : world.hss_fifo) add_request(queue, r);
  // Backups taken for a restore-backup fault that has not happened yet.
  const hid_t backups = w.group("hss/backups");
  for (const auto& [fault, table] : world.hss_backups) {
    ColumnTable& b = w.table(backups, std::to_string(fault).c_str(), kSqnTable);
    for (std::uint64_t v : table) {
      b.set(0, v);
      b.end_row();
    }
  }

  w.group("mux");
  for (std::size_t m = 0; m < parts.muxes.size(); ++m) {
    const MultiplexerState& s = parts.muxes[m];
    const hid_t g = w.group("mux/" + std::to_string(m));
    write_attribute(g, "in_flight", s.in_flight);
    ColumnTable& events = w.table(g, "events", kEventsTable);
    for (const Event& e : s.events) {
      events.set(event_col::t, std::int64_t{e.t});
      events.set(event_col::device, e.device);
      events.set(event_col::step, e.kind);
      events.set(event_col::epoch, e.epoch);
      events.set(event_col::fault, e.fault);
      events.end_row();
    }
    ColumnTable& outgoing = w.table(g, "outgoing", kRequestsTable);
    for (const HssRequest& r : s.outgoing) add_request(outgoing, r);
  }
  if (world.modem) write_modem_world(w, world);
  // The environment's wear of the cards (card_wear.hpp): WEAR 1.
  if (!parts.wear.empty()) w.table(root, "wear", kStateBytesTable).append_bytes(parts.wear);
  w.close();
}

CheckpointInfo read_checkpoint_info(const std::string& path) {
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "checkpoint");
  return read_info(path, file.get());
}

void restore_checkpoint(const std::string& path, World& world) {
  std::vector<MultiplexerState> states = restore_checkpoint_state(path, world);
  world.muxes.clear();
  for (std::size_t m = 0; m < states.size(); ++m)
    world.muxes.push_back(std::make_unique<Multiplexer>(world, static_cast<std::uint8_t>(m), std::move(states[m])));
}

std::vector<MultiplexerState> restore_checkpoint_state(const std::string& path, World& world) {
  QuietHdf5Errors quiet;
  Hid file = open_hdf5_for_reading(path, "checkpoint");
  const hid_t root = file.get();
  const CheckpointInfo info = read_info(path, root);
  const std::uint64_t count = world.devices.size();
  const int muxes = world.scenario.engine.multiplexers;
  if (info.devices != count) bad(path, "holds " + std::to_string(info.devices) + " devices, the run has " + std::to_string(count));
  if (info.multiplexers != muxes)
    bad(path, "holds " + std::to_string(info.multiplexers) + " multiplexers, the scenario has " + std::to_string(muxes));

  restore_devices(path, root, world);
  if (world.modem) restore_modem_world(path, root, world);
  else if (H5Lexists(root, "modem", H5P_DEFAULT) > 0) bad(path, "holds /modem, the scenario has no device_model modem population");

  if (world.wear) {
    Hid wear = open_group(path, root, "wear");
    std::vector<std::uint8_t> bytes(table_rows(path, wear.get(), kStateBytesTable));
    recorder::read_column<std::uint8_t>(wear.get(), "bytes", 0, bytes);
    try {
      world.wear->restore_state(bytes);
    } catch (const std::invalid_argument& e) {
      bad(path, std::string("/wear: ") + e.what());
    }
  } else if (H5Lexists(root, "wear", H5P_DEFAULT) > 0) {
    bad(path, "holds /wear, the scenario has no population with a temperature");
  }

  Hid g = open_group(path, root, "world");
  world.events = read_uint_attribute(g.get(), "events");
  world.devices_powered = read_uint_attribute(g.get(), "devices_powered");
  world.devices_attached = read_uint_attribute(g.get(), "devices_attached");
  world.power_cycles = read_uint_attribute(g.get(), "power_cycles");
  world.power_losses = read_uint_attribute(g.get(), "power_losses");
  // Written since brown-out faults exist; a file from before has had none.
  world.brown_outs = has_attribute(g.get(), "brown_outs") ? read_uint_attribute(g.get(), "brown_outs") : 0;
  // Written since exception-report faults exist; a file from before has had none.
  for (auto [name, counter] : {std::pair{"exception_reports", &world.exception_reports},
                               std::pair{"exception_reports_lost", &world.exception_reports_lost}})
    *counter = has_attribute(g.get(), name) ? read_uint_attribute(g.get(), name) : 0;
  world.requests_lost = read_uint_attribute(g.get(), "requests_lost");
  world.answers_lost = read_uint_attribute(g.get(), "answers_lost");
  const std::uint64_t fault_step = read_uint_attribute(g.get(), "fault_step");
  if (fault_step > world.faults.actions().size())
    bad(path, "fault_step " + std::to_string(fault_step) + ": the scenario's faults have " +
                  std::to_string(world.faults.actions().size()) + " actions");
  world.fault_step = static_cast<std::uint32_t>(fault_step);
  HssCounters& c = world.hss_counters;
  c.served = read_uint_attribute(g.get(), "hss_served");
  c.rejected = read_uint_attribute(g.get(), "hss_rejected");
  c.queue = read_uint_attribute(g.get(), "hss_queue");
  c.max_queue = read_uint_attribute(g.get(), "hss_max_queue");
  c.busy_core_seconds = read_double_attribute(g.get(), "hss_busy_core_seconds");
  c.crash_lost = read_uint_attribute(g.get(), "hss_crash_lost");
  world.hss_kept_to_s = read_double_attribute(g.get(), "hss_kept_to_s");
  HssCounters& l = world.sampler.last;
  l.served = read_uint_attribute(g.get(), "sampler_served");
  l.rejected = read_uint_attribute(g.get(), "sampler_rejected");
  l.queue = read_uint_attribute(g.get(), "sampler_queue");
  l.max_queue = read_uint_attribute(g.get(), "sampler_max_queue");
  l.busy_core_seconds = read_double_attribute(g.get(), "sampler_busy_core_seconds");
  world.sampler.next_s = read_double_attribute(g.get(), "sampler_next_s");
  twinmodels::HssAucCounters auc;
  auc.vectors_generated = read_uint_attribute(g.get(), "auc_vectors_generated");
  auc.resyncs_ok = read_uint_attribute(g.get(), "auc_resyncs_ok");
  auc.resyncs_failed = read_uint_attribute(g.get(), "auc_resyncs_failed");

  Hid hss = open_group(path, root, "hss");
  Hid sqn = open_group(path, hss.get(), "sqn_he");
  const std::uint64_t n = table_rows(path, sqn.get(), kSqnTable);
  try {
    world.hss.restore(read_all<std::uint64_t>(sqn.get(), "sqn_he", 0, n), auc);
  } catch (const std::invalid_argument& e) {
    bad(path, std::string("/hss/sqn_he: ") + e.what());
  }
  Hid backups = open_group(path, hss.get(), "backups");
  world.hss_backups.clear();
  for (const std::string& name : child_names(backups.get())) {
    const std::uint64_t fault = name.find_first_not_of("0123456789") == std::string::npos && name.size() < 6 ? std::stoull(name) : ~0ull;
    if (fault >= world.scenario.faults.size() || world.scenario.faults[fault].action != FaultAction::RestoreBackup ||
        world.scenario.faults[fault].target != FaultTarget::Hss)
      bad(path, "/hss/backups/" + name + " is not a restore-backup fault of the scenario");
    Hid b = open_group(path, backups.get(), name);
    const std::uint64_t rows = table_rows(path, b.get(), kSqnTable);
    if (rows != world.hss.subscribers())
      bad(path, "/hss/backups/" + name + " has " + std::to_string(rows) + " subscribers, the run's HSS " +
                    std::to_string(world.hss.subscribers()));
    std::vector<std::uint64_t> table = read_all<std::uint64_t>(b.get(), "sqn_he", 0, rows);
    for (std::uint64_t v : table) {
      if (v >> 48) bad(path, "/hss/backups/" + name + ": an SQN exceeds 48 bits");
    }
    world.hss_backups[static_cast<std::uint16_t>(fault)] = std::move(table);
  }
  Hid queue = open_group(path, hss.get(), "queue");
  const std::vector<HssRequest> fifo = read_requests(path, queue.get(), count, world.hss.subscribers(), muxes);
  world.hss_fifo.assign(fifo.begin(), fifo.end());
  if (c.queue != world.hss_fifo.size())
    bad(path, "the HSS counters say " + std::to_string(c.queue) + " requests wait, /hss/queue holds " +
                  std::to_string(world.hss_fifo.size()));

  Hid mux = open_group(path, root, "mux");
  std::vector<MultiplexerState> states;
  std::uint64_t in_flight = 0;
  for (int m = 0; m < muxes; ++m) {
    Hid mg = open_group(path, mux.get(), std::to_string(m));
    MultiplexerState s;
    s.in_flight = read_uint_attribute(mg.get(), "in_flight");
    in_flight += s.in_flight;
    Hid eg = open_group(path, mg.get(), "events");
    const std::uint64_t rows = table_rows(path, eg.get(), kEventsTable);
    const auto t = read_all<std::int64_t>(eg.get(), "t", 0, rows);
    const auto device = read_all<std::uint32_t>(eg.get(), "device", 0, rows);
    const auto step = read_all<std::uint8_t>(eg.get(), "step", 0, rows);
    const auto epoch = read_all<std::uint8_t>(eg.get(), "epoch", 0, rows);
    const auto fault = read_all<std::uint16_t>(eg.get(), "fault", 0, rows);
    for (std::uint64_t i = 0; i < rows; ++i) {
      const std::string row = "/mux/" + std::to_string(m) + "/events row " + std::to_string(i) + ": ";
      if (device[i] >= count || mux_index_of(world, device[i]) != m)
        bad(path, row + "device " + std::to_string(device[i]) + " does not belong to this multiplexer");
      const bool modem_device = world.modem &&
                                world.modem->slot_first[world.scenario.population_of(device[i])] != ModemWorld::kNoSlot;
      const Step last = modem_device ? Step::ChannelUp : Step::Timeout;
      const bool detach_step = modem_device && step[i] >= static_cast<std::uint8_t>(Step::HssDetach) &&
                               step[i] <= static_cast<std::uint8_t>(Step::T3422);
      if (step[i] > static_cast<std::uint8_t>(last))
        bad(path, row + "step " + std::to_string(step[i]) + " is not a step");
      if (detach_step && step[i] == static_cast<std::uint8_t>(Step::HssDetach) && (fault[i] & 0x7F) > kHssLift)
        bad(path, row + "HSS message " + std::to_string(fault[i] & 0x7F) + " is not one");
      if (detach_step && step[i] == static_cast<std::uint8_t>(Step::T3422) && (fault[i] < 1 || fault[i] > 5))
        bad(path, row + "T3422 of sending " + std::to_string(fault[i]) + ", not 1 to 5");
      if (step[i] == static_cast<std::uint8_t>(Step::Fault) && fault[i] >= world.scenario.faults.size())
        bad(path, row + "fault " + std::to_string(fault[i]) + " is not one of the scenario's");
      if (t[i] < 0) bad(path, row + "negative time");
      s.events.push_back({t[i], device[i], step[i], epoch[i], fault[i]});
    }
    Hid og = open_group(path, mg.get(), "outgoing");
    s.outgoing = read_requests(path, og.get(), count, world.hss.subscribers(), muxes);
    states.push_back(std::move(s));
  }
  // Drained: every request sent and not answered waits in the HSS queue.
  if (in_flight != world.hss_fifo.size())
    bad(path, "the multiplexers wait for " + std::to_string(in_flight) + " answers, the HSS queue holds " +
                  std::to_string(world.hss_fifo.size()) + " requests");
  return states;
}

}  // namespace twinsim
