#pragma once
// A platform log of function calls and results, one line per request and
// per result, each with the time the caller gives (the models have no
// clock), in one of two encodings:
// - JSON Lines (function_json.hpp, notification_json.hpp), one JSON object a line:
//   {"TimeMs": 1200, "Request": {"Function": "ES3.CreateISDP", ...}}
//   {"TimeMs": 4100, "Result": {"Function": "ES3.CreateISDP", ...}}
//   {"TimeMs": 9000, "Notification": {"Function": "ES4.HandleProfileEnabledNotification", ...}}
//   "TimeMs", "Request", "Result" and "Notification" are ours. OneLink's
//   customer API's card queries and their answers are "Request" and
//   "Result" lines in their own JSON (onelink_query_json.hpp), known by
//   their "Function" (kQueryCardsFunction).
// - SOAP (soap_encoding.hpp), the time in milliseconds, a space and the
//   SOAP 1.2 envelope on one line:
//   1200 <env:Envelope ...>...<rps:ES3-CreateISDPRequest>...</env:Envelope>
//   4100 <env:Envelope ...>...<rps:ES3-CreateISDPResponse>...</env:Envelope>
//   The trace knows no endpoints, so it writes no wsa:From, wsa:To or
//   wsa:ReplyTo; its wsa:MessageID and wsa:RelatesTo are made from the
//   function and the call's identifier (trace_addressing(), ours). The
//   card query has no SOAP form: a SOAP trace refuses it. The caller hooks it where the
// models hand out their calls and results (SmDp::next(), SmSr::take_results(),
// DownloadOrder::result(), ...): nothing in the models changes.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/notification_json.hpp"
#include "twinmodels/platform/onelink_query.hpp"
#include "twinmodels/platform/soap_encoding.hpp"

namespace twinmodels::platform {

enum class TraceEncoding : std::uint8_t { Json, Soap };

const char* to_string(TraceEncoding e);  // "json", "soap"
// "json" or "soap"; nullopt for another text.
std::optional<TraceEncoding> trace_encoding_of(std::string_view s);

// A SOAP trace line's WS-Addressing: the request of `function`'s call
// `call_id` is urn:esimtwin:<function>:<call_id>; its result's MessageID
// adds ":result" and relates to the request's.
SoapAddressing trace_addressing(const std::string& function, const std::string& call_id, bool result);

// A SOAP trace line's WS-Addressing for a notification (SGP.02 §5.1.3:
// it relates to nothing): urn:esimtwin:<function>:<recipient>:<EID>[:<ICCID>][:<call id>].
SoapAddressing trace_addressing(const PlatformNotification& n);

struct TraceEntry {
  std::int64_t time_ms = 0;
  std::variant<FunctionRequest, FunctionResult, PlatformNotification, CardQuery, CardQueryAnswer> message;
};

class FunctionTrace {
 public:
  // Writes to `out`, which must outlive the trace.
  explicit FunctionTrace(std::ostream& out, TraceEncoding encoding = TraceEncoding::Json)
      : out_(out), encoding_(encoding) {}

  // Each writes one line. Throws std::invalid_argument for a message the
  // encoding refuses (nothing is written) or a time before the last line's.
  void request(std::int64_t time_ms, const FunctionRequest& r);
  void result(std::int64_t time_ms, const FunctionResult& r);
  // The results a caller took at `time_ms`, in their order.
  void results(std::int64_t time_ms, const std::vector<FunctionResult>& rs);
  void notification(std::int64_t time_ms, const PlatformNotification& n);
  // OneLink's customer API: a card query and its answer (JSON only).
  void query(std::int64_t time_ms, const CardQuery& q);
  void query_answer(std::int64_t time_ms, const CardQueryAnswer& a);
  // Any entry, by its kind.
  void entry(const TraceEntry& e);

  std::size_t lines() const { return lines_; }

 private:
  void check_time(std::int64_t time_ms) const;
  void write(std::int64_t time_ms, const std::string& line);

  std::ostream& out_;
  TraceEncoding encoding_;
  std::optional<std::int64_t> last_ms_;
  std::size_t lines_ = 0;
};

// Reads a trace back. Throws std::invalid_argument("line N: ...") for a
// line that is not JSON, not one object with "TimeMs" and exactly one of
// "Request" / "Result" / "Notification" (SOAP: not a time, a space and an envelope), a time
// before the previous line's, or a message the decoding refuses (its field
// named).
std::vector<TraceEntry> read_trace(std::istream& in, TraceEncoding encoding = TraceEncoding::Json);

}  // namespace twinmodels::platform
