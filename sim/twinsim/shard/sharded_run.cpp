// A sharded run: the slots, the exchange between the ranks, rank 0's
// platform (SimGrid and the HSS's exchange), and the run file rank 0 writes: the events slot by slot, the
// device rows and counters gathered at the end (docs/SCALING.md, "Sharded
// runs").
#include "twinsim/shard/sharded_run.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "twinsim/engine/apdu_trace.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "twinsim/engine/checkpointer.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/engine_setup.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/network_plan.hpp"
#include "twinsim/engine/platform_links.hpp"
#include "twinsim/engine/platform_report.hpp"
#include "twinsim/engine/run_platform_log.hpp"
#include "twinsim/engine/sleep_exact.hpp"
#include "twinsim/engine/sms_crossing.hpp"
#include "twinsim/engine/smsc_actor.hpp"
#include "twinsim/engine/workers.hpp"
#include "twinsim/pcap/gsmtap_trace.hpp"
#include "twinsim/shard/device_shard.hpp"
#include "twinsim/shard/shard_bytes.hpp"
#include "twinsim/shard/shard_state.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

static_assert(std::is_trivially_copyable_v<HssRequest> && std::is_trivially_copyable_v<HssAnswer>);
static_assert(std::is_trivially_copyable_v<DeviceRow> && std::is_trivially_copyable_v<RecordedEvent>);
static_assert(std::is_trivially_copyable_v<PlatformReport>);
static_assert(std::is_trivially_copyable_v<HssViewChange> && std::is_trivially_copyable_v<ChipManagementCounters>);

using shard::put;
using shard::put_all;
using shard::Reader;

// A batch of answers that reached the node of `mux` at `at` (rank 0), in
// the order the HSS made them.
struct Arrival {
  std::uint8_t mux = 0;
  SimTime at = 0;
  AnswerBatch answers;
};

// Rank 0's side of the platform: the HSS's exchange with the multiplexers
// (the engine's own model, hss_exchange.hpp, as unsharded), and the
// workers: the HSS sampler, the SMSC's and the faults' actors
// (workers.hpp). A checkpoint starts them again, as a run resumed from it
// starts them (start()).
struct Platform {
  World& world;
  std::size_t muxes;
  std::vector<Arrival> arrivals;         // since the last exchange, in the order taken
  // What the devices' MMEs sent the SMSC (sms_crossing.hpp), each taken at
  // its due time: made + L.
  struct SmsUpDue {
    SimTime due = 0;
    SmsUp up;
    SmsBytes bytes;
  };
  std::vector<SmsUpDue> sms_ups;
  std::size_t sms_first = 0;
  // The requests sent to the HSS and not yet answered, counted by the time
  // they left their multiplexers' nodes (HssRequest::left, which each
  // answer carries; a resumed run's HSS queue: 0, not known).
  std::map<SimTime, std::int64_t> in_system;
  Workers workers;

  // A resumed run's HSS queue holds requests of its multiplexers.
  Platform(World& w, std::size_t m) : world(w), muxes(m) {
    if (!w.hss_fifo.empty()) in_system[0] = static_cast<std::int64_t>(w.hss_fifo.size());
  }
  bool requests_in_system() const { return !in_system.empty(); }
  // No answer reaches a node before this (with requests in the system):
  // each way of a multiplexer's route to the HSS takes at least the
  // lookahead L, so the oldest request is answered 2L after it left at the
  // soonest (CM02: latencies as written, the transfer and the HSS only add).
  SimTime first_answer_at(SimTime lookahead) const { return in_system.begin()->first + 2 * lookahead; }

  void start() {
    if (!world.hss_exchange) world.hss_exchange = std::make_unique<HssExchange>(world);
    workers = launch_workers(world, false);  // no multiplexer actors: the shards run them
    // The HSS's loop begins here (a resumed run's queue, or after a checkpoint).
    world.hss_exchange->restart(sg4::Engine::get_clock());
  }
  // At a checkpoint, the network drained (quiet()).
  void restart() {
    kill_workers(workers);
    start();
  }
  // Nothing on its way: no batch on the links, no answer taken and not yet
  // sent to its rank, the HSS in no service round.
  bool quiet() const {
    return arrivals.empty() && !world.hss_exchange->busy() &&
           sms_first == sms_ups.size() && (!world.modem || !world.modem->links || world.modem->links->idle());
  }

