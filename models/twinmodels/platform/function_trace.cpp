#include "twinmodels/platform/function_trace.hpp"

#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/json_fields.hpp"
#include "twinmodels/platform/onelink_query_json.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;

constexpr const char* kTime = "TimeMs";
constexpr const char* kRequest = "Request";
constexpr const char* kResult = "Result";
constexpr const char* kNotification = "Notification";

// A SOAP line: "<TimeMs> <env:Envelope ...>".
TraceEntry soap_entry(const std::string& line) {
  const std::size_t space = line.find(' ');
  const std::string time = line.substr(0, space);
  const bool negative = !time.empty() && time[0] == '-';
  if (space == std::string::npos || time.size() == (negative ? 1u : 0u) || time.size() > 19 ||
      time.find_first_not_of("0123456789", negative ? 1 : 0) != std::string::npos) {
    json_fields::refuse("message", "not a time in milliseconds, a space and a SOAP envelope");
  }
  TraceEntry e;
  e.time_ms = std::stoll(time);
  auto m = decode_soap_message(std::string_view(line).substr(space + 1));
  if (auto* r = std::get_if<SoapRequest>(&m)) {
    e.message = std::move(r->request);
  } else if (auto* n = std::get_if<SoapNotification>(&m)) {
    e.message = std::move(n->notification);
  } else {
    e.message = std::move(std::get<SoapResult>(m).result);
  }
  return e;
}

// OneLink's customer API's card query or its answer (onelink_query_json.hpp).
bool is_query(const json& m) {
  const auto f = m.is_object() ? m.find("Function") : m.end();
  return m.is_object() && f != m.end() && f->is_string() && f->get<std::string>() == kQueryCardsFunction;
}

TraceEntry json_entry(const std::string& line) {
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
  const json* request = json_fields::member(j, "", kRequest, false);
  const json* result = json_fields::member(j, "", kResult, false);
  const json* notification = json_fields::member(j, "", kNotification, false);
  if ((request != nullptr) + (result != nullptr) + (notification != nullptr) != 1) {
    json_fields::refuse("message", "needs exactly one of \"Request\", \"Result\" and \"Notification\"");
  }
  if (j.size() != 2) json_fields::refuse("message", "fields other than \"TimeMs\" and the message");
  if (request != nullptr) {
    if (is_query(*request)) e.message = query_from_json(request->dump());
    else e.message = decode_request(*request);
  } else if (notification != nullptr) {
    e.message = decode_notification(*notification);
  } else {
    if (is_query(*result)) e.message = answer_from_json(result->dump());
    else e.message = decode_result(*result);
  }
  return e;
}

}  // namespace

const char* to_string(TraceEncoding e) { return e == TraceEncoding::Soap ? "soap" : "json"; }

std::optional<TraceEncoding> trace_encoding_of(std::string_view s) {
  if (s == "json") return TraceEncoding::Json;
  if (s == "soap") return TraceEncoding::Soap;
  return std::nullopt;
}

SoapAddressing trace_addressing(const std::string& function, const std::string& call_id, bool result) {
  SoapAddressing a;
  const std::string request_id = "urn:esimtwin:" + function + ":" + call_id;
  if (result) {
    a.message_id = request_id + ":result";
    a.relates_to = request_id;
  } else {
    a.message_id = request_id;
  }
  return a;
}

SoapAddressing trace_addressing(const PlatformNotification& n) {
  SoapAddressing a;
  a.message_id = "urn:esimtwin:" + notification_name(n) + ":" + n.to + ":" + n.eid;
  if (!n.iccid.empty()) a.message_id += ":" + n.iccid;
  if (!n.call_id.empty()) a.message_id += ":" + n.call_id;
  return a;
}

void FunctionTrace::check_time(std::int64_t time_ms) const {
  if (last_ms_ && time_ms < *last_ms_) {
    throw std::invalid_argument("FunctionTrace: time " + std::to_string(time_ms) + " ms before the last line's " +
                                std::to_string(*last_ms_) + " ms");
  }
}

