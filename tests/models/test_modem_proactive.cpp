// The proactive loop against the real card (TS 102 223 §6.3): the card
// queues each command (Uicc::queue_proactive), the modem fetches it at the
// next '91 XX', executes it and answers with the TERMINAL RESPONSE the card
// hands to its toolkit handler, recorded here.
#include "modem_harness.hpp"

#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/cat/terminal_response.hpp"

namespace twinmodels::testing {
namespace test_modem_proactive {

using cardcore::Bytes;
namespace cat = cardcore::cat;

// The card's toolkit application: keeps the TERMINAL RESPONSEs; takes no
// SMS-PP (the tests here send none), or answers what it is told to.
struct Recorder final : cat::SmsPpDownloadHandler {
  std::vector<cat::TerminalResponse> responses;
  std::vector<cat::EnvelopeResult> answers;  // for on_sms_pp, in order
  std::vector<cat::ProactiveCommand> queue_on_sms;
  cat::EnvelopeResult on_sms_pp(cardcore::Uicc& card, cardcore::ByteView, cardcore::ByteView) override {
    for (const auto& c : queue_on_sms) card.queue_proactive(c);
    queue_on_sms.clear();
    if (answers.empty()) return cat::EnvelopeResult::unsupported();
    cat::EnvelopeResult r = answers.front();
    answers.erase(answers.begin());
    return r;
  }
  void on_terminal_response(cardcore::Uicc&, cardcore::ByteView, const cat::TerminalResponse& r) override {
    responses.push_back(r);
  }
};

// A registered modem whose card has `commands` queued before the network
// answers the attach, so that the AUTHENTICATE's '91 XX' starts the loop.
struct ToolkitRig : ModemRig {
  Recorder app;
  std::vector<ModemOutput> attach_outputs;
  explicit ToolkitRig(const std::vector<cat::ProactiveCommand>& commands, ModemConfig c = {}) : ModemRig(std::move(c)) {
    card.set_sms_pp_handler(&app);
    std::vector<ModemOutput> o = in(PowerOn{});
    for (const auto& cmd : commands) EXPECT_NE(card.queue_proactive(cmd), 0);
    attach_outputs = network_attach(o);
  }
  // Runs a command queued now: the card announces it on the next command,
  // here a re-authentication by the network.
  std::vector<ModemOutput> run(const cat::ProactiveCommand& cmd) {
    EXPECT_NE(card.queue_proactive(cmd), 0);
    return trigger();
  }
  std::vector<ModemOutput> trigger() {
    now += 1000;
    const AuthVector v = hss.generate(subscriber);
    return in(AuthenticationRequest{v.rand, v.autn});
  }
  // The last ScheduleTimer of this kind in the rig's life.
  const ModemOutput* scheduled(ModemTimer kind, std::uint8_t id = 0) const {
    const ModemOutput* found = nullptr;
    for (const ModemOutput& x : history)
      if (const ScheduleTimer* t = std::get_if<ScheduleTimer>(&x.action); t && t->timer == kind && t->id == id)
        found = &x;
    return found;
  }
};

TEST(ModemProactive, MoreTimeAndPollIntervalAndPollingOff) {
  ToolkitRig rig({cat::MoreTime{}, cat::PollInterval{1, {cat::Duration::kSeconds, 30}}});
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  ASSERT_EQ(rig.app.responses.size(), 2u);
  EXPECT_EQ(rig.app.responses[0].details.type, cat::command::kMoreTime);
  EXPECT_EQ(rig.app.responses[0].result.general, cat::result::kPerformed);
  EXPECT_EQ(rig.app.responses[1].details.type, cat::command::kPollInterval);
  ASSERT_TRUE(rig.app.responses[1].duration);
  EXPECT_EQ(rig.app.responses[1].duration->interval, 30);
  EXPECT_EQ(rig.modem.poll_interval_ms(), 30000u);
  EXPECT_FALSE(rig.card.proactive_in_progress());
  // The poll timer fires: STATUS, and the card's next command rides on it.
  const ModemOutput* poll = rig.scheduled(ModemTimer::CardPoll);
  ASSERT_TRUE(poll);
  ASSERT_NE(rig.card.queue_proactive(cat::PollingOff{}), 0);
  rig.transcript.clear();
  rig.now = poll->at_ms;
  poll = nullptr;  // history grows below
  const auto o = rig.in(TimerExpired{ModemTimer::CardPoll, 0});
  EXPECT_EQ(rig.scheduled(ModemTimer::CardPoll)->at_ms, rig.now + 30000);  // the next poll
  ASSERT_FALSE(rig.transcript.empty());
  EXPECT_EQ(rig.transcript[0], "> 80F2000C");
  EXPECT_EQ(rig.app.responses.back().details.type, cat::command::kPollingOff);
  EXPECT_EQ(rig.modem.poll_interval_ms(), 0u);
  EXPECT_EQ(ModemRig::find<CancelTimer>(o)->timer, ModemTimer::CardPoll);
  // A poll timer that fires after POLLING OFF does nothing.
  rig.transcript.clear();
  rig.in(TimerExpired{ModemTimer::CardPoll, 0});
  EXPECT_TRUE(rig.transcript.empty());
}

TEST(ModemProactive, PollIntervalBelowTheModemsMinimumIsRaised) {
  ToolkitRig rig({cat::PollInterval{1, {cat::Duration::kTenths, 2}}});
  ASSERT_EQ(rig.app.responses.size(), 1u);
  EXPECT_EQ(rig.modem.poll_interval_ms(), 1000u);
  EXPECT_EQ(rig.app.responses[0].duration->unit, cat::Duration::kSeconds);
  EXPECT_EQ(rig.app.responses[0].duration->interval, 1);
}

TEST(ModemProactive, ProvideLocalInformation) {
  using P = cat::ProvideLocalInformation;
  ToolkitRig rig({P{1, P::kLocation}, P{1, P::kImei}, P{1, P::kDateTimeTimeZone}, P{1, P::kAccessTechnology},
                  P{1, P::kNetworkMeasurements}});
  // The location comes after the accept; queued before it, the first one
  // was answered while attaching: no service.
  ASSERT_EQ(rig.app.responses.size(), 5u);
  EXPECT_EQ(rig.app.responses[0].result.general, cat::result::kTerminalUnableNow);
  EXPECT_EQ(rig.app.responses[0].result.additional, (Bytes{0x06}));
  ASSERT_TRUE(rig.app.responses[1].imei);
  EXPECT_EQ(rig.app.responses[1].imei->digits(), rig.modem.imei());
  EXPECT_EQ(rig.modem.imei().size(), 15u);
  ASSERT_TRUE(rig.app.responses[2].date_time);
  EXPECT_EQ(rig.app.responses[2].date_time->bytes.size(), 7u);
  EXPECT_EQ(rig.app.responses[2].date_time->bytes[0], 0x62);  // 2026: '26' as semi-octets
  ASSERT_TRUE(rig.app.responses[3].access_technology);
  EXPECT_EQ(rig.app.responses[3].access_technology->technologies, (Bytes{0x08}));
  EXPECT_EQ(rig.app.responses[4].result.general, cat::result::kBeyondTerminalCapabilities);
  // Registered now: the location.
  rig.run(P{1, P::kLocation});
  ASSERT_EQ(rig.app.responses.size(), 6u);
  ASSERT_TRUE(rig.app.responses.back().location);
  // TS 31.111 §8.19: PLMN, TAC, the 28-bit E-UTRAN cell identity and 'F'.
  EXPECT_EQ(cardcore::to_hex(rig.app.responses.back().location->bytes), "64f04012340abcdeff");
}

TEST(ModemProactive, SetUpEventListThenLocationStatusEvents) {
  ToolkitRig rig({cat::SetUpEventList{1, {{cat::event::kLocationStatus}}}});
  ASSERT_EQ(rig.app.responses.size(), 1u);
  EXPECT_EQ(rig.app.responses[0].result.general, cat::result::kPerformed);
  EXPECT_EQ(rig.card.event_list(), 1u << cat::event::kLocationStatus);
  // The accept came after: the modem downloaded the event.
  EXPECT_EQ(rig.card.events_received(), 1u << cat::event::kLocationStatus);
  // Events the modem does not report are refused as a whole.
  rig.run(cat::SetUpEventList{1, {{cat::event::kMtCall}}});
  EXPECT_EQ(rig.app.responses.back().details.type, cat::command::kSetUpEventList);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kBeyondTerminalCapabilities);
  EXPECT_EQ(rig.modem.event_list(), 1u << cat::event::kLocationStatus);
}

TEST(ModemProactive, TimerManagementAndTimerExpiration) {
  cat::TimerManagement start;
  start.action = cat::TimerManagement::kStart;
  start.timer.id = 2;
  start.value = cat::TimerValue{0, 1, 5};
  ToolkitRig rig({start});
  ASSERT_EQ(rig.app.responses.size(), 1u);
  ASSERT_TRUE(rig.app.responses[0].timer);
  EXPECT_EQ(rig.app.responses[0].timer->id, 2);
  EXPECT_EQ(rig.card.timer(2).state, cat::TimerState::kRunning);
  ASSERT_TRUE(rig.scheduled(ModemTimer::CatTimer, 2));
  const std::uint64_t expiry = rig.scheduled(ModemTimer::CatTimer, 2)->at_ms;
  const std::uint64_t started = expiry - 65000;
  // GET VALUE 20 s later: 45 s left.
  rig.now = started + 19000;  // trigger() adds one second
  cat::TimerManagement get;
  get.action = cat::TimerManagement::kGetValue;
  get.timer.id = 2;
  rig.run(get);
  ASSERT_EQ(rig.app.responses.size(), 2u);
  ASSERT_TRUE(rig.app.responses.back().timer_value);
  EXPECT_NEAR(rig.app.responses.back().timer_value->total_seconds(), 45u, 1u);
  // Expiry: ENVELOPE (TIMER EXPIRATION) with the value it ran for.
  rig.now = expiry;
  rig.transcript.clear();
  rig.in(TimerExpired{ModemTimer::CatTimer, 2});
  ASSERT_FALSE(rig.transcript.empty());
  EXPECT_EQ(rig.transcript[0].substr(0, 10), "> 80C20000");
  EXPECT_EQ(rig.card.timer(2).state, cat::TimerState::kExpired);
  EXPECT_EQ(rig.card.timer(2).value.total_seconds(), 65u);
  // Deactivating a timer that is not running: a contradiction.
  cat::TimerManagement off;
  off.action = cat::TimerManagement::kDeactivate;
  off.timer.id = 2;
  rig.run(off);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kTimerStateContradiction);
}

