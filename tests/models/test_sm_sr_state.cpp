// SmSr::save_state() / restore_state() for checkpoints: an SM-SR saved
// mid-way — a function in flight and others queued for an eUICC with a real
// card behind it, the eUICC's notification half reassembled, results not
// taken, an SM-SR change prepared and another in flight — and restored into
// a new SM-SR goes on as the original: driven with the same inputs, it sends
// the same SMS bytes, gives the same results and notification, and ends in
// the same state. Truncated, damaged or mismatching state is refused and
// changes nothing; an open HTTPS admin connection cannot be saved.
#include "https_rig.hpp"
#include "smsr_rig.hpp"
#include "state_refusals.hpp"

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cardcore/sms/submit.hpp"
#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::testing {
namespace test_sm_sr_state {

using cardcore::Bytes;
using platform::FunctionCall;
using platform::SmSr;
using platform::SmSrChangeOrder;
using Kind = FunctionCall::Kind;

// A second eUICC the SM-SR manages with no device behind it (an SM-SR
// change goes in flight for it), and a third it is to take over.
const std::string kSecondEid = "89049032000000000000000000000222";
const std::string kThirdEid = "89049032000000000000000000000333";
const std::string kSecondMsisdn = "8613900000099";

platform::SmSrConfig partner_config() {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.es7_partners = {"SM-SR-OTHER"};
  return c;
}

platform::Eis second_eis() {
  platform::Eis e;
  e.eid = kSecondEid;
  e.eum_id = "EUM-TEST";
  e.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  platform::EisProfile p;
  p.iccid = "8986040000000000995";
  p.isdp_aid = cardcore::from_hex(kIsdP1);
  p.mno_id = "CMCC";
  p.msisdn = kSecondMsisdn;
  p.state = platform::ProfileState::Enabled;
  e.profiles.push_back(p);
  return e;
}

std::string line(const platform::FunctionResult& r) { return platform::describe(r) + " data=" + cardcore::to_hex(r.data); }

std::vector<std::string> results(SmSr& s) {
  std::vector<std::string> out;
  for (const platform::FunctionResult& r : s.take_results()) out.push_back(line(r));
  return out;
}

std::string line(const platform::OutgoingSms& m) {
  std::string s = m.eid + " " + m.msisdn + (m.push ? " push" : "");
  for (const Bytes& t : m.delivers) s += " " + cardcore::to_hex(t);
  return s;
}

// An SMS-SUBMIT split into two concatenated ones (TS 23.040 §9.2.3.24.1;
// TS 31.115 §4.1: the command packet's IEI '70' in the first).
std::pair<Bytes, Bytes> split(const Bytes& tpdu) {
  const cardcore::sms::SmsSubmit s = cardcore::sms::decode_submit(tpdu);
  EXPECT_TRUE(s.ud.header && !cardcore::sms::concatenation_of(*s.ud.header));
  const std::size_t half = s.ud.body.size() / 2;
  cardcore::sms::SmsSubmit one = s, two = s;
  one.ud.header->elements.insert(one.ud.header->elements.begin(), cardcore::sms::concatenation_element({0x5A, 2, 1, false}));
  one.ud.body.assign(s.ud.body.begin(), s.ud.body.begin() + static_cast<std::ptrdiff_t>(half));
  two.ud.header = cardcore::sms::UserDataHeader{{cardcore::sms::concatenation_element({0x5A, 2, 2, false})}};
  two.ud.body.assign(s.ud.body.begin() + static_cast<std::ptrdiff_t>(half), s.ud.body.end());
  return {cardcore::sms::encode(one), cardcore::sms::encode(two)};
}

// The rig's SM-SR mid-way, and what the test keeps to drive it on.
struct MidWay {
  SmSrRig rig{std::nullopt, {}, {}, EuiccLayout::Export, partner_config()};
  SmSr& smsr = rig.smsr_platform;
  Bytes second_segment;                 // of the eUICC's notification
  platform::OutgoingSms audit;          // in flight, not yet delivered

