#include "twinsim/engine/hss_server.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "twinsim/engine/messages.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/onelink_api_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/sleep_exact.hpp"

namespace sg4 = simgrid::s4u;

namespace twinsim {

namespace {

// Answers gathered per multiplexer during one service round.
class Replies {
 public:
  explicit Replies(std::size_t muxes) : per_mux_(muxes) {
    for (std::size_t m = 0; m < muxes; ++m) boxes_.push_back(sg4::Mailbox::by_name("mux-" + std::to_string(m)));
  }
  void add(std::uint8_t mux, const HssAnswer& a) { per_mux_.at(mux).push_back(a); }
  // Returns the number of messages sent.
  int send(double bytes_per_answer) {
    int sent = 0;
    for (std::size_t m = 0; m < per_mux_.size(); ++m) {
      if (per_mux_[m].empty()) continue;
      auto* batch = new AnswerBatch(std::move(per_mux_[m]));
      per_mux_[m] = {};
      // An Unanswered notice has no bytes: nothing the HSS sends.
      const auto answers = std::count_if(batch->begin(), batch->end(),
                                         [](const HssAnswer& a) { return a.kind != HssAnswer::Kind::Unanswered; });
      boxes_[m]->put_init(batch, static_cast<std::uint64_t>(bytes_per_answer * static_cast<double>(answers)))
          ->detach([](void* p) { delete static_cast<AnswerBatch*>(p); });
      ++sent;
    }
    return sent;
  }

