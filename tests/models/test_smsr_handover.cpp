// SmSrHandover's refusals before anything reaches the card
// (models/twinmodels/platform/smsr_handover.hpp): a refused
// ES4.PrepareSMSRChange or ES4.SMSRChange, a key version the change cannot
// use; each leaves both SM-SRs as they were. Calls out of turn are ignored;
// while the change runs the current SM-SR takes no other call for the eUICC.
#include <gtest/gtest.h>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "euicc_pki.hpp"
#include "twinmodels/platform/smsr_handover.hpp"

namespace twinmodels::testing {
namespace test_smsr_handover {

using platform::ExecutionStatus;

const std::string kEid = "89049032123451234512345678901235";
const cardcore::sms::Address kAddress{cardcore::sms::TypeOfNumber::International, cardcore::sms::NumberingPlan::Isdn,
                                      "8613900200777"};

platform::Eis eis() {
  platform::Eis e;
  e.eid = kEid;
  e.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  e.ecasd_certificate = cardcore::ecasd::encode_certificate(pki().euicc.certificate);
  platform::EisProfile p;
  p.iccid = "8986040000000000038";
  p.isdp_aid = cardcore::from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = "CMCC";
  p.msisdn = "8613900000003";
  p.state = platform::ProfileState::Enabled;
  e.profiles.push_back(p);
  return e;
}

struct Pair {
  platform::SmSr current{platform::SmSrConfig{"SM-SR-CMCC", kAddress, std::nullopt, 3, {"SM-SR-AGENT"}, {}}};
  platform::SmSr next{platform::SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {}, {}}};
  Pair() {
    ota::OtaCardConfig link;
    link.tar = {0x00, 0x00, 0x01};
    link.keys.kic = 0x12;
    current.register_eis(eis(), link);
  }
  platform::SmSrHandoverConfig config(std::uint8_t key_version = 2) const {
    return platform::SmSrHandoverConfig{
        .mno_id = "CMCC",
        .eid = kEid,
        .prepare_call_id = "p1",
        .change_call_id = "c1",
        .certificate = pki().smsr.certificate,
        .signing_key = pki().smsr.key,
        .ephemeral_key = cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                cardcore::ecasd::testing::seed("eSK.SR2")),
        .key_version = key_version,
        .link = {},
    };
  }
  void expect_untouched() {
    EXPECT_TRUE(current.eis(kEid));
    EXPECT_FALSE(current.smsr_change_in_flight(kEid));
    EXPECT_EQ(current.pending(kEid), 0u);
    EXPECT_FALSE(next.eis(kEid));
    EXPECT_FALSE(next.prepared(kEid));
  }
};

TEST(SmSrHandover, ARefusedPrepareSmSrChangeEndsIt) {
  Pair p;  // the new SM-SR has no ES7 agreement with the current one
  platform::SmSrHandover h(p.current, p.next, p.config());
  EXPECT_FALSE(h.next());  // not started
  EXPECT_FALSE(h.start());
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.prepare_result().status, ExecutionStatus::Failed);
  EXPECT_EQ(h.result().function, "ES4.SMSRChange");
  EXPECT_EQ(h.result().call_id, "c1");
  EXPECT_EQ(h.result().status, ExecutionStatus::Failed);
  EXPECT_EQ(h.result().subject, "SM-SR");
  EXPECT_EQ(h.result().reason, "Unknown");
  EXPECT_EQ(h.result().message.rfind("ES4.PrepareSMSRChange: ", 0), 0u) << h.result().message;
  EXPECT_FALSE(h.next());
  p.expect_untouched();
}

TEST(SmSrHandover, ARefusedSmSrChangeDropsTheNewSmSrsPreparation) {
  Pair p;
  platform::SmSrConfig c{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}};
  platform::SmSr next(c);
  platform::SmSrHandoverConfig config = p.config();
  config.mno_id = "Operator LA";  // not the enabled profile's MNO
  platform::SmSrHandover h(p.current, next, config);
  EXPECT_FALSE(h.start());
  EXPECT_TRUE(h.prepare_result().ok());
  EXPECT_EQ(h.result().subject, "Function requester");
  EXPECT_EQ(h.result().reason, "Not allowed (authorisation)");
  EXPECT_FALSE(next.prepared(kEid));
  EXPECT_FALSE(p.current.smsr_change_in_flight(kEid));
}

