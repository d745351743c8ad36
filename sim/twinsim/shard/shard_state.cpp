#include "twinsim/shard/shard_state.hpp"

#include <type_traits>

namespace twinsim::shard {

namespace {

// A device's wear as sent: its index and its /wear row.
struct HeldWear {
  std::uint32_t device = 0;
  DeviceWear wear;
};
static_assert(std::is_trivially_copyable_v<HeldWear> && std::is_trivially_copyable_v<SavedDevice>);
static_assert(std::is_trivially_copyable_v<Event> && std::is_trivially_copyable_v<HssRequest>);

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
  return part;
}

CheckpointParts checkpoint_parts(const World& w, std::vector<std::string>& parts) {
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
  for (std::string& p : parts) {
    Reader in(p);
    for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
      const auto d = in.get<std::uint32_t>();
      (*rows).at(d) = in.get<SavedDevice>();
      (*cards)[d] = in.get_all<std::uint8_t>();
    }
    for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
      MultiplexerState& s = out.muxes.at(in.get<std::uint8_t>());
      s.events = in.get_all<Event>();
      s.outgoing = in.get_all<HssRequest>();
    }
    out.counters += in.get<RunCounters>();
    if (wear) add_wear(in, *wear, wear_sum);
    std::string().swap(p);
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
