#include "twinsim/checkpoint/modem_checkpoint.hpp"

#include <algorithm>
#include <stdexcept>

#include "twinsim/checkpoint/checkpoint_schema.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/handover_times.hpp"
#include "twinsim/engine/onelink_api_run.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/por_status_metrics.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/recorder/hdf5_attributes.hpp"

namespace twinsim::checkpoint {

using namespace recorder;

namespace {

// "ota_por_status_02": the attribute of a PoR status's count.
std::string status_attribute(const PorStatusMetric& p) {
  const char digits[] = "0123456789ABCDEF";
  return std::string("ota_por_status_") + digits[p.code >> 4] + digits[p.code & 0x0F];
}

constexpr std::uint64_t kBlockRows = 65536;  // slots read at a time
constexpr std::uint16_t kNoT3346 = 0xFFFF;     // /modem/procedures t3346: no ATTACH REJECT #22 with T3346 on its way

template <class T, class Map>
std::vector<T> sorted_keys(const Map& m) {
  std::vector<T> keys;
  keys.reserve(m.size());
  for (const auto& [k, v] : m) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void write_counters(hid_t g, const ModemWorld& mw) {
  write_attribute(g, "submitted", std::uint64_t{mw.submitted});
  const SmsCounters& s = mw.sms;
  write_attribute(g, "sms_submitted", s.submitted);
  write_attribute(g, "sms_attempts", s.attempts);
  write_attribute(g, "sms_absent", s.absent);
  write_attribute(g, "sms_delivered", s.delivered);
  write_attribute(g, "sms_failed", s.failed);
  write_attribute(g, "sms_expired", s.expired);
  write_attribute(g, "sms_last_delivery_s", s.last_delivery_s);
  write_attribute(g, "ota_por_ok", s.por_ok);
  write_attribute(g, "ota_por_errors", s.por_errors);
  for (const PorStatusMetric& p : kPorStatusMetrics) write_attribute(g, status_attribute(p).c_str(), s.por_status[p.code]);
  write_attribute(g, "ota_por_unreadable", s.por_unreadable);
  const ModemCounters& c = mw.counters;
  write_attribute(g, "rrc_rejected", c.rrc_rejected);
  write_attribute(g, "refreshes", c.refreshes);
  write_attribute(g, "auth_rejects", c.auth_rejects);
  write_attribute(g, "unknown_imsi", c.unknown_imsi);
  write_attribute(g, "congestion_rejects", c.congestion_rejects);
  const twinmodels::ota::WriteModuleCounters& w = mw.write_sampled;
  write_attribute(g, "write_sampled_built", w.built);
  write_attribute(g, "write_sampled_failed", w.failed);
  write_attribute(g, "write_sampled_busy_us", static_cast<std::uint64_t>(w.busy));
  const BipCounters& b = mw.bip.counters();
  write_attribute(g, "https_sessions", b.sessions);
  write_attribute(g, "https_unreachable", b.unreachable);
  write_attribute(g, "https_refused", b.refused);
  write_attribute(g, "https_crashed", b.crashed);
  write_attribute(g, "https_bytes_up", b.bytes_up);
  write_attribute(g, "https_bytes_down", b.bytes_down);
  write_attribute(g, "sms_mo", s.mo);
  write_attribute(g, "sms_mo_refused", s.mo_refused);
}

void read_counters(const std::string& path, hid_t g, ModemWorld& mw) {
  const std::uint64_t submitted = read_uint_attribute(g, "submitted");
  if (submitted > mw.submissions.size())
    bad(path, "/modem: " + std::to_string(submitted) + " submissions made, the campaigns have " +
                  std::to_string(mw.submissions.size()));
  mw.submitted = submitted;
  SmsCounters& s = mw.sms;
  s.submitted = read_uint_attribute(g, "sms_submitted");
  s.attempts = read_uint_attribute(g, "sms_attempts");
  s.absent = read_uint_attribute(g, "sms_absent");
  s.delivered = read_uint_attribute(g, "sms_delivered");
  s.failed = read_uint_attribute(g, "sms_failed");
  s.expired = read_uint_attribute(g, "sms_expired");
  s.last_delivery_s = read_double_attribute(g, "sms_last_delivery_s");
  s.por_ok = read_uint_attribute(g, "ota_por_ok");
  s.por_errors = read_uint_attribute(g, "ota_por_errors");
  ModemCounters& c = mw.counters;
  c.rrc_rejected = read_uint_attribute(g, "rrc_rejected");
  c.refreshes = read_uint_attribute(g, "refreshes");
  c.auth_rejects = read_uint_attribute(g, "auth_rejects");
  c.unknown_imsi = read_uint_attribute(g, "unknown_imsi");
  c.congestion_rejects = read_uint_attribute(g, "congestion_rejects");
  twinmodels::ota::WriteModuleCounters& w = mw.write_sampled;
  w.built = read_uint_attribute(g, "write_sampled_built");
  w.failed = read_uint_attribute(g, "write_sampled_failed");
  w.busy = static_cast<twinmodels::NetTime>(read_uint_attribute(g, "write_sampled_busy_us"));
  // The eUICCs' HTTPS sessions (their number seeds the next one's TLS);
  // checkpoints of version 4 taken before them have none: 0.
  BipCounters& b = mw.bip.counters();
  auto optional_uint = [&](const char* name) -> std::uint64_t {
    return has_attribute(g, name) ? read_uint_attribute(g, name) : 0;
  };
  b.sessions = optional_uint("https_sessions");
  // The PoRs by status: checkpoints taken before they were counted have
  // none (0).
  for (const PorStatusMetric& p : kPorStatusMetrics) s.por_status[p.code] = optional_uint(status_attribute(p).c_str());
  s.por_unreadable = optional_uint("ota_por_unreadable");
  b.unreachable = optional_uint("https_unreachable");
  b.refused = optional_uint("https_refused");
  b.crashed = optional_uint("https_crashed");
  b.bytes_up = optional_uint("https_bytes_up");
  b.bytes_down = optional_uint("https_bytes_down");
  // The devices' own MO SMS (activity_sms): none before the key existed.
  s.mo = optional_uint("sms_mo");
  s.mo_refused = read_uint_attribute(g, "sms_mo_refused");
}

// The device of each slot.
std::vector<std::uint32_t> slot_devices(const World& world) {
  const ModemWorld& mw = *world.modem;
  std::vector<std::uint32_t> devices(mw.modems.size());
  for (std::size_t p = 0; p < mw.slot_first.size(); ++p) {
    if (mw.slot_first[p] == ModemWorld::kNoSlot) continue;
    for (std::uint64_t i = 0; i < world.scenario.populations[p].count; ++i)
      devices[mw.slot_first[p] + i] = static_cast<std::uint32_t>(world.population_first[p] + i);
  }
  return devices;
}

bool is_modem_device(const World& world, std::uint64_t device) {
  return device < world.devices.size() &&
         world.modem->slot_first[world.scenario.population_of(device)] != ModemWorld::kNoSlot;
}

template <std::size_t N>
void copy_exact(const std::string& path, const std::string& where, const std::vector<std::uint8_t>& from,
                std::array<std::uint8_t, N>& to, const char* name) {
  if (from.size() != N)
    bad(path, where + name + " has " + std::to_string(from.size()) + " bytes, not " + std::to_string(N));
  std::copy(from.begin(), from.end(), to.begin());
}

void restore_slots(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid slots = open_group(path, g, "slots");
  const std::uint64_t n = table_rows(path, slots.get(), kSlotsTable);
  if (n != mw.modems.size())
    bad(path, "/modem/slots has " + std::to_string(n) + " rows for " + std::to_string(mw.modems.size()) +
                  " modem devices");
  Hid states = open_group(path, g, "states");
  const std::uint64_t state_bytes = table_rows(path, states.get(), kStateBytesTable);
  const std::vector<std::uint32_t> device_of = slot_devices(world);
  std::uint64_t end = 0;
  std::vector<std::uint8_t> block_bytes;
  for (std::uint64_t first = 0; first < n; first += kBlockRows) {
    const std::uint64_t count = std::min(kBlockRows, n - first);
    const auto next_activity = read_all<std::int64_t>(slots.get(), "next_activity", first, count);
    const auto proc_seq = read_all<std::uint16_t>(slots.get(), "proc_seq", first, count);
    const auto conn_seq = read_all<std::uint16_t>(slots.get(), "conn_seq", first, count);
    const auto connected = read_all<std::uint8_t>(slots.get(), "connected", first, count);
    const auto offset = read_all<std::uint64_t>(slots.get(), "state_offset", first, count);
    const auto size = read_all<std::uint32_t>(slots.get(), "state_size", first, count);
    const std::uint64_t block_start = end;
    for (std::uint64_t i = 0; i < count; ++i) {
      if (offset[i] != end || size[i] > state_bytes - end)
        bad(path, "device " + std::to_string(device_of[first + i]) + ": modem state at bytes " +
                      std::to_string(offset[i]) + "+" + std::to_string(size[i]) +
                      " of /modem/states/bytes; expected it at " + std::to_string(end) + ", within " +
                      std::to_string(state_bytes));
      end += size[i];
    }
    block_bytes.resize(end - block_start);
    read_column<std::uint8_t>(states.get(), "bytes", block_start, block_bytes);
    std::uint64_t at = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::uint64_t s = first + i;
      const std::string where = "device " + std::to_string(device_of[s]) + ": ";
      if (next_activity[i] < 0) bad(path, where + "negative next_activity");
      if (connected[i] > 1) bad(path, where + "connected is " + std::to_string(connected[i]) + ", not 0 or 1");
      try {
        mw.modems[s].restore_state(cardcore::ByteView(block_bytes.data() + at, size[i]));
      } catch (const std::invalid_argument& e) {
        bad(path, where + e.what());
      }
      at += size[i];
      mw.next_activity[s] = next_activity[i];
      mw.proc_seq[s] = proc_seq[i];
      mw.conn_seq[s] = conn_seq[i];
      mw.connected[s] = connected[i];
    }
  }
  if (end != state_bytes)
    bad(path, "/modem/states/bytes holds " + std::to_string(state_bytes - end) + " bytes past the last modem state");
}

void restore_reach(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid reach = open_group(path, g, "reach");
  for (const std::string& name : child_names(reach.get())) {
    const bool number = !name.empty() && name.size() < 6 && name.find_first_not_of("0123456789") == std::string::npos;
    const std::size_t p = number ? std::stoul(name) : ~std::size_t{0};
    if (p >= mw.reach.size() || !mw.reach[p])
      bad(path, "/modem/reach/" + name + " is not a device_model modem population of the scenario");
  }
  for (std::size_t p = 0; p < mw.reach.size(); ++p) {
    if (!mw.reach[p]) continue;
    const std::string where = "/modem/reach/" + std::to_string(p);
    Hid t = open_group(path, reach.get(), std::to_string(p));
    const std::uint64_t rows = table_rows(path, t.get(), kReachTable);
    try {
      mw.reach[p]->restore(read_all<std::int64_t>(t.get(), "idle_since", 0, rows),
                           read_all<std::uint8_t>(t.get(), "flags", 0, rows));
    } catch (const std::invalid_argument& e) {
      bad(path, where + ": " + e.what());
    }
  }
}

void restore_cells(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid cells = open_group(path, g, "cells");
  const std::uint64_t rows = table_rows(path, cells.get(), kCellsTable);
  std::uint64_t expected = 0;
  for (const twinmodels::TrackingArea& a : mw.areas) expected += a.cells();
  if (rows != expected)
    bad(path, "/modem/cells has " + std::to_string(rows) + " rows, the scenario's access nodes " +
                  std::to_string(expected) + " cells");
  const auto mux = read_all<std::uint8_t>(cells.get(), "mux", 0, rows);
  const auto cell = read_all<std::uint16_t>(cells.get(), "cell", 0, rows);
  const auto tat = read_all<std::int64_t>(cells.get(), "tat", 0, rows);
  const auto requests = read_all<std::uint64_t>(cells.get(), "requests", 0, rows);
  const auto admitted = read_all<std::uint64_t>(cells.get(), "admitted", 0, rows);
  const auto rejected = read_all<std::uint64_t>(cells.get(), "rejected", 0, rows);
  const auto max_delay = read_all<std::int64_t>(cells.get(), "max_delay", 0, rows);
  std::uint64_t r = 0;
  for (std::size_t m = 0; m < mw.areas.size(); ++m) {
    for (std::size_t i = 0; i < mw.areas[m].cells(); ++i, ++r) {
      if (mux[r] != m || cell[r] != i)
        bad(path, "/modem/cells row " + std::to_string(r) + " holds cell " + std::to_string(cell[r]) +
                      " of multiplexer " + std::to_string(mux[r]) + ", expected cell " + std::to_string(i) + " of " +
                      std::to_string(m));
      mw.areas[m].cell(i).restore(tat[r], {requests[r], admitted[r], rejected[r], max_delay[r]});
    }
  }
}

void restore_congestion(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid t = open_group(path, g, "congestion");
  const std::uint64_t rows = table_rows(path, t.get(), kCongestionTable);
  if (rows != mw.congestion.size())
    bad(path, "/modem/congestion has " + std::to_string(rows) + " rows, the run's MMEs' NAS congestion control " +
                  std::to_string(mw.congestion.size()));
  const auto mux = read_all<std::uint8_t>(t.get(), "mux", 0, rows);
  const auto tat = read_all<std::int64_t>(t.get(), "tat", 0, rows);
  const auto admitted = read_all<std::uint64_t>(t.get(), "admitted", 0, rows);
  const auto rejected = read_all<std::uint64_t>(t.get(), "rejected", 0, rows);
  for (std::uint64_t m = 0; m < rows; ++m) {
    if (mux[m] != m)
      bad(path, "/modem/congestion row " + std::to_string(m) + " holds multiplexer " + std::to_string(mux[m]));
    mw.congestion[m].restore(tat[m], admitted[m], rejected[m]);
  }
}

void restore_procedures(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid t = open_group(path, g, "procedures");
  const std::uint64_t rows = table_rows(path, t.get(), kProceduresTable);
  const auto device = read_all<std::uint32_t>(t.get(), "device", 0, rows);
  const auto kind = read_all<std::uint8_t>(t.get(), "kind", 0, rows);
  const auto subscriber = read_all<std::uint32_t>(t.get(), "subscriber", 0, rows);
  const auto rand = read_bytes_column(t.get(), "rand", 0, rows);
  const auto autn = read_bytes_column(t.get(), "autn", 0, rows);
  const auto xres = read_bytes_column(t.get(), "xres", 0, rows);
  const auto synch = read_all<std::uint8_t>(t.get(), "synch_failures", 0, rows);
  const auto cause = read_all<std::uint8_t>(t.get(), "reject_cause", 0, rows);
  const auto connection_kind = read_all<std::uint8_t>(t.get(), "connection_kind", 0, rows);
  const auto resync = read_all<std::uint8_t>(t.get(), "resync", 0, rows);
  const auto auts = read_bytes_column(t.get(), "auts", 0, rows);
  const auto t3346 = read_all<std::uint16_t>(t.get(), "t3346", 0, rows);
  mw.procedures.clear();
  for (std::uint64_t i = 0; i < rows; ++i) {
    const std::string where = "/modem/procedures row " + std::to_string(i) + ": ";
    if (!is_modem_device(world, device[i]))
      bad(path, where + "device " + std::to_string(device[i]) + " is not a modem device of the run");
    if (kind[i] > 1) bad(path, where + "kind " + std::to_string(kind[i]) + " is not 0 or 1");
    if (subscriber[i] >= world.hss.subscribers())
      bad(path, where + "subscriber " + std::to_string(subscriber[i]) + " is not one of the HSS's " +
                    std::to_string(world.hss.subscribers()));
    if (resync[i] > 1) bad(path, where + "resync is " + std::to_string(resync[i]) + ", not 0 or 1");
    if (t3346[i] > 0xFF && t3346[i] != kNoT3346)
      bad(path, where + "t3346 is " + std::to_string(t3346[i]) + ", neither an octet nor 65535 (none)");
    MmeProcedure p;
    p.kind = static_cast<MmeProcedure::Kind>(kind[i]);
    p.subscriber = subscriber[i];
    copy_exact(path, where, rand[i], p.rand, "rand");
    copy_exact(path, where, autn[i], p.autn, "autn");
    copy_exact(path, where, xres[i], p.xres, "xres");
    copy_exact(path, where, auts[i], p.auts, "auts");
    p.synch_failures = synch[i];
    p.reject_cause = cause[i];
    p.connection_kind = connection_kind[i];
    p.resync = resync[i] != 0;
    if (t3346[i] != kNoT3346) p.t3346 = static_cast<std::uint8_t>(t3346[i]);
    // A sharded run's rank: another rank's device.
    if (!world.devices.holds(device[i])) continue;
    if (!mw.procedures.emplace(device[i], p).second)
      bad(path, where + "a second procedure of device " + std::to_string(device[i]));
  }
}

// A platform's state bytes in /modem/<name>/bytes, restored by `restore`.
template <class Restore>
void restore_platform(const std::string& path, hid_t g, const char* name, Restore restore) {
  Hid group = open_group(path, g, name);
  std::vector<std::uint8_t> bytes(table_rows(path, group.get(), kStateBytesTable));
  read_column<std::uint8_t>(group.get(), "bytes", 0, bytes);
  try {
    restore(bytes);
  } catch (const std::invalid_argument& e) {
    bad(path, std::string("/modem/") + name + ": " + e.what());
  }
}

void restore_write_module(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  if (!mw.write_module) return;
  restore_platform(path, g, "write_module", [&](cardcore::ByteView b) { mw.write_module->restore_state(b); });
  // Its messages on their way to and from the SMSC (write_module_link.hpp).
  if (mw.write_link)
    restore_platform(path, g, "write_module_link", [&](cardcore::ByteView b) { mw.write_link->restore_state(b); });
  // Every message of the write module in the SMSC is its order's current
  // attempt; after a crash, an earlier attempt's may still be there while
  // the order is sent again (write_module.hpp): then any released order.
  const bool crashes = !mw.write_module->config().crashes.empty();
  for (const auto& [id, m] : mw.messages) {
    if (ModemWorld::sm_sr_of_message(m.campaign)) continue;
    using twinmodels::ota::WriteOrderState;
    const std::uint32_t order = mw.order_of(m.campaign, m.device, world.population_first, world.scenario);
    const WriteOrderState state = mw.write_module->state(order);
    if (m.attempt > mw.write_module->attempts(order))
      bad(path, "/modem/messages: message " + std::to_string(id) + " carries attempt " + std::to_string(m.attempt) +
                    ", its order has made " + std::to_string(mw.write_module->attempts(order)));
    const bool current = state == WriteOrderState::Submitted || state == WriteOrderState::Done ||
                         state == WriteOrderState::Failed;
    if (crashes ? state == WriteOrderState::NotReleased : !current)
      bad(path, "/modem/messages: message " + std::to_string(id) + " to device " + std::to_string(m.device) +
                    " of an order the write module has " + to_string(state));
  }
}

void restore_platforms(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  // Their messages' links: a checkpoint from before they crossed links has
  // none (their messages took their route's latency).
  if (mw.links && H5Lexists(g, "platform_links", H5P_DEFAULT) > 0)
    restore_platform(path, g, "platform_links", [&](cardcore::ByteView b) { mw.links->restore_state(b); });
  if (mw.sm_srs) restore_platform(path, g, "sm_sr", [&](cardcore::ByteView b) { mw.sm_srs->restore_state(b); });
  if (mw.sm_dps) restore_platform(path, g, "sm_dp", [&](cardcore::ByteView b) { mw.sm_dps->restore_state(b); });
  if (mw.onelink) restore_platform(path, g, "onelink", [&](cardcore::ByteView b) { mw.onelink->restore_state(b); });
  if (mw.handover) restore_platform(path, g, "handover", [&](cardcore::ByteView b) { mw.handover->restore_state(b); });
  if (mw.onelink_api)
    restore_platform(path, g, "onelink_api", [&](cardcore::ByteView b) { mw.onelink_api->restore_state(b); });
  if (mw.chip_management)
    restore_platform(path, g, "chip_management", [&](cardcore::ByteView b) { mw.chip_management->restore_state(b); });
  if (mw.onenet) restore_platform(path, g, "onenet", [&](cardcore::ByteView b) { mw.onenet->restore_state(b); });
  // The MNOs' servers (platforms.mno): a checkpoint without them is refused.
  if (mw.mno_servers)
    restore_platform(path, g, "mno_servers", [&](cardcore::ByteView b) { mw.mno_servers->restore_state(b); });
}

void restore_sms(const std::string& path, hid_t g, World& world) {
  ModemWorld& mw = *world.modem;
  Hid smsc = open_group(path, g, "smsc");
  const std::uint64_t n = table_rows(path, smsc.get(), kStateBytesTable);
  std::vector<std::uint8_t> bytes(n);
  read_column<std::uint8_t>(smsc.get(), "bytes", 0, bytes);
  try {
    mw.smsc.restore_state(bytes);
  } catch (const std::invalid_argument& e) {
    bad(path, std::string("/modem/smsc: ") + e.what());
  }

  Hid messages = open_group(path, g, "messages");
  const std::uint64_t rows = table_rows(path, messages.get(), kMessagesTable);
  const auto id = read_all<std::uint64_t>(messages.get(), "id", 0, rows);
  const auto device = read_all<std::uint32_t>(messages.get(), "device", 0, rows);
  const auto campaign = read_all<std::uint16_t>(messages.get(), "campaign", 0, rows);
  const auto attempt = read_all<std::uint8_t>(messages.get(), "attempt", 0, rows);
  mw.messages.clear();
  for (std::uint64_t i = 0; i < rows; ++i) {
    const std::string where = "/modem/messages row " + std::to_string(i) + ": ";
    if (!is_modem_device(world, device[i]))
      bad(path, where + "device " + std::to_string(device[i]) + " is not a modem device of the run");
    const std::optional<std::uint8_t> sr = ModemWorld::sm_sr_of_message(campaign[i]);
    const bool smsr = sr && mw.sm_srs && *sr < mw.sm_srs->size();
    if (campaign[i] >= world.scenario.campaigns.size() && !smsr)
      bad(path, where + "campaign " + std::to_string(campaign[i]) + " is not one of the scenario's");
    if (smsr != (attempt[i] == 0))
      bad(path, where + "attempt " + std::to_string(attempt[i]) + (smsr ? " of an SM-SR's message" : " of a write-card message"));
    if (!mw.messages.emplace(id[i], ModemWorld::Message{device[i], campaign[i], attempt[i]}).second)
      bad(path, where + "message " + std::to_string(id[i]) + " repeated");
  }
  // A message whose final report the SMSC actor has not taken yet has left
  // the store but is still the run's.
  if (mw.messages.size() != mw.smsc.messages_in_store() + mw.smsc.reports_waiting())
    bad(path, "/modem/messages describes " + std::to_string(mw.messages.size()) + " messages, the SMSC holds " +
                  std::to_string(mw.smsc.messages_in_store()) + " and has " + std::to_string(mw.smsc.reports_waiting()) +
                  " final reports waiting");

  Hid delivering = open_group(path, g, "delivering");
  const std::uint64_t drows = table_rows(path, delivering.get(), kDeliveringTable);
  const auto ddevice = read_all<std::uint32_t>(delivering.get(), "device", 0, drows);
  const auto did = read_all<std::uint64_t>(delivering.get(), "id", 0, drows);
  mw.delivering.clear();
  for (std::uint64_t i = 0; i < drows; ++i) {
    const std::string where = "/modem/delivering row " + std::to_string(i) + ": ";
    const auto m = mw.messages.find(did[i]);
    if (m == mw.messages.end() || m->second.device != ddevice[i])
      bad(path, where + "message " + std::to_string(did[i]) + " is not a stored message to device " +
                    std::to_string(ddevice[i]));
    // A sharded run's rank: another rank's device.
    if (!world.devices.holds(ddevice[i])) continue;
    if (!mw.delivering.emplace(ddevice[i], did[i]).second)
      bad(path, where + "a second message on its way to device " + std::to_string(ddevice[i]));
  }
}

}  // namespace

void write_modem_world(Writer& w, const World& world) {
  const ModemWorld& mw = *world.modem;
  const hid_t g = w.group("modem");
  write_counters(g, mw);

  ColumnTable& slots = w.table(g, "slots", kSlotsTable);
  ColumnTable& states = w.table(g, "states", kStateBytesTable);
  std::uint64_t offset = 0;
  for (std::size_t s = 0; s < mw.modems.size(); ++s) {
    const cardcore::Bytes state = mw.modems[s].save_state();
    slots.set(slot_col::next_activity, std::int64_t{mw.next_activity[s]});
    slots.set(slot_col::proc_seq, mw.proc_seq[s]);
    slots.set(slot_col::conn_seq, mw.conn_seq[s]);
    slots.set(slot_col::connected, mw.connected[s]);
    slots.set(slot_col::state_offset, offset);
    slots.set(slot_col::state_size, static_cast<std::uint32_t>(state.size()));
    slots.end_row();
    states.append_bytes(state);
    offset += state.size();
  }

  const hid_t reach = w.group("modem/reach");
  for (std::size_t p = 0; p < mw.reach.size(); ++p) {
    if (!mw.reach[p]) continue;
    ColumnTable& t = w.table(reach, std::to_string(p).c_str(), kReachTable);
    const std::vector<twinmodels::NetTime>& idle = mw.reach[p]->idle_since_table();
    const std::vector<std::uint8_t>& flags = mw.reach[p]->flags_table();
    for (std::size_t u = 0; u < idle.size(); ++u) {
      t.set(reach_col::idle_since, std::int64_t{idle[u]});
      t.set(reach_col::flags, flags[u]);
      t.end_row();
    }
  }

  ColumnTable& cells = w.table(g, "cells", kCellsTable);
  for (std::size_t m = 0; m < mw.areas.size(); ++m) {
    for (std::size_t i = 0; i < mw.areas[m].cells(); ++i) {
      const twinmodels::RanCell& c = mw.areas[m].cell(i);
      cells.set(cell_col::mux, static_cast<std::uint8_t>(m));
      cells.set(cell_col::cell, static_cast<std::uint16_t>(i));
      cells.set(cell_col::tat, std::int64_t{c.tat()});
      cells.set(cell_col::requests, c.counters().requests);
      cells.set(cell_col::admitted, c.counters().admitted);
      cells.set(cell_col::rejected, c.counters().rejected);
      cells.set(cell_col::max_delay, std::int64_t{c.counters().max_delay});
      cells.end_row();
    }
  }

  ColumnTable& congestion = w.table(g, "congestion", kCongestionTable);
  for (std::size_t m = 0; m < mw.congestion.size(); ++m) {
    const twinmodels::NasCongestionControl& c = mw.congestion[m];
    congestion.set(congestion_col::mux, static_cast<std::uint8_t>(m));
    congestion.set(congestion_col::tat, std::int64_t{c.tat()});
    congestion.set(congestion_col::admitted, c.admitted());
    congestion.set(congestion_col::rejected, c.rejected());
    congestion.end_row();
  }

  ColumnTable& procedures = w.table(g, "procedures", kProceduresTable);
  for (const std::uint32_t d : sorted_keys<std::uint32_t>(mw.procedures)) {
    const MmeProcedure& p = mw.procedures.at(d);
    procedures.set(procedure_col::device, d);
    procedures.set(procedure_col::kind, static_cast<std::uint8_t>(p.kind));
    procedures.set(procedure_col::subscriber, p.subscriber);
    procedures.set_bytes(procedure_col::rand, p.rand);
    procedures.set_bytes(procedure_col::autn, p.autn);
    procedures.set_bytes(procedure_col::xres, p.xres);
    procedures.set(procedure_col::synch_failures, p.synch_failures);
    procedures.set(procedure_col::reject_cause, p.reject_cause);
    procedures.set(procedure_col::connection_kind, p.connection_kind);
    procedures.set(procedure_col::resync, std::uint8_t{p.resync});
    procedures.set_bytes(procedure_col::auts, p.auts);
    procedures.set(procedure_col::t3346, p.t3346 ? std::uint16_t{*p.t3346} : kNoT3346);
    procedures.end_row();
  }

  ColumnTable& messages = w.table(g, "messages", kMessagesTable);
  for (const twinmodels::SmscMessageId id : sorted_keys<twinmodels::SmscMessageId>(mw.messages)) {
    const ModemWorld::Message& m = mw.messages.at(id);
    messages.set(message_col::id, std::uint64_t{id});
    messages.set(message_col::device, m.device);
    messages.set(message_col::campaign, m.campaign);
    messages.set(message_col::attempt, m.attempt);
    messages.end_row();
  }
  ColumnTable& delivering = w.table(g, "delivering", kDeliveringTable);
  for (const std::uint32_t d : sorted_keys<std::uint32_t>(mw.delivering)) {
    delivering.set(delivering_col::device, d);
    delivering.set(delivering_col::id, std::uint64_t{mw.delivering.at(d)});
    delivering.end_row();
  }
  ColumnTable& smsc = w.table(g, "smsc", kStateBytesTable);
  smsc.append_bytes(mw.smsc.save_state());
  if (mw.write_module) {
    ColumnTable& module = w.table(g, "write_module", kStateBytesTable);
    module.append_bytes(mw.write_module->save_state());
  }
  if (mw.write_link) {
    ColumnTable& link = w.table(g, "write_module_link", kStateBytesTable);
    link.append_bytes(mw.write_link->save_state());
  }
  // The platforms' messages on the links (none on their way: the drain).
  if (mw.links) {
    ColumnTable& links = w.table(g, "platform_links", kStateBytesTable);
    links.append_bytes(mw.links->save_state());
  }
  if (mw.sm_srs) {
    ColumnTable& smsr = w.table(g, "sm_sr", kStateBytesTable);
    smsr.append_bytes(mw.sm_srs->save_state());
  }
  if (mw.sm_dps) {
    ColumnTable& smdp = w.table(g, "sm_dp", kStateBytesTable);
    smdp.append_bytes(mw.sm_dps->save_state());
  }
  if (mw.handover) {
    ColumnTable& handover = w.table(g, "handover", kStateBytesTable);
    handover.append_bytes(mw.handover->save_state());
  }
  if (mw.onelink) {
    ColumnTable& onelink = w.table(g, "onelink", kStateBytesTable);
    onelink.append_bytes(mw.onelink->save_state());
  }
  if (mw.onelink_api) {
    ColumnTable& api = w.table(g, "onelink_api", kStateBytesTable);
    api.append_bytes(mw.onelink_api->save_state());
  }
  if (mw.chip_management) {
    ColumnTable& chips = w.table(g, "chip_management", kStateBytesTable);
    chips.append_bytes(mw.chip_management->save_state());
  }
  if (mw.onenet) {
    ColumnTable& onenet = w.table(g, "onenet", kStateBytesTable);
    onenet.append_bytes(mw.onenet->save_state());
  }
  if (mw.mno_servers) {
    ColumnTable& mnos = w.table(g, "mno_servers", kStateBytesTable);
    mnos.append_bytes(mw.mno_servers->save_state());
  }
}

void restore_modem_world(const std::string& path, hid_t root, World& world) {
  Hid g = open_group(path, root, "modem");
  read_counters(path, g.get(), *world.modem);
  restore_slots(path, g.get(), world);
  restore_reach(path, g.get(), world);
  restore_cells(path, g.get(), world);
  restore_congestion(path, g.get(), world);
  restore_procedures(path, g.get(), world);
  restore_sms(path, g.get(), world);
  restore_write_module(path, g.get(), world);
  restore_platforms(path, g.get(), world);
}

}  // namespace twinsim::checkpoint