  // SimGrid to `end`: the SMS from the devices' MMEs due before it reach
  // the SMSC, each at its time.
  void run_until(SimTime end) {
    for (; sms_first < sms_ups.size() && sms_ups[sms_first].due < end; ++sms_first) {
      const SmsUpDue& u = sms_ups[sms_first];
      sleep_until_exact(to_seconds(u.due));
      smsc_takes(world, u.up, u.bytes, u.due);
    }
    if (sms_first == sms_ups.size()) sms_ups.clear(), sms_first = 0;
    sleep_until_exact(to_seconds(end));
    // The HSS's answers that reached the multiplexers' nodes by now, to go
    // to their ranks.
    HssExchange& hss = *world.hss_exchange;
    hss.advance_to(to_seconds(end));
    for (std::size_t m = 0; m < muxes; ++m) {
      hss.take_each(static_cast<std::uint8_t>(m), to_seconds(end), [&](double at, AnswerBatch&& batch) {
        for (const HssAnswer& a : batch) {
          const auto it = in_system.find(a.left);
          if (it != in_system.end() && --it->second == 0) in_system.erase(it);
        }
        arrivals.push_back({static_cast<std::uint8_t>(m), to_simtime(at), std::move(batch)});
      });
    }
  }
  // Kept by due time (those of one time in the order taken): a device's
  // modem may send one ahead of its slot, which must not hold back those
  // due before it.
  void take_sms(SimTime due, const SmsUp& up, SmsBytes bytes) {
    const auto at = std::upper_bound(sms_ups.begin() + static_cast<std::ptrdiff_t>(sms_first), sms_ups.end(), due,
                                     [](SimTime d, const SmsUpDue& u) { return d < u.due; });
    sms_ups.insert(at, {due, up, std::move(bytes)});
  }
  SimTime next_sms() const { return sms_first < sms_ups.size() ? sms_ups[sms_first].due : kNoTime; }
  static constexpr SimTime kNoTime = std::numeric_limits<SimTime>::max();

  // A batch the devices made at `put`, to leave at put + L.
  void hand(std::uint8_t mux, SimTime leaves, RequestBatch requests) {
    for (HssRequest& r : requests) r.left = leaves;
    in_system[leaves] += static_cast<std::int64_t>(requests.size());
    // Handed after the slot, no sooner than its end: whatever the HSS's
    // model did up to then is before it left (hss_exchange.hpp).
    world.hss_exchange->send(mux, to_seconds(leaves), std::move(requests));
  }
};

// What the ranks sent in one order whatever the ranks: by time, then
// device; a device's own (one rank holds it) in the order it made them.
// `key` gives an element's (time, device).
template <class T, class Key>
void in_time_device_order(std::vector<T>& v, Key key) {
  std::stable_sort(v.begin(), v.end(), [&key](const T& a, const T& b) { return key(a) < key(b); });
}

// A slot's SMS crossings (sms_crossing.hpp), each with its bytes: the head,
// then, when it has some, their count and each one.
template <class Head>
void put_sms(std::string& out, const std::vector<Head>& heads, const std::vector<SmsBytes>& bytes) {
  put(out, static_cast<std::uint64_t>(heads.size()));
  for (const Head& h : heads) {
    put(out, h);
    if (h.bytes == 0) continue;
    const SmsBytes& b = bytes.at(h.bytes - 1);
    put(out, static_cast<std::uint64_t>(b.size()));
    for (const cardcore::Bytes& x : b) put_all(out, x);
  }
}

template <class Head>
std::vector<std::pair<Head, SmsBytes>> get_sms(Reader& in) {
  std::vector<std::pair<Head, SmsBytes>> out;
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    auto& [head, bytes] = out.emplace_back(in.get<Head>(), SmsBytes{});
    if (head.bytes == 0) continue;
    for (auto k = in.get<std::uint64_t>(); k > 0; --k) bytes.push_back(in.get_all<std::uint8_t>());
  }
  return out;
}

// Events in one order whatever the ranks: time, device, kind, value. The
// slots follow one another, so each slot's events sorted keep the file in
// that order.
void write_in_order(std::vector<RecordedEvent>& events, RunFile& out) {
  std::sort(events.begin(), events.end(), [](const RecordedEvent& a, const RecordedEvent& b) {
    if (a.t != b.t) return a.t < b.t;
    if (a.device != b.device) return a.device < b.device;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.value < b.value;
  });
  for (const RecordedEvent& e : events) out.add_event(e.t, e.device, e.kind, e.value);
}

