// The ES4 side of an SM-SR change (SGP.02 §3.8; §5.4, ES4.PrepareSMSRChange
// and ES4.SMSRChange) and the receiving end of ES7.HandoverEUICC (§5.7): the
// checks of models/twinmodels/platform/sm_sr_es4_change.cpp on two SM-SRs
// with a registered EIS (no card: the checks come before any SMS).
#include <gtest/gtest.h>

#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {
namespace test_smsr_change_es4 {

const std::string kEid = "89049032123451234512345678901235";
const cardcore::sms::Address kAddress{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                      "8613900200777"};

Eis eis_of(const std::string& enabled_mno) {
  Eis e;
  e.eid = kEid;
  e.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  e.ecasd_certificate = cardcore::from_hex("7F2100");
  EisProfile p;
  p.iccid = "8986040000000000003";
  p.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = enabled_mno;
  p.msisdn = "8613900000003";
  p.state = ProfileState::Enabled;
  p.fallback = true;
  e.profiles.push_back(p);
  return e;
}

ota::OtaCardConfig link() {
  ota::OtaCardConfig c;
  c.tar = {0x00, 0x00, 0x01};
  c.keys.kic = 0x12;  // key version 1
  return c;
}

struct Pair {
  SmSr current{SmSrConfig{"SM-SR-CMCC", kAddress, std::nullopt, 3, {"SM-SR-AGENT"}, {"CMCC", "Operator LA"}}};
  SmSr next{SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}}};
  Pair() { current.register_eis(eis_of("CMCC"), link()); }
};

void expect_refusal(const FunctionResult& r, const std::string& function, const std::string& subject,
                    const std::string& reason) {
  EXPECT_EQ(r.status, ExecutionStatus::Failed) << describe(r);
  EXPECT_EQ(r.function, function);
  EXPECT_EQ(r.subject, subject) << describe(r);
  EXPECT_EQ(r.reason, reason) << describe(r);
}

TEST(SmSrChangeEs4, PrepareSmSrChangeIsTakenForAnEidFromAnEs7Partner) {
  Pair p;
  const FunctionResult r = p.next.prepare_smsr_change({"p1", "CMCC", kEid, "SM-SR-CMCC"});
  EXPECT_EQ(r.status, ExecutionStatus::Success) << describe(r);
  EXPECT_EQ(r.function, "ES4.PrepareSMSRChange");
  EXPECT_EQ(r.call_id, "p1");
  EXPECT_TRUE(p.next.prepared(kEid));
  EXPECT_FALSE(p.next.accept_handover(*p.current.eis(kEid), "SM-SR-CMCC"));
  // One preparation per eUICC at a time.
  const FunctionResult twice = p.next.prepare_smsr_change({"p2", "CMCC", kEid, "SM-SR-CMCC"});
  expect_refusal(twice, "ES4.PrepareSMSRChange", "EID", "Refused");
  EXPECT_EQ(twice.message, "an SM-SR change is prepared already");
  p.next.drop_preparation(kEid);
  EXPECT_FALSE(p.next.prepared(kEid));
}

TEST(SmSrChangeEs4, PrepareSmSrChangeRefusesABadEidAnUnknownSmSrAnEuiccItHasAndAnMnoItDoesNotServe) {
  Pair p;
  expect_refusal(p.next.prepare_smsr_change({"p1", "CMCC", "8904903212345", "SM-SR-CMCC"}), "ES4.PrepareSMSRChange",
                 "EID", "Invalid");
  expect_refusal(p.next.prepare_smsr_change({"p2", "CMCC", kEid, "SM-SR-ELSEWHERE"}), "ES4.PrepareSMSRChange",
                 "SM-SR", "Unknown");
  // The current SM-SR cannot be the new one.
  expect_refusal(p.current.prepare_smsr_change({"p3", "CMCC", kEid, "SM-SR-AGENT"}), "ES4.PrepareSMSRChange", "EID",
                 "Already in use");
  expect_refusal(p.current.prepare_smsr_change({"p4", "Operator XX", kEid, "SM-SR-AGENT"}),
                 "ES4.PrepareSMSRChange", "Function requester", "Not allowed (authorisation)");
  EXPECT_FALSE(p.next.prepared(kEid));
  EXPECT_FALSE(p.current.prepared(kEid));
}

