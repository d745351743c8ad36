// WriteModule::save_state() / restore_state(): the write module's whole
// state for simulator checkpoints (docs/CHECKPOINTS.md), little-endian:
//
//   "WRMD", version u16 (3; version 2 had no crashes, 1 no done time per order)
//   counters: released, built, submitted, retries, done, failed, por_ok,
//             por_errors (u64 each), busy i64, last_done i64, reports_lost,
//             resent, packets_lost (u64 each); limiter TAT i64; crash
//             steps done u32 (at most two per crash of the config)
//   orders u32; each: state u8, attempts u8, PoR result i16, done at i64
//     (-1 unless the order is done)
//   retry, queue: u32 x (at i64, order u32), in time order
//   idle workers: u32 x (since i64), in time order
//   service, built: u32 x (at i64, order u32), in time order
//   submissions not yet taken: u32 x (order u32, attempt u32, at i64)
//   outcomes not yet taken: u32 x (kind u8, order u32, attempts u32, PoR i16, at i64)
//
// Every order in a FIFO is in that FIFO's state and every order in such a
// state is in its FIFO once; idle and busy workers add up to the pool.
#include <string>

#include "twinmodels/ota/write_module.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::ota {

namespace {

constexpr char kMagic[5] = "WRMD";
constexpr std::uint16_t kVersion = 3;

}  // namespace

cardcore::Bytes WriteModule::save_state() const {
  using namespace state;
  cardcore::Bytes b;
  put_header(b, kMagic, kVersion);
  const WriteModuleCounters& c = counters_;
  for (const std::uint64_t v : {c.released, c.built, c.submitted, c.retries, c.done, c.failed, c.por_ok, c.por_errors})
    put_u64(b, v);
  put_u64(b, static_cast<std::uint64_t>(c.busy));
  put_u64(b, static_cast<std::uint64_t>(c.last_done));
  for (const std::uint64_t v : {c.reports_lost, c.resent, c.packets_lost}) put_u64(b, v);
  put_u64(b, static_cast<std::uint64_t>(limiter_.tat()));
  put_u32(b, crash_steps_);
  put_u32(b, orders());
  for (std::uint32_t i = 0; i < orders(); ++i) {
    put_u8(b, state_[i]);
    put_u8(b, attempts_[i]);
    put_u16(b, static_cast<std::uint16_t>(por_[i]));
    put_u64(b, static_cast<std::uint64_t>(done_at_[i]));
  }
  auto put_timed = [&](const std::deque<Timed>& q) {
    put_u32(b, static_cast<std::uint32_t>(q.size()));
    for (const Timed& t : q) {
      put_u64(b, static_cast<std::uint64_t>(t.at));
      put_u32(b, t.order);
    }
  };
  put_timed(retry_);
  put_timed(queue_);
  put_u32(b, static_cast<std::uint32_t>(idle_.size()));
  for (const NetTime t : idle_) put_u64(b, static_cast<std::uint64_t>(t));
  put_timed(service_);
  put_timed(built_);
  put_u32(b, static_cast<std::uint32_t>(submissions_.size()));
  for (const WriteSubmission& s : submissions_) {
    put_u32(b, s.order);
    put_u32(b, s.attempt);
    put_u64(b, static_cast<std::uint64_t>(s.at));
  }
  put_u32(b, static_cast<std::uint32_t>(outcomes_.size()));
  for (const WriteOutcome& o : outcomes_) {
    put_u8(b, static_cast<std::uint8_t>(o.kind));
    put_u32(b, o.order);
    put_u32(b, o.attempts);
    put_u16(b, static_cast<std::uint16_t>(static_cast<std::int16_t>(o.por)));
    put_u64(b, static_cast<std::uint64_t>(o.at));
  }
  return b;
}