// The traced devices' APDUs of a slot, in one order whatever the ranks: by
// time, then device; a device's own in the order it made them (one rank
// holds it).
void put_apdus(std::string& out, const std::vector<RecordedApdu>& apdus) {
  put(out, static_cast<std::uint64_t>(apdus.size()));
  for (const RecordedApdu& a : apdus) {
    put(out, a.t);
    put(out, a.device);
    put(out, a.direction);
    put_all(out, a.bytes);
    put(out, a.kind);
    put(out, a.rp_cause);
    put_all(out, a.centre);
  }
}
void get_apdus(Reader& in, std::vector<RecordedApdu>& into) {
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    RecordedApdu a;
    a.t = in.get<double>();
    a.device = in.get<std::uint32_t>();
    a.direction = in.get<std::uint8_t>();
    a.bytes = in.get_all<std::uint8_t>();
    a.kind = in.get<std::uint8_t>();
    a.rp_cause = in.get<std::uint8_t>();
    a.centre = in.get_all<std::uint8_t>();
    into.push_back(std::move(a));
  }
}
void write_apdus_in_order(std::vector<RecordedApdu>& apdus, World& w) {
  in_time_device_order(apdus, [](const RecordedApdu& a) { return std::pair(a.t, a.device); });
  for (const RecordedApdu& a : apdus) write_traced(w, a);
}

// The modem devices' reports to the platforms of a slot, in one order
// whatever the ranks: by time, then device; a device's own in the order it
// made them. Each reaches its platform the lookahead later than unsharded.
void hand_reports_in_order(std::vector<PlatformReport>& reports, World& w, SimTime lookahead) {
  in_time_device_order(reports, [](const PlatformReport& r) { return std::pair(r.t, r.device); });
  for (const PlatformReport& r : reports) deliver_platform_report(w, r, lookahead);
}

// The flags of a rank's part of an exchange.
constexpr std::uint8_t kInterrupted = 1, kQuiet = 2;

struct ShardSetup {
  int ranks = 1;
  int rank = 0;
  std::size_t muxes = 0;
  SimTime lookahead = 0;
  int rank_of(std::size_t mux) const { return static_cast<int>(mux % static_cast<std::size_t>(ranks)); }
};

// A sharded run's checkpoints (docs/CHECKPOINTS.md), as every rank sees
// them: the times asked for, the drain under way. From the first slot that
// starts at or after a checkpoint's time, the shards hold their requests
// and the HSS starts no new service round; at the first exchange at which
// every rank is quiet (DeviceShard::idle, Platform::quiet) the state at
// that slot's end is saved, and the run goes on as a run resumed from it.
struct ShardCheckpoints {
  const RunOptions& options;
  CheckpointInfo info;       // but for requested_s and clock_s
  CheckpointSchedule schedule;
  double due_s;              // the next checkpoint's time
  bool draining = false;
  bool last = false;         // asked for by an interruption: the run stops after it
  CheckpointOutcome outcome;

  ShardCheckpoints(const RunOptions& o, CheckpointInfo i, double start_s)
      : options(o), info(std::move(i)), schedule(o.checkpoint_at_s, o.checkpoint_every_s),
        due_s(schedule.next_due(start_s)) {}
  bool on_interrupt() const { return !options.checkpoint_file.empty() && options.interrupt != nullptr; }
};

// Rank 0 writes the checkpoint of every rank's part (beside its file, then
// renamed over it); every rank learns whether it was written.
bool write_sharded_checkpoint(World& w, std::vector<std::unique_ptr<DeviceShard>>& shards, ShardLink& link,
                              ShardCheckpoints& ck, SimTime clock) {
  std::vector<std::string> parts = link.gather(shard::checkpoint_part(w, shards));
  std::string status(1, '\0');
  if (link.rank() == 0) {
    // The checkpoint's modem counters are the ranks' sums; rank 0 counts on from its own.
    const std::optional<shard::ModemTotals> own =
        w.modem ? std::optional<shard::ModemTotals>(shard::modem_totals(w)) : std::nullopt;
    ChipManagementRun* chips = w.modem ? w.modem->chip_management.get() : nullptr;
    const ChipManagementCounters own_chips = chips ? chips->counters() : ChipManagementCounters{};
    CheckpointInfo info = ck.info;
    info.requested_s = ck.last ? to_seconds(clock) : ck.due_s;
    info.clock_s = to_seconds(clock);
    const auto write = [&](const std::string& path) { write_checkpoint(path, info, w, shard::checkpoint_parts(w, parts)); };
    if (save_checkpoint(ck.options.checkpoint_file, info, w, write, ck.outcome)) {
      ck.outcome.on_interrupt = ck.last;
      status[0] = 1;
    }
    if (own) shard::set_modem(w, *own);
    if (chips) chips->set_counters(own_chips);
  }
  const std::vector<std::string> got = link.all_to_all(std::vector<std::string>(static_cast<std::size_t>(link.size()), status));
  return got.at(0).at(0) == 1;
}

