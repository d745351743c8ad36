// PlatformServer::save_state() / restore_state(): the server's whole state
// for simulator checkpoints (docs/CHECKPOINTS.md), little-endian
// (state/state_bytes.hpp):
//
//   "PSRV", version u16 (2; version 1 had no crashes)
//   workers u32 (the config's: checked), admission u8 (0 none, 1 a limiter),
//     with one: its TAT i64 (rate_limiter.hpp)
//   counters: admitted, down, rate_limited, queue_full, served, failed,
//             max_queue (u64 each), busy i64
//   lost u64 (requests lost in crashes), crashes done u32 (at most the config's)
//   queue u32 x (id u64, function (u32 length, bytes), admitted i64), FIFO order
//   idle workers u32 x (free since i64), in time order
//   in service u32 x request, by end time
//   done not yet taken u32 x request, in the order they ended
//     request: id u64, function (u32 length, bytes), admitted i64,
//              started i64, done i64, failed u8 (0 served, 1 failed,
//              2 failed: lost in a crash)
//   CRC-32 u32 of everything before it
//
// Idle and busy workers add up to the pool. The config (service times,
// outages, crashes, failure ratio, seed) is not state.
#include <string>

#include "twinmodels/platform/platform_server.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

constexpr char kServerMagic[5] = "PSRV";
constexpr std::uint16_t kServerVersion = 2;
constexpr std::size_t kMaxFunction = 255;  // a function's name, bytes

std::string read_function(state::Reader& r, const char* what) { return r.text(what, kMaxFunction); }

void put_served_request(cardcore::Bytes& out, const ServedRequest& q) {
  state::put_u64(out, q.id);
  state::put_text(out, q.function);
  state::put_u64(out, static_cast<std::uint64_t>(q.admitted));
  state::put_u64(out, static_cast<std::uint64_t>(q.started));
  state::put_u64(out, static_cast<std::uint64_t>(q.done));
  state::put_u8(out, q.lost ? 2 : q.failed ? 1 : 0);
}

ServedRequest read_served_request(state::Reader& r) {
  ServedRequest q;
  q.id = r.u64("request id");
  q.function = read_function(r, "request function");
  q.admitted = r.i64("request admitted");
  q.started = r.i64("request started");
  q.done = r.i64("request done");
  const std::uint8_t failed = r.u8("request failed");
  if (failed > 2) r.fail("request " + std::to_string(q.id) + ": failed " + std::to_string(failed) + " is not 0, 1 or 2");
  q.failed = failed != 0;
  q.lost = failed == 2;
  if (q.started < q.admitted || q.done < q.started)
    r.fail("request " + std::to_string(q.id) + ": admitted, started and done out of time order");
  return q;
}

}  // namespace

void put_server_counters(cardcore::Bytes& out, const ServerCounters& c) {
  for (const std::uint64_t v : {c.admitted, c.down, c.rate_limited, c.queue_full, c.served, c.failed})
    state::put_u64(out, v);
  state::put_u64(out, static_cast<std::uint64_t>(c.max_queue));
  state::put_u64(out, static_cast<std::uint64_t>(c.busy));
}

ServerCounters read_server_counters(state::Reader& r) {
  ServerCounters c;
  for (std::uint64_t* v : {&c.admitted, &c.down, &c.rate_limited, &c.queue_full, &c.served, &c.failed})
    *v = r.u64("counters");
  c.max_queue = static_cast<std::size_t>(r.u64("max_queue"));
  c.busy = r.i64("busy");
  return c;
}

