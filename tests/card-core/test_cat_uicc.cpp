// The Card Application Toolkit on the card, as APDU exchanges: TERMINAL
// PROFILE, ENVELOPE, FETCH and TERMINAL RESPONSE (TS 102 221 §11.2), the
// '91 XX' proactive cycle (TS 102 223 §6.3), SMS-PP download through the
// handler (TS 31.111 §7.1.1), timers and events; malformed commands get a
// clear status word and change nothing.
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

#include "card_fixture.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/profile/profile_parser.hpp"

namespace test_cat_uicc {

using cardcore::testing::CardTest;
using cardcore::testing::hex8;
using cardcore::testing::upper_hex;
using namespace cardcore;

// A terminal with the toolkit facilities this card uses (TS 102 223 §5.2).
Bytes terminal_profile() {
  using F = cat::Facility;
  return cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kTimerExpiration,
                                     F::kCommandResult, F::kMoreTime, F::kPollInterval, F::kPollingOff, F::kRefresh,
                                     F::kSendShortMessage, F::kSetUpEventList, F::kEventLocationStatus,
                                     F::kTimerStartStop, F::kTimerGetValue})
      .bytes();
}

std::string case3(const std::string& header, const Bytes& data) {
  return header + hex8(static_cast<unsigned>(data.size())) + upper_hex(data);
}

std::string envelope(const Bytes& data) { return case3("80C20000", data); }

std::string terminal_response(const cat::TerminalResponse& r) { return case3("80140000", cat::encode(r)); }

// The TERMINAL RESPONSE to `command` with this general result.
cat::TerminalResponse response_to(const Bytes& command, std::uint8_t general = cat::result::kPerformed) {
  cat::TerminalResponse r;
  r.details = cat::check_proactive_command(command).value;
  r.result.general = general;
  return r;
}

std::string fetch(std::size_t le) { return "80120000" + hex8(static_cast<unsigned>(le)); }

// TS 31.124 §27.22.5 envelope 3.1.1 (from AOSP's UsimDataDownloadTest).
const std::string kSmsPp311 =
    "D12D8202838106099111223344556677F88B1C04049121437F16891010000000000D546573744D6573736167652031";

// An OTA layer stand-in: records what it was given, answers as told, and
// queues a SEND SHORT MESSAGE (a proof of receipt) when asked to.
struct RecordingHandler : cat::SmsPpDownloadHandler {
  cat::EnvelopeResult on_sms_pp(Uicc& card, ByteView address, ByteView tpdu) override {
    ++calls;
    last_address.assign(address.begin(), address.end());
    last_tpdu.assign(tpdu.begin(), tpdu.end());
    if (throw_it) throw std::runtime_error("applet fault");
    if (open_transaction) {
      card.nvm().begin();
      const std::uint8_t junk[2] = {0xAB, 0xCD};
      card.nvm().write(0, junk);
    }
    if (queue_sms) {
      cat::SendShortMessage sms;
      sms.tpdu.tpdu = from_hex("0100038199F90004A5");
      queued_number = card.queue_proactive(sms);
    }
    return answer;
  }
  void on_terminal_response(Uicc&, ByteView command, const cat::TerminalResponse& r) override {
    responded_command.assign(command.begin(), command.end());
    responded = r;
  }

  int calls = 0;
  Bytes last_address;
  Bytes last_tpdu;
  bool queue_sms = false;
  bool throw_it = false;
  bool open_transaction = false;
  std::uint8_t queued_number = 0;
  cat::EnvelopeResult answer = cat::EnvelopeResult::ok();
  Bytes responded_command;
  std::optional<cat::TerminalResponse> responded;
};

class CatCard : public CardTest {
 protected:
  void send_terminal_profile() { ASSERT_EQ(send(case3("80100000", terminal_profile())), "9000"); }
  // Sends `apdu` and expects the card's state (saved) not to change.
  void expect_refused(const std::string& apdu, const std::string& sw) {
    const Bytes before = card.save_state();
    EXPECT_EQ(send(apdu), sw) << apdu;
    EXPECT_EQ(card.save_state(), before) << apdu;
  }
};