TEST(ModemProactive, SendShortMessageGoesOutAndItsResponseFollowsTheRpAck) {
  cat::SendShortMessage sm;
  sm.address = cat::Address{0x91, {0x68, 0x31, 0x08, 0x10, 0x00, 0x90, 0xF9}};
  sm.tpdu.tpdu = cardcore::from_hex("0101038121F30004024869");  // SMS-SUBMIT to 123, 8-bit "Hi"
  ToolkitRig rig({});
  rig.run(sm);
  const SendMoSms* mo = ModemRig::find<SendMoSms>(rig.out);
  ASSERT_TRUE(mo);
  EXPECT_EQ(mo->tpdu, sm.tpdu.tpdu);
  ASSERT_TRUE(mo->service_centre);
  EXPECT_EQ(mo->service_centre->value, "8613800100099");
  EXPECT_TRUE(rig.app.responses.empty());  // no response before the network's
  EXPECT_TRUE(rig.card.proactive_in_progress());
  rig.now += 2000;
  rig.in(MoSmsResult{false, 0xA9});  // RP-Cause #41 temporary failure, with bit 8 set: dropped
  ASSERT_EQ(rig.app.responses.size(), 1u);
  EXPECT_EQ(rig.app.responses[0].result.general, cat::result::kSmsRpError);
  EXPECT_EQ(rig.app.responses[0].result.additional, (Bytes{0x29}));
  // Again, delivered.
  rig.run(sm);
  rig.in(MoSmsResult{true, 0});
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  EXPECT_FALSE(rig.card.proactive_in_progress());
}