  MidWay() {
    smsr.register_eis(second_eis(), isd_r_config());
    EXPECT_FALSE(smsr.smsr_change({"chg-1", "CMCC", kSecondEid, "SM-SR-OTHER"}));
    EXPECT_TRUE(smsr.prepare_smsr_change({"prep-1", "CMCC", kThirdEid, "SM-SR-OTHER"}).ok());
    // Two functions done, their results not taken.
    smsr.call(rig.call(Kind::UpdateConnectivityParameters, "c1"));
    rig.deliver();
    smsr.call(rig.call(Kind::EnableProfile, "c2", kIsdP2));
    std::vector<ModemOutput> o = rig.deliver();
    // The device restarts on the foreign profile; the eUICC's notification
    // leaves by MO SMS, of which the SM-SR gets the first half.
    rig.subscriber = 4;
    o = rig.network_attach(o);
    const SendMoSms* mo = ModemRig::find<SendMoSms>(o);
    EXPECT_TRUE(mo);
    if (mo) {
      auto [first, second] = split(mo->tpdu);
      second_segment = second;
      EXPECT_FALSE(smsr.on_mo_sms(kForeignMsisdn, first, rig.now));
    }
    rig.in(MoSmsResult{true, 0});
    // An audit in flight, an attribute change queued behind it.
    smsr.call(rig.call(Kind::AuditEis, "c3"));
    smsr.call(rig.call(Kind::SetEmergencyProfileAttribute, "c4", kIsdP2));
    std::vector<platform::OutgoingSms> out = smsr.take_outgoing(kScts);
    EXPECT_EQ(out.size(), 1u);
    if (!out.empty()) audit = out[0];
  }
};

// Delivers an SMS to the rig's device; its RP-ACK.
Bytes delivered(SmSrRig& rig, const platform::OutgoingSms& m) {
  std::vector<ModemOutput> o;
  for (const Bytes& t : m.delivers) {
    rig.now += 1000;
    o = rig.in(MtSms{kSmsc, t});
  }
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  EXPECT_TRUE(ack);
  return ack ? ack->deliver_report : Bytes{};
}

TEST(SmSrState, RestoredMidWayGoesOnAsTheOriginal) {
  MidWay w;
  SmSr& a = w.smsr;
  const std::string eid = w.rig.e.eid();
  ASSERT_EQ(a.pending(eid), 2u);
  const Bytes saved = a.save_state();
  SmSr b(partner_config());
  b.restore_state(saved);
  EXPECT_EQ(b.save_state(), saved);
  EXPECT_EQ(b.pending(eid), 2u);
  EXPECT_EQ(b.counter(eid), a.counter(eid));
  EXPECT_TRUE(b.smsr_change_in_flight(kSecondEid));
  EXPECT_TRUE(b.prepared(kThirdEid));
  EXPECT_EQ(platform::encode_eis(*b.eis(eid)), platform::encode_eis(*a.eis(eid)));
  EXPECT_EQ(platform::encode_eis(*b.eis(kSecondEid)), platform::encode_eis(*a.eis(kSecondEid)));

  // The results done before the checkpoint, not taken, come out of both.
  const std::vector<std::string> ra = results(a), rb = results(b);
  ASSERT_EQ(ra.size(), 2u);
  EXPECT_EQ(ra, rb);

  // The audit in flight is lost: both send it again, the same bytes (the
  // attempt count and the key set's counter carried over).
  a.on_delivery_failed(eid);
  b.on_delivery_failed(eid);
  std::vector<platform::OutgoingSms> oa = a.take_outgoing(kScts), ob = b.take_outgoing(kScts);
  ASSERT_EQ(oa.size(), 1u);
  ASSERT_EQ(ob.size(), 1u);
  EXPECT_EQ(line(oa[0]), line(ob[0]));
  EXPECT_NE(line(oa[0]), line(w.audit));  // a new packet: a new counter
  const Bytes ack = delivered(w.rig, oa[0]);
  a.on_delivery_report(eid, ack, true);
  b.on_delivery_report(eid, ack, true);

  // The notification's second half completes it in both.
  const auto na = a.on_mo_sms(kForeignMsisdn, w.second_segment, w.rig.now);
  const auto nb = b.on_mo_sms(kForeignMsisdn, w.second_segment, w.rig.now);
  ASSERT_TRUE(na);
  ASSERT_TRUE(nb);
  EXPECT_EQ(na->type, cardcore::euicc::notification::kProfileChangeSucceeded);
  EXPECT_EQ(nb->type, na->type);
  EXPECT_EQ(nb->sequence, na->sequence);
  EXPECT_EQ(nb->iccid, na->iccid);
  EXPECT_EQ(nb->iccid, w.rig.iccid(kIsdP2));

  // The attribute change, then the notification's confirmation: the same
  // SMS from both, each delivered once to the card and its report to both.
  int sent = 0;
  for (;;) {
    oa = a.take_outgoing(kScts);
    ob = b.take_outgoing(kScts);
    ASSERT_EQ(oa.size(), ob.size());
    if (oa.empty()) break;
    ASSERT_EQ(oa.size(), 1u);
    EXPECT_EQ(line(oa[0]), line(ob[0]));
    const Bytes report = delivered(w.rig, oa[0]);
    a.on_delivery_report(eid, report, true);
    b.on_delivery_report(eid, report, true);
    ASSERT_LT(++sent, 5);
  }
  EXPECT_EQ(sent, 2);
  EXPECT_FALSE(w.rig.e.pending_notification());
  const std::vector<std::string> ra2 = results(a), rb2 = results(b);
  ASSERT_EQ(ra2.size(), 2u);  // the audit and the attribute change
  EXPECT_EQ(ra2, rb2);
  EXPECT_NE(ra2[0].find("ES4.AuditEIS call=c3"), std::string::npos) << ra2[0];
  EXPECT_NE(ra2[1].find("c4"), std::string::npos) << ra2[1];
  EXPECT_TRUE(w.rig.smsr_platform.eis(eid)->by_iccid(w.rig.iccid(kIsdP2))->emergency);
  EXPECT_EQ(b.pending(eid), 0u);
  EXPECT_EQ(b.counter(eid), a.counter(eid));
  EXPECT_EQ(platform::encode_eis(*b.eis(eid)), platform::encode_eis(*a.eis(eid)));

  // The SM-SR changes: the one in flight ends in both, the preparation is dropped.
  EXPECT_FALSE(a.end_smsr_change(kSecondEid, false));
  EXPECT_FALSE(b.end_smsr_change(kSecondEid, false));
  EXPECT_FALSE(b.smsr_change_in_flight(kSecondEid));
  b.drop_preparation(kThirdEid);
  a.drop_preparation(kThirdEid);
  EXPECT_FALSE(b.prepared(kThirdEid));
  EXPECT_EQ(a.save_state(), b.save_state());
}

// ES5 over HTTPS (SGP.02 §2.4.4): saved after the push's PoR, while the
// card is to open its session (no connection open yet), the restored SM-SR
// serves that session; the result and the state it ends in are those of a
// run with the same inputs and no checkpoint.
TEST(SmSrState, AnEuiccAwaitingItsHttpsSessionIsSavedBetweenSessions) {
  HttpsRig one, two;
  const std::string eid = one.e.eid();
  ASSERT_EQ(eid, two.e.eid());
  one.smsr_platform.call(one.call(Kind::UpdateConnectivityParameters, "h1"));
  two.smsr_platform.call(two.call(Kind::UpdateConnectivityParameters, "h1"));
  const std::vector<platform::OutgoingSms> push = one.smsr_platform.take_outgoing(kScts);
  ASSERT_EQ(push.size(), 1u);
  ASSERT_TRUE(push[0].push);
  std::vector<ModemOutput> o;
  for (const Bytes& t : push[0].delivers) {
    one.now += 1000;
    o = one.in(MtSms{kSmsc, t});
  }
  const SendRpAck* ack = ModemRig::find<SendRpAck>(o);
  ASSERT_TRUE(ack);
  one.smsr_platform.on_delivery_report(eid, ack->deliver_report, true);
  const Bytes saved = one.smsr_platform.save_state();
  SmSr b(cmcc_https_config());
  b.restore_state(saved);
  EXPECT_EQ(b.transport(eid), platform::Es5Transport::Https);
  EXPECT_EQ(b.pending(eid), 1u);
  // The card's session reaches the restored SM-SR.
  one.ip_network.servers.at(0).smsr = &b;
  o = one.ip_network.run(one, o);
  EXPECT_EQ(one.ip_network.server(kCmccAdminIp)->connections, 1u);
  two.carry_all(two.smsr_platform);
  const std::vector<std::string> rb = results(b), r2 = results(two.smsr_platform);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_NE(rb[0].find("ES4.UpdateConnectivityParameters call=h1"), std::string::npos) << rb[0];
  EXPECT_NE(rb[0].find("Success"), std::string::npos) << rb[0];
  EXPECT_EQ(rb, r2);
  EXPECT_EQ(b.pending(eid), 0u);
  EXPECT_TRUE(b.https_errors().empty());
  EXPECT_EQ(b.save_state(), two.smsr_platform.save_state());
  // The original, not driven on, still awaits the session.
  EXPECT_EQ(one.smsr_platform.pending(eid), 1u);
}

TEST(SmSrState, TheFirstConnectionIdAfterARestoreIsTheOriginalsNext) {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.https = platform::AdminEndpoint{{192, 0, 2, 10}, 443, "smsr.cmcc.example", "/gp/ram"};
  SmSr a(c);
  const std::uint32_t first = a.https_accept();
  a.https_closed(first);
  SmSr b(c);
  b.restore_state(a.save_state());
  EXPECT_EQ(b.https_accept(), a.https_accept());
  EXPECT_GT(b.https_accept(), first + 1);
}

TEST(SmSrState, AnOpenHttpsConnectionCannotBeSaved) {
  platform::SmSrConfig c = cmcc_smsr_config();
  c.https = platform::AdminEndpoint{{192, 0, 2, 10}, 443, "smsr.cmcc.example", "/gp/ram"};
  SmSr s(c);
  const std::uint32_t id = s.https_accept();
  ASSERT_TRUE(s.https_open(id));
  try {
    (void)s.save_state();
    ADD_FAILURE() << "saved with a connection open";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()), "SM-SR state: an HTTPS admin connection cannot be saved while it is open");
  }
  // Nor is a state restored under a session under way.
  SmSr other(c);
  const Bytes saved = other.save_state();
  EXPECT_THROW(s.restore_state(saved), std::logic_error);
  s.https_closed(id);
  EXPECT_NO_THROW((void)s.save_state());
  EXPECT_NO_THROW(s.restore_state(saved));
}