TEST_F(CatCard, TheProactiveCycle) {
  send_terminal_profile();
  EXPECT_EQ(send("80F2000C00"), "9000");  // nothing queued: plain '90 00'
  cat::MoreTime more;
  ASSERT_EQ(card.queue_proactive(more), 1);
  more.number = 1;
  const Bytes command = cat::encode(more);
  const std::string announced = "91" + hex8(static_cast<unsigned>(command.size()));
  // Any command ending normally now says '91 XX', XX the command's length.
  EXPECT_EQ(send("80F2000C00"), announced);
  EXPECT_EQ(send(std::string("00A4040C07") + cardcore::testing::kUsimAidPrefix), announced);
  // FETCH with the wrong Le: '6C XX', and the command still waits.
  EXPECT_EQ(send(fetch(command.size() + 1)), "6C" + hex8(static_cast<unsigned>(command.size())));
  EXPECT_EQ(send("80F2000C00"), announced);
  EXPECT_EQ(send(fetch(command.size())), upper_hex(command) + "9000");
  EXPECT_TRUE(card.proactive_in_progress());
  // While the terminal works on it, no other is announced.
  ASSERT_EQ(card.queue_proactive(cat::PollingOff{}), 2);
  EXPECT_EQ(send("80F2000C00"), "9000");
  EXPECT_EQ(send(fetch(command.size())), "6985");
  // The TERMINAL RESPONSE ends it and announces the next.
  const Bytes off = cat::encode(cat::PollingOff{2});
  EXPECT_EQ(send(terminal_response(response_to(command))), "91" + hex8(static_cast<unsigned>(off.size())));
  EXPECT_EQ(send(fetch(off.size())), upper_hex(off) + "9000");
  EXPECT_EQ(send(terminal_response(response_to(off))), "9000");
  EXPECT_FALSE(card.proactive_in_progress());
  EXPECT_EQ(card.proactive_queued(), 0u);
}

TEST_F(CatCard, NothingIsAnnouncedBeforeTheTerminalProfile) {
  // TS 102 223 §6.2: a terminal that sent no TERMINAL PROFILE is not told.
  cat::Refresh naa_init;
  naa_init.mode = cat::Refresh::kNaaInit;
  const Bytes refresh = cat::encode(naa_init);
  ASSERT_TRUE(card.queue_proactive(refresh));
  EXPECT_EQ(send("80F2000C00"), "9000");
  EXPECT_EQ(send(fetch(refresh.size())), "6985");
  EXPECT_EQ(card.terminal_profile(), nullptr);
  // The TERMINAL PROFILE's own answer announces it.
  EXPECT_EQ(send(case3("80100000", terminal_profile())), "91" + hex8(static_cast<unsigned>(refresh.size())));
  ASSERT_NE(card.terminal_profile(), nullptr);
  EXPECT_EQ(card.terminal_profile()->bytes(), terminal_profile());
  EXPECT_TRUE(card.terminal_profile()->supports(cat::Facility::kRefresh));
  // A new one replaces the old.
  EXPECT_EQ(send("8010000001" "02").substr(0, 2), "91");
  EXPECT_EQ(card.terminal_profile()->bytes(), from_hex("02"));
}

TEST_F(CatCard, FetchWithNothingPending) {
  EXPECT_EQ(send("8012000000"), "6985");
  send_terminal_profile();
  EXPECT_EQ(send("8012000010"), "6985");
  expect_refused("8012010010", "6B00");
  expect_refused("80120000", "6700");
  expect_refused("8012000001AA", "6700");
  expect_refused("0012000010", "6E00");  // a proprietary-class ('8X') command
  EXPECT_EQ(send("A012000010"), "6D00");  // the GSM application has no toolkit here
}

