// The customer API's card query at OneLink
// (models/twinmodels/platform/onelink_query.hpp, onelink_query_json.hpp):
// one request names many of the account's cards and is answered per card
// (status, diagnosis, the cycle's data), refused whole when malformed, and
// both messages in JSON with the checks a receiver makes.
#include <gtest/gtest.h>

#include <stdexcept>

#include "twinmodels/platform/onelink.hpp"
#include "twinmodels/platform/onelink_query.hpp"
#include "twinmodels/platform/onelink_query_json.hpp"

namespace twinmodels::testing {
namespace test_onelink_query {

using namespace twinmodels::platform;

const std::string kMeter = "89860000000000000011";
const std::string kLock = "89860000000000000029";
const std::string kOther = "89860000000000000037";  // another customer's
const std::string kUnknown = "89860000000000000045";

Card card(const std::string& iccid, const std::string& imsi) {
  Card c;
  c.iccid = iccid;
  c.expected = {iccid, imsi, ""};
  return c;
}

OneLink fleet() {
  OneLink ol;
  ol.add_account("GRID", "State Grid meters");
  ol.add_account("OTHER", "another customer");
  ol.add_card("GRID", card(kMeter, "460040000000011"));
  ol.add_card("GRID", card(kLock, "460040000000029"));
  ol.add_card("OTHER", card(kOther, "460040000000037"));
  CardEvent up;
  up.kind = CardEventKind::Registered;
  up.at_ms = 1000;
  up.imsi = "460040000000011";
  ol.report_event(kMeter, up);
  CardEvent lost;
  lost.kind = CardEventKind::AttachTimedOut;
  lost.at_ms = 2000;
  ol.report_event(kLock, lost);
  ol.report_usage(kMeter, 1500, Usage{4096, 0});
  return ol;
}

TEST(OneLinkQuery, OneRequestIsAnsweredPerCardInItsOrder) {
  const OneLink ol = fleet();
  const CardQueryAnswer a = answer_query(ol, CardQuery{"Q-1", "GRID", {kLock, kMeter, kOther, kUnknown}}, 5000);
  EXPECT_EQ(a.refusal, QueryRefusal::None);
  EXPECT_EQ(a.request_id, "Q-1");
  EXPECT_EQ(a.at_ms, 5000);
  ASSERT_EQ(a.cards.size(), 4u);
  EXPECT_EQ(a.cards[0].iccid, kLock);
  EXPECT_EQ(a.cards[0].result, CardQueryResult::Answered);
  EXPECT_EQ(a.cards[0].status, OnlineStatus::Offline);
  EXPECT_EQ(a.cards[0].diagnosis, FaultReason::NoCoverage);
  EXPECT_EQ(a.cards[0].since_ms, 2000);
  EXPECT_EQ(a.cards[1].status, OnlineStatus::Online);
  EXPECT_EQ(a.cards[1].diagnosis, FaultReason::NotOffline);
  EXPECT_EQ(a.cards[1].data_bytes, 4096u);
  EXPECT_EQ(a.cards[1].period, 0);
  // The customer sees its own cards only.
  EXPECT_EQ(a.cards[2].result, CardQueryResult::NotInAccount);
  EXPECT_EQ(a.cards[2].status, OnlineStatus::Unknown);
  EXPECT_EQ(a.cards[3].result, CardQueryResult::UnknownCard);
}

TEST(OneLinkQuery, AMalformedRequestIsRefusedWhole) {
  const OneLink ol = fleet();
  EXPECT_EQ(answer_query(ol, CardQuery{"Q", "NOBODY", {kMeter}}, 0).refusal, QueryRefusal::UnknownAccount);
  EXPECT_EQ(answer_query(ol, CardQuery{"Q", "GRID", {}}, 0).refusal, QueryRefusal::NoCards);
  EXPECT_EQ(answer_query(ol, CardQuery{"Q", "GRID", {kMeter, kLock, kMeter}}, 0).refusal, QueryRefusal::RepeatedCard);
  CardQuery big{"Q", "GRID", {}};
  for (std::size_t i = 0; i < kMaxCardsPerQuery; ++i) big.iccids.push_back("898600000000001" + std::to_string(10000 + i));
  EXPECT_EQ(check_query(big), QueryRefusal::None);
  const CardQueryAnswer full = answer_query(ol, big, 0);
  EXPECT_EQ(full.cards.size(), kMaxCardsPerQuery);
  big.iccids.push_back(kMeter);
  const CardQueryAnswer over = answer_query(ol, big, 0);
  EXPECT_EQ(over.refusal, QueryRefusal::TooManyCards);
  EXPECT_TRUE(over.cards.empty());
}

TEST(OneLinkQueryJson, RequestAndAnswerGoThereAndBack) {
  const CardQuery q{"Q-7", "GRID", {kMeter, kLock}};
  const std::string text = query_to_json(q);
  EXPECT_EQ(text, "{\"AccountId\":\"GRID\",\"Function\":\"OneLink.QueryCards\",\"Iccids\":[\"" + kMeter + "\",\"" +
                      kLock + "\"],\"RequestId\":\"Q-7\"}");
  const CardQuery back = query_from_json(text);
  EXPECT_EQ(back.request_id, "Q-7");
  EXPECT_EQ(back.account_id, "GRID");
  EXPECT_EQ(back.iccids, q.iccids);

  const OneLink ol = fleet();
  const CardQueryAnswer a = answer_query(ol, CardQuery{"Q-7", "GRID", {kMeter, kLock, kOther}}, 5000);
  const std::string answer = answer_to_json(a);
  EXPECT_NE(answer.find("{\"DataBytes\":4096,\"Diagnosis\":\"NotOffline\",\"Iccid\":\"" + kMeter +
                        "\",\"Period\":0,\"Result\":\"Answered\",\"SinceMs\":1000,\"Status\":\"Online\"}"),
            std::string::npos)
      << answer;
  EXPECT_NE(answer.find("{\"Iccid\":\"" + kOther + "\",\"Result\":\"NotInAccount\"}"), std::string::npos) << answer;
  const CardQueryAnswer decoded = answer_from_json(answer);
  EXPECT_EQ(answer_to_json(decoded), answer);
  ASSERT_EQ(decoded.cards.size(), 3u);
  EXPECT_EQ(decoded.cards[1].diagnosis, FaultReason::NoCoverage);
  EXPECT_EQ(decoded.cards[1].since_ms, 2000);

  const CardQueryAnswer refused = answer_query(ol, CardQuery{"Q-8", "NOBODY", {kMeter}}, 6000);
  const std::string r = answer_to_json(refused);
  EXPECT_NE(r.find("\"Refusal\":\"UnknownAccount\""), std::string::npos) << r;
  EXPECT_EQ(answer_from_json(r).refusal, QueryRefusal::UnknownAccount);
}

void refused(const std::string& text, const std::string& expected, bool answer = false) {
  try {
    if (answer) answer_from_json(text);
    else query_from_json(text);
    ADD_FAILURE() << "accepted: " << text;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

TEST(OneLinkQueryJson, AReceiverRefusesBadMessagesNamingTheField) {
  const std::string head = "{\"Function\":\"OneLink.QueryCards\",\"RequestId\":\"Q\",\"AccountId\":\"GRID\",";
  refused("[1]", "not a JSON object");
  refused("{", "not JSON");
  refused("{\"Function\":\"ES2.GetEIS\"}", "Function: not OneLink.QueryCards");
  refused(head + "\"Iccids\":[]}", "Iccids: no card");
  refused(head + "\"Iccids\":\"" + kMeter + "\"}", "Iccids: not an array");
  refused(head + "\"Iccids\":[\"" + kMeter + "\",\"12ab\"]}", "Iccids[1]");
  refused(head + "\"Iccids\":[\"" + kMeter + "\",\"" + kMeter + "\"]}", "Iccids[1]: card " + kMeter + " named twice");
  std::string many = head + "\"Iccids\":[";
  for (std::size_t i = 0; i <= kMaxCardsPerQuery; ++i) many += (i ? ",\"" : "\"") + std::string("898600000000001") + std::to_string(10000 + i) + "\"";
  refused(many + "]}", "over the 100 a request may name");
  refused("{\"Function\":\"OneLink.QueryCards\",\"AccountId\":\"GRID\",\"Iccids\":[\"" + kMeter + "\"]}", "RequestId: missing");

  const std::string ahead = head + "\"AtMs\":5,";
  refused(ahead + "\"Cards\":[{\"Iccid\":\"" + kMeter + "\",\"Result\":\"Maybe\"}]}", "Cards[0].Result: 'Maybe' is not one",
          true);
  refused(ahead + "\"Cards\":[{\"Iccid\":\"" + kMeter + "\",\"Result\":\"Answered\",\"Status\":\"Online\"}]}",
          "Cards[0].Diagnosis: missing", true);
  refused(ahead + "\"Cards\":[{\"Iccid\":\"" + kMeter + "\",\"Result\":\"UnknownCard\",\"Status\":\"Online\"}]}",
          "Cards[0].Status: only an Answered card has it", true);
  refused(ahead + "\"Refusal\":\"NoCards\",\"Cards\":[{\"Iccid\":\"" + kMeter + "\",\"Result\":\"UnknownCard\"}]}",
          "Cards: a refused request answers no card", true);
  refused(head + "\"Cards\":[]}", "AtMs: missing", true);
}

}  // namespace test_onelink_query
}  // namespace twinmodels::testing
