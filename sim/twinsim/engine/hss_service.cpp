#include "twinsim/engine/hss_service.hpp"

#include <algorithm>

namespace twinsim {

namespace {

// The answer to request r, of `kind`: to its device, its power epoch and
// MME procedure, dropped on the way if a lossy link drops it.
HssAnswer answer_to(const HssRequest& r, HssAnswer::Kind kind) {
  HssAnswer a;
  a.device = r.device;
  a.epoch = r.epoch;
  a.tag = r.tag;
  a.lost = r.answer_lost;
  a.kind = kind;
  a.asked = r.asked;
  a.left = r.left;
  return a;
}

}  // namespace

HssService::HssService(World& world)
    : world_(world), replies_(static_cast<std::size_t>(world.scenario.engine.multiplexers)) {}

std::size_t HssService::answers_with_bytes(const AnswerBatch& batch) {
  return static_cast<std::size_t>(std::count_if(
      batch.begin(), batch.end(), [](const HssAnswer& a) { return a.kind != HssAnswer::Kind::Unanswered; }));
}

void HssService::reject(const HssRequest& r) {
  replies_.at(r.mux).push_back(answer_to(r, HssAnswer::Kind::Rejected));
  ++world_.hss_counters.rejected;
}

// A crashed HSS (a scenario fault) answers nothing: the requests it held
// when its process died and those reaching it while it is down are lost.
// The multiplexer hears of each (it counts the answers it awaits) unless a
// lossy link drops the answer anyway: the device's timer runs out.
void HssService::lose_queue() {
  for (const HssRequest& r : world_.hss_fifo) {
    ++world_.hss_counters.crash_lost;
    replies_.at(r.mux).push_back(answer_to(r, HssAnswer::Kind::Unanswered));
  }
  world_.hss_fifo.clear();
  world_.hss_counters.queue = 0;
}

void HssService::wake(double now) {
  if (world_.faults.hss_crash_meets(world_.hss_kept_to_s, now)) lose_queue();
  world_.hss_kept_to_s = now;
}

// An HSS in an outage (a scenario fault) answers every request with an
// error at once, as a front end whose back end is down does.
void HssService::accept(double arrived, const RequestBatch& batch, double now) {
  HssCounters& c = world_.hss_counters;
  const bool outage = world_.faults.hss_outage(now);
  const bool crashed = world_.faults.hss_crash_meets(arrived, now);
  for (const HssRequest& r : batch) {
    if (crashed) {
      ++c.crash_lost;
      replies_.at(r.mux).push_back(answer_to(r, HssAnswer::Kind::Unanswered));
    } else if (outage || world_.hss_fifo.size() >= world_.scenario.hss.queue_limit) {
      reject(r);
    } else {
      world_.hss_fifo.push_back(r);
    }
  }
  c.queue = world_.hss_fifo.size();
  c.max_queue = std::max<std::uint64_t>(c.max_queue, c.queue);
}

void HssService::after_arrivals(double now) {
  if (!world_.faults.hss_outage(now)) return;
  for (const HssRequest& r : world_.hss_fifo) reject(r);  // the queue is lost with the outage
  world_.hss_fifo.clear();
  world_.hss_counters.queue = 0;
}

double HssService::start_round(double now) {
  const std::deque<HssRequest>& fifo = world_.hss_fifo;
  if (fifo.empty() || world_.draining) return -1;
  const HssSpec& spec = world_.scenario.hss;
  const int cores = world_.faults.hss_cores(now);
  round_n_ = std::min<std::size_t>(fifo.size(), static_cast<std::size_t>(cores) * 64);
  round_flops_ = 0;
  for (std::size_t i = 0; i < round_n_; ++i) {
    round_flops_ += fifo[i].kind == HssRequest::Kind::Vector ? spec.flops_per_vector : spec.flops_per_resync;
  }
  round_lanes_ = static_cast<double>(std::min<std::size_t>(round_n_, static_cast<std::size_t>(cores)));
  world_.hss_busy = true;
  return round_flops_per_lane() / spec.speed_flops;
}

void HssService::end_round(double started, double now) {
  world_.hss_busy = false;
  HssCounters& c = world_.hss_counters;
  // The busy time counted is the round's nominal one (its flops over the
  // host's speed), not the clock's difference, whose last bits depend on
  // how the clock got there: a resumed run counts exactly what the
  // original counted (docs/CHECKPOINTS.md).
  c.busy_core_seconds += round_flops_ / world_.scenario.hss.speed_flops;
  if (world_.faults.hss_crash_meets(started, now)) {
    lose_queue();
    world_.hss_kept_to_s = now;
    return;
  }
  std::deque<HssRequest>& fifo = world_.hss_fifo;
  constexpr std::size_t kAhead = 4;  // cache hints for the subscribers a few requests on
  for (std::size_t i = 0; i < kAhead && i < round_n_; ++i) world_.hss.prefetch(fifo[i].subscriber);
  for (std::size_t i = 0; i < round_n_; ++i) {
    if (i + kAhead < round_n_) world_.hss.prefetch(fifo[kAhead].subscriber);
    const HssRequest r = fifo.front();
    fifo.pop_front();
    HssAnswer a = answer_to(r, HssAnswer::Kind::Vector);
    ++c.served;
    if (r.kind == HssRequest::Kind::Resync) {
      // TS 33.102 §6.3.5: verify AUTS, reset SQN, then send a fresh vector.
      if (!world_.hss.resync(r.subscriber, r.rand.data(), r.auts.data()).ok()) {
        a.kind = HssAnswer::Kind::ResyncFailed;
        replies_.at(r.mux).push_back(a);
        continue;
      }
    }
    const auto v = world_.hss.generate(r.subscriber);
    a.rand = v.rand;
    a.autn = v.autn;
    a.xres = v.xres;
    replies_.at(r.mux).push_back(a);
  }
  c.queue = fifo.size();
}

}  // namespace twinsim