TEST_F(CatCard, TheLongestCommandIsAnnouncedAs9100) {
  send_terminal_profile();
  cat::SendData send_data;
  send_data.data.data = Bytes(241, 0x5A);  // D0 81 FD, details 5, devices 4, B6 81 F1 and 241 bytes
  ASSERT_EQ(card.queue_proactive(send_data), 1);
  EXPECT_EQ(send("80F2000C00"), "9100");  // 256 bytes: XX = '00', as Le
  const std::string r = send("8012000000");
  EXPECT_EQ(r.size(), 2 * 258u);
  EXPECT_EQ(r.substr(0, 6), "D081FD");
  EXPECT_EQ(r.substr(r.size() - 4), "9000");
}

TEST_F(CatCard, TerminalResponseForTheWrongCommand) {
  send_terminal_profile();
  ASSERT_EQ(card.queue_proactive(cat::ProvideLocalInformation{0, cat::ProvideLocalInformation::kImei}), 1);
  const Bytes command = cat::encode(cat::ProvideLocalInformation{1, cat::ProvideLocalInformation::kImei});
  ASSERT_EQ(send(fetch(command.size())), upper_hex(command) + "9000");
  cat::TerminalResponse right = response_to(command);
  right.imei = cat::Imei::from_digits("359211089765430");
  // TS 102 223 §6.8.1: command details identical to the command's.
  for (auto change : {+[](cat::CommandDetails& d) { d.number = 2; }, +[](cat::CommandDetails& d) { d.type = 0x27; },
                      +[](cat::CommandDetails& d) { d.qualifier = 0; }}) {
    cat::TerminalResponse wrong = right;
    change(wrong.details);
    expect_refused(terminal_response(wrong), "6A80");
    EXPECT_TRUE(card.proactive_in_progress());
  }
  EXPECT_EQ(send(terminal_response(right)), "9000");
  EXPECT_FALSE(card.proactive_in_progress());
  // Nothing in progress any more.
  expect_refused(terminal_response(right), "6985");
}

TEST_F(CatCard, MalformedTerminalResponses) {
  send_terminal_profile();
  ASSERT_EQ(card.queue_proactive(cat::MoreTime{}), 1);
  const Bytes command = cat::encode(cat::MoreTime{1});
  ASSERT_EQ(send(fetch(command.size())).substr(0, 2), "D0");
  const std::string good = upper_hex(cat::encode(response_to(command)));  // 810301020082028281830100
  struct Case {
    std::string apdu;
    const char* sw;
  };
  const Case cases[] = {
      {"80140000", "6700"},                                      // no data
      {"801400000000", "6700"},                                  // Lc '00'
      {"8014000C" + good + "00", "6700"},                        // case 4
      {"80140100" + hex8(12) + good, "6B00"},                    // P1
      {"00140000" + hex8(12) + good, "6E00"},                    // class
      {case3("80140000", from_hex("8103010200820282818301")), "6A80"},        // result truncated
      {case3("80140000", from_hex("810301020082028281")), "6A80"},            // no result
      {case3("80140000", from_hex("82028281830100")), "6A80"},  // no details
      {case3("80140000", from_hex("810301020082028182830100")), "6A80"},      // UICC -> terminal
      {case3("80140000", from_hex(good + "FF")), "6A80"},                     // a bad tag after
      {case3("80140000", from_hex(good + "8480")), "6A80"},                   // indefinite length
      {case3("80140000", from_hex(good + "8403010A00")), "6A80"},             // a Duration of 3 bytes
      {case3("80140000", from_hex("D00C" + good)), "6A80"},                   // wrapped in a BER-TLV
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.apdu);
    expect_refused(c.apdu, c.sw);
    EXPECT_TRUE(card.proactive_in_progress());
  }
  // Objects the card does not use are skipped.
  EXPECT_EQ(send(case3("80140000", from_hex(good + "0D0404596573"))), "9000");
}

