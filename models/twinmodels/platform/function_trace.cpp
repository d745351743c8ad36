#include "twinmodels/platform/function_trace.hpp"

#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/json_fields.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;

constexpr const char* kTime = "TimeMs";
constexpr const char* kRequest = "Request";
constexpr const char* kResult = "Result";

}  // namespace

void FunctionTrace::check_time(std::int64_t time_ms) const {
  if (last_ms_ && time_ms < *last_ms_) {
    throw std::invalid_argument("FunctionTrace: time " + std::to_string(time_ms) + " ms before the last line's " +
                                std::to_string(*last_ms_) + " ms");
  }
}

void FunctionTrace::write(std::int64_t time_ms, const char* key, const json& message) {
  out_ << json{{kTime, time_ms}, {key, message}}.dump() << '\n';
  last_ms_ = time_ms;
  ++lines_;
}

void FunctionTrace::request(std::int64_t time_ms, const FunctionRequest& r) {
  check_time(time_ms);
  write(time_ms, kRequest, encode_request(r));
}

void FunctionTrace::result(std::int64_t time_ms, const FunctionResult& r) {
  check_time(time_ms);
  write(time_ms, kResult, encode_result(r));
}

void FunctionTrace::results(std::int64_t time_ms, const std::vector<FunctionResult>& rs) {
  for (const FunctionResult& r : rs) result(time_ms, r);
}

std::vector<TraceEntry> read_trace(std::istream& in) {
  std::vector<TraceEntry> entries;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const std::string at = "line " + std::to_string(n);
    try {
      if (line.empty()) json_fields::refuse("message", "empty line");
      json j;
      try {
        j = json::parse(line);
      } catch (const json::parse_error& e) {
        json_fields::refuse("message", std::string("not JSON (") + e.what() + ")");
      }
      json_fields::object(j, "");
      const json* t = json_fields::member(j, "", kTime, true);
      if (!t->is_number_integer()) json_fields::refuse(kTime, "not an integer");
      TraceEntry e;
      e.time_ms = t->get<std::int64_t>();
      if (!entries.empty() && e.time_ms < entries.back().time_ms) {
        json_fields::refuse(kTime, "before the previous line's " + std::to_string(entries.back().time_ms));
      }
      const json* request = json_fields::member(j, "", kRequest, false);
      const json* result = json_fields::member(j, "", kResult, false);
      if ((request == nullptr) == (result == nullptr)) {
        json_fields::refuse("message", "needs exactly one of \"Request\" and \"Result\"");
      }
      if (j.size() != 2) json_fields::refuse("message", "fields other than \"TimeMs\" and the message");
      if (request != nullptr) {
        e.message = decode_request(*request);
      } else {
        e.message = decode_result(*result);
      }
      entries.push_back(std::move(e));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(at + ": " + e.what());
    }
  }
  return entries;
}

}  // namespace twinmodels::platform
