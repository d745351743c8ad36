// Modem::save_state() / restore_state() for checkpoints: a modem (and its
// card) restored from saved states answers every later input exactly as the
// original does — mid-attach, registered with toolkit timers running, with
// an SMS-PP ENVELOPE waiting after '93 00' (TS 31.111 §7.1.1) — and a
// truncated or garbled state is refused with the field and offset.
#include "modem_harness.hpp"

#include <memory>

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/sms/deliver.hpp"

namespace twinmodels::testing {
namespace test_modem_state {

using cardcore::Bytes;
using cardcore::from_hex;
namespace cat = cardcore::cat;
namespace sms = cardcore::sms;

// A card application that answers SMS-PP downloads as told.
struct Scripted final : cat::SmsPpDownloadHandler {
  std::vector<cat::EnvelopeResult> answers;
  cat::EnvelopeResult on_sms_pp(cardcore::Uicc&, cardcore::ByteView, cardcore::ByteView) override {
    cat::EnvelopeResult r = answers.front();
    if (answers.size() > 1) answers.erase(answers.begin());
    return r;
  }
};

// A rig whose card, modem and HSS are restored from `a`'s saved states.
std::unique_ptr<ModemRig> twin_of(const ModemRig& a) {
  auto b = std::make_unique<ModemRig>(a.cfg, false);
  b->card.restore_state(a.card.save_state());
  b->modem.restore_state(a.modem.save_state());
  b->hss.restore(a.hss.sqn_he_table(), a.hss.counters());
  b->now = a.now;
  return b;
}

// What an output is, as text: time, action and its main values.
std::string describe(const ModemOutput& o) {
  std::string s = std::to_string(o.at_ms) + " #" + std::to_string(o.action.index());
  if (const auto* r = std::get_if<Report>(&o.action)) s += " report " + std::string(to_string(r->event)) + " " + std::to_string(r->detail);
  if (const auto* t = std::get_if<ScheduleTimer>(&o.action))
    s += " timer " + std::string(to_string(t->timer)) + " " + std::to_string(t->id);
  if (const auto* a = std::get_if<SendAttachRequest>(&o.action)) s += " attach " + a->imsi;
  if (const auto* r = std::get_if<SendAuthenticationResponse>(&o.action)) s += " res " + cardcore::to_hex(r->res);
  if (const auto* r = std::get_if<SendRpAck>(&o.action)) s += " rp-ack " + cardcore::to_hex(r->deliver_report);
  if (const auto* r = std::get_if<SendRpError>(&o.action)) s += " rp-error " + cardcore::to_hex(r->deliver_report);
  return s + " " + o.error;
}

std::vector<std::string> describe(const std::vector<ModemOutput>& out) {
  std::vector<std::string> v;
  for (const ModemOutput& o : out) v.push_back(describe(o));
  return v;
}

// Feeds `in` to both rigs at the same time; their outputs, APDU
// transcripts and states must agree.
void same_answer(ModemRig& a, ModemRig& b, const ModemInput& in) {
  a.transcript.clear();
  b.transcript.clear();
  const auto oa = a.in(in);
  const auto ob = b.in(in);
  EXPECT_EQ(describe(oa), describe(ob));
  EXPECT_EQ(a.transcript, b.transcript);
  EXPECT_EQ(a.modem.save_state(), b.modem.save_state());
  EXPECT_EQ(a.card.save_state(), b.card.save_state());
}

Bytes download_tpdu() {
  sms::SmsDeliver d;
  d.oa = sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800100999"};
  d.pid = 0x7F;
  d.dcs = 0xF6;  // class 2, 8-bit
  d.scts = kScts;
  d.ud.body = from_hex("0102030405");
  return sms::encode(d);
}

TEST(ModemState, RestoredMidAttachAnswersAsTheOriginal) {
  ModemRig a;
  const auto o = a.in(PowerOn{});
  ASSERT_TRUE(ModemRig::find<SendAttachRequest>(o));
  ASSERT_EQ(a.modem.state(), ModemState::Attaching);
  auto b = twin_of(a);
  EXPECT_EQ(b->modem.state(), ModemState::Attaching);
  EXPECT_EQ(b->modem.imsi(), a.modem.imsi());
  // The network challenges both with the same vector, then accepts.
  const AuthVector v = a.hss.generate(a.subscriber);
  ASSERT_EQ(b->hss.generate(b->subscriber).rand, v.rand);
  a.now = b->now = a.now + 200;
  same_answer(a, *b, AuthenticationRequest{v.rand, v.autn});
  AttachAccept acc;
  acc.tac = 0x1234;
  acc.cell_id = 0x0ABCDEF;
  acc.m_tmsi = 0xC0FFEE01;
  a.now = b->now = a.now + 200;
  same_answer(a, *b, acc);
  EXPECT_EQ(b->modem.state(), ModemState::Registered);
  // Its attach guard timer, stale now, is ignored by both.
  a.now = b->now = a.now + 20000;
  same_answer(a, *b, TimerExpired{ModemTimer::AttachGuard, 0});
}

// TS 24.301 §5.5.1.2.5: ATTACH REJECT #22 with T3346; restored while T3346
// runs, the modem still holds back its attach until the timer expires.
TEST(ModemState, RestoredWhileT3346RunsWaitsItOut) {
  ModemRig a;
  ASSERT_TRUE(ModemRig::find<SendAttachRequest>(a.in(PowerOn{})));
  a.now += 300;
  AttachReject reject{22, 0x21};  // T3346 as GPRS timer 2: 1 minute
  a.in(reject);
  auto b = twin_of(a);
  a.now = b->now = a.now + 30000;
  same_answer(a, *b, TimerExpired{ModemTimer::AttachRetry, 0});  // held back by both
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(b->out));
  a.now = b->now = a.now + 30000;
  same_answer(a, *b, TimerExpired{ModemTimer::T3346, 0});
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(b->out));
}

