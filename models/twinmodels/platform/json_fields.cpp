#include "twinmodels/platform/json_fields.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace twinmodels::platform::json_fields {

namespace {

std::string path(std::string_view where, const char* name) {
  return where.empty() ? std::string(name) : std::string(where) + "." + name;
}

bool digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

void refuse(std::string_view where, std::string_view what) {
  throw std::invalid_argument(std::string(where) + ": " + std::string(what));
}

const json& object(const json& j, std::string_view where) {
  if (!j.is_object()) refuse(where.empty() ? "message" : where, "not a JSON object");
  return j;
}

const json* member(const json& j, std::string_view where, const char* name, bool required) {
  object(j, where);
  const auto it = j.find(name);
  if (it == j.end()) {
    if (required) refuse(path(where, name), "missing");
    return nullptr;
  }
  return &*it;
}

std::string text(const json& j, std::string_view where, const char* name) {
  const json* v = member(j, where, name, true);
  if (!v->is_string()) refuse(path(where, name), "not a string");
  std::string s = v->get<std::string>();
  if (s.empty()) refuse(path(where, name), "empty");
  return s;
}

std::optional<std::string> optional_text(const json& j, std::string_view where, const char* name) {
  const json* v = member(j, where, name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) refuse(path(where, name), "not a string");
  return v->get<std::string>();
}

bool boolean(const json& j, std::string_view where, const char* name) {
  const json* v = member(j, where, name, true);
  if (!v->is_boolean()) refuse(path(where, name), "not a boolean");
  return v->get<bool>();
}

std::optional<std::uint64_t> optional_unsigned(const json& j, std::string_view where, const char* name,
                                               std::uint64_t max) {
  const json* v = member(j, where, name, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_unsigned()) refuse(path(where, name), "not a non-negative integer");
  const std::uint64_t n = v->get<std::uint64_t>();
  if (n > max) refuse(path(where, name), "over " + std::to_string(max));
  return n;
}

std::optional<cardcore::Bytes> optional_hex(const json& j, std::string_view where, const char* name) {
  const std::optional<std::string> s = optional_text(j, where, name);
  if (!s) return std::nullopt;
  if (s->size() % 2 != 0) refuse(path(where, name), "odd number of hex digits");
  if (!std::all_of(s->begin(), s->end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; })) {
    refuse(path(where, name), "not hex digits");
  }
  return cardcore::from_hex(*s);
}

cardcore::Bytes hex(const json& j, std::string_view where, const char* name) {
  member(j, where, name, true);
  cardcore::Bytes b = *optional_hex(j, where, name);
  if (b.empty()) refuse(path(where, name), "empty");
  return b;
}

std::string to_hex_binary(cardcore::ByteView b) {
  static const char upper[] = "0123456789ABCDEF";
  std::string s;
  s.reserve(b.size() * 2);
  for (const std::uint8_t x : b) {
    s.push_back(upper[x >> 4]);
    s.push_back(upper[x & 0x0F]);
  }
  return s;
}

void check_eid(const std::string& eid, std::string_view where) {
  if (eid.size() != 32 || !digits(eid)) refuse(where, "EID '" + eid + "' is not 32 digits");
}

void check_iccid(const std::string& iccid, std::string_view where) {
  if (iccid.size() < 18 || iccid.size() > 20 || !digits(iccid)) {
    refuse(where, "ICCID '" + iccid + "' is not 18 to 20 digits");
  }
}

}  // namespace twinmodels::platform::json_fields