TEST_F(CatCard, MalformedEnvelopesAndTerminalProfiles) {
  const std::string ok_timer = upper_hex(cat::encode(cat::TimerExpiration{.timer = {1}, .value = {0, 0, 5}}));
  struct Case {
    std::string apdu;
    const char* sw;
  };
  const Case cases[] = {
      {"80C20000", "6700"},
      {"80C2000000", "6700"},
      {"80C20100" + hex8(14) + ok_timer, "6B00"},
      {"00C20000" + hex8(14) + ok_timer, "6E00"},
      {"84C20000" + hex8(14) + ok_timer, "6882"},                        // secure messaging
      {envelope(from_hex("D70C82028281A40101A5030000")), "6A80"},       // truncated BER-TLV
      {envelope(from_hex(ok_timer + "00")), "6A80"},                     // trailing byte
      {envelope(from_hex("D780")), "6A80"},                              // indefinite length
      {envelope(from_hex("D70882028281A40101")), "6A80"},               // no timer value
      {envelope(from_hex("D70C82028281A40109A503000050")), "6A80"},     // timer 9
      {envelope(from_hex("D70C82028281A40101A5030000AA")), "6A80"},     // not semi-octets
      {envelope(from_hex("D70C82028282A40101A503000050")), "6A80"},     // not to the UICC
      {envelope(from_hex("D6059901038202")), "6A80"},                    // truncated object inside
      {envelope(from_hex("D6089902030482028281")), "6A80"},             // two events
      {envelope(from_hex("D10482028381")), "6A80"},                      // SMS-PP without its TPDU
      {envelope(from_hex("D30782028281900101")), "6A81"},               // menu selection: not here
      {envelope(from_hex("D40482028281")), "6A81"},                      // call control: not here
      {envelope(from_hex("0000")), "6A80"},
      {"80100000", "6700"},                                              // TERMINAL PROFILE: no data
      {"8010000000", "6700"},
      {"80100001" "01FF", "6B00"},
      {"00100000" "01FF", "6E00"},
      {"80100000" "01FF00", "6700"},                                     // case 4
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.apdu);
    expect_refused(c.apdu, c.sw);
  }
  EXPECT_EQ(card.terminal_profile(), nullptr);
  EXPECT_EQ(card.timer(1), cat::TimerState{});
  // And the good one goes through.
  EXPECT_EQ(send(envelope(from_hex(ok_timer))), "9000");
  EXPECT_EQ(card.timer(1), (cat::TimerState{cat::TimerState::kExpired, {0, 0, 5}}));
}

TEST_F(CatCard, ProactiveStatusSurvivesGetResponseChains) {
  send_terminal_profile();
  ASSERT_EQ(card.queue_proactive(cat::PollInterval{0, {cat::Duration::kSeconds, 30}}), 1);
  const std::string announced = "91" + hex8(static_cast<unsigned>(cat::encode(cat::PollInterval{1, {1, 30}}).size()));
  // Case 4: '61 XX' first, the data then ends with '91 XX' instead of '90 00'.
  const std::string first = send("00A40004023F00");
  ASSERT_EQ(first.substr(0, 2), "61");
  const unsigned len = static_cast<unsigned>(std::stoul(first.substr(2, 2), nullptr, 16));
  const std::string part = send("00C0000002");
  EXPECT_EQ(part.substr(part.size() - 4), "61" + hex8(len - 2));
  const std::string rest = send("00C00000" + hex8(len - 2));
  EXPECT_EQ(rest.substr(rest.size() - 4), announced);
  // Case 2: '6C XX' stays, the data comes with '91 XX'.
  ASSERT_EQ(send("00A4000C022FE2"), announced);
  EXPECT_EQ(send("00B0000000"), "6C0A");
  const std::string iccid = send("00B000000A");
  EXPECT_EQ(iccid.substr(20), announced);
  // Errors stay errors.
  EXPECT_EQ(send("00B0000A01"), "6B00");
  EXPECT_EQ(send("00C0000010"), "6985");
  // The GSM application's own SWs are left alone (TS 51.011 §9.4).
  EXPECT_EQ(send("A0A40000023F00").substr(0, 2), "9F");
  EXPECT_EQ(send("A0B0000001").substr(0, 2), "94");
  // On another logical channel too, and FETCH works there.
  ASSERT_EQ(send("0070000001"), "01" + announced);
  const Bytes command = cat::encode(cat::PollInterval{1, {cat::Duration::kSeconds, 30}});
  EXPECT_EQ(send("81120000" + hex8(static_cast<unsigned>(command.size()))), upper_hex(command) + "9000");
  cat::TerminalResponse r = response_to(command);
  r.duration = cat::Duration{cat::Duration::kSeconds, 60};  // what the terminal made of it
  EXPECT_EQ(send(terminal_response(r)), "9000");
}

