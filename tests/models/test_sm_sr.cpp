// The SM-SR platform model (models/twinmodels/platform/sm_sr.hpp) against a
// modem with a real eUICC: ES4 functions become ES5 scripts by MT SMS, the
// PoR in the RP-ACK decides them, the EIS follows the eUICC, the eUICC's
// notification comes back by MO SMS and is confirmed; refusals by the EIS
// and by the card, unknown EIDs, and lost deliveries that expire.
#include "smsr_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/send_data.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::ProfileState;
using Kind = FunctionCall::Kind;

TEST(SmSr, EnableProfileByEs4ThenTheNotificationUpdatesTheEisAndIsConfirmed) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::UpdateConnectivityParameters, "c1"));
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);

  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "c2", kIsdP2));
  std::vector<ModemOutput> o = rig.deliver();
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.function, "ES4.EnableProfile");
  EXPECT_EQ(r.call_id, "c2");
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  ASSERT_TRUE(eis);
  ASSERT_TRUE(eis->enabled());
  EXPECT_EQ(eis->enabled()->iccid, rig.iccid(kIsdP2));

  // The device restarts on the foreign profile and attaches; in service,
  // the eUICC's notification leaves by MO SMS from the foreign number.
  rig.subscriber = 4;
  o = rig.network_attach(o);
  const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
  ASSERT_TRUE(mo);
  const std::optional<platform::EuiccNotification> n = rig.smsr_platform.on_mo_sms(kForeignMsisdn, mo->tpdu, rig.now);
  rig.in(MoSmsResult{true, 0});
  ASSERT_TRUE(n);
  EXPECT_EQ(n->type, cardcore::euicc::notification::kProfileChangeSucceeded);
  EXPECT_EQ(n->iccid, rig.iccid(kIsdP2));
  EXPECT_EQ(n->sequence, 0);
  // A replayed notification is not taken twice (its counter is not higher).
  EXPECT_FALSE(rig.smsr_platform.on_mo_sms(kForeignMsisdn, mo->tpdu, rig.now));
  // The confirmation goes to the foreign number and clears the eUICC's
  // pending notification; it is the SM-SR's own: no result.
  ASSERT_TRUE(rig.e.pending_notification());
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 1u);
  const std::vector<platform::OutgoingSms> out = rig.smsr_platform.take_outgoing(kScts);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].msisdn, kForeignMsisdn);
  for (const Bytes& t : out[0].delivers) o = rig.in(MtSms{kSmsc, t});
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  rig.smsr_platform.on_delivery_report(rig.e.eid(), ack->deliver_report, true);
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_TRUE(rig.smsr_platform.take_results().empty());
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
}

TEST(SmSr, AuditFillsTheEisWithTheCardResources) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "a1"));
  rig.deliver();
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  ASSERT_TRUE(eis->free_nonvolatile_memory);
  EXPECT_EQ(*eis->free_nonvolatile_memory, rig.e.free_profile_memory());
  EXPECT_EQ(eis->installed_applications, std::optional<std::uint32_t>(2));
  EXPECT_EQ(r.data, cardcore::euicc::extended_card_resources(rig.e.card_resources()));
}

TEST(SmSr, RefusalsByTheEisAndByTheCard) {
  SmSrRig rig;
  // The EIS knows: the enabled profile cannot be enabled, the fall-back
  // one not deleted; unknown EIDs and ICCIDs fail at once.
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "r1", kIsdP1));
  rig.smsr_platform.call(rig.call(Kind::DeleteProfile, "r2", kIsdP1));
  rig.smsr_platform.call(es4(Kind::EnableProfile, "r3", "89049032123451234512345678900000", "x"));
  rig.smsr_platform.call(es4(Kind::EnableProfile, "r4", rig.e.eid(), "8900000000000000000"));
  std::vector<platform::FunctionResult> r = rig.smsr_platform.take_results();
  ASSERT_EQ(r.size(), 4u);
  for (const auto& x : r) EXPECT_EQ(x.status, ExecutionStatus::Failed) << platform::describe(x);
  EXPECT_EQ(r[2].subject, "EID");
  EXPECT_EQ(r[3].reason, "Unknown");
  EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
  // The card refuses what the EIS lets through: the fall-back profile
  // cannot take the emergency attribute ('6985').
  rig.smsr_platform.call(rig.call(Kind::SetEmergencyProfileAttribute, "r5", kIsdP1));
  rig.deliver();
  const platform::FunctionResult card = rig.only_result();
  EXPECT_EQ(card.status, ExecutionStatus::Failed);
  EXPECT_EQ(card.reason, "Refused");
  EXPECT_EQ(card.message, "6985");
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(rig.iccid(kIsdP1))->emergency);
  // The emergency attribute on the foreign profile is taken, and the EIS says so.
  rig.smsr_platform.call(rig.call(Kind::SetEmergencyProfileAttribute, "r6", kIsdP2));
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_TRUE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(rig.iccid(kIsdP2))->emergency);
}