// A checkpoint's drain holds the HSS's exchange from rank 0's clock on: its
// model up to there first, the rounds due by then started.
void hold_hss(Platform* platform) {
  if (platform) platform->world.hss_exchange->advance_to(sg4::Engine::get_clock());
}

// The slots, run by every rank from `start` (0, or a checkpoint's time):
// its shards to the slot's end, rank 0's platform too, then the exchange
// and the next slot with anything in it.
SimTime drive(World& w, std::vector<std::unique_ptr<DeviceShard>>& shards, ShardLink& link, const ShardSetup& setup,
           Platform* platform, ShardCheckpoints& ck, SimTime start) {
  const SimTime stop = to_simtime(w.stop_s), L = setup.lookahead;
  std::vector<std::size_t> shard_of(setup.muxes, shards.size());
  for (std::size_t i = 0; i < shards.size(); ++i) shard_of[shards[i]->mux()] = i;
  std::vector<ShardBatch> made;
  for (SimTime t = start; t < stop;) {
    const SimTime end = std::min(t + L, stop);
    if (!ck.draining && to_seconds(t) >= ck.due_s) {
      hold_hss(platform);
      ck.draining = w.draining = true;
    }
    made.clear();
    for (auto& s : shards) s->run_until(end, made);
    if (platform) platform->run_until(end);

    // The exchange: each rank's batches to rank 0, rank 0's answers to the
    // ranks of their multiplexers, and to every rank the earliest time this
    // one may need the next slot at (its devices' next wake-up, the slot's
    // end when a batch leaves or a request is still on its way, an answer's
    // due time, a checkpoint's time) and its flags: interrupted, quiet (for
    // a checkpoint's drain). The next slot is the least of all.
    SimTime next = stop;
    for (const auto& s : shards) next = std::min(next, s->next_wake());
    // A batch made at P leaves its node at P + L; its answers come 2L
    // later at the soonest (Platform::first_answer_at): no slot is needed
    // for it before (rank 0's SimGrid runs on through the slots skipped).
    for (const ShardBatch& b : made) next = std::min(next, std::max(end, b.put + 3 * L));
    if (platform) {
      if (platform->requests_in_system()) next = std::min(next, std::max(end, platform->first_answer_at(L)));
      // The platforms' messages on the links: the earliest one may arrive
      // and make the SMSC send the devices something (platform_links.hpp).
      if (const PlatformLinks* links = w.modem ? w.modem->links.get() : nullptr) {
        if (const SimTime h = links->horizon(end); h != twinmodels::kNever) next = std::min(next, std::max(end, h + 1));
      }
      for (const Arrival& a : platform->arrivals) next = std::min(next, a.at + L);
      // The SMSC's next work and what it sent the devices' MMEs.
      if (!w.scenario.campaigns.empty() || (w.modem && w.modem->chip_management)) next = std::min(next, smsc_next_due(w));
      if (!w.shard_sms_down->empty()) next = std::min(next, end);
    }
    // What the devices' MMEs sent the SMSC, and what is due there.
    if (!w.shard_sms_up->empty()) next = std::min(next, end);
    if (platform) next = std::min(next, platform->next_sms());
    if (ck.draining) next = std::min(next, end);
    else if (ck.due_s < w.stop_s) next = std::min(next, to_simtime(ck.due_s));
    std::uint8_t flags = 0;
    if (w.interrupt && w.interrupt->load()) flags |= kInterrupted;
    bool quiet = made.empty() && (!platform || platform->quiet()) && w.shard_sms_up->empty() && w.shard_sms_down->empty();
    for (const auto& s : shards) quiet = quiet && s->idle();
    // As unsharded, a checkpoint waits until no eUICC's HTTPS session runs.
    if (w.modem) quiet = quiet && w.modem->bip.empty() && w.modem->bip_servers.empty();
    if (quiet) flags |= kQuiet;
    std::vector<std::string> to(static_cast<std::size_t>(setup.ranks));
    std::vector<std::uint64_t> batches(to.size(), 0), answers(to.size(), 0);
    std::vector<std::string> batch_bytes(to.size()), answer_bytes(to.size());
    // The SMSC's messages to the devices' MMEs, to their multiplexers' ranks
    // in one order (time made, device).
    std::vector<std::vector<SmsDown>> downs(to.size());
    in_time_device_order(*w.shard_sms_down, [](const SmsDown& d) { return std::pair(d.at, d.device); });
    for (const SmsDown& d : *w.shard_sms_down) downs[static_cast<std::size_t>(setup.rank_of(d.mux))].push_back(d);
    // The chip management platform's changes of the HSS's view of barrings,
    // to every other rank (their MMEs read it), in the order made.
    ChipManagementRun* chips = w.modem ? w.modem->chip_management.get() : nullptr;
    std::vector<HssViewChange> views;
    if (platform && chips) {
      views = chips->take_hss_views();
      for (const HssViewChange& v : views)
        if (v.arrival < end) throw std::logic_error("a barring reaches the HSS's view before it can cross the ranks");
    }
    for (const ShardBatch& b : made) {
      put(batch_bytes[0], b.mux);
      put(batch_bytes[0], b.put);
      put_all(batch_bytes[0], b.requests);
      ++batches[0];
    }
    if (platform) {
      for (const Arrival& a : platform->arrivals) {
        const auto r = static_cast<std::size_t>(setup.rank_of(a.mux));
        put(answer_bytes[r], a.mux);
        put(answer_bytes[r], a.at + L);
        put_all(answer_bytes[r], a.answers);
        ++answers[r];
      }
      platform->arrivals.clear();
    }
    for (std::size_t r = 0; r < to.size(); ++r) {
      put(to[r], next);
      put(to[r], flags);
      // For rank 0's progress line: this rank's events and devices attached.
      put(to[r], w.events);
      put(to[r], w.devices_attached);
      put(to[r], batches[r]);
      to[r] += batch_bytes[r];
      put(to[r], answers[r]);
      to[r] += answer_bytes[r];
      // The slot's events, traced APDUs and the modem devices' reports to
      // the platforms go to rank 0, which writes and hands them in order.
      if (r == 0) {
        put_all(to[r], *w.shard_events);
        put_apdus(to[r], *w.shard_apdus);
        put_all(to[r], *w.shard_reports);
        put_sms(to[r], *w.shard_sms_up, *w.shard_sms_bytes);
      } else {
        put(to[r], std::uint64_t{0});
        put(to[r], std::uint64_t{0});
        put(to[r], std::uint64_t{0});
        put(to[r], std::uint64_t{0});
      }
      put_sms(to[r], downs[r], *w.shard_sms_bytes);
      if (chips) put_all(to[r], r == 0 ? std::vector<HssViewChange>{} : views);
    }
    w.shard_events->clear();
    w.shard_apdus->clear();
    w.shard_reports->clear();
    w.shard_sms_up->clear();
    w.shard_sms_down->clear();
    w.shard_sms_bytes->clear();
    const std::vector<std::string> got = link.all_to_all(to);
    std::vector<ShardBatch> all;
    std::vector<RecordedEvent> slot_events;
    std::vector<RecordedApdu> slot_apdus;
    std::vector<PlatformReport> slot_reports;
    std::vector<std::pair<SmsUp, SmsBytes>> slot_ups;
    bool interrupted = false, all_quiet = true;
    std::uint64_t events = 0, attached = 0;
    for (const std::string& message : got) {
      Reader in(message);
      next = std::min(next, in.get<SimTime>());
      const auto f = in.get<std::uint8_t>();
      interrupted = interrupted || (f & kInterrupted) != 0;
      all_quiet = all_quiet && (f & kQuiet) != 0;
      events += in.get<std::uint64_t>();
      attached += in.get<std::uint64_t>();
      for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
        ShardBatch b;
        b.mux = in.get<std::uint8_t>();
        b.put = in.get<SimTime>();
        b.requests = in.get_all<HssRequest>();
        all.push_back(std::move(b));
      }
      for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
        const auto mux = in.get<std::uint8_t>();
        const auto due = in.get<SimTime>();
        shards.at(shard_of.at(mux))->deliver(due, in.get_all<HssAnswer>());
      }
      const std::vector<RecordedEvent> events = in.get_all<RecordedEvent>();
      slot_events.insert(slot_events.end(), events.begin(), events.end());
      get_apdus(in, slot_apdus);
      const std::vector<PlatformReport> reports = in.get_all<PlatformReport>();
      slot_reports.insert(slot_reports.end(), reports.begin(), reports.end());
      for (auto& up : get_sms<SmsUp>(in)) slot_ups.push_back(std::move(up));
      for (auto& [d, bytes] : get_sms<SmsDown>(in)) shards.at(shard_of.at(d.mux))->deliver(d.at + L, d, std::move(bytes));
      if (chips)
        for (const HssViewChange& v : in.get_all<HssViewChange>()) chips->hss_view_heard(v);
    }
    if (platform && w.progress) w.progress->update(to_seconds(end), events, attached);
    if (platform) write_in_order(slot_events, *w.out);
    if (platform) write_apdus_in_order(slot_apdus, w);
    if (platform) hand_reports_in_order(slot_reports, w, L);
    if (platform) {
      // The same order whatever the ranks: time made, then device; a
      // device's own in the order it made them.
      in_time_device_order(slot_ups, [](const auto& u) { return std::pair(u.first.t, u.first.device); });
      for (auto& [up, bytes] : slot_ups) platform->take_sms(up.t + L, up, std::move(bytes));
    }
    if (platform) {
      // The same order whatever the ranks: by time made, then multiplexer.
      std::stable_sort(all.begin(), all.end(), [](const ShardBatch& a, const ShardBatch& b) {
        return a.put != b.put ? a.put < b.put : a.mux < b.mux;
      });
      for (ShardBatch& b : all) platform->hand(b.mux, b.put + L, std::move(b.requests));
    }

    // An interruption: one more checkpoint when asked for (its drain from
    // the next slot), then the run stops; or it stops here.
    if (interrupted && !ck.last) {
      if (!ck.on_interrupt()) {
        w.interrupted = true;
        return end;
      }
      hold_hss(platform);
      ck.last = ck.draining = w.draining = true;
      next = end;
    }
    if (ck.draining && all_quiet && end < stop) {
      const bool written = write_sharded_checkpoint(w, shards, link, ck, end);
      ck.draining = w.draining = false;
      if (!written || ck.last) {
        w.interrupted = true;
        return end;
      }
      // On as a run resumed from here: the shards forget their last
      // wake-up, rank 0's actors start again, the next slot starts here.
      for (auto& s : shards) s->resume_at(end);
      if (platform) platform->restart();
      ck.due_s = ck.schedule.next_due(ck.due_s);
      t = end;
      continue;
    }
    t = std::max(end, next / L * L);
  }
  if (ck.draining && link.rank() == 0) ck.outcome.error = "the run reached its stop time before the network drained";
  if (platform && sg4::Engine::get_clock() < w.stop_s) sg4::this_actor::sleep_until(w.stop_s);
  return stop;
}

