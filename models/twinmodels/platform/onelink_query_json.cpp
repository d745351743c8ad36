// The card query's JSON (onelink_query_json.hpp).
#include "twinmodels/platform/onelink_query_json.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/json_fields.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace f = json_fields;

json parse(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    f::refuse("message", std::string("not JSON: ") + e.what());
  }
  f::object(j, "");
  if (f::text(j, "", "Function") != kQueryCardsFunction)
    f::refuse("Function", std::string("not ") + kQueryCardsFunction);
  return j;
}

std::string path(const std::string& where, const char* name) { return where.empty() ? name : where + "." + name; }

// An enum's value by its to_string() name, among the first `n` values.
template <typename E>
E named(const json& j, const std::string& where, const char* name, unsigned n) {
  const std::string t = f::text(j, where, name);
  for (unsigned v = 0; v < n; ++v) {
    if (t == to_string(static_cast<E>(v))) return static_cast<E>(v);
  }
  f::refuse(path(where, name), "'" + t + "' is not one");
}

std::int64_t signed_number(const json& j, const std::string& where, const char* name) {
  const json* v = f::member(j, where, name, true);
  if (!v->is_number_integer()) f::refuse(path(where, name), "not an integer");
  return v->get<std::int64_t>();
}

std::uint64_t unsigned_number(const json& j, const std::string& where, const char* name) {
  f::member(j, where, name, true);
  return *f::optional_unsigned(j, where, name, UINT64_MAX);
}

}  // namespace

std::string query_to_json(const CardQuery& q) {
  json j = {{"Function", kQueryCardsFunction}, {"RequestId", q.request_id}, {"AccountId", q.account_id},
            {"Iccids", q.iccids}};
  return j.dump();
}

CardQuery query_from_json(std::string_view text) {
  const json j = parse(text);
  CardQuery q;
  q.request_id = f::text(j, "", "RequestId");
  q.account_id = f::text(j, "", "AccountId");
  const json* cards = f::member(j, "", "Iccids", true);
  if (!cards->is_array()) f::refuse("Iccids", "not an array");
  if (cards->empty()) f::refuse("Iccids", "no card");
  if (cards->size() > kMaxCardsPerQuery)
    f::refuse("Iccids", std::to_string(cards->size()) + " cards, over the " + std::to_string(kMaxCardsPerQuery) +
                            " a request may name");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cards->size(); ++i) {
    const std::string where = "Iccids[" + std::to_string(i) + "]";
    const json& c = (*cards)[i];
    if (!c.is_string()) f::refuse(where, "not a string");
    std::string iccid = c.get<std::string>();
    f::check_iccid(iccid, where);
    if (!seen.insert(iccid).second) f::refuse(where, "card " + iccid + " named twice");
    q.iccids.push_back(std::move(iccid));
  }
  return q;
}

std::string answer_to_json(const CardQueryAnswer& a) {
  json j = {{"Function", kQueryCardsFunction}, {"RequestId", a.request_id}, {"AccountId", a.account_id},
            {"AtMs", a.at_ms}};
  if (a.refusal != QueryRefusal::None) j["Refusal"] = to_string(a.refusal);
  json cards = json::array();
  for (const CardAnswer& c : a.cards) {
    json x = {{"Iccid", c.iccid}, {"Result", to_string(c.result)}};
    if (c.result == CardQueryResult::Answered) {
      x["Status"] = to_string(c.status);
      if (c.since_ms) x["SinceMs"] = *c.since_ms;
      x["Diagnosis"] = to_string(c.diagnosis);
      x["Period"] = c.period;
      x["DataBytes"] = c.data_bytes;
    }
    cards.push_back(std::move(x));
  }
  j["Cards"] = std::move(cards);
  return j.dump();
}

CardQueryAnswer answer_from_json(std::string_view text) {
  const json j = parse(text);
  CardQueryAnswer a;
  a.request_id = f::text(j, "", "RequestId");
  a.account_id = f::text(j, "", "AccountId");
  a.at_ms = signed_number(j, "", "AtMs");
  if (f::member(j, "", "Refusal", false)) {
    a.refusal = named<QueryRefusal>(j, "", "Refusal", static_cast<unsigned>(QueryRefusal::RepeatedCard) + 1);
    if (a.refusal == QueryRefusal::None) f::refuse("Refusal", "'None' is written as no Refusal");
  }
  const json* cards = f::member(j, "", "Cards", true);
  if (!cards->is_array()) f::refuse("Cards", "not an array");
  if (a.refusal != QueryRefusal::None && !cards->empty()) f::refuse("Cards", "a refused request answers no card");
  if (cards->size() > kMaxCardsPerQuery) f::refuse("Cards", "more cards than a request may name");
  for (std::size_t i = 0; i < cards->size(); ++i) {
    const std::string where = "Cards[" + std::to_string(i) + "]";
    const json& x = f::object((*cards)[i], where);
    CardAnswer c;
    c.iccid = f::text(x, where, "Iccid");
    f::check_iccid(c.iccid, where + ".Iccid");
    c.result = named<CardQueryResult>(x, where, "Result", static_cast<unsigned>(CardQueryResult::NotInAccount) + 1);
    if (c.result == CardQueryResult::Answered) {
      c.status = named<OnlineStatus>(x, where, "Status", static_cast<unsigned>(OnlineStatus::Sleeping) + 1);
      if (f::member(x, where, "SinceMs", false)) c.since_ms = signed_number(x, where, "SinceMs");
      c.diagnosis = named<FaultReason>(x, where, "Diagnosis", static_cast<unsigned>(FaultReason::Unknown) + 1);
      c.period = signed_number(x, where, "Period");
      c.data_bytes = unsigned_number(x, where, "DataBytes");
    } else {
      for (const char* name : {"Status", "SinceMs", "Diagnosis", "Period", "DataBytes"}) {
        if (x.contains(name)) f::refuse(path(where, name), std::string("only an Answered card has it, this one is ") +
                                                                to_string(c.result));
      }
    }
    a.cards.push_back(std::move(c));
  }
  return a;
}

}  // namespace twinmodels::platform