TEST_F(CatCard, SmsPpDownloadGoesToTheHandler) {
  RecordingHandler h;
  card.set_sms_pp_handler(&h);
  send_terminal_profile();
  // '90 00': the ME acknowledges with RP-ACK.
  EXPECT_EQ(send(envelope(from_hex(kSmsPp311))), "9000");
  EXPECT_EQ(h.calls, 1);
  EXPECT_EQ(upper_hex(h.last_address), "9111223344556677F8");
  EXPECT_EQ(upper_hex(h.last_tpdu), "04049121437F16891010000000000D546573744D6573736167652031");
  // Response data for the SMS-DELIVER-REPORT, and a proof of receipt by SMS:
  // '61 XX', GET RESPONSE gives the data and '91 XX' (TS 102 221 §7.3.1.1.4).
  h.answer = cat::EnvelopeResult::ok(from_hex("0123456789"));
  h.queue_sms = true;
  EXPECT_EQ(send(envelope(from_hex(kSmsPp311))), "6105");
  ASSERT_EQ(h.queued_number, 1);
  cat::SendShortMessage sms;
  sms.tpdu.tpdu = from_hex("0100038199F90004A5");
  const Bytes command = cat::encode(sms);
  EXPECT_EQ(send("00C0000005"), "0123456789" "91" + hex8(static_cast<unsigned>(command.size())));
  EXPECT_EQ(send(fetch(command.size())), upper_hex(command) + "9000");
  cat::TerminalResponse r = response_to(command);
  EXPECT_EQ(send(terminal_response(r)), "9000");
  EXPECT_EQ(h.responded_command, command);
  ASSERT_TRUE(h.responded);
  EXPECT_EQ(*h.responded, r);
  // A case 4 ENVELOPE (T=1 terminals send Le) is the same.
  h.queue_sms = false;
  EXPECT_EQ(send(envelope(from_hex(kSmsPp311)) + "00"), "6105");
  EXPECT_EQ(send("00C0000005"), "01234567899000");
}

TEST_F(CatCard, SmsPpDownloadBusyAndErrors) {
  RecordingHandler h;
  card.set_sms_pp_handler(&h);
  const std::string apdu = envelope(from_hex(kSmsPp311));
  h.answer = cat::EnvelopeResult::busy();
  EXPECT_EQ(send(apdu), "9300");  // TS 102 221 §10.2.1.2: toolkit busy
  h.answer = cat::EnvelopeResult::error();
  EXPECT_EQ(send(apdu), "6F00");
  h.answer = cat::EnvelopeResult::ok(Bytes(257, 0x11));  // more than GET RESPONSE can carry
  EXPECT_EQ(send(apdu), "6F00");
  h.answer = cat::EnvelopeResult::ok();
  h.throw_it = true;
  EXPECT_EQ(send(apdu), "6F00");
  h.throw_it = false;
  // A transaction the handler left open is rolled back.
  const Bytes before = card.save_state();
  h.open_transaction = true;
  EXPECT_EQ(send(apdu), "9000");
  EXPECT_FALSE(card.nvm().in_transaction());
  EXPECT_EQ(card.save_state(), before);
  // Malformed SMS-PP data reaches no handler.
  const int calls = h.calls;
  expect_refused(envelope(from_hex("D10482028381")), "6A80");                 // no TPDU
  expect_refused(envelope(from_hex("D108820282818B020100")), "6A80");         // not from the network
  EXPECT_EQ(h.calls, calls);
  // Removing the handler makes the card one without the service.
  card.set_sms_pp_handler(nullptr);
  expect_refused(apdu, "6A81");
}