void WriteModule::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "write module");
  r.header(kMagic, kVersion);
  WriteModuleCounters c;
  for (std::uint64_t* v : {&c.released, &c.built, &c.submitted, &c.retries, &c.done, &c.failed, &c.por_ok,
                           &c.por_errors})
    *v = r.u64("counters");
  c.busy = r.i64("busy");
  c.last_done = r.i64("last_done");
  for (std::uint64_t* v : {&c.reports_lost, &c.resent, &c.packets_lost}) *v = r.u64("crash counters");
  const NetTime tat = r.i64("limiter TAT");
  const std::uint32_t crash_steps = r.u32("crash steps");
  if (crash_steps > 2 * cfg_.crashes.size())
    r.fail(std::to_string(crash_steps) + " crash steps done, this module has " + std::to_string(cfg_.crashes.size()) +
           " crashes");
  // A resend after each restart may go beyond max_attempts.
  const std::size_t most_attempts = std::min<std::size_t>(255, cfg_.max_attempts + cfg_.crashes.size());
  const std::uint32_t n = r.u32("orders");
  if (n != orders())
    r.fail(std::to_string(n) + " orders saved, this module has " + std::to_string(orders()));
  std::vector<std::uint8_t> state(n), attempts(n);
  std::vector<std::int16_t> por(n);
  std::vector<NetTime> done_at(n);
  std::vector<std::uint64_t> in_state(static_cast<std::size_t>(WriteOrderState::Failed) + 1, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    state[i] = r.u8("order state");
    if (state[i] > static_cast<std::uint8_t>(WriteOrderState::Failed))
      r.fail("order " + std::to_string(i) + ": state " + std::to_string(state[i]) + " unknown");
    ++in_state[state[i]];
    attempts[i] = r.u8("order attempts");
    if (attempts[i] > most_attempts)
      r.fail("order " + std::to_string(i) + ": " + std::to_string(attempts[i]) + " attempts, more than max_attempts " +
             std::to_string(cfg_.max_attempts) + (cfg_.crashes.empty() ? "" : " and a resend per crash"));
    por[i] = static_cast<std::int16_t>(r.u16("order PoR"));
    done_at[i] = r.i64("order done at");
    const bool done = state[i] == static_cast<std::uint8_t>(WriteOrderState::Done);
    if (done != (done_at[i] != kNotDone) || (done && (done_at[i] < 0 || done_at[i] > c.last_done)))
      r.fail("order " + std::to_string(i) + ": done time " + std::to_string(done_at[i]) + " does not fit its state " +
             to_string(static_cast<WriteOrderState>(state[i])));
  }
  auto read_timed = [&](const char* what, WriteOrderState s) {
    std::deque<Timed> q;
    const std::uint32_t k = r.count(what, 12);
    if (k != in_state[static_cast<std::size_t>(s)])
      r.fail(std::string(what) + ": " + std::to_string(k) + " entries, " +
             std::to_string(in_state[static_cast<std::size_t>(s)]) + " orders " + to_string(s));
    for (std::uint32_t i = 0; i < k; ++i) {
      Timed t;
      t.at = r.i64(what);
      t.order = r.u32(what);
      if (t.order >= n || state[t.order] != static_cast<std::uint8_t>(s))
        r.fail(std::string(what) + ": order " + std::to_string(t.order) + " is not " + to_string(s));
      if (!q.empty() && t.at < q.back().at) r.fail(std::string(what) + ": out of time order");
      q.push_back(t);
    }
    return q;
  };
  std::deque<Timed> retry = read_timed("retry", WriteOrderState::RetryWait);
  std::deque<Timed> queue = read_timed("queue", WriteOrderState::Queued);
  std::deque<NetTime> idle;
  const std::uint32_t ni = r.count("idle workers", 8);
  for (std::uint32_t i = 0; i < ni; ++i) {
    idle.push_back(r.i64("idle worker"));
    if (i > 0 && idle.back() < idle[i - 1]) r.fail("idle workers: out of time order");
  }
  std::deque<Timed> service = read_timed("service", WriteOrderState::InService);
  if (idle.size() + service.size() != cfg_.workers)
    r.fail(std::to_string(idle.size()) + " idle and " + std::to_string(service.size()) + " busy workers, the pool has " +
           std::to_string(cfg_.workers));
  std::deque<Timed> built = read_timed("built", WriteOrderState::Built);
  std::vector<WriteSubmission> submissions(r.count("submissions", 16));
  for (WriteSubmission& s : submissions) {
    s.order = r.u32("submission order");
    s.attempt = r.u32("submission attempt");
    s.at = r.i64("submission at");
    if (s.order >= n) r.fail("submission of order " + std::to_string(s.order) + ", beyond the orders");
  }
  std::vector<WriteOutcome> outcomes(r.count("outcomes", 19));
  for (WriteOutcome& o : outcomes) {
    const std::uint8_t kind = r.u8("outcome kind");
    if (kind > static_cast<std::uint8_t>(WriteOutcome::Kind::Failed)) r.fail("outcome kind " + std::to_string(kind) + " unknown");
    o.kind = static_cast<WriteOutcome::Kind>(kind);
    o.order = r.u32("outcome order");
    o.attempts = r.u32("outcome attempts");
    o.por = static_cast<std::int16_t>(r.u16("outcome PoR"));
    o.at = r.i64("outcome at");
    if (o.order >= n) r.fail("outcome of order " + std::to_string(o.order) + ", beyond the orders");
  }
  r.expect_end();
  counters_ = c;
  crash_steps_ = crash_steps;
  limiter_.restore(tat);
  state_ = std::move(state);
  attempts_ = std::move(attempts);
  por_ = std::move(por);
  done_at_ = std::move(done_at);
  retry_ = std::move(retry);
  queue_ = std::move(queue);
  idle_ = std::move(idle);
  service_ = std::move(service);
  built_ = std::move(built);
  submissions_ = std::move(submissions);
  outcomes_ = std::move(outcomes);
}

}  // namespace twinmodels::ota