TEST(SmSrHandover, AKeyVersionOutsideOneToFifteenIsRefusedBeforeAnySms) {
  for (std::uint8_t version : {std::uint8_t{0}, std::uint8_t{16}}) {
    Pair p;
    platform::SmSr next(platform::SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
    platform::SmSrHandover h(p.current, next, p.config(version));
    EXPECT_FALSE(h.start());
    ASSERT_TRUE(h.finished());
    EXPECT_EQ(h.result().status, ExecutionStatus::Failed);
    EXPECT_EQ(h.result().subject, "eUICC");
    EXPECT_EQ(h.result().message, "SmSrChange: an SCP80 key version is 1..15; the new key set: not needed");
    EXPECT_EQ(h.cleanup(), platform::KeySetCleanup::NotNeeded);
    EXPECT_FALSE(next.prepared(kEid));
    EXPECT_FALSE(p.current.smsr_change_in_flight(kEid));
    EXPECT_TRUE(p.current.take_outgoing({}).empty());
    // A result that answers no call is ignored.
    h.on_result(platform::FunctionResult{});
    h.on_unreachable();
    EXPECT_EQ(h.result().status, ExecutionStatus::Failed);
  }
}

// ES7.HandoverEUICC refused by the new SM-SR (an EIS without the eUICC's
// CERT.ECASD.ECKA: no key establishment possible) ends the change on both.
TEST(SmSrHandover, AnEisTheNewSmSrCannotTakeEndsTheChangeOnBothSides) {
  platform::SmSr current(platform::SmSrConfig{"SM-SR-CMCC", kAddress, std::nullopt, 3, {"SM-SR-AGENT"}, {}});
  platform::SmSr next(platform::SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  platform::Eis bare = eis();
  bare.ecasd_certificate.clear();
  ota::OtaCardConfig link;
  link.tar = {0x00, 0x00, 0x01};
  link.keys.kic = 0x12;
  current.register_eis(bare, link);
  Pair p;
  platform::SmSrHandover h(current, next, p.config());
  EXPECT_FALSE(h.start());
  ASSERT_TRUE(h.finished());
  EXPECT_EQ(h.result().status, ExecutionStatus::Failed);
  EXPECT_EQ(h.result().subject, "eUICC");
  EXPECT_EQ(h.result().message,
            "ES7.HandoverEUICC: the EIS has no CERT.ECASD.ECKA; the new key set: not needed");
  EXPECT_FALSE(current.smsr_change_in_flight(kEid));
  EXPECT_TRUE(current.eis(kEid));
  EXPECT_FALSE(next.prepared(kEid));
  EXPECT_FALSE(next.eis(kEid));
}

TEST(SmSrHandover, TheFirstCallIsAuthenticateSmSrThroughTheCurrentSmSr) {
  Pair p;
  platform::SmSr next(platform::SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  platform::SmSrHandover h(p.current, next, p.config());
  ASSERT_TRUE(h.start());
  EXPECT_TRUE(p.current.smsr_change_in_flight(kEid));
  EXPECT_TRUE(next.prepared(kEid));
  const std::optional<platform::HandoverStep> s = h.next();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->to, platform::HandoverSide::Current);
  EXPECT_EQ(s->call.kind, platform::FunctionCall::Kind::SendData);
  EXPECT_EQ(s->call.interface, "ES7");
  EXPECT_EQ(s->call.sd_aid, cardcore::Bytes(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end()));
  EXPECT_FALSE(h.next());  // one call at a time
  // A second change for the eUICC while this one runs is refused.
  platform::SmSrHandover again(p.current, next, p.config());
  EXPECT_FALSE(again.start());
  EXPECT_EQ(again.prepare_result().reason, "Refused");
  EXPECT_EQ(again.prepare_result().message, "an SM-SR change is prepared already");
  // The running one keeps its preparation and its place.
  EXPECT_TRUE(next.prepared(kEid));
  EXPECT_TRUE(p.current.smsr_change_in_flight(kEid));
}

TEST(SmSrHandover, WhileTheChangeRunsTheCurrentSmSrTakesOnlyItsEs7Scripts) {
  Pair p;
  platform::SmSr next(platform::SmSrConfig{"SM-SR-AGENT", kAddress, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  platform::SmSrHandover h(p.current, next, p.config());
  ASSERT_TRUE(h.start());
  // An ES4 and an ES3 call: refused at once, nothing queued for the card.
  for (const char* interface : {"ES4", "ES3"}) {
    platform::FunctionCall f;
    f.kind = platform::FunctionCall::Kind::AuditEis;
    f.interface = interface;
    f.call_id = std::string("audit-") + interface;
    f.eid = kEid;
    p.current.call(f);
    const std::vector<platform::FunctionResult> r = p.current.take_results();
    ASSERT_EQ(r.size(), 1u) << interface;
    EXPECT_EQ(r[0].status, ExecutionStatus::Failed);
    EXPECT_EQ(r[0].subject, "eUICC");
    EXPECT_EQ(r[0].message, "an SM-SR change is in flight");
    EXPECT_EQ(p.current.pending(kEid), 0u);
  }
  // The change's own script is taken.
  const std::optional<platform::HandoverStep> s = h.next();
  ASSERT_TRUE(s);
  p.current.call(s->call);
  EXPECT_TRUE(p.current.take_results().empty());
  EXPECT_EQ(p.current.pending(kEid), 1u);
}

}  // namespace test_smsr_handover
}  // namespace twinmodels::testing