TEST(ModemState, RestoredWithToolkitTimersRunningAnswersAsTheOriginal) {
  ModemRig a;
  cat::TimerManagement start;
  start.action = cat::TimerManagement::kStart;
  start.timer.id = 3;
  start.value = cat::TimerValue{0, 0, 30};
  const auto o = a.in(PowerOn{});
  ASSERT_NE(a.card.queue_proactive(start), 0);
  a.network_attach(o);
  ASSERT_EQ(a.modem.state(), ModemState::Registered);
  const ModemOutput* timer = nullptr;
  for (const ModemOutput& x : a.history)
    if (const auto* t = std::get_if<ScheduleTimer>(&x.action); t && t->timer == ModemTimer::CatTimer) timer = &x;
  ASSERT_TRUE(timer) << "the TIMER MANAGEMENT command did not start a timer";
  const std::uint64_t expiry = timer->at_ms;
  const std::uint8_t id = std::get<ScheduleTimer>(timer->action).id;
  auto b = twin_of(a);
  EXPECT_GT(b->modem.bytes_per_modem(), sizeof(Modem));  // the timers came back
  // The timer expires: ENVELOPE (TIMER EXPIRATION) from both.
  a.now = b->now = expiry;
  same_answer(a, *b, TimerExpired{ModemTimer::CatTimer, id});
  ASSERT_FALSE(a.transcript.empty());
  EXPECT_EQ(a.transcript[0].substr(0, 10), "> 80C20000");
  // And a re-authentication afterwards.
  const AuthVector v = a.hss.generate(a.subscriber);
  b->hss.generate(b->subscriber);
  a.now = b->now = a.now + 1000;
  same_answer(a, *b, AuthenticationRequest{v.rand, v.autn});
}

TEST(ModemState, RestoredWithAPendingEnvelopeAnswersAsTheOriginal) {
  ModemRig a;
  Scripted app_a;
  app_a.answers = {cat::EnvelopeResult::busy(), cat::EnvelopeResult::ok(from_hex("AABB"))};
  a.card.set_sms_pp_handler(&app_a);
  a.network_attach(a.in(PowerOn{}));
  ASSERT_EQ(a.modem.state(), ModemState::Registered);
  a.now += 1000;
  const auto o = a.in(MtSms{kSmsc, download_tpdu()});
  ASSERT_TRUE(ModemRig::reported(o, ModemEvent::EnvelopeBusy));
  const ModemOutput* retry = ModemRig::find_output<ScheduleTimer>(o);
  ASSERT_TRUE(retry);
  auto b = twin_of(a);
  Scripted app_b;
  app_b.answers = app_a.answers;
  b->card.set_sms_pp_handler(&app_b);
  a.now = b->now = retry->at_ms;
  same_answer(a, *b, TimerExpired{ModemTimer::EnvelopeRetry, 0});
  const SendRpAck* ack = ModemRig::find<SendRpAck>(b->out);
  ASSERT_TRUE(ack) << "the restored modem did not retry its ENVELOPE";
}