TEST(SmSr, LostDeliveriesAreRetriedThenExpireAndTheNextFunctionStillWorks) {
  SmSrRig rig;
  rig.smsr_platform.call(rig.call(Kind::EnableProfile, "l1", kIsdP2));
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "l2"));
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::vector<platform::OutgoingSms> out = rig.smsr_platform.take_outgoing(kScts);
    ASSERT_EQ(out.size(), 1u);
    // One function in flight per eUICC: nothing more until it is settled.
    EXPECT_TRUE(rig.smsr_platform.take_outgoing(kScts).empty());
    rig.smsr_platform.on_delivery_failed(rig.e.eid());  // the SMS never reaches the device
  }
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Expired);
  EXPECT_EQ(r.call_id, "l1");
  EXPECT_EQ(r.message, "3 attempts");
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->enabled()->iccid, rig.iccid(kIsdP1));
  // The audit goes next; its packet's counter is past the lost ones, which
  // the card's "counter higher" takes.
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
}

// ES3 (SM-DP to SM-SR): CreateISDP allocates the first free ISD-P AID;
// SendData reaches the ISD-P's own TAR under the ISD-R's keys with the one
// counter of that key set; ProfileDownloadCompleted; DeleteISDP.
TEST(SmSr, Es3CreateIsdpSendDataAndDelete) {
  SmSrRig rig;
  FunctionCall create = es4(Kind::CreateIsdp, "s1", rig.e.eid(), "8944000000000000057");
  create.interface = "ES3";
  create.mno_id = "PARTNER";
  create.smdp_id = "SM-DP-CMCC";
  rig.smsr_platform.call(create);
  rig.deliver();
  platform::FunctionResult r = rig.only_result();
  ASSERT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.function, "ES3.CreateISDP");
  const std::string isdp3 = "A0000005591010FFFFFFFF8900001200";  // 0010 and 0011 are taken
  EXPECT_EQ(cardcore::to_hex(r.data), cardcore::to_hex(from_hex(isdp3)));
  ASSERT_EQ(rig.e.profiles().size(), 3u);
  const platform::EisProfile* p = rig.smsr_platform.eis(rig.e.eid())->by_iccid("8944000000000000057");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->state, ProfileState::Created);
  EXPECT_EQ(p->mno_id, "PARTNER");
  // The same ICCID twice is refused by the EIS.
  rig.smsr_platform.call(create);
  EXPECT_EQ(rig.only_result().reason, "Already in use");

  // SendData to the new ISD-P: it has no keys yet, so it takes nothing but
  // the key establishment ('6982'); the SM-SR hands the answer back as it is.
  FunctionCall send = es4(Kind::SendData, "s2", rig.e.eid(), {});
  send.interface = "ES3";
  send.sd_aid = from_hex(isdp3);
  send.script = ota::encode_expanded_script(std::vector<Bytes>{from_hex("80CA005A00")});
  rig.smsr_platform.call(send);
  rig.deliver();
  r = rig.only_result();
  ASSERT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  const platform::SendDataResponse answer = platform::send_data_response(r);
  ASSERT_TRUE(answer.response) << answer.failure;
  ASSERT_EQ(answer.response->responses.size(), 1u);
  EXPECT_EQ(answer.response->responses[0].sw, 0x6982);
  // The ISD-R's TAR after the ISD-P's: the counter went on across both.
  rig.smsr_platform.call(rig.call(Kind::AuditEis, "s3"));
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);

  // ProfileDownloadCompleted without a download: only a created profile
  // becomes Disabled; unknown ICCIDs fail.
  FunctionCall done = es4(Kind::ProfileDownloadCompleted, "s4", rig.e.eid(), "8944000000000000057");
  done.interface = "ES3";
  done.imsi = "234150000000057";
  done.msisdn = "447700900057";
  rig.smsr_platform.call(done);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_EQ(rig.smsr_platform.eis(rig.e.eid())->by_iccid("8944000000000000057")->state, ProfileState::Disabled);
  rig.smsr_platform.call(done);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Failed);

  // ES3.DeleteISDP: the card deletes it, the EIS forgets it.
  FunctionCall del = es4(Kind::DeleteProfile, "s5", rig.e.eid(), "8944000000000000057");
  del.interface = "ES3";
  rig.smsr_platform.call(del);
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_EQ(rig.e.profiles().size(), 2u);
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid("8944000000000000057"));
}