TEST(ModemProactive, SendShortMessageWithoutServiceIsRefusedAtOnce) {
  cat::SendShortMessage sm;
  sm.tpdu.tpdu = cardcore::from_hex("0101038121F30004024869");
  ModemRig rig;
  Recorder app;
  rig.card.set_sms_pp_handler(&app);
  rig.in(PowerOn{});
  ASSERT_NE(rig.card.queue_proactive(sm), 0);
  // AttachReject: nothing goes to the card, so use the attach's own
  // authentication to carry the '91 XX' while still attaching.
  const AuthVector v = rig.hss.generate(rig.subscriber);
  const auto o = rig.in(AuthenticationRequest{v.rand, v.autn});
  EXPECT_FALSE(ModemRig::find<SendMoSms>(o));
  ASSERT_EQ(app.responses.size(), 1u);
  EXPECT_EQ(app.responses[0].result.general, cat::result::kTerminalUnableNow);
}

cat::OpenChannel tcp_open(std::uint16_t buffer) {
  cat::OpenChannel open;
  open.qualifier = cat::OpenChannel::kImmediateLink;
  open.bearer.type = cat::BearerDescription::kDefault;
  open.buffer.size = buffer;
  open.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  open.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {10, 0, 0, 1}};
  open.apn = cat::NetworkAccessName{cardcore::from_hex("03696F74")};  // "iot"
  return open;
}

