// The SM-SR after a PoR "CNTR low" (TS 102 225 §5.1.1, §5.2;
// models/twinmodels/platform/sm_sr_audit.cpp): the SMSC's duplicate of a
// packet the card took (its PoR lost in an SMSC crash) and a counter behind
// the card's (the SM-SR's records restored from a backup). An audit of the
// ISD-Ps with the next counter settles a function the card may have run;
// one that runs twice harmlessly is sent again; a SendData fails at once.
#include "smsr_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/ota/packet_fields.hpp"
#include "twinmodels/ota/expanded_script.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr_counter_low {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionResult;
using Kind = platform::FunctionCall::Kind;

// The device's report on the last SMS of `outputs` (RP-ACK or RP-ERROR).
struct Report {
  Bytes tpdu;
  bool ack = false;
};
std::optional<Report> report_in(const std::vector<ModemOutput>& o) {
  if (const SendRpAck* a = ModemRig::find<SendRpAck>(o)) return Report{a->deliver_report, true};
  if (const SendRpError* e = ModemRig::find<SendRpError>(o)) return Report{e->deliver_report, false};
  return std::nullopt;
}

// The SM-SR's next packet for the rig's device, delivered; the device's
// outputs after its last SMS-DELIVER.
std::vector<ModemOutput> run_on_card(SmSrRig& rig, const platform::OutgoingSms& m) {
  std::vector<ModemOutput> o;
  for (const Bytes& t : m.delivers) {
    rig.now += 1000;
    o = rig.in(MtSms{kSmsc, t});
  }
  return o;
}

platform::OutgoingSms only_packet(SmSrRig& rig) {
  std::vector<platform::OutgoingSms> out = rig.smsr_platform.take_outgoing(kScts);
  EXPECT_EQ(out.size(), 1u);
  return out.empty() ? platform::OutgoingSms{} : out.front();
}

// The SM-SR's packet runs on the card, its PoR is lost with the SMSC's
// crash, and the SMSC delivers it again at its restart: the card refuses
// the duplicate as "CNTR low", and that PoR reaches the SM-SR.
void duplicate_after_a_lost_por(SmSrRig& rig) {
  const platform::OutgoingSms m = only_packet(rig);
  run_on_card(rig, m);
  const std::optional<Report> r = report_in(run_on_card(rig, m));
  ASSERT_TRUE(r);
  rig.smsr_platform.on_delivery_report(rig.e.eid(), r->tpdu, r->ack);
}

bool enabled_on_card(SmSrRig& rig, const std::string& isdp) {
  for (const cardcore::euicc::ProfileInfo& p : rig.e.profiles()) {
    if (cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(from_hex(isdp)))
      return p.state == cardcore::euicc::isdp_state::kEnabled;
  }
  return false;
}

TEST(SmSrCounterLow, TheDuplicateOfATakenEnableIsSettledByAnAuditAsEnabled) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "e1", kIsdP2));
  const cardcore::ota::Counter before = rig.smsr_platform.counter(rig.e.eid());
  duplicate_after_a_lost_por(rig);
  EXPECT_TRUE(rig.smsr_platform.take_results().empty()) << "no result before the audit";
  EXPECT_TRUE(enabled_on_card(rig, kIsdP2));
  // The next packet, with the next counter, is the audit (GET STATUS of
  // the ISD-Ps): the card answers it, and the function is done.
  const platform::OutgoingSms audit = only_packet(rig);
  EXPECT_EQ(rig.smsr_platform.counter(rig.e.eid()), before + 2);
  const std::optional<Report> r = report_in(run_on_card(rig, audit));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->ack);
  rig.smsr_platform.on_delivery_report(rig.e.eid(), r->tpdu, true);
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Warning) << platform::describe(res);
  EXPECT_TRUE(res.ok());
  EXPECT_EQ(res.function, "ES4.EnableProfile");
  EXPECT_EQ(res.message, "PoR 02 CNTR low; audited: the profile is enabled");
  EXPECT_EQ(res.por_status, 0);
  // The EIS follows; the card enabled the profile once.
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->iccid, rig.iccid(kIsdP2));
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
  EXPECT_TRUE(enabled_on_card(rig, kIsdP2));
  EXPECT_FALSE(enabled_on_card(rig, kIsdP1));
}

TEST(SmSrCounterLow, TheDuplicateOfATakenDeleteIsSettledAsDeleted) {
  SmSrRig rig;
  const std::string foreign = rig.iccid(kIsdP2);
  rig.smsr_platform.call(rig.call(Kind::DeleteProfile, "d1", kIsdP2));
  duplicate_after_a_lost_por(rig);
  rig.deliver();  // the audit
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Warning) << platform::describe(res);
  EXPECT_EQ(res.message, "PoR 02 CNTR low; audited: the ISD-P is deleted");
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(foreign));
  EXPECT_EQ(rig.e.profiles().size(), 1u);
}