void FunctionTrace::write(std::int64_t time_ms, const std::string& line) {
  out_ << line << '\n';
  last_ms_ = time_ms;
  ++lines_;
}

void FunctionTrace::request(std::int64_t time_ms, const FunctionRequest& r) {
  check_time(time_ms);
  if (encoding_ == TraceEncoding::Soap) {
    const SoapAddressing a = trace_addressing(function_of(r), call_id_of(r), false);
    write(time_ms, std::to_string(time_ms) + " " + encode_soap_request(r, a));
  } else {
    write(time_ms, json{{kTime, time_ms}, {kRequest, encode_request(r)}}.dump());
  }
}

void FunctionTrace::result(std::int64_t time_ms, const FunctionResult& r) {
  check_time(time_ms);
  if (encoding_ == TraceEncoding::Soap) {
    const SoapAddressing a = trace_addressing(r.function, r.call_id, true);
    write(time_ms, std::to_string(time_ms) + " " + encode_soap_result(r, a));
  } else {
    write(time_ms, json{{kTime, time_ms}, {kResult, encode_result(r)}}.dump());
  }
}

void FunctionTrace::results(std::int64_t time_ms, const std::vector<FunctionResult>& rs) {
  for (const FunctionResult& r : rs) result(time_ms, r);
}

void FunctionTrace::notification(std::int64_t time_ms, const PlatformNotification& n) {
  check_time(time_ms);
  if (encoding_ == TraceEncoding::Soap) {
    write(time_ms, std::to_string(time_ms) + " " + encode_soap_notification(n, trace_addressing(n)));
  } else {
    write(time_ms, json{{kTime, time_ms}, {kNotification, encode_notification(n)}}.dump());
  }
}

void FunctionTrace::query(std::int64_t time_ms, const CardQuery& q) {
  check_time(time_ms);
  if (encoding_ == TraceEncoding::Soap)
    throw std::invalid_argument(std::string("FunctionTrace: ") + kQueryCardsFunction + " has no SOAP form");
  write(time_ms, json{{kTime, time_ms}, {kRequest, json::parse(query_to_json(q))}}.dump());
}

void FunctionTrace::query_answer(std::int64_t time_ms, const CardQueryAnswer& a) {
  check_time(time_ms);
  if (encoding_ == TraceEncoding::Soap)
    throw std::invalid_argument(std::string("FunctionTrace: ") + kQueryCardsFunction + " has no SOAP form");
  write(time_ms, json{{kTime, time_ms}, {kResult, json::parse(answer_to_json(a))}}.dump());
}

void FunctionTrace::entry(const TraceEntry& e) {
  if (const auto* r = std::get_if<FunctionRequest>(&e.message)) request(e.time_ms, *r);
  else if (const auto* n = std::get_if<PlatformNotification>(&e.message)) notification(e.time_ms, *n);
  else if (const auto* q = std::get_if<CardQuery>(&e.message)) query(e.time_ms, *q);
  else if (const auto* a = std::get_if<CardQueryAnswer>(&e.message)) query_answer(e.time_ms, *a);
  else result(e.time_ms, std::get<FunctionResult>(e.message));
}

std::vector<TraceEntry> read_trace(std::istream& in, TraceEncoding encoding) {
  std::vector<TraceEntry> entries;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    try {
      if (line.empty()) json_fields::refuse("message", "empty line");
      TraceEntry e = encoding == TraceEncoding::Soap ? soap_entry(line) : json_entry(line);
      if (!entries.empty() && e.time_ms < entries.back().time_ms) {
        json_fields::refuse(kTime, "before the previous line's " + std::to_string(entries.back().time_ms));
      }
      entries.push_back(std::move(e));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("line " + std::to_string(n) + ": " + e.what());
    }
  }
  return entries;
}

}  // namespace twinmodels::platform
