// The SM-SR platform model (models/twinmodels/platform/sm_sr.hpp) against a
// modem with a real eUICC: ES4 functions become ES5 scripts by MT SMS, the
// PoR in the RP-ACK decides them, the EIS follows the eUICC, the eUICC's
// notification comes back by MO SMS and is confirmed; refusals by the EIS
// and by the card, unknown EIDs, and lost deliveries that expire.
#include "euicc_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/es5_commands.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::ProfileState;
using Kind = FunctionCall::Kind;

const std::string kCmccMsisdn = "8613900000003";
const std::string kForeignMsisdn = "447700900004";

// The rig registered and in service, and an SM-SR that manages its eUICC.
struct SmSrRig : EuiccRig {
  platform::SmSr smsr_platform{platform::SmSrConfig{"SM-SR-CMCC", kSmsr, cardcore::cat::Address{0x91, from_hex("683108100005F0")}, 3}};

  SmSrRig() {
    network_attach(in(PowerOn{}));
    EXPECT_EQ(modem.state(), ModemState::Registered);
    platform::Eis eis;
    eis.eid = e.eid();
    eis.eum_id = "EUM-TEST";
    eis.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
    for (const cardcore::euicc::ProfileInfo& p : e.profiles()) {
      platform::EisProfile q;
      q.iccid = p.iccid;
      q.isdp_aid = p.isdp_aid;
      q.fallback = p.fallback;
      q.state = p.state == cardcore::euicc::isdp_state::kEnabled ? ProfileState::Enabled : ProfileState::Disabled;
      const bool cmcc = cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(from_hex(kIsdP1));
      q.mno_id = cmcc ? "CMCC" : "FOREIGN";
      q.msisdn = cmcc ? kCmccMsisdn : kForeignMsisdn;
      q.imsi = imsi_of(cmcc ? 3 : 4);
      eis.profiles.push_back(q);
    }
    smsr_platform.register_eis(eis, isd_r_config());
  }
  std::string iccid(const std::string& aid) const {
    for (const auto& p : e.profiles()) {
      if (cardcore::to_hex(p.isdp_aid) == cardcore::to_hex(from_hex(aid))) return p.iccid;
    }
    return {};
  }
  FunctionCall call(Kind k, const std::string& id, const std::string& on = {}) {
    return FunctionCall{k, "ES4", id, e.eid(), on.empty() ? std::string() : iccid(on)};
  }
  // Sends what the SM-SR has for the device and gives it the device's
  // report; returns the outputs of the last SMS.
  std::vector<ModemOutput> deliver() {
    std::vector<ModemOutput> o;
    for (const platform::OutgoingSms& m : smsr_platform.take_outgoing(kScts)) {
      for (const Bytes& t : m.delivers) {
        now += 1000;
        o = in(MtSms{kSmsc, t});
      }
      if (const SendRpAck* ack = find<SendRpAck>(o)) smsr_platform.on_delivery_report(m.eid, ack->deliver_report, true);
    }
    return o;
  }
  platform::FunctionResult only_result() {
    std::vector<platform::FunctionResult> r = smsr_platform.take_results();
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? platform::FunctionResult{} : r.front();
  }
};

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
  rig.smsr_platform.call(FunctionCall{Kind::EnableProfile, "ES4", "r3", "89049032123451234512345678900000", "x"});
  rig.smsr_platform.call(FunctionCall{Kind::EnableProfile, "ES4", "r4", rig.e.eid(), "8900000000000000000"});
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

}  // namespace
}  // namespace twinmodels::testing
