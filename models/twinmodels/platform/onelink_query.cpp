// The customer API's card query (onelink_query.hpp).
#include "twinmodels/platform/onelink_query.hpp"

#include <set>
#include <string_view>

#include "twinmodels/platform/onelink.hpp"

namespace twinmodels::platform {

const char* to_string(CardQueryResult r) {
  switch (r) {
    case CardQueryResult::Answered: return "Answered";
    case CardQueryResult::UnknownCard: return "UnknownCard";
    case CardQueryResult::NotInAccount: return "NotInAccount";
  }
  return "?";
}

const char* to_string(QueryRefusal r) {
  switch (r) {
    case QueryRefusal::None: return "None";
    case QueryRefusal::UnknownAccount: return "UnknownAccount";
    case QueryRefusal::NoCards: return "NoCards";
    case QueryRefusal::TooManyCards: return "TooManyCards";
    case QueryRefusal::RepeatedCard: return "RepeatedCard";
  }
  return "?";
}

QueryRefusal check_query(const CardQuery& q) {
  if (q.iccids.empty()) return QueryRefusal::NoCards;
  if (q.iccids.size() > kMaxCardsPerQuery) return QueryRefusal::TooManyCards;
  std::set<std::string_view> seen;
  for (const std::string& iccid : q.iccids) {
    if (!seen.insert(iccid).second) return QueryRefusal::RepeatedCard;
  }
  return QueryRefusal::None;
}

CardQueryAnswer answer_query(const OneLink& onelink, const CardQuery& q, std::int64_t now_ms) {
  CardQueryAnswer a;
  a.request_id = q.request_id;
  a.account_id = q.account_id;
  a.at_ms = now_ms;
  a.refusal = check_query(q);
  if (a.refusal == QueryRefusal::None && !onelink.account(q.account_id)) a.refusal = QueryRefusal::UnknownAccount;
  if (a.refusal != QueryRefusal::None) return a;
  const std::int64_t period = *onelink.period_of(q.account_id, now_ms);
  a.cards.reserve(q.iccids.size());
  for (const std::string& iccid : q.iccids) {
    CardAnswer c;
    c.iccid = iccid;
    const std::optional<CardStatus> s = onelink.status(iccid);
    const Account* owner = s ? onelink.account_of(iccid) : nullptr;
    if (!s) {
      c.result = CardQueryResult::UnknownCard;
    } else if (!owner || owner->id != q.account_id) {
      c.result = CardQueryResult::NotInAccount;
    } else {
      c.status = s->status;
      c.since_ms = s->since_ms;
      c.diagnosis = onelink.diagnose(iccid, now_ms)->reason;
      c.period = period;
      c.data_bytes = onelink.card_usage(iccid, period).data_bytes;
    }
    a.cards.push_back(std::move(c));
  }
  return a;
}

}  // namespace twinmodels::platform