TEST(ModemBip, ChannelLifeWithEvents) {
  ToolkitRig rig({cat::SetUpEventList{1, {{cat::event::kDataAvailable, cat::event::kChannelStatus}}}});
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.channel_room(), 0u);  // no channel
  // OPEN CHANNEL: the buffer asked is above the modem's: granted smaller.
  // TS 102 223 §6.4.27: the TERMINAL RESPONSE waits for the link.
  const std::size_t answered = rig.app.responses.size();
  auto o = rig.run(tcp_open(2000));
  EXPECT_EQ(rig.app.responses.size(), answered);
  EXPECT_TRUE(rig.modem.channel_open());
  EXPECT_EQ(rig.modem.channel_room(), 0u);  // not up yet
  rig.now += 300;
  rig.in(ChannelLinkEstablished{1});
  ASSERT_EQ(rig.app.responses.size(), answered + 1);
  EXPECT_EQ(rig.modem.channel_room(), 1500u);
  const cat::TerminalResponse& opened = rig.app.responses.back();
  EXPECT_EQ(opened.details.type, cat::command::kOpenChannel);
  ASSERT_TRUE(opened.bearer);
  EXPECT_EQ(opened.bearer->type, cat::BearerDescription::kDefault);
  EXPECT_EQ(opened.result.general, cat::result::kWithModification);
  ASSERT_TRUE(opened.channel_status && opened.buffer);
  EXPECT_EQ(opened.channel_status->status, 0x81);  // channel 1, link established
  EXPECT_EQ(opened.buffer->size, 1500);
  const OpenBearer* ob = ModemRig::find<OpenBearer>(o);
  ASSERT_TRUE(ob);
  EXPECT_EQ(ob->protocol, cat::TransportLevel::kTcpClientRemote);
  EXPECT_EQ(ob->port, 443);
  EXPECT_EQ(ob->destination, (Bytes{10, 0, 0, 1}));
  EXPECT_EQ(ob->apn, cardcore::from_hex("03696F74"));
  EXPECT_GT(rig.modem.bytes_per_modem(), sizeof(Modem));

  // SEND DATA stored, then at once: one SendChannelData with both.
  cat::SendData store;
  store.immediately = false;
  store.data.data = Bytes{'G', 'E', 'T', ' '};
  o = rig.run(store);
  EXPECT_FALSE(ModemRig::find<SendChannelData>(o));
  EXPECT_EQ(rig.app.responses.back().channel_data_length->length, 255);  // 1496 free: 'FF'
  cat::SendData now;
  now.data.data = Bytes{'/'};
  o = rig.run(now);
  ASSERT_TRUE(ModemRig::find<SendChannelData>(o));
  EXPECT_EQ(ModemRig::find<SendChannelData>(o)->data, (Bytes{'G', 'E', 'T', ' ', '/'}));

  // 300 bytes arrive: EVENT DOWNLOAD (data available), then RECEIVE DATA.
  const std::uint32_t events_before = rig.card.events_received();
  EXPECT_EQ(events_before & (1u << cat::event::kDataAvailable), 0u);
  Bytes incoming(300);
  for (std::size_t i = 0; i < incoming.size(); ++i) incoming[i] = static_cast<std::uint8_t>(i);
  rig.in(ChannelDataReceived{1, incoming});
  EXPECT_NE(rig.card.events_received() & (1u << cat::event::kDataAvailable), 0u);
  EXPECT_EQ(rig.modem.channel_room(), 1200u);  // the receive buffer's room: what the far end may send
  cat::ReceiveData rd;
  rd.length.length = 200;
  rig.run(rd);
  EXPECT_EQ(rig.modem.channel_room(), 1400u);
  ASSERT_TRUE(rig.app.responses.back().channel_data);
  EXPECT_EQ(rig.app.responses.back().channel_data->data, Bytes(incoming.begin(), incoming.begin() + 200));
  EXPECT_EQ(rig.app.responses.back().channel_data_length->length, 100);
  rd.length.length = 150;
  rig.run(rd);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kMissingInformation);
  EXPECT_EQ(rig.app.responses.back().channel_data->data, Bytes(incoming.begin() + 200, incoming.end()));

  // The link drops: EVENT DOWNLOAD (channel status), status says so, SEND DATA fails.
  rig.in(ChannelLinkDropped{1});
  EXPECT_NE(rig.card.events_received() & (1u << cat::event::kChannelStatus), 0u);
  EXPECT_EQ(rig.modem.channel_room(), 0u);
  rig.run(cat::GetChannelStatus{});
  ASSERT_TRUE(rig.app.responses.back().channel_status);
  EXPECT_EQ(rig.app.responses.back().channel_status->status, 0x01);
  EXPECT_EQ(rig.app.responses.back().channel_status->further_info, 0x05);
  rig.run(now);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kBipError);

  // CLOSE CHANNEL.
  cat::CloseChannel close;
  close.channel = 1;
  o = rig.run(close);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  ASSERT_TRUE(ModemRig::find<CloseBearer>(o));
  EXPECT_EQ(rig.modem.bytes_per_modem(), sizeof(Modem));  // nothing of the channel is kept
  rig.run(close);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kBipError);
  EXPECT_EQ(rig.app.responses.back().result.additional, (Bytes{0x03}));
}

