#pragma once
// A platform as a server: the capacity and timing in front of a platform
// model's function calls (SM-SR, SM-DP, OneLink, chip management), which
// themselves take no time. Requests are admitted (or refused: the platform
// is down, above its admission rate, or its queue is full), wait in one
// FIFO, are served by a pool of workers for their function's service time,
// and leave served (the caller then runs the function on the platform
// model) or failed inside the platform (a share of them, drawn per request
// from the seed: a database or HSM error). During an outage new requests
// are refused and no service starts; services under way finish. A crash
// (crashes: [at, restarted)) loses what the server holds in memory: every
// request queued or in service ends at the crash as failed and `lost` (the
// callers' connections reset), the workers start afresh at the restart, and
// until then it is down as in an outage. The platform model behind it keeps
// its records (its database): a function runs only once its request is
// served, so a lost request changed nothing. No clock or threads, like the
// other models: the caller gives every time.
//
// The parameters are ours: the source document names the platforms, not
// their capacities (docs/SCENARIOS.md keeps the figures a run uses).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "twinmodels/network/net_time.hpp"
#include "twinmodels/network/outage_windows.hpp"
#include "twinmodels/network/rate_limiter.hpp"
#include "twinmodels/platform/function_result.hpp"

namespace twinmodels::state {
class Reader;
}

namespace twinmodels::platform {

struct AdmissionRate {
  double per_second = 100;
  std::uint32_t burst = 100;
};

struct ServerConfig {
  std::uint32_t workers = 4;
  NetTime default_service = 20 * kMs;
  // Per function ("ES4.EnableProfile"); others take default_service.
  std::map<std::string, NetTime, std::less<>> service;
  std::size_t queue_limit = 10000;            // requests waiting beyond it are refused
  std::optional<AdmissionRate> admission;     // none: every request is admitted
  OutageWindows outages;                      // [from, to), sorted, disjoint
  OutageWindows crashes;                      // [crash, restart), sorted, disjoint
  double failure_ratio = 0;                   // share of the served requests that fail inside
  std::uint64_t seed = 1;                     // of the failure draws
};

enum class Admission : std::uint8_t { Accepted, Down, RateLimited, QueueFull };
const char* to_string(Admission a);

// A request done: served (the function is to run now) or failed inside.
struct ServedRequest {
  std::uint64_t id = 0;
  std::string function;
  NetTime admitted = 0, started = 0, done = 0;
  bool failed = false;
  bool lost = false;  // failed because the server crashed (started == done: the crash)
};

struct ServerCounters {
  std::uint64_t admitted = 0, down = 0, rate_limited = 0, queue_full = 0, served = 0, failed = 0;
  std::size_t max_queue = 0;
  NetTime busy = 0;  // worker time of the services started
};

class PlatformServer {
 public:
  // Throws std::invalid_argument for no workers, a service time below 0,
  // a failure ratio outside [0, 1], a bad admission rate, or outages or
  // crashes empty, unsorted or overlapping.
  explicit PlatformServer(ServerConfig config);

  // A request `id` (the caller's, unique among those in the server) for
  // `function` at `now`; times given never go back.
  Admission submit(NetTime now, std::uint64_t id, std::string function);
  // Starts and ends the services due by `now`, each at its own time.
  void poll(NetTime now);
  NetTime next_wakeup() const;
  // The requests ended since the last call, in the order they ended.
  std::vector<ServedRequest> take_done();

  std::size_t queued() const { return queue_.size(); }
  std::size_t in_service() const { return service_.size(); }
  const ServerCounters& counters() const { return counters_; }
  // Requests lost in crashes (counters().failed counts them too), and the
  // crashes so far.
  std::uint64_t lost() const { return lost_; }
  std::uint32_t crashes_done() const { return crashes_done_; }
  const ServerConfig& config() const { return cfg_; }
  NetTime service_time(std::string_view function) const;
  // Each service started from now on lasts its function's service time
  // plus extra(id): the caller's own per-request work (OneLink's cards in
  // a query, onelink_api_run.hpp); none: no more. Not state: the caller
  // sets it again on a restored server.
  void set_extra_service(std::function<NetTime(std::uint64_t id)> extra) { extra_ = std::move(extra); }

  // Checkpoints (platform_server_state.cpp; the layout is there): the queue,
  // the idle workers, the services under way, the requests done and not
  // taken, the counters and the admission limiter's TAT. The config is not
  // state: restore_state() takes a state into a server built with the saved
  // one's config and refuses one saved with another worker count,
  // admission or a queue beyond this queue limit. Throws
  // std::invalid_argument("platform server state: ...") for malformed,
  // truncated, damaged or mismatching input; the server is unchanged then.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  struct Waiting {
    std::uint64_t id = 0;
    std::string function;
    NetTime admitted = 0;
  };
  bool fails(std::uint64_t id) const;
  // poll() without the crashes: starts and ends what is due by `now`.
  void advance(NetTime now);
  // The crash at `at`: the queue and the services under way end, lost.
  void crash(NetTime at);
  // With a request queued and a worker idle: when its service can start.
  NetTime next_start() const;

  ServerConfig cfg_;
  OutageWindows down_;  // outages and crashes merged
  std::function<NetTime(std::uint64_t)> extra_;
  std::optional<RateLimiter> admission_;
  std::deque<Waiting> queue_;
  std::deque<NetTime> idle_;              // free workers: free since, in time order
  std::multimap<NetTime, ServedRequest> service_;  // by end time
  std::vector<ServedRequest> done_;
  ServerCounters counters_;
  std::uint64_t lost_ = 0;
  std::uint32_t crashes_done_ = 0;
};

// The counters in a saved state (platform_server_state.cpp): admitted, down,
// rate_limited, queue_full, served, failed, max_queue u64, busy i64; the
// caller's reader throws for a short input.
void put_server_counters(cardcore::Bytes& out, const ServerCounters& c);
ServerCounters read_server_counters(state::Reader& r);

// The answer a refused or internally failed request gets, as a platform's
// FunctionResult: Failed, subject "Platform", reason "Unavailable" (down),
// "Busy" (rate limited or queue full), "Internal error" (failed in
// service) or "Unavailable" (lost in a crash), the message naming the
// platform and what happened.
FunctionResult server_refusal(const std::string& platform, Admission a, const std::string& function,
                              const std::string& call_id, const std::string& eid, const std::string& iccid);
FunctionResult server_failure(const std::string& platform, const ServedRequest& r, const std::string& call_id,
                              const std::string& eid, const std::string& iccid);
// Whether `r` is such an answer: refused by the server or lost in its
// crash ("Unavailable", "Busy"); or any of them, "Internal error" too —
// the function never reached the platform's model.
bool server_refused(const FunctionResult& r);
bool server_did_not_serve(const FunctionResult& r);

}  // namespace twinmodels::platform
