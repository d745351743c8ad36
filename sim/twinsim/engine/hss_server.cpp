#include "twinsim/engine/hss_server.hpp"

#include <simgrid/s4u.hpp>

#include <algorithm>

#include "twinsim/engine/hss_exchange.hpp"
#include "twinsim/engine/hss_service.hpp"
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

// Sends each multiplexer the answers the HSS made for it, one message each;
// returns the number of messages sent.
int send_replies(std::vector<AnswerBatch>& per_mux, double bytes_per_answer) {
  int sent = 0;
  for (std::size_t m = 0; m < per_mux.size(); ++m) {
    if (per_mux[m].empty()) continue;
    auto* batch = new AnswerBatch(std::move(per_mux[m]));
    per_mux[m] = {};
    const auto bytes = bytes_per_answer * static_cast<double>(HssService::answers_with_bytes(*batch));
    sg4::Mailbox::by_name("mux-" + std::to_string(m))
        ->put_init(batch, static_cast<std::uint64_t>(bytes))
        ->detach([](void* p) { delete static_cast<AnswerBatch*>(p); });
    ++sent;
  }
  return sent;
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
  HssService hss(world);
  const double bytes = world.scenario.network.request_bytes;
  // While a checkpoint drains the network, requests still arriving are
  // queued (or rejected) but no new service round starts.
  for (;;) {
    // A token left by an arrival taken in an earlier pass only loops once more.
    while (inbox.arrived.empty() && (world.hss_fifo.empty() || world.draining)) inbox.ready->acquire();
    const double now = sg4::Engine::get_clock();
    hss.wake(now);
    while (!inbox.arrived.empty()) {
      const HssArrival arrival = inbox.arrived.front();
      inbox.arrived.pop_front();
      --world.messages_in_network;
      hss.accept(arrival.t, *arrival.batch, now);
      delete arrival.batch;
    }
    hss.after_arrivals(now);
    world.messages_in_network += send_replies(hss.replies(), bytes);  // rejections go out at once
    if (hss.start_round(now) < 0) continue;
    // One execution stands for all the round's lanes (one SimGrid activity
    // instead of one per core).
    sg4::this_actor::execute(hss.round_flops_per_lane());
    hss.end_round(now, sg4::Engine::get_clock());
    world.messages_in_network += send_replies(hss.replies(), bytes);
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
    if (world.hss_exchange) world.hss_exchange->advance_to(st.next_s);
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