// The modem model's devices run on their ranks with their MMEs and cells,
// and report to the platforms on rank 0 (platform_report.hpp); the SMSC's
// and the SM-SRs' SMS and the eUICCs' BIP channels to the admin servers
// cross both ways (sms_crossing.hpp, bip_crossing.hpp). What a sharded run
// cannot do, known from the scenario: more ranks than multiplexers.
void refuse_unsharded(const Scenario& sc, int ranks) {
  if (ranks > sc.engine.multiplexers)
    throw ScenarioError(sc.source + ": a sharded run has at most engine.multiplexers (" +
                        std::to_string(sc.engine.multiplexers) + ") ranks, not " + std::to_string(ranks));
}

}  // namespace

double shard_lookahead_s(const Scenario& sc) {
  const NetworkPlan plan = plan_network(sc);
  double least = -1;
  for (std::size_t m = 0; m < plan.mux_node.size(); ++m) {
    const double l = plan.topology.require_route(plan.mux_node[m], plan.hss).latency_s;
    if (least < 0 || l < least) least = l;
  }
  if (!(to_simtime(least) > 0))
    throw ScenarioError(sc.source + ": a sharded run needs latency on every multiplexer's route to the HSS: it is "
                                    "the lookahead between the ranks (docs/SCALING.md)");
  return least;
}

