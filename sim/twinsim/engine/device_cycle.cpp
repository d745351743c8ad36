#include "twinsim/engine/device_cycle.hpp"

#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/random/random_stream.hpp"

namespace twinsim {

namespace {
constexpr unsigned kMaxBackoffDoublings = 6;  // the back-off mean grows to 64x the configured one

// Draws from a device's own random stream where it left off, and remembers
// how far it got (the stream's position is all a device keeps of it).
template <typename F>
double draw(Device& d, std::uint32_t device, std::uint64_t seed, F&& f) {
  auto rng = twinmodels::RandomStream::at(seed, device, stream::kDevice, d.rng_position);
  const double v = f(rng);
  d.rng_position = rng.position();
  return v;
}

// The device's start time from its population's start profile.
double start_time_of(const PopulationSpec& p, twinmodels::RandomStream& rng) {
  switch (p.start.profile) {
    case StartProfile::AtOnce: return p.start.at_s;
    case StartProfile::Uniform: return p.start.at_s + rng.uniform(0.0, p.start.over_s);
    case StartProfile::Exponential:
      // Start delays exponential with mean `over`: most devices early, a long tail.
      return p.start.at_s + rng.exponential(p.start.over_s);
  }
  return p.start.at_s;
}
}  // namespace


double DeviceCycle::start_time(std::uint32_t device) {
  Device& dev = world_.devices[device];
  twinmodels::RandomStream rng(world_.seed, device, stream::kDevice);
  const double t = start_time_of(world_.scenario.populations[dev.population], rng);
  dev.rng_position = rng.position();
  return t;
}

double DeviceCycle::draw_uniform(Device& d, std::uint32_t device, double a, double b) {
  return draw(d, device, world_.seed, [a, b](twinmodels::RandomStream& r) { return r.uniform(a, b); });
}

double DeviceCycle::draw_exponential(Device& d, std::uint32_t device, double mean) {
  return draw(d, device, world_.seed, [mean](twinmodels::RandomStream& r) { return r.exponential(mean); });
}

DeviceCycle::DeviceCycle(World& world, Host& host, std::uint8_t mux)
    : world_(world), host_(host), mux_(mux), trace_([this](std::uint8_t dir, cardcore::ByteView b) {
        world_.out->add_apdu(to_seconds(trace_now_), trace_device_, dir, cardcore::Bytes(b.begin(), b.end()));
      }) {}

twinmodels::UsimClient DeviceCycle::usim_of(std::uint32_t device, SimTime now) {
  trace_device_ = device;
  trace_now_ = now;
  return twinmodels::UsimClient(world_.devices[device].card, world_.traced[device] ? &trace_ : nullptr);
}

void DeviceCycle::record(SimTime now, std::uint32_t device, EventKind kind, std::int64_t value) {
  world_.out->add_event(to_seconds(now), device, static_cast<std::uint8_t>(kind), value);
}

void DeviceCycle::request(std::uint32_t device, HssRequest::Kind kind, const std::uint8_t* rand,
                          const std::uint8_t* auts) {
  HssRequest r;
  r.device = device;
  r.kind = kind;
  r.mux = mux_;
  if (rand) std::copy(rand, rand + 16, r.rand.begin());
  if (auts) std::copy(auts, auts + 14, r.auts.begin());
  host_.send(r);
}

void DeviceCycle::schedule_wake(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  const ActivitySpec& a = world_.scenario.populations[d.population].activity;
  const double gap = a.period_s + (a.jitter_s > 0 ? draw_uniform(d, device, -a.jitter_s, a.jitter_s) : 0.0);
  const SimTime t = now + to_simtime(gap);
  host_.schedule(device, t, Step::Wake);  // even past the stop: a resumed run may go further
}

void DeviceCycle::schedule_retry(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  // Exponential back-off around the configured mean, doubling per
  // consecutive failure (capped), so a rejected crowd spreads out.
  const unsigned doublings = std::min<unsigned>(d.retries > 0 ? d.retries - 1u : 0u, kMaxBackoffDoublings);
  const double mean = world_.scenario.network.retry_backoff_s * static_cast<double>(1u << doublings);
  const SimTime t = now + to_simtime(draw_exponential(d, device, mean));
  host_.schedule(device, t, Step::Retry);
}

void DeviceCycle::fail_and_retry(std::uint32_t device, SimTime now) {
  // A failed authentication: the modem tries the attach again after a
  // back-off (as after T3410/T3411 in TS 24.301 §5.5.1.2.6).
  Device& d = world_.devices[device];
  d.auth_failures++;
  d.retries = static_cast<std::uint8_t>(std::min<int>(d.retries + 1, 255));
  schedule_retry(device, now);
}

void DeviceCycle::on_step(const Event& e, SimTime now) {
  Device& d = world_.devices[e.device];
  ++world_.events;
  twinmodels::UsimClient usim = usim_of(e.device, now);
  switch (static_cast<Step>(e.kind)) {
    case Step::PowerOn: {
      ++world_.devices_powered;
      record(now, e.device, EventKind::PowerOn, 0);
      const std::string imsi = usim.power_up();
      if (imsi.empty()) {
        record(now, e.device, EventKind::CardError, 0);
        return;
      }
      record(now, e.device, EventKind::ImsiRead, 1);
      d.state = DeviceState::WaitingVector;
      request(e.device, HssRequest::Kind::Vector);
      record(now, e.device, EventKind::VectorRequested, 0);
      return;
    }
    case Step::Wake:
      record(now, e.device, EventKind::Wake, 0);
      if (!usim.reselect()) {
        record(now, e.device, EventKind::CardError, 0);
        return;
      }
      d.state = DeviceState::WaitingVector;
      request(e.device, HssRequest::Kind::Vector);
      record(now, e.device, EventKind::VectorRequested, 0);
      return;
    case Step::Retry:
      d.state = DeviceState::WaitingVector;
      request(e.device, HssRequest::Kind::Vector);
      record(now, e.device, EventKind::VectorRequested, 0);
      return;
  }
}

void DeviceCycle::on_answer(const HssAnswer& a, SimTime now) {
  Device& d = world_.devices[a.device];
  ++world_.events;
  switch (a.kind) {
    case HssAnswer::Kind::Rejected:
      d.retries = static_cast<std::uint8_t>(std::min<int>(d.retries + 1, 255));
      record(now, a.device, EventKind::Rejected, d.retries);
      schedule_retry(a.device, now);
      return;
    case HssAnswer::Kind::ResyncFailed:
      record(now, a.device, EventKind::ResyncFailed, 0);
      fail_and_retry(a.device, now);
      return;
    case HssAnswer::Kind::Vector:
      break;
  }
  d.retries = 0;
  twinmodels::UsimClient usim = usim_of(a.device, now);
  const auto auth = usim.authenticate(a.rand.data(), a.autn.data());
  switch (auth.result) {
    case twinmodels::UsimClient::AuthResult::Ok: {
      if (auth.res != a.xres) {  // the MME compares RES with XRES (TS 33.102 §6.3.3)
        record(now, a.device, EventKind::ResMismatch, 0);
        fail_and_retry(a.device, now);
        return;
      }
      d.attaches++;
      if (!d.ever_attached) ++world_.devices_attached;
      d.ever_attached = true;
      d.state = DeviceState::Attached;
      record(now, a.device, EventKind::Authenticated, d.attaches);
      const bool stored = usim.store_eps_location(a.device, static_cast<std::uint16_t>(1 + d.population));
      record(now, a.device, EventKind::LocationStored, stored ? 1 : 0);
      d.card.power_off();  // the modem sleeps with its card off until the next activity
      schedule_wake(a.device, now);
      return;
    }
    case twinmodels::UsimClient::AuthResult::SyncFailure:
      d.sync_failures++;
      d.state = DeviceState::WaitingResync;
      record(now, a.device, EventKind::SyncFailure, 0);
      request(a.device, HssRequest::Kind::Resync, a.rand.data(), auth.auts.data());
      return;
    case twinmodels::UsimClient::AuthResult::MacFailure:
      record(now, a.device, EventKind::MacFailure, auth.sw);
      fail_and_retry(a.device, now);
      return;
    case twinmodels::UsimClient::AuthResult::CardError:
      record(now, a.device, EventKind::CardError, auth.sw);
      fail_and_retry(a.device, now);
      return;
  }
}

}  // namespace twinsim
