#include "twinsim/shard/shard_state.hpp"

#include <map>
#include <type_traits>

#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/engine_setup.hpp"

namespace twinsim::shard {

namespace {

// A device's wear as sent: its index and its /wear row.
struct HeldWear {
  std::uint32_t device = 0;
  DeviceWear wear;
};
static_assert(std::is_trivially_copyable_v<HeldWear> && std::is_trivially_copyable_v<SavedDevice>);
static_assert(std::is_trivially_copyable_v<Event> && std::is_trivially_copyable_v<HssRequest>);
static_assert(std::is_trivially_copyable_v<ModemTotals> && std::is_trivially_copyable_v<MmeProcedure>);

// A modem device's slot as a checkpoint part sends it (its modem's state
// bytes and its MME procedure follow).
struct SavedModemSlot {
  std::uint32_t device = 0;
  SimTime next_activity = 0;
  std::uint16_t proc_seq = 0;
  std::uint16_t conn_seq = 0;
  std::uint8_t connected = 0;
  std::uint8_t reach_flags = 0;
  std::uint8_t has_procedure = 0;
  std::uint8_t delivering = 0;  // an MT SMS on its way to the device: its SMSC id follows
  twinmodels::NetTime reach_idle_since = 0;
};
static_assert(std::is_trivially_copyable_v<SavedModemSlot>);

// A RAN cell's or an MME's NAS congestion control's state.
struct SavedCell {
  twinmodels::NetTime tat = 0;
  twinmodels::RanCellCounters counters;
};
struct SavedCongestion {
  twinmodels::NetTime tat = 0;
  std::uint64_t admitted = 0, rejected = 0;
};
static_assert(std::is_trivially_copyable_v<SavedCell> && std::is_trivially_copyable_v<SavedCongestion>);

void put_modem_part(std::string& part, const World& w, const std::vector<std::unique_ptr<DeviceShard>>& shards) {
  const ModemWorld& mw = *w.modem;
  put(part, modem_totals(w));
  std::uint64_t held = 0;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d)
    held += w.devices.holds(d) && mw.slot_first[w.devices[d].population] != ModemWorld::kNoSlot;
  put(part, held);
  for (std::uint32_t d = 0; d < w.devices.size(); ++d) {
    if (!w.devices.holds(d)) continue;
    const std::uint16_t population = w.devices[d].population;
    if (mw.slot_first[population] == ModemWorld::kNoSlot) continue;
    const std::uint32_t s = mw.slot(population, d, w.population_first);
    const std::uint64_t ue = ModemWorld::ue(population, d, w.population_first);
    const auto procedure = mw.procedures.find(d);
    const auto delivering = mw.delivering.find(d);
    put(part, SavedModemSlot{d, mw.next_activity[s], mw.proc_seq[s], mw.conn_seq[s], mw.connected[s],
                             mw.reach[population]->flags_table()[ue], procedure != mw.procedures.end(),
                             delivering != mw.delivering.end(), mw.reach[population]->idle_since_table()[ue]});
    put_all(part, mw.modems[s].save_state());
    if (procedure != mw.procedures.end()) put(part, procedure->second);
    if (delivering != mw.delivering.end()) put(part, delivering->second);
  }
  for (const auto& shard : shards) {
    const twinmodels::TrackingArea& area = mw.areas.at(shard->mux());
    std::vector<SavedCell> cells;
    for (std::size_t i = 0; i < area.cells(); ++i) cells.push_back({area.cell(i).tat(), area.cell(i).counters()});
    put_all(part, cells);
    if (mw.congestion.empty()) continue;
    const twinmodels::NasCongestionControl& c = mw.congestion.at(shard->mux());
    put(part, SavedCongestion{c.tat(), c.admitted(), c.rejected()});
  }
}

// Rank 0: a rank's modem part into w's modem world; its reachability
// entries into `idle` and `flags` (per population, restored once all are in).
void merge_modem_part(Reader& in, World& w, const std::vector<std::uint8_t>& shard_muxes, ModemTotals& sum,
                      std::vector<std::vector<twinmodels::NetTime>>& idle, std::vector<std::vector<std::uint8_t>>& flags) {
  ModemWorld& mw = *w.modem;
  sum += in.get<ModemTotals>();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    const auto slot = in.get<SavedModemSlot>();
    const std::uint16_t population = w.scenario.population_of(slot.device);
    const std::uint32_t s = mw.slot(population, slot.device, w.population_first);
    const std::uint64_t ue = ModemWorld::ue(population, slot.device, w.population_first);
    mw.next_activity[s] = slot.next_activity;
    mw.proc_seq[s] = slot.proc_seq;
    mw.conn_seq[s] = slot.conn_seq;
    mw.connected[s] = slot.connected;
    idle[population][ue] = slot.reach_idle_since;
    flags[population][ue] = slot.reach_flags;
    const std::vector<std::uint8_t> state = in.get_all<std::uint8_t>();
    mw.modems[s].restore_state(cardcore::ByteView(state.data(), state.size()));
    if (slot.has_procedure)
      mw.procedures[slot.device] = in.get<MmeProcedure>();
    else
      mw.procedures.erase(slot.device);
    if (slot.delivering)
      mw.delivering[slot.device] = in.get<twinmodels::SmscMessageId>();
    else
      mw.delivering.erase(slot.device);
  }
  for (const std::uint8_t mux : shard_muxes) {
    const std::vector<SavedCell> cells = in.get_all<SavedCell>();
    for (std::size_t i = 0; i < cells.size(); ++i) mw.areas.at(mux).cell(i).restore(cells[i].tat, cells[i].counters);
    if (mw.congestion.empty()) continue;
    const auto c = in.get<SavedCongestion>();
    mw.congestion.at(mux).restore(c.tat, c.admitted, c.rejected);
  }
}