 private:
  std::vector<AnswerBatch> per_mux_;
  std::vector<sg4::Mailbox*> boxes_;
};

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

HssInbox::HssInbox() : ready(sg4::Semaphore::create(0)) {}

HssInbox::~HssInbox() {
  for (const HssArrival& a : arrived) delete a.batch;
}

void hss_receiver_actor(HssInbox& inbox, std::size_t m) {
  sg4::Actor::self()->daemonize();
  sg4::Mailbox* box = sg4::Mailbox::by_name(hss_mailbox(m));
  box->set_receiver(sg4::Actor::self());
  for (;;) {
    auto* batch = box->get<RequestBatch>();
    inbox.arrived.push_back({sg4::Engine::get_clock(), batch});
    inbox.ready->release();
  }
}

void hss_server_actor(World& world, HssInbox& inbox) {
  sg4::Actor::self()->daemonize();
  const HssSpec& spec = world.scenario.hss;
  const NetworkSpec& net = world.scenario.network;
  std::deque<HssRequest>& fifo = world.hss_fifo;
  Replies replies(static_cast<std::size_t>(world.scenario.engine.multiplexers));
  HssCounters& c = world.hss_counters;

  auto reject = [&](const HssRequest& r) {
    replies.add(r.mux, answer_to(r, HssAnswer::Kind::Rejected));
    ++c.rejected;
  };
  // A crashed HSS (a scenario fault) answers nothing: the requests it held
  // when its process died and those reaching it while it is down are lost.
  // The multiplexer hears of each (it counts the answers it awaits) unless
  // a lossy link drops the answer anyway: the device's timer runs out.
  auto lose = [&](const HssRequest& r) {
    ++c.crash_lost;
    replies.add(r.mux, answer_to(r, HssAnswer::Kind::Unanswered));
  };
  auto lose_queue = [&] {
    for (const HssRequest& r : fifo) lose(r);
    fifo.clear();
    c.queue = 0;
  };
  // An HSS in an outage (a scenario fault) answers every request with an
  // error at once, as a front end whose back end is down does.
  auto accept = [&](const HssArrival& arrival) {
    RequestBatch* batch = arrival.batch;
    --world.messages_in_network;
    const double now = sg4::Engine::get_clock();
    const bool outage = world.faults.hss_outage(now);
    const bool crashed = world.faults.hss_crash_meets(arrival.t, now);
    for (const HssRequest& r : *batch) {
      if (crashed) {
        lose(r);
      } else if (outage || fifo.size() >= spec.queue_limit) {
        reject(r);
      } else {
        fifo.push_back(r);
      }
    }
    delete batch;
    c.queue = fifo.size();
    c.max_queue = std::max<std::uint64_t>(c.max_queue, c.queue);
  };

  // While a checkpoint drains the network, requests still arriving are
  // queued (or rejected) but no new service round starts.
  for (;;) {
    // A token left by an arrival taken in an earlier pass only loops once more.
    while (inbox.arrived.empty() && (fifo.empty() || world.draining)) inbox.ready->acquire();
    const double now = sg4::Engine::get_clock();
    // Each span of time the queue was held is checked once for a crash
    // (world.hss_kept_to_s is in checkpoints: a resumed run checks alike).
    if (world.faults.hss_crash_meets(world.hss_kept_to_s, now)) lose_queue();
    world.hss_kept_to_s = now;
    while (!inbox.arrived.empty()) {
      const HssArrival arrival = inbox.arrived.front();
      inbox.arrived.pop_front();
      accept(arrival);
    }
    if (world.faults.hss_outage(now)) {
      for (const HssRequest& r : fifo) reject(r);  // the queue is lost with the outage
      fifo.clear();
      c.queue = 0;
    }
    world.messages_in_network += replies.send(net.request_bytes);  // rejections go out at once
    if (fifo.empty() || world.draining) continue;

    // One service round: up to 64 requests per working core, spread over them.
    const int cores = world.faults.hss_cores(now);
    const std::size_t n = std::min<std::size_t>(fifo.size(), static_cast<std::size_t>(cores) * 64);
    double flops = 0;
    for (std::size_t i = 0; i < n; ++i) {
      flops += fifo[i].kind == HssRequest::Kind::Vector ? spec.flops_per_vector : spec.flops_per_resync;
    }
    // The round's work spread evenly over `lanes` cores takes as long as one
    // core doing a lanes-th of it: the HSS host runs nothing else, so one
    // execution stands for all lanes (one SimGrid activity instead of one per core).
    // The busy time counted is the round's nominal one (its flops over the
    // host's speed), not the clock's difference, whose last bits depend on
    // SimGrid's bookkeeping of the activities around it: a resumed run
    // counts exactly what the original counted (docs/CHECKPOINTS.md).
    const int lanes = static_cast<int>(std::min<std::size_t>(n, static_cast<std::size_t>(cores)));
    world.hss_busy = true;
    sg4::this_actor::execute(flops / lanes);
    world.hss_busy = false;
    c.busy_core_seconds += flops / sg4::this_actor::get_host()->get_speed();
    // Crashed during the round: its answers die with the process, before
    // any is sent (the SQNs move only with the answers made below).
    if (world.faults.hss_crash_meets(now, sg4::Engine::get_clock())) {
      lose_queue();
      world.hss_kept_to_s = sg4::Engine::get_clock();
      world.messages_in_network += replies.send(net.request_bytes);
      continue;
    }

    for (std::size_t i = 0; i < n; ++i) {
      const HssRequest r = fifo.front();
      fifo.pop_front();
      HssAnswer a = answer_to(r, HssAnswer::Kind::Vector);
      if (r.kind == HssRequest::Kind::Resync) {
        // TS 33.102 §6.3.5: verify AUTS, reset SQN, then send a fresh vector.
        if (!world.hss.resync(r.subscriber, r.rand.data(), r.auts.data()).ok()) {
          a.kind = HssAnswer::Kind::ResyncFailed;
          replies.add(r.mux, a);
          ++c.served;
          continue;
        }
      }
      const auto v = world.hss.generate(r.subscriber);
      a.rand = v.rand;
      a.autn = v.autn;
      a.xres = v.xres;
      replies.add(r.mux, a);
      ++c.served;
    }
    c.queue = fifo.size();
    world.messages_in_network += replies.send(net.request_bytes);
  }
}

namespace {

// The write module's row at t: orders waiting for a worker or the rate
// limit, packets built and orders failed since the last row, the workers'
// busy fraction.
void sample_write_module(World& world, double t, double interval_s) {
  ModemWorld& mw = *world.modem;
  const twinmodels::ota::WriteModule& m = *mw.write_module;
  twinmodels::ota::WriteModuleCounters& last = mw.write_sampled;
  const twinmodels::ota::WriteModuleCounters& c = m.counters();
  const SimTime busy = m.busy_by(to_simtime(t));
  PlatformSample s;
  s.t = t;
  s.queue = m.queued() + m.built();
  s.served = c.built - last.built;
  s.rejected = c.failed - last.failed;
  s.busy = to_seconds(busy - last.busy) / (interval_s * m.config().workers);
  world.out->add_platform_sample(world.scenario.write_module.host, s);
  last.built = c.built;
  last.failed = c.failed;
  last.busy = busy;
}

// A platform server's row at t (the SM-SR's, the SM-DP's): requests waiting
// for a worker, served and refused or failed inside since the last row, and
// the worker time of the services started since then over the interval's.
void sample_server(World& world, const std::string& host, const twinmodels::platform::PlatformServer& server,
                   twinmodels::platform::ServerCounters& last, double t, double interval_s) {
  const twinmodels::platform::ServerCounters& c = server.counters();
  auto refused = [](const twinmodels::platform::ServerCounters& x) { return x.down + x.rate_limited + x.queue_full + x.failed; };
  PlatformSample s;
  s.t = t;
  s.queue = server.queued();
  s.served = c.served - last.served;
  s.rejected = refused(c) - refused(last);
  s.busy = to_seconds(c.busy - last.busy) / (interval_s * server.config().workers);
  world.out->add_platform_sample(host, s);
  last = c;
}

}  // namespace

void hss_sampler_actor(World& world, double interval_s) {
  sg4::Actor::self()->daemonize();
  SamplerState& st = world.sampler;  // kept in the world: checkpoints save it
  if (st.next_s == 0) st.next_s = interval_s;
  const double cores = world.scenario.hss.cores;
  for (;; st.next_s += interval_s) {
    sleep_until_exact(st.next_s);
    const HssCounters& c = world.hss_counters;
    PlatformSample s;
    s.t = st.next_s;
    s.queue = c.queue;
    s.served = c.served - st.last.served;
    s.rejected = c.rejected - st.last.rejected;
    s.busy = (c.busy_core_seconds - st.last.busy_core_seconds) / (interval_s * cores);
    world.out->add_platform_sample(world.scenario.hss.host, s);
    st.last = c;
    if (world.modem && world.modem->write_module) sample_write_module(world, st.next_s, interval_s);
    if (world.modem && world.modem->sm_srs) {
      for (std::uint8_t i = 0; i < world.modem->sm_srs->size(); ++i) {
        SmSrRun& r = world.modem->sm_srs->at(i);
        sample_server(world, r.spec().host, r.server(), r.sampled(), st.next_s, interval_s);
      }
    }
    if (world.modem && world.modem->chip_management) {
      ChipManagementRun& r = *world.modem->chip_management;
      sample_server(world, world.scenario.chip_management.host, r.server(), r.sampled(), st.next_s, interval_s);
    }
    if (world.modem && world.modem->sm_dps) {
      for (std::uint8_t i = 0; i < world.modem->sm_dps->size(); ++i) {
        SmDpRun& r = world.modem->sm_dps->at(i);
        sample_server(world, r.spec().host, r.server(), r.sampled(), st.next_s, interval_s);
      }
    }
    if (world.modem && world.modem->onelink_api) {
      OneLinkApiRun& r = *world.modem->onelink_api;
      sample_server(world, world.scenario.onelink.host, r.server(), r.sampled(), st.next_s, interval_s);
    }
    if (world.modem && world.modem->onenet && world.modem->onenet->server()) {
      OneNetRun& r = *world.modem->onenet;
      sample_server(world, world.scenario.onenet.host, *r.server(), r.sampled(), st.next_s, interval_s);
    }
    if (world.modem && world.modem->mno_servers) {
      MnoServers& m = *world.modem->mno_servers;
      for (std::size_t i = 0; i < m.size(); ++i)
        sample_server(world, m.host(i), m.server(i), m.sampled(i), st.next_s, interval_s);
    }
    if (world.modem && world.modem->onelink) world.modem->onelink->check_offline(to_simtime(st.next_s), *world.out);
  }
}

}  // namespace twinsim