class SmSrStateErrors : public ::testing::Test {
 protected:
  MidWay w;
  Bytes saved = w.smsr.save_state();
  SmSr target{partner_config()};
  std::optional<StateRefusals<SmSr>> check;

  void SetUp() override {
    // Another state than the saved one: what a refusal must keep.
    target.register_eis(second_eis(), isd_r_config());
    target.call(es4(Kind::AuditEis, "t1", kSecondEid, ""));
    check.emplace(target, "SM-SR state: ");
  }
  void refused(const Bytes& s, const std::string& expected) { check->refused(s, expected); }
};

TEST_F(SmSrStateErrors, TruncatedInputAtEveryLengthIsRefused) { check->cuts_refused(saved); }

TEST_F(SmSrStateErrors, TruncatedBodiesUnderAValidCrcAreFoundByTheParser) { check->sealed_cuts_refused(saved); }

TEST_F(SmSrStateErrors, AFlippedByteIsRefused) { check->flips_refused(saved); }

TEST_F(SmSrStateErrors, DamageUnderAValidCrcAndAnotherSmSrAreRefused) {
  check->header_damage_refused(saved, "SM-SR", 6);
  check->header_damage_refused(saved, "SM-SR", 4);  // version 4: before the lost PoRs and the settling audit
  check->header_damage_refused(saved, "SM-SR", 3);  // version 3: before the PoR status in a result
  check->header_damage_refused(saved, "SM-SR", 2);  // version 2: before the Auto-Delete list
  check->header_damage_refused(saved, "SM-SR", 1);  // version 1: before POL2 in the EIS and the calls
  // The id, after the header: length u32, then "SM-SR-CMCC".
  Bytes bad = saved;
  bad[10 + 6] = 'X';
  refused(resealed(bad), "saved by SM-SR \"SM-SR-XMCC\"");
  // Into an SM-SR of another id.
  platform::SmSrConfig other = partner_config();
  other.id = "SM-SR-OTHER";
  SmSr x(other);
  EXPECT_THROW(x.restore_state(saved), std::invalid_argument);
}

}  // namespace test_sm_sr_state
}  // namespace twinmodels::testing