// The chip management platform's part of a rank's devices: its MMEs'
// counters and detaches under way (chip_management_run.hpp).
struct SavedMmeDetach {
  std::uint32_t device = 0;
  MmeDetach detach;
};
static_assert(std::is_trivially_copyable_v<SavedMmeDetach> && std::is_trivially_copyable_v<ChipManagementCounters>);

void put_chips_part(std::string& part, const World& w) {
  const ChipManagementRun& cm = *w.modem->chip_management;
  put(part, cm.counters());
  std::vector<SavedMmeDetach> held;
  for (const auto& [device, d] : cm.mme_detaches())
    if (w.devices.holds(device)) held.push_back({device, d});
  put_all(part, held);
}

void merge_chips_part(Reader& in, ChipManagementCounters& sum, std::map<std::uint32_t, MmeDetach>& detaches) {
  sum += in.get<ChipManagementCounters>();
  for (const SavedMmeDetach& s : in.get_all<SavedMmeDetach>()) detaches[s.device] = s.detach;
}

}  // namespace

void put_wear(std::string& part, const World& w) {
  std::vector<HeldWear> held;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d)
    if (w.devices.holds(d) && w.wear->covers(w.scenario.population_of(d))) held.push_back({d, w.wear->device(d)});
  put_all(part, held);
  const WearCounters& c = w.wear->counters();
  put(part, c.worn_programs);
  put(part, c.hot_programs);
  for (const std::vector<std::uint64_t>* v : {&c.cards_worn, &c.cards_too_hot, &c.cards_charge_lost, &c.cards_failed})
    put_all(part, *v);
}

void put_modem(std::string& part, const World& w) {
  put(part, modem_totals(w));
  put(part, modems_registered(w));
}

void add_modem(Reader& in, ModemTotals& sum, std::uint64_t& registered) {
  sum += in.get<ModemTotals>();
  registered += in.get<std::uint64_t>();
}

ModemTotals modem_totals(const World& w) { return {w.modem->counters, w.modem->sms, w.modem->bip.counters()}; }

void set_modem(World& w, const ModemTotals& sum) {
  w.modem->counters = sum.counters;
  w.modem->sms = sum.sms;
  w.modem->bip.counters() = sum.bip;
}

void add_wear(Reader& in, CardWear& wear, WearCounters& sum) {
  for (const HeldWear& h : in.get_all<HeldWear>()) wear.set_device(h.device, h.wear);
  sum.worn_programs += in.get<std::uint64_t>();
  sum.hot_programs += in.get<std::uint64_t>();
  for (std::vector<std::uint64_t>* v : {&sum.cards_worn, &sum.cards_too_hot, &sum.cards_charge_lost, &sum.cards_failed}) {
    const std::vector<std::uint64_t> part = in.get_all<std::uint64_t>();
    for (std::size_t p = 0; p < part.size() && p < v->size(); ++p) (*v)[p] += part[p];
  }
}