TEST(ModemState, RestoredWithABipChannelOpenAnswersAsTheOriginal) {
  ModemRig a;
  cat::OpenChannel open;
  open.qualifier = cat::OpenChannel::kImmediateLink;
  open.bearer.type = cat::BearerDescription::kDefault;
  open.buffer.size = 1000;
  open.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  open.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {10, 0, 0, 1}};
  cat::SendData store;
  store.immediately = false;
  store.data.data = Bytes{'G', 'E', 'T', ' '};
  const auto o = a.in(PowerOn{});
  ASSERT_NE(a.card.queue_proactive(cat::SetUpEventList{1, {{cat::event::kDataAvailable, cat::event::kChannelStatus}}}), 0);
  a.network_attach(o);
  ASSERT_EQ(a.modem.state(), ModemState::Registered);
  // Registered: the card opens a channel and stores data in it, announced
  // at the network's next authentication.
  ASSERT_NE(a.card.queue_proactive(open), 0);
  ASSERT_NE(a.card.queue_proactive(store), 0);
  a.now += 1000;
  const AuthVector v = a.hss.generate(a.subscriber);
  a.in(AuthenticationRequest{v.rand, v.autn});
  ASSERT_TRUE(ModemRig::find<OpenBearer>(a.history)) << "no channel opened:\n" << ::testing::PrintToString(describe(a.history));
  // OPEN CHANNEL waits for its link (TS 102 223 §6.4.27): restored then,
  // both answer it and fetch the SEND DATA behind it alike.
  auto b = twin_of(a);
  {
    // The channel's last fields: established u8, opening u8 (OPEN
    // CHANNEL's number: 2, after SET UP EVENT LIST's), its qualifier u8
    // (immediate link establishment), asked_buffer
    // u16, bearer_type u8, no bearer parameters (u32 0). Both up and
    // opening is no state a modem has.
    Bytes both = a.modem.save_state();
    ASSERT_EQ(Bytes(both.end() - 10, both.end()),
              (Bytes{0, 2, cat::OpenChannel::kImmediateLink, 0xE8, 0x03, cat::BearerDescription::kDefault, 0, 0, 0, 0}));
    both[both.size() - 10] = 1;
    ModemRig c(a.cfg, false);
    EXPECT_THROW(c.modem.restore_state(both), std::invalid_argument);
  }
  a.now = b->now = a.now + 300;
  same_answer(a, *b, ChannelLinkEstablished{1});
  EXPECT_EQ(a.modem.channel_room(), 1000u);
  b = twin_of(a);
  EXPECT_EQ(b->modem.bytes_per_modem(), a.modem.bytes_per_modem());  // the channel and its stored data came back
  // Data arrives on the channel: EVENT DOWNLOAD (data available) from both.
  a.now = b->now = a.now + 500;
  same_answer(a, *b, ChannelDataReceived{1, Bytes(300, 0x5A)});
  EXPECT_FALSE(a.transcript.empty());  // the ENVELOPE (EVENT DOWNLOAD)
  // The link drops: EVENT DOWNLOAD (channel status) from both.
  a.now = b->now = a.now + 500;
  same_answer(a, *b, ChannelLinkDropped{1});
  // A state with a channel, cut short anywhere: refused.
  const Bytes with_channel = a.modem.save_state();
  ModemRig c(a.cfg, false);
  for (std::size_t n = 0; n < with_channel.size(); ++n)
    EXPECT_THROW(c.modem.restore_state(Bytes(with_channel.begin(), with_channel.begin() + n)), std::invalid_argument);
  c.modem.restore_state(with_channel);
  EXPECT_EQ(c.modem.save_state(), with_channel);
}

TEST(ModemState, AnOffModemRoundTrips) {
  ModemRig a;
  const Bytes s = a.modem.save_state();
  ModemRig b(a.cfg, false);
  b.modem.restore_state(s);
  EXPECT_EQ(b.modem.save_state(), s);
  EXPECT_EQ(b.modem.state(), ModemState::Off);
}

// A state with every optional part present: timers, envelope (and the rest).
Bytes rich_state(ModemRig& a, Scripted& app) {
  cat::TimerManagement start;
  start.action = cat::TimerManagement::kStart;
  start.timer.id = 1;
  start.value = cat::TimerValue{0, 0, 30};
  app.answers = {cat::EnvelopeResult::busy()};
  a.card.set_sms_pp_handler(&app);
  const auto o = a.in(PowerOn{});
  a.card.queue_proactive(start);
  a.network_attach(o);
  a.now += 1000;
  a.in(MtSms{kSmsc, download_tpdu()});
  return a.modem.save_state();
}

TEST(ModemState, TruncatedOrGarbledStateIsRefusedAndChangesNothing) {
  ModemRig a;
  Scripted app;
  const Bytes good = rich_state(a, app);
  ModemRig b(a.cfg, false);
  const Bytes before = b.modem.save_state();
  auto refused = [&](const Bytes& s, const std::string& expected) {
    try {
      b.modem.restore_state(s);
      ADD_FAILURE() << "accepted: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("modem state: "), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(b.modem.save_state(), before);
  };
  for (std::size_t n = 0; n < good.size(); ++n) refused(Bytes(good.begin(), good.begin() + n), n < 4 ? "truncated at magic" : "truncated");
  Bytes trailing = good;
  trailing.push_back(0);
  refused(trailing, "1 trailing bytes");
  Bytes magic = good;
  magic[0] = 'X';
  refused(magic, "not a saved modem state");
  Bytes version = good;
  version[4] = 9;
  refused(version, "version 9");
  Bytes imei = good;
  imei[6] ^= 1;
  refused(imei, "IMEI");
  Bytes state = good;
  state[14] = 42;  // after magic 4, version 2, IMEI 8
  refused(state, "state 42 is not a modem state");
  // Every bit of the flags byte has a meaning (modem_flag::k*, T3346 the last).
  Bytes mnc = good;
  mnc[16] = 5;
  refused(mnc, "MNC length 5");
  // And the good state goes in.
  b.modem.restore_state(good);
  EXPECT_EQ(b.modem.save_state(), good);
  EXPECT_EQ(b.modem.state(), ModemState::Registered);
}

}  // namespace test_modem_state
}  // namespace twinmodels::testing