cardcore::Bytes PlatformServer::save_state() const {
  using namespace state;
  cardcore::Bytes b;
  put_header(b, kServerMagic, kServerVersion);
  put_u32(b, cfg_.workers);
  put_u8(b, admission_ ? 1 : 0);
  if (admission_) put_u64(b, static_cast<std::uint64_t>(admission_->tat()));
  put_server_counters(b, counters_);
  put_u64(b, lost_);
  put_u32(b, crashes_done_);
  put_u32(b, static_cast<std::uint32_t>(queue_.size()));
  for (const Waiting& w : queue_) {
    put_u64(b, w.id);
    put_text(b, w.function);
    put_u64(b, static_cast<std::uint64_t>(w.admitted));
  }
  put_u32(b, static_cast<std::uint32_t>(idle_.size()));
  for (const NetTime t : idle_) put_u64(b, static_cast<std::uint64_t>(t));
  put_u32(b, static_cast<std::uint32_t>(service_.size()));
  for (const auto& [end, q] : service_) put_served_request(b, q);
  put_u32(b, static_cast<std::uint32_t>(done_.size()));
  for (const ServedRequest& q : done_) put_served_request(b, q);
  put_crc(b);
  return b;
}

void PlatformServer::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "platform server");
  r.sealed_header(kServerMagic, kServerVersion);
  const std::uint32_t workers = r.u32("workers");
  if (workers != cfg_.workers)
    r.fail("saved with " + std::to_string(workers) + " workers, this server has " + std::to_string(cfg_.workers));
  const bool admission = r.flag("admission");
  if (admission != admission_.has_value())
    r.fail(std::string("saved ") + (admission ? "with" : "without") + " an admission rate, this server has " +
           (admission_ ? "one" : "none"));
  const NetTime tat = admission ? r.i64("admission TAT") : 0;
  const ServerCounters c = read_server_counters(r);
  const std::uint64_t lost = r.u64("lost");
  const std::uint32_t crashes_done = r.u32("crashes done");
  if (crashes_done > cfg_.crashes.size())
    r.fail(std::to_string(crashes_done) + " crashes done, this server has " + std::to_string(cfg_.crashes.size()));
  std::deque<Waiting> queue;
  const std::uint32_t nq = r.count("queued requests", 20);
  if (nq > cfg_.queue_limit)
    r.fail(std::to_string(nq) + " requests queued, beyond this server's queue limit " + std::to_string(cfg_.queue_limit));
  for (std::uint32_t i = 0; i < nq; ++i) {
    Waiting w;
    w.id = r.u64("queued id");
    w.function = read_function(r, "queued function");
    w.admitted = r.i64("queued admitted");
    if (!queue.empty() && w.admitted < queue.back().admitted) r.fail("queue: out of time order");
    queue.push_back(std::move(w));
  }
  std::deque<NetTime> idle;
  const std::uint32_t ni = r.count("idle workers", 8);
  for (std::uint32_t i = 0; i < ni; ++i) {
    idle.push_back(r.i64("idle worker"));
    if (i > 0 && idle.back() < idle[i - 1]) r.fail("idle workers: out of time order");
  }
  std::multimap<NetTime, ServedRequest> service;
  const std::uint32_t ns = r.count("requests in service", 37);
  for (std::uint32_t i = 0; i < ns; ++i) {
    ServedRequest q = read_served_request(r);
    if (!service.empty() && q.done < service.rbegin()->first) r.fail("in service: out of end time order");
    const NetTime end = q.done;
    service.emplace_hint(service.end(), end, std::move(q));
  }
  if (idle.size() + service.size() != cfg_.workers)
    r.fail(std::to_string(idle.size()) + " idle and " + std::to_string(service.size()) + " busy workers, the pool has " +
           std::to_string(cfg_.workers));
  std::vector<ServedRequest> done(r.count("requests done", 37));
  for (ServedRequest& q : done) q = read_served_request(r);
  r.expect_end();
  if (admission_) admission_->restore(tat);
  queue_ = std::move(queue);
  idle_ = std::move(idle);
  service_ = std::move(service);
  done_ = std::move(done);
  counters_ = c;
  lost_ = lost;
  crashes_done_ = crashes_done;
}

}  // namespace twinmodels::platform