namespace {

// Runs a rank's world from `start_s` (0, or its checkpoint's time) to the
// stop time: rank 0 with SimGrid's platform and the run file `out`.
RunResult run_sharded_world(World& w, std::vector<std::unique_ptr<DeviceShard>>& shards, const Scenario& sc,
                            const RunOptions& options, ShardLink& link, const ShardSetup& setup, RunFile* out,
                            std::ostream& progress, double start_s, double wall_start) {
  // Rank 0's progress line, from every rank's counters at each exchange
  // (a resumed run's rank 0 carries the counts so far).
  Progress bar(options.progress && setup.rank == 0 ? &progress : nullptr, sc.general.stop_s, sc.device_count(), start_s,
               w.events);
  w.progress = &bar;
  std::vector<RecordedEvent> events;
  w.shard_events = &events;
  std::vector<RecordedApdu> apdus;
  w.shard_apdus = &apdus;
  std::vector<PlatformReport> reports;
  w.shard_reports = &reports;
  std::vector<SmsDown> sms_down;
  w.shard_sms_down = &sms_down;
  std::vector<SmsUp> sms_up;
  w.shard_sms_up = &sms_up;
  std::vector<SmsBytes> sms_bytes;
  w.shard_sms_bytes = &sms_bytes;
  w.gsmtap = !options.pcap.empty();
  ShardCheckpoints ck(options, checkpoint_info(sc, w), start_s);
  const SimTime start = to_simtime(start_s);
  SimTime reached = start;  // where the slots ended: the stop time, or an interruption's
  std::unique_ptr<pcap::GsmtapTrace> gsmtap;
  if (setup.rank == 0) {
    w.out = out;
    if (!options.pcap.empty()) {
      gsmtap = std::make_unique<pcap::GsmtapTrace>(options.pcap);
      w.pcap = gsmtap.get();
    }
    std::unique_ptr<sg4::Engine> engine;
    start_simgrid(engine, options.interrupt);
    build_platform(w.network, sc.hss);
    Platform platform(w, setup.muxes);
    RunPlatformLog platform_log(w, options);  // the platforms are rank 0's
    // A resumed run starts the platform's actors at its checkpoint's time,
    // after the shards' actor, as a checkpoint starts them again.
    if (start == 0) platform.start();
    sg4::Actor::create("shards", engine->host_by_name(sc.hss.host), [&] {
      if (start > 0) {
        sleep_until_exact(start_s);
        platform.start();
      }
      reached = drive(w, shards, link, setup, &platform, ck, start);
    });
    engine->run();
    // What the HSS did up to the end (its model moves when asked).
    if (w.hss_exchange) w.hss_exchange->advance_to(sg4::Engine::get_clock());
    if (gsmtap) {
      w.pcap = nullptr;
      gsmtap->close();
    }
    platform_log.write();
  } else {
    reached = drive(w, shards, link, setup, nullptr, ck, start);
  }

  // The run file from every rank's part: the device rows and counters of
  // its devices (its events went to rank 0 slot by slot).
  std::string part;
  std::vector<DeviceRow> rows;
  for (std::uint32_t d = 0; d < w.devices.size(); ++d)
    if (w.devices.holds(d)) rows.push_back(device_row(w, d));
  put_all(part, rows);
  put(part, counters_of(w));
  if (w.wear) shard::put_wear(part, w);
  if (w.modem) shard::put_modem(part, w);
  if (w.modem && w.modem->chip_management) put(part, w.modem->chip_management->counters());
  put(part, migration_modems(w));
  std::vector<std::string> parts = link.gather(part);
  std::string().swap(part);
  RunResult result;
  if (setup.rank != 0) {
    result.devices = sc.device_count();
    result.wall_seconds = wall_seconds_since(wall_start);
    return result;
  }
  GatheredRun gathered;
  gathered.rows.resize(sc.device_count());
  shard::ModemTotals modem_sum;
  ChipManagementCounters chips_sum;
  RunCounters sum;
  std::optional<WearCounters> wear_sum;
  if (w.wear) wear_sum = WearCounters::none(sc.populations.size());
  for (std::string& p : parts) {
    Reader in(p);
    for (const DeviceRow& r : in.get_all<DeviceRow>()) gathered.rows[r.device] = r;
    sum += in.get<RunCounters>();
    if (w.wear) shard::add_wear(in, *w.wear, *wear_sum);
    if (w.modem) shard::add_modem(in, modem_sum, gathered.modems_registered);
    if (w.modem && w.modem->chip_management) chips_sum += in.get<ChipManagementCounters>();
    const auto migration = in.get<MigrationModems>();
    gathered.migration.unregistered += migration.unregistered;
    gathered.migration.old_registered += migration.old_registered;
    std::string().swap(p);
  }
  set_counters(w, sum);
  bar.finish(to_seconds(reached), w.events, w.devices_attached);
  if (w.wear) w.wear->set_counters(std::move(*wear_sum));
  if (w.modem) shard::set_modem(w, modem_sum);
  if (w.modem && w.modem->chip_management) w.modem->chip_management->set_counters(chips_sum);
  result = finish_run(w, *out, sc, wall_start, &gathered);
  result.start_s = start_s;
  result.checkpoints = ck.outcome.written;
  result.checkpoint_write_wall_s = ck.outcome.write_wall_s;
  result.checkpoint_on_interrupt = ck.outcome.on_interrupt;
  if (!ck.outcome.error.empty())
    throw CheckpointError(options.checkpoint_file + ": checkpoint not written: " + ck.outcome.error);
  return result;
}

// The platforms that learn they run sharded: the chip management
// platform's barrings reach the other ranks' MMEs a lookahead later.
void shard_platforms(World& w, const ShardSetup& setup) {
  if (w.modem && w.modem->chip_management) w.modem->chip_management->shard(setup.lookahead);
}

ShardSetup shard_setup(const Scenario& sc, const ShardLink& link) {
  ShardSetup setup;
  setup.ranks = link.size();
  setup.rank = link.rank();
  setup.muxes = static_cast<std::size_t>(sc.engine.multiplexers);
  setup.lookahead = to_simtime(shard_lookahead_s(sc));
  return setup;
}

}  // namespace