TEST(ModemBip, OpenChannelRefusals) {
  ToolkitRig rig({});
  cat::OpenChannel no_transport = tcp_open(500);
  no_transport.transport.reset();
  no_transport.destination.reset();
  rig.run(no_transport);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kBipError);
  EXPECT_EQ(rig.app.responses.back().result.additional, (Bytes{0x06}));
  // §6.4.27: a link on demand is not in this modem.
  cat::OpenChannel on_demand = tcp_open(500);
  on_demand.qualifier = 0x00;
  rig.run(on_demand);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kBeyondTerminalCapabilities);
  EXPECT_FALSE(rig.modem.channel_open());
  rig.run(tcp_open(500));
  rig.in(ChannelLinkEstablished{1});
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  rig.run(tcp_open(500));  // a second channel
  EXPECT_EQ(rig.app.responses.back().result.additional, (Bytes{0x01}));
  // A UICC reset closes the channel (REFRESH 04): the modem closes its bearer.
  cat::Refresh reset;
  reset.mode = cat::Refresh::kUiccReset;
  const auto o = rig.run(reset);
  EXPECT_TRUE(ModemRig::find<CloseBearer>(o));
}

// TS 102 223 §6.4.27: while OPEN CHANNEL waits for its link the modem
// fetches no other command; a connection that fails is answered '3A'
// '07' (§8.12.11, remote device not reachable) and leaves no channel.
TEST(ModemBip, OpenChannelWaitsForItsLinkAndAFailedLinkLeavesNoChannel) {
  ToolkitRig rig({});
  const std::size_t answered = rig.app.responses.size();
  ASSERT_NE(rig.card.queue_proactive(tcp_open(500)), 0);
  ASSERT_NE(rig.card.queue_proactive(cat::GetChannelStatus{}), 0);
  const auto o = rig.trigger();
  ASSERT_TRUE(ModemRig::find<OpenBearer>(o));
  EXPECT_EQ(rig.app.responses.size(), answered);  // neither answered yet
  // A link for another channel, or a second answer, changes nothing.
  rig.in(ChannelLinkEstablished{2});
  EXPECT_EQ(rig.app.responses.size(), answered);
  rig.now += 2000;
  rig.in(ChannelLinkDropped{1});
  ASSERT_EQ(rig.app.responses.size(), answered + 2);
  const cat::TerminalResponse& failed = rig.app.responses[answered];
  EXPECT_EQ(failed.details.type, cat::command::kOpenChannel);
  EXPECT_EQ(failed.result.general, cat::result::kBipError);
  EXPECT_EQ(failed.result.additional, (Bytes{0x07}));
  EXPECT_FALSE(failed.channel_status);
  ASSERT_TRUE(failed.bearer && failed.buffer);  // TS 102 223 §6.8: in every OPEN CHANNEL response
  EXPECT_EQ(failed.buffer->size, 500);
  EXPECT_FALSE(rig.modem.channel_open());
  EXPECT_EQ(rig.modem.bytes_per_modem(), sizeof(Modem));
  // Then the command queued behind it: no channel to report.
  EXPECT_EQ(rig.app.responses[answered + 1].details.type, cat::command::kGetChannelStatus);
  ASSERT_TRUE(rig.app.responses[answered + 1].channel_status);
  EXPECT_FALSE(rig.app.responses[answered + 1].channel_status->established());
  // A late link for the channel that failed finds none.
  rig.in(ChannelLinkEstablished{1});
  EXPECT_EQ(rig.app.responses.size(), answered + 2);
  EXPECT_FALSE(rig.modem.channel_open());
  // The card may open again (immediate link, automatic reconnection:
  // qualifier '03'); this time the link comes, and the response's command
  // details are the command's.
  cat::OpenChannel again = tcp_open(500);
  again.qualifier = 0x03;
  rig.run(again);
  rig.in(ChannelLinkEstablished{1});
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  EXPECT_EQ(rig.app.responses.back().details.qualifier, 0x03);
  ASSERT_TRUE(rig.app.responses.back().channel_status);
  EXPECT_EQ(rig.app.responses.back().channel_status->status, 0x81);
}