std::string checkpoint_part(const World& w, const std::vector<std::unique_ptr<DeviceShard>>& shards) {
  std::string part;
  std::uint64_t held = 0;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d) held += w.devices.holds(d);
  put(part, held);
  for (std::uint32_t d = 0; d < w.devices.size(); ++d) {
    if (!w.devices.holds(d)) continue;
    put(part, d);
    put(part, saved_device(w.devices[d]));
    put_all(part, saved_card(w, d));
  }
  put(part, static_cast<std::uint64_t>(shards.size()));
  for (const auto& s : shards) {
    const MultiplexerState state = s->state();
    put(part, s->mux());
    put_all(part, state.events);
    put_all(part, state.outgoing);
  }
  put(part, counters_of(w));
  if (w.wear) put_wear(part, w);
  if (w.modem) put_modem_part(part, w, shards);
  if (w.modem && w.modem->chip_management) put_chips_part(part, w);
  return part;
}

CheckpointParts checkpoint_parts(World& w, std::vector<std::string>& parts) {
  const std::size_t devices = w.devices.size();
  auto rows = std::make_shared<std::vector<SavedDevice>>(devices);
  auto cards = std::make_shared<std::vector<cardcore::Bytes>>(devices);
  CheckpointParts out;
  out.sharded = true;
  out.muxes.resize(static_cast<std::size_t>(w.scenario.engine.multiplexers));
  // The wear of every rank's devices, in a copy of rank 0's.
  std::unique_ptr<CardWear> wear;
  WearCounters wear_sum;
  if (w.wear) {
    wear = std::make_unique<CardWear>(w.scenario, w.seed, w.stop_s, devices);
    wear->restore_state(w.wear->save_state());
    wear_sum = WearCounters::none(w.scenario.populations.size());
  }
  // The modem model's reachability tables, every rank's entries put in.
  ModemTotals modem_sum;
  ChipManagementCounters chips_sum;
  std::map<std::uint32_t, MmeDetach> detaches;
  ChipManagementRun* chips = w.modem ? w.modem->chip_management.get() : nullptr;
  std::vector<std::vector<twinmodels::NetTime>> idle;
  std::vector<std::vector<std::uint8_t>> flags;
  if (w.modem) {
    for (const auto& r : w.modem->reach) {
      idle.push_back(r ? r->idle_since_table() : std::vector<twinmodels::NetTime>{});
      flags.push_back(r ? r->flags_table() : std::vector<std::uint8_t>{});
    }
  }
  for (std::string& p : parts) {
    Reader in(p);
    for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
      const auto d = in.get<std::uint32_t>();
      (*rows).at(d) = in.get<SavedDevice>();
      (*cards)[d] = in.get_all<std::uint8_t>();
    }
    std::vector<std::uint8_t> shard_muxes;
    for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
      shard_muxes.push_back(in.get<std::uint8_t>());
      MultiplexerState& s = out.muxes.at(shard_muxes.back());
      s.events = in.get_all<Event>();
      s.outgoing = in.get_all<HssRequest>();
    }
    out.counters += in.get<RunCounters>();
    if (wear) add_wear(in, *wear, wear_sum);
    if (w.modem) merge_modem_part(in, w, shard_muxes, modem_sum, idle, flags);
    if (chips) merge_chips_part(in, chips_sum, detaches);
    std::string().swap(p);
  }
  if (w.modem) {
    for (std::size_t p = 0; p < w.modem->reach.size(); ++p)
      if (w.modem->reach[p]) w.modem->reach[p]->restore(std::move(idle[p]), std::move(flags[p]));
    set_modem(w, modem_sum);
  }
  if (chips) {
    chips->set_counters(chips_sum);
    chips->set_mme_detaches(std::move(detaches));
  }
  for (const HssRequest& r : w.hss_fifo) ++out.muxes.at(r.mux).in_flight;
  if (wear) {
    wear->set_counters(std::move(wear_sum));
    out.wear = wear->save_state();
  }
  out.device = [rows, cards](std::uint32_t d, SavedDevice& row, cardcore::Bytes& card) {
    row = (*rows)[d];
    card = std::move((*cards)[d]);
  };
  return out;
}

}  // namespace twinsim::shard