RunResult run_scenario_sharded(const Scenario& scenario, const RunOptions& options, ShardLink& link,
                               std::ostream& progress) {
  const double wall_start = wall_clock_s();
  const Scenario sc = effective_scenario(scenario, options);
  refuse_unsharded(sc, link.size());
  check_checkpoint_options(options, 0, sc);
  const ShardSetup setup = shard_setup(sc, link);
  // The world holds only the rank's devices, those of its multiplexers.
  std::unique_ptr<World> world =
      make_world(sc, options, CardSetup::Personalized, [&setup](std::uint8_t mux) { return setup.rank_of(mux) == setup.rank; });
  shard_platforms(*world, setup);
  std::vector<std::unique_ptr<DeviceShard>> shards;
  for (std::size_t m = 0; m < setup.muxes; ++m)
    if (setup.rank_of(m) == setup.rank) shards.push_back(std::make_unique<DeviceShard>(*world, static_cast<std::uint8_t>(m)));
  std::unique_ptr<RunFile> out;
  if (setup.rank == 0) out = std::make_unique<RunFile>(options.output, run_metadata(sc), event_kind_names());
  return run_sharded_world(*world, shards, sc, options, link, setup, out.get(), progress, 0, wall_start);
}

RunResult resume_run_sharded(const std::string& checkpoint, const RunOptions& options, ShardLink& link,
                             std::ostream& progress) {
  const double wall_start = wall_clock_s();
  const ResumePlan plan = plan_resume(checkpoint, options, true);
  const Scenario& sc = plan.scenario;
  refuse_unsharded(sc, link.size());
  const ShardSetup setup = shard_setup(sc, link);
  std::unique_ptr<World> world =
      make_world(sc, plan.options, CardSetup::Blank, [&setup](std::uint8_t mux) { return setup.rank_of(mux) == setup.rank; });
  shard_platforms(*world, setup);
  World& w = *world;
  std::vector<MultiplexerState> states = restore_checkpoint_state(checkpoint, w);
  // The counters so far are rank 0's to carry on; the others count anew.
  if (setup.rank != 0) {
    set_counters(w, RunCounters{});
    if (w.wear) w.wear->set_counters(WearCounters::none(sc.populations.size()));
    if (w.modem) shard::set_modem(w, shard::ModemTotals{});
    if (w.modem && w.modem->chip_management) w.modem->chip_management->set_counters({});
  }
  const SimTime clock = to_simtime(plan.info.clock_s);
  std::vector<std::unique_ptr<DeviceShard>> shards;
  for (std::size_t m = 0; m < setup.muxes; ++m) {
    if (setup.rank_of(m) != setup.rank) continue;
    shards.push_back(std::make_unique<DeviceShard>(w, static_cast<std::uint8_t>(m), std::move(states[m])));
    shards.back()->resume_at(clock);
  }
  std::unique_ptr<RunFile> out;
  if (setup.rank == 0) out = std::make_unique<RunFile>(plan.options.output, plan.metadata, event_kind_names());
  return run_sharded_world(w, shards, sc, plan.options, link, setup, out.get(), progress, plan.info.clock_s, wall_start);
}

}  // namespace twinsim