TEST(ModemProactive, RefreshFileChangeRereadsAndStaysRegistered) {
  cat::Refresh r;
  r.mode = cat::Refresh::kFileChange;
  r.files = cat::FileList{{cardcore::from_hex("3F007FF06F07")}};
  ToolkitRig rig({});
  rig.transcript.clear();
  const auto o = rig.run(r);
  EXPECT_EQ(rig.app.responses.back().details.type, cat::command::kRefresh);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_FALSE(ModemRig::find<SendAttachRequest>(o));
  std::string all;
  for (const std::string& s : rig.transcript) all += s + "\n";
  EXPECT_NE(all.find("> 00A40004026F07"), std::string::npos);  // EF.IMSI read again
}

TEST(ModemProactive, RefreshNaaInitReattaches) {
  cat::Refresh r;
  r.mode = cat::Refresh::kNaaInit;
  ToolkitRig rig({});
  const auto o = rig.run(r);
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kPerformed);
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o));
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(o));
  EXPECT_EQ(rig.modem.state(), ModemState::Attaching);
  EXPECT_TRUE(ModemRig::reported(rig.network_attach(o), ModemEvent::Registered));
}

TEST(ModemProactive, RefreshUiccResetPowerCyclesTheCard) {
  cat::Refresh r;
  r.mode = cat::Refresh::kUiccReset;
  ToolkitRig rig({});
  const std::size_t before = rig.app.responses.size();
  rig.transcript.clear();
  const auto o = rig.run(r);
  EXPECT_EQ(rig.app.responses.size(), before);  // no TERMINAL RESPONSE to a UICC reset
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::Refresh));
  EXPECT_TRUE(ModemRig::reported(o, ModemEvent::CardReady));
  bool atr = false;
  for (const std::string& s : rig.transcript) atr |= s.rfind("< 3B9F", 0) == 0;
  EXPECT_TRUE(atr);
  EXPECT_TRUE(ModemRig::find<SendDetachRequest>(o));
  EXPECT_TRUE(ModemRig::find<SendAttachRequest>(o));
}