TEST(SmSr, CreateIsdpOverTheFreeMemoryIsRefusedByTheCard) {
  SmSrRig rig;
  FunctionCall create = es4(Kind::CreateIsdp, "q1", rig.e.eid(), "8944000000000000065");
  create.interface = "ES3";
  create.nonvolatile_quota = rig.e.free_profile_memory() + 1;
  rig.smsr_platform.call(create);
  rig.deliver();
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Failed);
  EXPECT_EQ(r.message, "6A84");
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid("8944000000000000065"));
  EXPECT_EQ(rig.e.profiles().size(), 2u);
}


// A CreateISDP whose PoRs were lost: the card made the ISD-P, the SM-SR
// does not know. Its AID is not given to the next CreateISDP, and an audit
// records it under the ICCID it was asked for.
TEST(SmSr, AnExpiredCreateIsdpsAidIsKeptUntilTheAuditSettlesIt) {
  SmSrRig rig;
  FunctionCall lost = es4(Kind::CreateIsdp, "u1", rig.e.eid(), "8944000000000000073");
  lost.interface = "ES3";
  lost.mno_id = "PARTNER";
  rig.smsr_platform.call(lost);
  for (int attempt = 0; attempt < 3; ++attempt) carry(rig, rig.smsr_platform, PorPath::Lost);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Expired);
  ASSERT_EQ(rig.e.profiles().size(), 3u);  // made once: the resends were refused ('6A80')
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid("8944000000000000073"));

  FunctionCall next = es4(Kind::CreateIsdp, "u2", rig.e.eid(), "8944000000000000081");
  next.interface = "ES3";
  rig.smsr_platform.call(next);
  rig.deliver();
  const platform::FunctionResult r = rig.only_result();
  ASSERT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(cardcore::to_hex(r.data), cardcore::to_hex(from_hex("A0000005591010FFFFFFFF8900001300")));

  rig.smsr_platform.call(rig.call(Kind::AuditEis, "u3"));
  rig.deliver();
  ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  ASSERT_EQ(eis->profiles.size(), 4u);
  const platform::EisProfile* p = eis->by_iccid("8944000000000000073");
  ASSERT_TRUE(p);
  EXPECT_EQ(cardcore::to_hex(p->isdp_aid), cardcore::to_hex(from_hex("A0000005591010FFFFFFFF8900001200")));
  EXPECT_EQ(p->state, ProfileState::Created);
  EXPECT_EQ(p->mno_id, "PARTNER");
  EXPECT_EQ(*eis->installed_applications, 4u);
}

// DeleteProfile's first PoR lost: the card deleted the profile; the resend
// is refused ('6A88': no such ISD-P) — reported Expired, not Failed, as the
// outcome is unknown. The EIS still lists the profile until an audit,
// which removes it.
TEST(SmSr, ALostDeletePorIsReportedExpiredAndTheAuditRemovesTheProfile) {
  SmSrRig rig;
  const std::string foreign = rig.iccid(kIsdP2);
  rig.smsr_platform.call(rig.call(Kind::DeleteProfile, "d1", kIsdP2));
  carry(rig, rig.smsr_platform, PorPath::Lost);
  carry(rig, rig.smsr_platform);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Expired);
  EXPECT_EQ(r.reason, "No response");
  EXPECT_EQ(r.message, "1 PoR(s) lost, then 6A88");
  EXPECT_EQ(rig.e.profiles().size(), 1u);
  ASSERT_TRUE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(foreign));

  rig.smsr_platform.call(rig.call(Kind::AuditEis, "d2"));
  rig.deliver();
  ASSERT_EQ(rig.only_result().status, ExecutionStatus::Success);
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  EXPECT_FALSE(eis->by_iccid(foreign));
  ASSERT_EQ(eis->profiles.size(), 1u);
  EXPECT_EQ(eis->profiles[0].state, ProfileState::Enabled);
}

}  // namespace test_sm_sr
}  // namespace twinmodels::testing