TEST_F(CatCard, SmsPpDownloadNeedsTheUsimService) {
  // TS 31.102 §4.2.8: the same card with service n°28 (data download via
  // SMS-PP) cleared in EF.UST.
  std::ifstream f(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof");
  std::stringstream text;
  text << f.rdbuf();
  std::string prof = text.str();
  const std::string ust = "data = 00 0A 0C 0C 23 06";
  ASSERT_NE(prof.find(ust), std::string::npos);
  prof.replace(prof.find(ust), ust.size(), "data = 00 0A 0C 04 23 06");
  Uicc other(std::make_shared<const ProfileTemplate>(parse_profile(prof, "no SMS-PP download")));
  other.power_on();
  RecordingHandler h;
  other.set_sms_pp_handler(&h);
  EXPECT_EQ(upper_hex(other.transmit(from_hex(envelope(from_hex(kSmsPp311))))), "6A81");
  EXPECT_EQ(h.calls, 0);
  // The domestic profile has it.
  card.set_sms_pp_handler(&h);
  EXPECT_EQ(send(envelope(from_hex(kSmsPp311))), "9000");
  EXPECT_EQ(h.calls, 1);
}

TEST_F(CatCard, TimersFollowTheTerminalsResponsesAndExpirations) {
  send_terminal_profile();
  auto run = [&](const cat::ProactiveCommand& c, std::uint8_t general, std::optional<cat::TimerIdentifier> id = {}) {
    const std::uint8_t n = card.queue_proactive(c);
    ASSERT_NE(n, 0);
    cat::ProactiveCommand numbered = c;
    cat::command_number(numbered) = n;
    const Bytes command = cat::encode(numbered);
    ASSERT_EQ(send(fetch(command.size())), upper_hex(command) + "9000");
    cat::TerminalResponse r = response_to(command, general);
    r.timer = id;
    ASSERT_EQ(send(terminal_response(r)), "9000");
  };
  // TS 102 223 §6.4.21: started when the terminal says it did.
  run(cat::TimerManagement{0, cat::TimerManagement::kStart, {3}, cat::TimerValue{0, 5, 0}}, cat::result::kPerformed,
      cat::TimerIdentifier{3});
  EXPECT_EQ(card.timer(3), (cat::TimerState{cat::TimerState::kRunning, {0, 5, 0}}));
  run(cat::TimerManagement{0, cat::TimerManagement::kStart, {4}, cat::TimerValue{1, 0, 0}},
      cat::result::kBeyondTerminalCapabilities);
  EXPECT_EQ(card.timer(4), cat::TimerState{});
  // §7.4: TIMER EXPIRATION.
  EXPECT_EQ(send(envelope(cat::encode(cat::TimerExpiration{.timer = {3}, .value = {0, 5, 1}}))), "9000");
  EXPECT_EQ(card.timer(3), (cat::TimerState{cat::TimerState::kExpired, {0, 5, 1}}));
  run(cat::TimerManagement{0, cat::TimerManagement::kStart, {3}, cat::TimerValue{0, 0, 10}}, cat::result::kPerformed);
  EXPECT_EQ(card.timer(3).state, cat::TimerState::kRunning);
  run(cat::TimerManagement{0, cat::TimerManagement::kGetValue, {3}, std::nullopt}, cat::result::kPerformed);
  EXPECT_EQ(card.timer(3).state, cat::TimerState::kRunning);
  run(cat::TimerManagement{0, cat::TimerManagement::kDeactivate, {3}, std::nullopt}, cat::result::kPerformed);
  EXPECT_EQ(card.timer(3), cat::TimerState{});
  // '24': the timer was not running after all.
  run(cat::TimerManagement{0, cat::TimerManagement::kStart, {5}, cat::TimerValue{0, 0, 10}}, cat::result::kPerformed);
  run(cat::TimerManagement{0, cat::TimerManagement::kGetValue, {5}, std::nullopt},
      cat::result::kTimerStateContradiction, cat::TimerIdentifier{5});
  EXPECT_EQ(card.timer(5), cat::TimerState{});
  EXPECT_EQ(card.timer(0), cat::TimerState{});
  EXPECT_EQ(card.timer(9), cat::TimerState{});
}

TEST_F(CatCard, EventListsAndEventDownloads) {
  send_terminal_profile();
  const std::uint8_t n = card.queue_proactive(cat::SetUpEventList{0, {{cat::event::kLocationStatus, 0x20}}});
  ASSERT_EQ(n, 1);
  const Bytes command = cat::encode(cat::SetUpEventList{1, {{cat::event::kLocationStatus, 0x20}}});
  ASSERT_EQ(send(fetch(command.size())).substr(0, 2), "D0");
  // Refused by the terminal: the list is not in force.
  ASSERT_EQ(send(terminal_response(response_to(command, cat::result::kBeyondTerminalCapabilities))), "9000");
  EXPECT_EQ(card.event_list(), 0u);
  ASSERT_EQ(card.queue_proactive(cat::SetUpEventList{0, {{cat::event::kLocationStatus, 0x20}}}), 2);
  const Bytes again = cat::encode(cat::SetUpEventList{2, {{cat::event::kLocationStatus, 0x20}}});
  ASSERT_EQ(send(fetch(again.size())).substr(0, 2), "D0");
  ASSERT_EQ(send(terminal_response(response_to(again, cat::result::kPartialComprehension))), "9000");
  EXPECT_EQ(card.event_list(), 1u << cat::event::kLocationStatus);  // event '20' is past what is recorded
  // [B2G] test_stk_event_download.js: location status, normal service.
  EXPECT_EQ(send(envelope(from_hex("D615990103820282819B0100930964F629283301230737"))), "9000");
  EXPECT_EQ(send(envelope(from_hex("D60E99010982028281B8028100B70104"))), "9000");
  EXPECT_EQ(card.events_received(), (1u << cat::event::kLocationStatus) | (1u << cat::event::kDataAvailable));
  card.power_off();
  card.power_on();
  EXPECT_EQ(card.event_list(), 0u);
  EXPECT_EQ(card.events_received(), 0u);
}

TEST_F(CatCard, QueueingRules) {
  // Numbers '01'-'FE' in turn (TS 102 223 §8.6), wrapping after 'FE'.
  send_terminal_profile();
  for (unsigned i = 1; i <= 0xFE + 3; ++i) {
    const std::uint8_t n = card.queue_proactive(cat::MoreTime{});
    ASSERT_EQ(n, i > 0xFE ? i - 0xFE : i);
    const Bytes command = cat::encode(cat::MoreTime{n});
    ASSERT_EQ(send(fetch(command.size())), upper_hex(command) + "9000");
    ASSERT_EQ(send(terminal_response(response_to(command))), "9000");
  }
  // A raw command sets where typed ones go on from.
  ASSERT_TRUE(card.queue_proactive(cat::encode(cat::PollingOff{0x40})));
  EXPECT_EQ(card.queue_proactive(cat::MoreTime{}), 0x41);
  // At most kMaxQueuedProactive wait.
  while (card.proactive_queued() < Uicc::kMaxQueuedProactive) ASSERT_NE(card.queue_proactive(cat::MoreTime{}), 0);
  EXPECT_EQ(card.queue_proactive(cat::MoreTime{}), 0);
  EXPECT_FALSE(card.queue_proactive(cat::encode(cat::MoreTime{1})));
  card.power_off();
  EXPECT_FALSE(card.queue_proactive(cat::encode(cat::MoreTime{1})));
  EXPECT_EQ(card.queue_proactive(cat::MoreTime{}), 0);
  EXPECT_EQ(card.proactive_queued(), 0u);
  card.power_on();
  EXPECT_EQ(card.proactive_queued(), 0u);  // lost with the power
  // Not a proactive command, or not one that decodes back to itself.
  for (const char* hex : {"", "D000", "D1098103010200820281 82", "D009810301020082028281", "D00981030102008202818",
                          "D009810300020082028182"}) {
    Bytes b;
    try {
      b = from_hex(hex);
    } catch (const HexError&) {
      continue;
    }
    EXPECT_FALSE(card.queue_proactive(b)) << hex;
  }
  EXPECT_EQ(card.queue_proactive(cat::CloseChannel{0, 0, 9, std::nullopt}), 0);  // channel 9 does not exist
  EXPECT_EQ(card.queue_proactive(cat::SendData{0, true, 1, std::nullopt, {Bytes(300, 0)}}), 0);  // too long
  EXPECT_EQ(card.proactive_queued(), 0u);
}

TEST_F(CatCard, RandomToolkitCommandsNeverBreakTheCard) {
  // A small fuzz run over the four commands (the libFuzzer harness fuzz/
  // covers the whole APDU space): every answer carries a status word.
  RecordingHandler h;
  h.queue_sms = true;
  card.set_sms_pp_handler(&h);
  std::mt19937 rng(2024);
  const std::uint8_t ins[] = {0x10, 0xC2, 0x12, 0x14, 0xC0, 0xF2};
  const Bytes seeds[] = {from_hex(kSmsPp311), cat::encode(cat::TimerExpiration{}),
                         from_hex("D615990103820282819B0100930964F629283301230737"),
                         cat::encode(response_to(cat::encode(cat::MoreTime{1}))), terminal_profile()};
  for (int i = 0; i < 20000; ++i) {
    Bytes apdu = {0x80, ins[rng() % 6], 0x00, 0x00};
    if (rng() % 16 == 0) apdu[2] = static_cast<std::uint8_t>(rng());
    const unsigned mode = rng() % 4;
    Bytes data = seeds[rng() % 5];
    if (mode == 1) {
      for (int k = 0; k < 3; ++k) data[rng() % data.size()] = static_cast<std::uint8_t>(rng());
    } else if (mode == 2) {
      data.resize(rng() % (data.size() + 1));
    } else if (mode == 3) {
      data.resize(rng() % 40);
      for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    }
    if (apdu[1] == 0x12 || apdu[1] == 0xC0 || apdu[1] == 0xF2) {
      apdu.push_back(static_cast<std::uint8_t>(rng()));
    } else if (!data.empty() && data.size() < 256) {
      apdu.push_back(static_cast<std::uint8_t>(data.size()));
      apdu.insert(apdu.end(), data.begin(), data.end());
    }
    const Bytes r = card.transmit(apdu);
    ASSERT_GE(r.size(), 2u);
    ASSERT_LE(r.size(), kMaxRapdu);
    if (rng() % 500 == 0) {
      Uicc copy(cardcore::testing::domestic_profile());
      copy.restore_state(card.save_state());
      ASSERT_EQ(copy.save_state(), card.save_state());
    }
  }
}

}  // namespace test_cat_uicc