// Every REFRESH mode (TS 102 223 §6.4.7, TS 31.111 §6.4.7): the answer and
// whether the modem registers again.
TEST(ModemProactive, RefreshEveryMode) {
  struct Case {
    std::uint8_t mode;
    bool response;         // a TERMINAL RESPONSE is sent
    std::uint8_t result;   // its general result
    bool reattach;
  };
  const Case cases[] = {
      {cat::Refresh::kNaaInitAndFullFileChange, true, cat::result::kPerformed, true},
      {cat::Refresh::kFileChange, true, cat::result::kPerformed, false},
      {cat::Refresh::kNaaInitAndFileChange, true, cat::result::kPerformed, true},
      {cat::Refresh::kNaaInit, true, cat::result::kPerformed, true},
      {cat::Refresh::kUiccReset, false, 0, true},
      {cat::Refresh::kNaaApplicationReset, true, cat::result::kPerformed, true},
      {cat::Refresh::kNaaSessionReset, true, cat::result::kPerformed, false},
      {cat::Refresh::kSteeringOfRoaming, true, cat::result::kPerformed, false},
      {cat::Refresh::kSteeringOfRoamingWlan, true, cat::result::kBeyondTerminalCapabilities, false},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(static_cast<int>(k.mode));
    cat::Refresh r;
    r.mode = k.mode;
    if (k.mode == cat::Refresh::kFileChange || k.mode == cat::Refresh::kNaaInitAndFileChange)
      r.files = cat::FileList{{cardcore::from_hex("3F007FF06F7B")}};
    if (k.mode == cat::Refresh::kSteeringOfRoaming || k.mode == cat::Refresh::kSteeringOfRoamingWlan)
      r.plmns = cat::PlmnWactList{cardcore::from_hex("64F0404080")};
    ToolkitRig rig({});
    ASSERT_EQ(rig.modem.state(), ModemState::Registered);
    const auto o = rig.run(r);
    EXPECT_TRUE(ModemRig::reported(o, ModemEvent::Refresh));
    if (k.response) {
      ASSERT_EQ(rig.app.responses.size(), 1u);
      EXPECT_EQ(rig.app.responses[0].details.type, cat::command::kRefresh);
      EXPECT_EQ(rig.app.responses[0].result.general, k.result);
    } else {
      EXPECT_TRUE(rig.app.responses.empty());
    }
    EXPECT_EQ(ModemRig::find<SendAttachRequest>(o) != nullptr, k.reattach);
    EXPECT_EQ(rig.modem.state(), k.reattach ? ModemState::Attaching : ModemState::Registered);
    EXPECT_FALSE(rig.card.proactive_in_progress());
  }
}

TEST(ModemProactive, SameInputsSameOutputs) {
  // Determinism: two modems with equal cards and inputs answer alike, to
  // the millisecond and byte.
  const auto run = [] {
    ToolkitRig rig({cat::PollInterval{1, {cat::Duration::kSeconds, 7}}, cat::MoreTime{}});
    std::string log;
    for (const ModemOutput& x : rig.history) log += std::to_string(x.at_ms) + ":" + std::to_string(x.action.index()) + ";";
    for (const std::string& t : rig.transcript) log += t;
    return log;
  };
  EXPECT_EQ(run(), run());
}

TEST(ModemProactive, MalformedCommandIsAnsweredNotUnderstood) {
  ToolkitRig rig({});
  // POLL INTERVAL without its duration (TS 102 223 §6.6.6: mandatory).
  ASSERT_TRUE(rig.card.queue_proactive(cardcore::from_hex("D009810301030082028182")));
  rig.trigger();
  ASSERT_FALSE(rig.app.responses.empty());
  EXPECT_EQ(rig.app.responses.back().result.general, cat::result::kDataNotUnderstood);
}

}  // namespace test_modem_proactive
}  // namespace twinmodels::testing
