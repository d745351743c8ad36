#include "twinsim/engine/device_cycle.hpp"

#include "cardcore/nvm/nvm.hpp"
#include "twinmodels/modem/modem.hpp"
#include "twinmodels/modem/usim_client.hpp"
#include "twinmodels/random/random_stream.hpp"
#include "twinsim/engine/apdu_trace.hpp"
#include "twinsim/engine/card_wear.hpp"
#include "cardcore/util/constant_time.hpp"

namespace twinsim {

namespace {
constexpr unsigned kMaxBackoffDoublings = 6;  // the back-off mean grows to 64x the configured one
// A brown-out's module restart: the modem model's default (ModemConfig::restart_ms, docs/MODELS.md).
const SimTime kModuleRestart = SimTime{twinmodels::modem::ModemConfig{}.restart_ms} * 1000;

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


double first_power_on(const World& w, std::uint16_t population, std::uint32_t device, std::uint64_t* rng_position) {
  twinmodels::RandomStream rng(w.seed, device, stream::kDevice);
  const double t = start_time_of(w.scenario.populations[population], rng);
  if (rng_position) *rng_position = rng.position();
  return w.supply.in_service(population, device - w.population_first[population]).value_or(0) + t;
}

double DeviceCycle::start_time(std::uint32_t device) {
  Device& dev = world_.devices[device];
  return first_power_on(world_, dev.population, device, &dev.rng_position);
}

double DeviceCycle::draw_uniform(Device& d, std::uint32_t device, double a, double b) {
  return draw(d, device, world_.seed, [a, b](twinmodels::RandomStream& r) { return r.uniform(a, b); });
}

double DeviceCycle::draw_exponential(Device& d, std::uint32_t device, double mean) {
  return draw(d, device, world_.seed, [mean](twinmodels::RandomStream& r) { return r.exponential(mean); });
}

DeviceCycle::DeviceCycle(World& world, Host& host, std::uint8_t mux)
    : world_(world), host_(host), mux_(mux), trace_([this](std::uint8_t dir, cardcore::ByteView b) {
        record_traced_apdu(world_, trace_now_, trace_device_, dir, b);
      }) {}

twinmodels::UsimClient DeviceCycle::usim_of(std::uint32_t device, SimTime now) {
  trace_device_ = device;
  trace_now_ = now;
  return twinmodels::UsimClient(world_.devices[device].card, world_.traced[device] ? &trace_ : nullptr);
}

void DeviceCycle::record(SimTime now, std::uint32_t device, EventKind kind, std::int64_t value) {
  world_.events_sink().add(to_seconds(now), device, static_cast<std::uint8_t>(kind), value);
}

void DeviceCycle::schedule(std::uint32_t device, SimTime t, Step step) {
  host_.schedule(Event{t, device, static_cast<std::uint8_t>(step), world_.devices[device].epoch, 0});
}

void DeviceCycle::schedule_faults(std::uint32_t device) {
  const Device& d = world_.devices[device];
  const std::vector<FaultSpec>& faults = world_.scenario.faults;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    const bool hits = (f.target == FaultTarget::Population && f.population == d.population) ||
                      (f.target == FaultTarget::Region && world_.scenario.populations[d.population].region == f.region) ||
                      (f.target == FaultTarget::Device && f.device == device);
    if (!hits) continue;
    double t = f.at_s;
    if (f.over_s > 0) {  // the actions that take `over` (fault_section.cpp)
      // A stream of its own per fault: the device's other draws stay as they were.
      twinmodels::RandomStream rng(world_.seed, device, stream::kFault | static_cast<std::uint32_t>(i));
      t += rng.uniform(0.0, f.over_s);
    }
    host_.schedule(Event{to_simtime(t), device, static_cast<std::uint8_t>(Step::Fault), 0, static_cast<std::uint16_t>(i)});
  }
}

template <class F>
bool DeviceCycle::with_card(std::uint32_t device, SimTime now, F&& op) {
  Device& d = world_.devices[device];
  const bool armed = d.power_loss_fault != kNoFault;
  if (armed) d.card.nvm().arm_power_loss(1);
  if (world_.wear) world_.wear->enter(d, device, to_seconds(now), world_.events_sink());
  try {
    op();
  } catch (const cardcore::PowerLoss&) {
    if (world_.wear) world_.wear->leave();
    lose_power(device, now);
    return false;
  }
  if (world_.wear) world_.wear->leave();
  if (armed) d.card.nvm().arm_power_loss(0);
  return true;
}

void DeviceCycle::lose_power(std::uint32_t device, SimTime now) {
  // The card is unpowered, its NVM torn mid-program; at the next power-up it
  // completes or rolls back the transaction (card-core's anti-tearing).
  Device& d = world_.devices[device];
  const std::uint16_t fault = d.power_loss_fault;
  d.power_loss_fault = kNoFault;
  ++d.epoch;  // whatever the device was waiting for is void now
  d.state = DeviceState::Down;
  ++world_.power_losses;
  record(now, device, EventKind::PowerLoss, fault);
  schedule(device, now + to_simtime(world_.scenario.faults[fault].restart_s), Step::PowerOn);
}

DeviceCycle::Losses DeviceCycle::draw_losses(std::uint32_t device, SimTime now) {
  const double p = world_.faults.has_loss_faults() ? world_.faults.route_loss(world_.network.mux_links.at(mux_), to_seconds(now))
                                                   : world_.network.mux_loss.at(mux_);
  if (p <= 0) return {};
  Device& d = world_.devices[device];
  Losses l;
  // Each way crosses the same links (the routes are symmetric): lost with
  // the route's probability 1 - prod(1 - loss_i), one draw per way.
  l.request = draw_uniform(d, device, 0.0, 1.0) < p;
  if (!l.request) l.answer = draw_uniform(d, device, 0.0, 1.0) < p;
  return l;
}

void DeviceCycle::request(std::uint32_t device, SimTime now, HssRequest::Kind kind, const std::uint8_t* rand,
                          const std::uint8_t* auts) {
  HssRequest r;
  r.device = device;
  r.subscriber = device;
  r.kind = kind;
  r.mux = mux_;
  r.epoch = world_.devices[device].epoch;
  r.asked = now;
  if (rand) std::copy(rand, rand + 16, r.rand.begin());
  if (auts) std::copy(auts, auts + 14, r.auts.begin());
  const Losses lost = draw_losses(device, now);
  if (lost.request || lost.answer) {
    // No answer will come: the modem's timer (T3410 for an attach, TS 24.301
    // §5.5.1.2.6) runs out and it tries again.
    schedule(device, now + to_simtime(world_.scenario.network.request_timeout_s), Step::Timeout);
  }
  if (lost.request) {
    ++world_.requests_lost;
    return;
  }
  if (lost.answer) {
    // The HSS still serves it (its SQN moves on); the answer is dropped.
    ++world_.answers_lost;
    r.answer_lost = true;
  }
  host_.send(r);
}

SimTime DeviceCycle::next_activity(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  const ActivitySpec& a = world_.scenario.populations[d.population].activity;
  const double gap = a.period_s + (a.jitter_s > 0 ? draw_uniform(d, device, -a.jitter_s, a.jitter_s) : 0.0);
  return now + to_simtime(gap);
}

void DeviceCycle::schedule_wake(std::uint32_t device, SimTime now) {
  schedule(device, next_activity(device, now), Step::Wake);  // even past the stop: a resumed run may go further
}

void DeviceCycle::schedule_retry(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  // Exponential back-off around the configured mean, doubling per
  // consecutive failure (capped), so a rejected crowd spreads out.
  const unsigned doublings = std::min<unsigned>(d.retries > 0 ? d.retries - 1u : 0u, kMaxBackoffDoublings);
  const double mean = world_.scenario.network.retry_backoff_s * static_cast<double>(1u << doublings);
  const SimTime t = now + to_simtime(draw_exponential(d, device, mean));
  schedule(device, t, Step::Retry);
}

void DeviceCycle::fail_and_retry(std::uint32_t device, SimTime now) {
  // A failed authentication: the modem tries the attach again after a
  // back-off (as after T3410/T3411 in TS 24.301 §5.5.1.2.6).
  Device& d = world_.devices[device];
  d.auth_failures++;
  d.retries = static_cast<std::uint8_t>(std::min<int>(d.retries + 1, 255));
  schedule_retry(device, now);
}

void DeviceCycle::power_up_and_attach(std::uint32_t device, SimTime now) {
  Device& d = world_.devices[device];
  record(now, device, EventKind::PowerOn, 0);
  std::string imsi;
  if (!with_card(device, now, [&] { imsi = usim_of(device, now).power_up(); })) return;
  if (imsi.empty()) {
    record(now, device, EventKind::CardError, 0);
    return;
  }
  record(now, device, EventKind::ImsiRead, 1);
  d.state = DeviceState::WaitingVector;
  request(device, now, HssRequest::Kind::Vector);
  record(now, device, EventKind::VectorRequested, 0);
}

void DeviceCycle::on_fault(const Event& e, SimTime now) {
  Device& d = world_.devices[e.device];
  switch (world_.scenario.faults[e.fault].action) {
    case FaultAction::PowerCycle:
      if (d.state == DeviceState::Off) return;  // not powered up yet: nothing to cycle
      ++d.epoch;                                // pending steps and answers are void
      ++world_.power_cycles;
      if (d.card.powered()) d.card.power_off();
      record(now, e.device, EventKind::PowerCycle, e.fault);
      d.retries = 0;
      power_up_and_attach(e.device, now);
      return;
    case FaultAction::PowerLoss:
      d.power_loss_fault = e.fault;
      record(now, e.device, EventKind::PowerLossArmed, e.fault);
      return;
    case FaultAction::BrownOut:
      // The module resets and the card loses power at once; the device
      // powers up again after the module's restart (docs/MODELS.md).
      if (d.state == DeviceState::Off) return;
      ++d.epoch;
      ++world_.brown_outs;
      if (d.card.powered()) d.card.power_off();
      d.state = DeviceState::Down;
      d.retries = 0;
      record(now, e.device, EventKind::PowerCycle, e.fault);
      schedule(e.device, now + kModuleRestart, Step::PowerOn);
      return;
    default:
      return;  // platform faults do not reach devices
  }
}

void DeviceCycle::on_step(const Event& e, SimTime now) {
  Device& d = world_.devices[e.device];
  const auto step = static_cast<Step>(e.kind);
  if (step != Step::Fault && e.epoch != d.epoch) return;  // scheduled before a reboot
  if (world_.background_cards) world_.background_cards->ready(e.device);  // its card is made by now
  ++world_.events;
  switch (step) {
    case Step::PowerOn:
      if (d.state == DeviceState::Off) ++world_.devices_powered;  // the first power-up only
      power_up_and_attach(e.device, now);
      return;
    case Step::Wake: {
      record(now, e.device, EventKind::Wake, 0);
      bool selected = false;
      if (!with_card(e.device, now, [&] { selected = usim_of(e.device, now).reselect(); })) return;
      if (!selected) {
        record(now, e.device, EventKind::CardError, 0);
        return;
      }
      d.state = DeviceState::WaitingVector;
      request(e.device, now, HssRequest::Kind::Vector);
      record(now, e.device, EventKind::VectorRequested, 0);
      return;
    }
    case Step::Retry:
      d.state = DeviceState::WaitingVector;
      request(e.device, now, HssRequest::Kind::Vector);
      record(now, e.device, EventKind::VectorRequested, 0);
      return;
    case Step::Fault:
      on_fault(e, now);
      return;
    case Step::Timeout:
      // As after a rejection: back off, then ask again.
      d.retries = static_cast<std::uint8_t>(std::min<int>(d.retries + 1, 255));
      schedule_retry(e.device, now);
      return;
    default:
      return;  // the modem model's steps (modem_cycle.cpp) are not a usim device's
  }
}

void DeviceCycle::on_answer(const HssAnswer& a, SimTime now) {
  if (a.lost) return;  // dropped on the way: the device's timer is running
  Device& d = world_.devices[a.device];
  if (a.epoch != d.epoch) return;  // the answer to a request made before a reboot
  if (a.kind == HssAnswer::Kind::Unanswered) {
    // Lost in an HSS crash: the modem's timer (T3410) runs out as for a
    // lost message, counted from the request.
    schedule(a.device, std::max(now, a.asked + to_simtime(world_.scenario.network.request_timeout_s)), Step::Timeout);
    return;
  }
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
    case HssAnswer::Kind::Unanswered:
      return;  // handled above
    case HssAnswer::Kind::Vector:
      break;
  }
  d.retries = 0;
  twinmodels::UsimClient::Authentication auth;
  if (!with_card(a.device, now, [&] { auth = usim_of(a.device, now).authenticate(a.rand.data(), a.autn.data()); }))
    return;
  switch (auth.result) {
    case twinmodels::UsimClient::AuthResult::Ok: {
      if (!cardcore::equal_constant_time(auth.res, a.xres)) {  // the MME compares RES with XRES (TS 33.102 §6.3.3)
        record(now, a.device, EventKind::ResMismatch, 0);
        fail_and_retry(a.device, now);
        return;
      }
      d.attaches++;
      if (!d.ever_attached) ++world_.devices_attached;
      d.ever_attached = true;
      d.state = DeviceState::Attached;
      record(now, a.device, EventKind::Authenticated, d.attaches);
      bool stored = false;
      if (!with_card(a.device, now, [&] {
            stored = usim_of(a.device, now).store_eps_location(a.device, static_cast<std::uint16_t>(1 + d.population));
          }))
        return;
      record(now, a.device, EventKind::LocationStored, stored ? 1 : 0);
      d.card.power_off();  // the modem sleeps with its card off until the next activity
      schedule_wake(a.device, now);
      return;
    }
    case twinmodels::UsimClient::AuthResult::SyncFailure:
      d.sync_failures++;
      d.state = DeviceState::WaitingResync;
      record(now, a.device, EventKind::SyncFailure, 0);
      request(a.device, now, HssRequest::Kind::Resync, a.rand.data(), auth.auts.data());
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
