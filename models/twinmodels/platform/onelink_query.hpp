#pragma once
// The customer API's card query at OneLink (the source document §3.2.1:
// online status query and fault diagnosis, 在线状态查询、故障诊断, for the
// industry customer's own cards): one request names up to
// kMaxCardsPerQuery cards of the customer's account and is answered per
// card — its status, OneLink's diagnosis and its data in the current
// billing period. The source names the services only; the request's form,
// the maximum and the answers' fields are ours (the operator's OneLink API
// document was not at hand). JSON encoding: onelink_query_json.hpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/card_status.hpp"
#include "twinmodels/platform/fault_diagnosis.hpp"

namespace twinmodels::platform {

class OneLink;

inline constexpr std::size_t kMaxCardsPerQuery = 100;  // cards one request may name (ours)
inline constexpr const char* kQueryCardsFunction = "OneLink.QueryCards";  // the name is ours

struct CardQuery {
  std::string request_id;          // the customer's, echoed in the answer
  std::string account_id;          // the customer's account
  std::vector<std::string> iccids; // 1 to kMaxCardsPerQuery cards, each once
};

// Per card: Answered, or why not (a card OneLink does not know, or
// another account's: the customer sees only its own cards).
enum class CardQueryResult : std::uint8_t { Answered, UnknownCard, NotInAccount };
const char* to_string(CardQueryResult r);

struct CardAnswer {
  std::string iccid;
  CardQueryResult result = CardQueryResult::Answered;
  // Answered only:
  OnlineStatus status = OnlineStatus::Unknown;
  std::optional<std::int64_t> since_ms;  // in that status since
  FaultReason diagnosis = FaultReason::Unknown;
  std::int64_t period = 0;               // the account's billing period now
  std::uint64_t data_bytes = 0;          // the card's data in it
};

// The whole request refused: an unknown account, no card, more than
// kMaxCardsPerQuery, a card named twice (ours).
enum class QueryRefusal : std::uint8_t { None, UnknownAccount, NoCards, TooManyCards, RepeatedCard };
const char* to_string(QueryRefusal r);

struct CardQueryAnswer {
  std::string request_id;
  std::string account_id;
  std::int64_t at_ms = 0;
  QueryRefusal refusal = QueryRefusal::None;
  std::vector<CardAnswer> cards;  // in the request's order; empty when refused
};

// The request's checks (the refusal, None when it passes), without OneLink.
QueryRefusal check_query(const CardQuery& q);

// OneLink's answer to `q` at `now_ms`, from what it knows then.
CardQueryAnswer answer_query(const OneLink& onelink, const CardQuery& q, std::int64_t now_ms);

}  // namespace twinmodels::platform