// The SM-SR's counter one behind the card's: the audit goes with a counter
// the card takes, finds the profile not enabled, and the function is sent
// again and done — the SM-SR's counter is past the card's.
TEST(SmSrCounterLow, ACounterOneBehindIsAuditedAndTheFunctionSentAgain) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "a1"));
  rig.deliver();
  ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);
  const cardcore::ota::Counter card = rig.smsr_platform.counter(rig.e.eid());
  rig.smsr_platform.set_counter(rig.e.eid(), card - 1);
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "e1", kIsdP2));
  rig.deliver();  // CNTR low (the counter the card has)
  EXPECT_TRUE(rig.smsr_platform.take_results().empty());
  rig.deliver();  // the audit: not enabled
  EXPECT_TRUE(rig.smsr_platform.take_results().empty());
  EXPECT_FALSE(enabled_on_card(rig, kIsdP2));
  rig.deliver();  // the function again
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Success) << platform::describe(res);
  EXPECT_TRUE(res.message.empty());
  EXPECT_TRUE(enabled_on_card(rig, kIsdP2));
  EXPECT_EQ(rig.smsr_platform.counter(rig.e.eid()), card + 2);
}

// Far behind (a backup of long ago): every packet is refused, the audits
// too, and the function fails on its last PoR's CNTR low after
// max_attempts packets; nothing ran.
TEST(SmSrCounterLow, ACounterFarBehindFailsTheFunctionByCounterLowAfterItsAttempts) {
  SmSrRig rig;
  for (const char* id : {"a1", "a2", "a3", "a4", "a5"}) {
    rig.smsr_platform.call(rig.call(Kind::AuditEis, id));
    rig.deliver();
    ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);
  }
  const cardcore::ota::Counter card = rig.smsr_platform.counter(rig.e.eid());
  rig.smsr_platform.set_counter(rig.e.eid(), card - 5);
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "e1", kIsdP2));
  for (int i = 0; i < 2; ++i) {
    rig.deliver();
    EXPECT_TRUE(rig.smsr_platform.take_results().empty()) << i;
  }
  rig.deliver();
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Failed) << platform::describe(res);
  EXPECT_EQ(res.reason, "Security (PoR status)");
  EXPECT_EQ(res.por_status, 0x02);
  EXPECT_EQ(res.message, "PoR 02 CNTR low");
  EXPECT_FALSE(enabled_on_card(rig, kIsdP2));
  EXPECT_EQ(rig.smsr_platform.counter(rig.e.eid()), card - 2);
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
}

// An audit runs twice harmlessly: its duplicate's CNTR low sends it again.
TEST(SmSrCounterLow, TheDuplicateOfAnAuditIsSentAgain) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "a1"));
  duplicate_after_a_lost_por(rig);
  EXPECT_TRUE(rig.smsr_platform.take_results().empty());
  rig.deliver();
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Success) << platform::describe(res);
  EXPECT_EQ(res.data, cardcore::euicc::extended_card_resources(rig.e.card_resources()));
}

// A SendData (the SM-DP's script) may not run twice and no audit sees it:
// its CNTR low fails it at once, as before.
TEST(SmSrCounterLow, ASendDatasCounterLowFailsItAtOnce) {
  SmSrRig rig;
  platform::FunctionCall f = es4(Kind::SendData, "s1", rig.e.eid(), "");
  f.interface = "ES3";
  f.sd_aid = from_hex(kIsdP2);
  f.script = ota::encode_expanded_script(std::vector<Bytes>{from_hex("80CA005A00")});
  rig.smsr_platform.call(f);
  duplicate_after_a_lost_por(rig);
  const FunctionResult res = rig.only_result();
  EXPECT_EQ(res.status, ExecutionStatus::Failed) << platform::describe(res);
  EXPECT_EQ(res.por_status, 0x02);
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
}

// A checkpoint between the CNTR low and the audit resumes into the audit.
TEST(SmSrCounterLow, TheSettlingAuditSurvivesACheckpoint) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "e1", kIsdP2));
  duplicate_after_a_lost_por(rig);
  const Bytes saved = rig.smsr_platform.save_state();
  platform::SmSr resumed(cmcc_smsr_config());
  resumed.restore_state(saved);
  EXPECT_EQ(resumed.save_state(), saved);
  rig.deliver(resumed);
  const FunctionResult res = SmSrRig::only_result(resumed);
  EXPECT_EQ(res.status, ExecutionStatus::Warning) << platform::describe(res);
  EXPECT_EQ(res.message, "PoR 02 CNTR low; audited: the profile is enabled");
}

}  // namespace test_sm_sr_counter_low
}  // namespace twinmodels::testing