TEST(SmSrChangeEs4, SmSrChangeIsTakenFromTheEnabledProfilesMnoAndOnlyOnce) {
  Pair p;
  EXPECT_FALSE(p.current.smsr_change({"c1", "CMCC", kEid, "SM-SR-AGENT"}));
  EXPECT_TRUE(p.current.smsr_change_in_flight(kEid));
  // None in flight for the eUICC: a second order is refused.
  const std::optional<FunctionResult> again = p.current.smsr_change({"c2", "CMCC", kEid, "SM-SR-AGENT"});
  ASSERT_TRUE(again);
  expect_refusal(*again, "ES4.SMSRChange", "eUICC", "Refused");
  EXPECT_EQ(again->message, "an SM-SR change is in flight");
  // Not handed over: the eUICC stays, the change is over.
  EXPECT_FALSE(p.current.end_smsr_change(kEid, false));
  EXPECT_FALSE(p.current.smsr_change_in_flight(kEid));
  ASSERT_TRUE(p.current.eis(kEid));
  // Handed over: it leaves.
  EXPECT_FALSE(p.current.smsr_change({"c3", "CMCC", kEid, "SM-SR-AGENT"}));
  const std::optional<Eis> gone = p.current.end_smsr_change(kEid, true);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->eid, kEid);
  EXPECT_FALSE(p.current.eis(kEid));
}

TEST(SmSrChangeEs4, SmSrChangeRefusesAnUnknownEidAnUnknownTargetAnotherMnoAndABusyEuicc) {
  Pair p;
  const auto refused = [&](const SmSrChangeOrder& o) {
    const std::optional<FunctionResult> r = p.current.smsr_change(o);
    EXPECT_TRUE(r);
    return r.value_or(FunctionResult{});
  };
  expect_refusal(refused({"c1", "CMCC", "89049032123451234512345678909999", "SM-SR-AGENT"}), "ES4.SMSRChange", "EID",
                 "Unknown");
  expect_refusal(refused({"c2", "CMCC", kEid, "SM-SR-ELSEWHERE"}), "ES4.SMSRChange", "SM-SR", "Unknown");
  expect_refusal(refused({"c3", "CMCC", kEid, "SM-SR-CMCC"}), "ES4.SMSRChange", "SM-SR", "Unknown");
  // A partner operator the SM-SR serves, but not the enabled profile's owner.
  const FunctionResult other = refused({"c4", "Operator LA", kEid, "SM-SR-AGENT"});
  expect_refusal(other, "ES4.SMSRChange", "Function requester", "Not allowed (authorisation)");
  EXPECT_EQ(other.message, "not the enabled profile's MNO (CMCC)");
  expect_refusal(refused({"c5", "Operator XX", kEid, "SM-SR-AGENT"}), "ES4.SMSRChange", "Function requester",
                 "Not allowed (authorisation)");
  // A function queued for the eUICC.
  FunctionCall audit;
  audit.kind = FunctionCall::Kind::AuditEis;
  audit.call_id = "a1";
  audit.eid = kEid;
  p.current.call(audit);
  ASSERT_EQ(p.current.pending(kEid), 1u);
  const FunctionResult busy = refused({"c6", "CMCC", kEid, "SM-SR-AGENT"});
  expect_refusal(busy, "ES4.SMSRChange", "eUICC", "Refused");
  EXPECT_EQ(busy.message, "functions in progress");
  EXPECT_FALSE(p.current.smsr_change_in_flight(kEid));
}

TEST(SmSrChangeEs4, TheHandoverIsTakenOnlyAsPrepared) {
  Pair p;
  const Eis eis = *p.current.eis(kEid);
  std::optional<FunctionResult> r = p.next.accept_handover(eis, "SM-SR-CMCC");
  ASSERT_TRUE(r);
  expect_refusal(*r, "ES7.HandoverEUICC", "EID", "Unknown");
  ASSERT_TRUE(p.next.prepare_smsr_change({"p1", "CMCC", kEid, "SM-SR-CMCC"}).ok());
  r = p.next.accept_handover(eis, "SM-SR-OTHER");
  ASSERT_TRUE(r);
  expect_refusal(*r, "ES7.HandoverEUICC", "SM-SR", "Refused");
  Eis bare = eis;
  bare.ecasd_certificate.clear();
  r = p.next.accept_handover(bare, "SM-SR-CMCC");
  ASSERT_TRUE(r);
  expect_refusal(*r, "ES7.HandoverEUICC", "eUICC", "Refused");
  EXPECT_FALSE(p.next.accept_handover(eis, "SM-SR-CMCC"));
}

}  // namespace test_smsr_change_es4
}  // namespace twinmodels::platform
