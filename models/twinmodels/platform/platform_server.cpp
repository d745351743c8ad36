#include "twinmodels/platform/platform_server.hpp"

#include <algorithm>
#include <stdexcept>

#include "twinmodels/random/random_stream.hpp"

namespace twinmodels::platform {

namespace {

// The stream of the failure draws (one draw per request id).
constexpr std::uint32_t kFailureStream = 0x50534631;  // "PSF1"

const ServerConfig& checked(const ServerConfig& c) {
  if (c.workers == 0) throw std::invalid_argument("platform server: no workers");
  if (c.default_service < 0) throw std::invalid_argument("platform server: default service time below 0");
  for (const auto& [function, t] : c.service) {
    if (t < 0) throw std::invalid_argument("platform server: service time of " + function + " below 0");
  }
  if (!(c.failure_ratio >= 0 && c.failure_ratio <= 1))
    throw std::invalid_argument("platform server: failure ratio outside [0, 1]");
  check_outages(c.outages, "platform server");
  check_outages(c.crashes, "platform server crashes");
  return c;
}

}  // namespace

const char* to_string(Admission a) {
  switch (a) {
    case Admission::Accepted: return "accepted";
    case Admission::Down: return "down";
    case Admission::RateLimited: return "rate limited";
    case Admission::QueueFull: return "queue full";
  }
  return "?";
}

PlatformServer::PlatformServer(ServerConfig config)
    : cfg_(checked(config)), down_(merge_windows(cfg_.outages, cfg_.crashes)), idle_(cfg_.workers, NetTime{0}) {
  if (cfg_.admission) admission_.emplace(cfg_.admission->per_second, cfg_.admission->burst);
}

NetTime PlatformServer::service_time(std::string_view function) const {
  const auto it = cfg_.service.find(function);
  return it == cfg_.service.end() ? cfg_.default_service : it->second;
}

bool PlatformServer::fails(std::uint64_t id) const {
  if (cfg_.failure_ratio <= 0) return false;
  RandomStream rng(cfg_.seed, id, kFailureStream);
  return rng.uniform01() < cfg_.failure_ratio;
}

Admission PlatformServer::submit(NetTime now, std::uint64_t id, std::string function) {
  poll(now);  // what ended by now frees its worker first
  Admission a = Admission::Accepted;
  if (down_at(down_, now)) {
    a = Admission::Down;
    ++counters_.down;
  } else if (admission_ && !admission_->try_take(now)) {
    a = Admission::RateLimited;
    ++counters_.rate_limited;
  } else if (queue_.size() >= cfg_.queue_limit) {
    a = Admission::QueueFull;
    ++counters_.queue_full;
  }
  if (a != Admission::Accepted) return a;
  queue_.push_back({id, std::move(function), now});
  ++counters_.admitted;
  counters_.max_queue = std::max(counters_.max_queue, queue_.size());
  poll(now);
  return a;
}

void PlatformServer::poll(NetTime now) {
  // Each crash at its time: what ended before it ended, the rest is lost.
  for (; crashes_done_ < cfg_.crashes.size() && cfg_.crashes[crashes_done_].first <= now; ++crashes_done_) {
    advance(cfg_.crashes[crashes_done_].first);
    crash(cfg_.crashes[crashes_done_].first);
  }
  advance(now);
}

void PlatformServer::crash(NetTime at) {
  const std::size_t lost = service_.size() + queue_.size();
  for (auto& [end, r] : service_) {
    counters_.busy -= end - at;  // the part of the service not done
    r.done = at;
    r.failed = r.lost = true;
    done_.push_back(std::move(r));
  }
  service_.clear();
  for (Waiting& w : queue_) done_.push_back({w.id, std::move(w.function), w.admitted, at, at, true, true});
  queue_.clear();
  lost_ += lost;
  counters_.failed += lost;
  idle_.assign(cfg_.workers, at);
}

void PlatformServer::advance(NetTime now) {
  for (bool progress = true; progress;) {
    progress = false;
    while (!service_.empty() && service_.begin()->first <= now) {
      ServedRequest r = std::move(service_.begin()->second);
      service_.erase(service_.begin());
      idle_.insert(std::upper_bound(idle_.begin(), idle_.end(), r.done), r.done);
      ++(r.failed ? counters_.failed : counters_.served);
      done_.push_back(std::move(r));
      progress = true;
    }
    while (!queue_.empty() && !idle_.empty()) {
      const NetTime t = next_start();
      // A service ending before t frees a worker first (it may start earlier).
      if (!service_.empty() && service_.begin()->first < t && service_.begin()->first <= now) {
        progress = true;
        break;
      }
      if (t > now) break;
      Waiting w = std::move(queue_.front());
      queue_.pop_front();
      idle_.pop_front();
      const NetTime length = service_time(w.function) + (extra_ ? extra_(w.id) : 0);
      ServedRequest r{w.id, std::move(w.function), w.admitted, t, t + length, fails(w.id)};
      counters_.busy += length;
      service_.emplace(r.done, std::move(r));
      progress = true;
    }
  }
}

NetTime PlatformServer::next_wakeup() const {
  NetTime next = service_.empty() ? kNever : service_.begin()->first;
  if (!queue_.empty() && !idle_.empty()) {
    next = std::min(next, next_start());
  }
  // A crash ends what is queued or in service.
  if (crashes_done_ < cfg_.crashes.size() && (!queue_.empty() || !service_.empty()))
    next = std::min(next, cfg_.crashes[crashes_done_].first);
  return next;
}

NetTime PlatformServer::next_start() const {
  return up_at(down_, std::max(queue_.front().admitted, idle_.front()));
}

std::vector<ServedRequest> PlatformServer::take_done() {
  // In the order they ended (one poll may end a long service before it
  // starts and ends a short one that began earlier than that end).
  std::stable_sort(done_.begin(), done_.end(), [](const ServedRequest& a, const ServedRequest& b) { return a.done < b.done; });
  return std::exchange(done_, {});
}

namespace {
constexpr const char* kServerSubject = "Platform";
constexpr const char* kUnavailable = "Unavailable";
constexpr const char* kBusy = "Busy";
constexpr const char* kInternalError = "Internal error";
}  // namespace

FunctionResult server_refusal(const std::string& platform, Admission a, const std::string& function,
                              const std::string& call_id, const std::string& eid, const std::string& iccid) {
  const bool down = a == Admission::Down;
  return failed_result(function, call_id, eid, iccid, kServerSubject, down ? kUnavailable : kBusy,
                       platform + ": " + to_string(a));
}

FunctionResult server_failure(const std::string& platform, const ServedRequest& r, const std::string& call_id,
                              const std::string& eid, const std::string& iccid) {
  if (r.lost)
    return failed_result(r.function, call_id, eid, iccid, kServerSubject, kUnavailable,
                         platform + ": crashed, the request was lost");
  return failed_result(r.function, call_id, eid, iccid, kServerSubject, kInternalError, platform + ": failed in service");
}

bool server_refused(const FunctionResult& r) {
  return r.subject == kServerSubject && (r.reason == kUnavailable || r.reason == kBusy);
}

bool server_did_not_serve(const FunctionResult& r) {
  return server_refused(r) || (r.subject == kServerSubject && r.reason == kInternalError);
}

}  // namespace twinmodels::platform
