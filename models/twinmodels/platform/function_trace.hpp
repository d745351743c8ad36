#pragma once
// A platform log of function calls and results as JSON Lines: one JSON
// object per line, per request and per result (function_json.hpp), each
// with the time the caller gives (the models have no clock):
//   {"TimeMs": 1200, "Request": {"Function": "ES3.CreateISDP", ...}}
//   {"TimeMs": 4100, "Result": {"Function": "ES3.CreateISDP", ...}}
// "TimeMs", "Request" and "Result" are ours. The caller hooks it where the
// models hand out their calls and results (SmDp::next(), SmSr::take_results(),
// DownloadOrder::result(), ...): nothing in the models changes.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <variant>
#include <vector>

#include "twinmodels/platform/function_json.hpp"

namespace twinmodels::platform {

struct TraceEntry {
  std::int64_t time_ms = 0;
  std::variant<FunctionRequest, FunctionResult> message;
};

class FunctionTrace {
 public:
  // Writes to `out`, which must outlive the trace.
  explicit FunctionTrace(std::ostream& out) : out_(out) {}

  // Each writes one line. Throws std::invalid_argument for a message the
  // encoding refuses (nothing is written) or a time before the last line's.
  void request(std::int64_t time_ms, const FunctionRequest& r);
  void result(std::int64_t time_ms, const FunctionResult& r);
  // The results a caller took at `time_ms`, in their order.
  void results(std::int64_t time_ms, const std::vector<FunctionResult>& rs);

  std::size_t lines() const { return lines_; }

 private:
  void check_time(std::int64_t time_ms) const;
  void write(std::int64_t time_ms, const char* key, const nlohmann::json& message);

  std::ostream& out_;
  std::optional<std::int64_t> last_ms_;
  std::size_t lines_ = 0;
};

// Reads a trace back. Throws std::invalid_argument("line N: ...") for a
// line that is not JSON, not one object with "TimeMs" and exactly one of
// "Request" / "Result", a time before the previous line's, or a message
// the decoding refuses (its field named).
std::vector<TraceEntry> read_trace(std::istream& in);

}  // namespace twinmodels::platform
