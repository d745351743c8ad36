// Card Application Toolkit codecs (card-core/cardcore/cat/): proactive
// commands, envelopes, terminal responses and the terminal profile, decoded
// from published coding examples and round-tripped.
//
// Sources of the examples:
//  [B2G]  Mozilla B2G STK emulator tests, dom/icc/tests/marionette/
//         test_stk_*.js in rebhu-open-source-foundation/gecko-b2g (public
//         domain): PDUs after the TS 31.124 / TS 102 384 conformance
//         sequences (SEND SHORT MESSAGE 1.1.1, 1.2.1, 1.3.1 ...).
//  [AOSP] UsimDataDownloadTest.java in LineageOS/android_frameworks_opt_
//         telephony: ENVELOPE (SMS-PP DOWNLOAD) 3.1.1 and 3.1.5 of TS 31.124
//         §27.22.5.
//  [pySim] osmocom/pysim: tests/unittests/test_cat.py (IMEI), test_bip_relay.py
//         (EVENT DOWNLOAD data available), pySim/cat.py (a terminal profile
//         "for playing with OTA").
#include <gtest/gtest.h>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/object_list.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/cat/terminal_response.hpp"

namespace test_cat_codecs {

using namespace cardcore;
using namespace cardcore::cat;

template <class T>
T decoded(const std::string& hex) {
  T out;
  const char* e = decode(from_hex(hex), out);
  EXPECT_EQ(e, nullptr) << e;
  return out;
}

// encode -> decode gives the same value, and encoding that again the same
// bytes.
template <class T>
void expect_round_trip(const T& v) {
  const Bytes enc = encode(v);
  T back;
  const char* e = decode(enc, back);
  ASSERT_EQ(e, nullptr) << e << " in " << to_hex(enc);
  EXPECT_EQ(back, v) << to_hex(enc);
  EXPECT_EQ(encode(back), enc);
}

std::string upper(const Bytes& b) {
  std::string s = to_hex(b);
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// ------------------------------------------------------------ proactive commands

TEST(CatCodecs, SendShortMessageFromTheConformanceExamples) {
  // [B2G] test_stk_send_sms.js: TS 31.124 SEND SHORT MESSAGE 1.1.1.
  const std::string plain =
      "D02E81030113008202818386099111223344556677F88B180100099110325476F840F40C54657374204D657373616765";
  const SendShortMessage a = decoded<SendShortMessage>(plain);
  EXPECT_EQ(a.number, 1);
  EXPECT_FALSE(a.packing_required);
  EXPECT_FALSE(a.alpha);
  ASSERT_TRUE(a.address);
  EXPECT_EQ(a.address->ton_npi, 0x91);
  EXPECT_EQ(upper(a.address->number), "11223344556677F8");
  EXPECT_EQ(upper(a.tpdu.tpdu), "0100099110325476F840F40C54657374204D657373616765");
  EXPECT_EQ(upper(encode(a)), plain);  // every object with CR set: the same bytes back

  // With an alpha identifier.
  const std::string alpha =
      "D03D810301130082028183850D53686F7274204D65737361676586099111223344556677F88B180100099110325476F840F0"
      "0D53F45B4E0735CBF379F85C06";
  const SendShortMessage b = decoded<SendShortMessage>(alpha);
  ASSERT_TRUE(b.alpha);
  EXPECT_EQ(std::string(b.alpha->text.begin(), b.alpha->text.end()), "Short Message");
  EXPECT_EQ(upper(encode(b)), alpha);

  // 256 bytes in all: the '81' length form for the command and the TPDU,
  // packing required.
  const std::string longest =
      "D081FD810301130182028183853854686520616464726573732064617461206F626A65637420686F6C647320746865205250"
      "1144657374696E6174696F6E114164647265737386099111223344556677F88B81AC0100099110325476F840F4A054776F20"
      "74797065732061726520646566696E65643A202D20412073686F7274206D65737361676520746F2062652073656E7420746F"
      "20746865206E6574776F726B20696E20616E20534D532D5355424D4954206D6573736167652C206F7220616E20534D532D43"
      "4F4D4D414E44206D6573736167652C20776865726520746865207573657220646174612063616E2062652070617373656420"
      "7472616E7370";
  const SendShortMessage c = decoded<SendShortMessage>(longest);
  EXPECT_TRUE(c.packing_required);
  EXPECT_EQ(c.tpdu.tpdu.size(), 0xACu);
  EXPECT_EQ(encode(c).size(), kMaxProactiveCommand);
  EXPECT_EQ(upper(encode(c)), longest);
}

TEST(CatCodecs, RefreshFromTheConformanceExamples) {
  // [B2G] test_stk_refresh.js: file change notification of EF.ICCID, then a
  // UICC reset.
  const Refresh fcn = decoded<Refresh>("D0108103010101820281829205013F002FE2");
  EXPECT_EQ(fcn.mode, Refresh::kFileChange);
  ASSERT_TRUE(fcn.files);
  ASSERT_EQ(fcn.files->paths.size(), 1u);
  EXPECT_EQ(upper(fcn.files->paths[0]), "3F002FE2");
  EXPECT_EQ(upper(encode(fcn)), "D0108103010101820281829205013F002FE2");
  const Refresh reset = decoded<Refresh>("D009810301010482028182");
  EXPECT_EQ(reset.mode, Refresh::kUiccReset);
  EXPECT_FALSE(reset.files);
}

TEST(CatCodecs, RefreshEveryModeRoundTrips) {
  // TS 102 223 §6.4.7 and TS 31.111 §6.4.7: all the modes of the qualifier.
  for (std::uint8_t mode = 0; mode <= Refresh::kLastMode; ++mode) {
    SCOPED_TRACE(int(mode));
    Refresh r;
    r.number = static_cast<std::uint8_t>(mode + 1);
    r.mode = mode;
    if (mode <= Refresh::kNaaInitAndFileChange || mode == Refresh::kNaaSessionReset) {
      r.files = FileList{{from_hex("3F007FF06F07"), from_hex("3F007FF06F7E"), from_hex("3F002FE2")}};
    }
    if (mode == Refresh::kNaaApplicationReset || mode == Refresh::kNaaInit) {
      r.aid = Aid{from_hex("A0000000871002FF86FFFF89FFFFFFFF")};
    }
    if (mode == Refresh::kSteeringOfRoaming) r.plmns = PlmnWactList{from_hex("64F0004000" "64F0108000")};
    if (mode == Refresh::kUiccReset) r.policy = RefreshEnforcementPolicy{0x01};
    expect_round_trip(r);
  }
  // The modes naming changed files need the list.
  Refresh bad;
  EXPECT_STREQ(decode(from_hex("D009810301010182028182"), bad), "missing File list");
  EXPECT_STREQ(decode(from_hex("D009810301010282028182"), bad), "missing File list");
  EXPECT_STREQ(decode(from_hex("D009810301010982028182"), bad), "unknown REFRESH mode");
}

TEST(CatCodecs, FileLists) {
  FileList f;
  // TS 102 223 §8.18: paths split where '3F00' starts again.
  EXPECT_EQ(read(from_hex("02" "3F007FF06F07" "3F002FE2"), f), nullptr);
  ASSERT_EQ(f.paths.size(), 2u);
  EXPECT_EQ(upper(f.paths[0]), "3F007FF06F07");
  EXPECT_EQ(upper(f.paths[1]), "3F002FE2");
  EXPECT_EQ(read(from_hex("00"), f), nullptr);
  EXPECT_TRUE(f.paths.empty());
  EXPECT_STREQ(read(from_hex("01" "3F002FE2" "3F00"), f), "File list path of the MF alone");
  EXPECT_STREQ(read(from_hex("02" "3F007FF06F07"), f), "File list count differs from its paths");
  EXPECT_STREQ(read(from_hex("01" "7FF06F07"), f), "File list path not starting at '3F00'");
  EXPECT_STREQ(read(from_hex("01" "3F002F"), f), "File list of an odd number of bytes");
  EXPECT_STREQ(read({}, f), "empty File list");
}

TEST(CatCodecs, TimerManagementFromTheExamples) {
  // [B2G] test_stk_timer_management.js: start timer 1 at 01:02:03 (as
  // semi-octets '10 20 30'), deactivate timer 4, get the value of timer 8.
  const TimerManagement start = decoded<TimerManagement>("D011810301270082028182A40101A503102030");
  EXPECT_EQ(start.action, TimerManagement::kStart);
  EXPECT_EQ(start.timer.id, 1);
  ASSERT_TRUE(start.value);
  EXPECT_EQ(*start.value, (TimerValue{1, 2, 3}));
  EXPECT_EQ(start.value->total_seconds(), 3723u);
  EXPECT_EQ(upper(encode(start)), "D011810301270082028182A40101A503102030");
  const TimerManagement stop = decoded<TimerManagement>("D00C810301270182028182A40104");
  EXPECT_EQ(stop.action, TimerManagement::kDeactivate);
  EXPECT_EQ(stop.timer.id, 4);
  const TimerManagement get = decoded<TimerManagement>("D00C810301270282028182A40108");
  EXPECT_EQ(get.action, TimerManagement::kGetValue);
  EXPECT_EQ(get.timer.id, 8);
  TimerManagement bad;
  EXPECT_STREQ(decode(from_hex("D00C810301270082028182A40101"), bad), "missing Timer value");
  EXPECT_STREQ(decode(from_hex("D00C810301270282028182A40109"), bad), "Timer identifier outside '01'-'08'");
  EXPECT_STREQ(decode(from_hex("D00C810301270382028182A40101"), bad), "unknown TIMER MANAGEMENT action");
  EXPECT_STREQ(decode(from_hex("D011810301270082028182A40101A5031020A0"), bad), "Timer value not in semi-octets");
}

TEST(CatCodecs, PollingLocalInformationAndEventListsFromTheExamples) {
  // [B2G] test_stk_poll_interval.js, test_stk_poll_off.js,
  // test_stk_local_info.js, test_stk_setup_event_list.js.
  const PollInterval p = decoded<PollInterval>("D00D8103010300820281828402001A");
  EXPECT_EQ(p.interval, (Duration{Duration::kMinutes, 0x1A}));
  EXPECT_EQ(decoded<PollInterval>("D00D81030103008202818284020205").interval, (Duration{Duration::kTenths, 5}));
  EXPECT_EQ(decoded<PollingOff>("D009810301040082028182").number, 1);
  EXPECT_EQ(decoded<ProvideLocalInformation>("D009810301260082028182").what, ProvideLocalInformation::kLocation);
  EXPECT_EQ(decoded<ProvideLocalInformation>("D009810301260182028182").what, ProvideLocalInformation::kImei);
  EXPECT_EQ(decoded<ProvideLocalInformation>("D009810301260382028182").what,
            ProvideLocalInformation::kDateTimeTimeZone);
  EXPECT_EQ(decoded<SetUpEventList>("D00C810301050082028182990104").events.events,
            (std::vector<std::uint8_t>{event::kUserActivity}));
  EXPECT_EQ(decoded<SetUpEventList>("D00D81030105008202818299020507").events.events,
            (std::vector<std::uint8_t>{0x05, 0x07}));
  EXPECT_TRUE(decoded<SetUpEventList>("D00B8103010500820281829900").events.events.empty());
  for (const char* hex : {"D00D8103010300820281828402001A", "D009810301040082028182", "D009810301260182028182",
                          "D00D81030105008202818299020507", "D00B8103010500820281829900"}) {
    const auto d = decode_proactive_command(from_hex(hex));
    ASSERT_TRUE(d.ok()) << hex;
    EXPECT_EQ(upper(encode(d.value)), hex);
  }
  PollInterval bad;
  EXPECT_STREQ(decode(from_hex("D00D81030103008202818284020300"), bad), "bad Duration time unit");
  EXPECT_STREQ(decode(from_hex("D00D81030103008202818284020100"), bad), "Duration interval '00' is reserved");
}

TEST(CatCodecs, BearerIndependentProtocolFromTheExamples) {
  // [B2G] test_stk_bip_command.js. OPEN CHANNEL with alpha identifier,
  // icon, a CS address, bearer description and buffer size, the BIP objects
  // without the CR flag as in the TS 31.124 sequences.
  const OpenChannel open = decoded<OpenChannel>(
      "D02E81030140018202818205074F70656E2049449E02000786099111223344556677F8350702030403041F0239020578");
  EXPECT_EQ(open.qualifier, OpenChannel::kImmediateLink);
  ASSERT_TRUE(open.alpha);
  EXPECT_EQ(std::string(open.alpha->text.begin(), open.alpha->text.end()), "Open ID");
  ASSERT_TRUE(open.address);
  EXPECT_EQ(open.bearer.type, BearerDescription::kGprs);
  EXPECT_EQ(upper(open.bearer.parameters), "030403041F02");
  EXPECT_EQ(open.buffer.size, 1400);
  EXPECT_FALSE(open.transport);
  expect_round_trip(open);  // the icon identifier is not kept

  const CloseChannel close = decoded<CloseChannel>("D015810301410082028121850A436C6F73652049442031");
  EXPECT_EQ(close.channel, 1);
  ASSERT_TRUE(close.alpha);
  const ReceiveData receive = decoded<ReceiveData>("D00C810301420082028121B701C8");
  EXPECT_EQ(receive.channel, 1);
  EXPECT_EQ(receive.length.length, 200);
  const SendData send = decoded<SendData>("D020810301430182028121850B53656E6420446174612031B6080001020304050607");
  EXPECT_TRUE(send.immediately);
  EXPECT_EQ(send.channel, 1);
  EXPECT_EQ(upper(send.data.data), "0001020304050607");
  EXPECT_EQ(upper(encode(send)), "D020810301430182028121850B53656E6420446174612031B6080001020304050607");
  EXPECT_EQ(upper(encode(close)), "D015810301410082028121850A436C6F73652049442031");
  EXPECT_EQ(upper(encode(receive)), "D00C810301420082028121B701C8");
  CloseChannel to_terminal;
  EXPECT_STREQ(decode(from_hex("D00A81030141008202818285"), to_terminal), "malformed data object: truncated");
  EXPECT_STREQ(decode(from_hex("D009810301410082028182"), to_terminal), "command not to a channel");
}

TEST(CatCodecs, OpenChannelTcpClientWithBothAddresses) {
  // TS 102 223 §6.6.27.3: APN, local address (dynamic: null), login and
  // password, TCP client to port 8443 of 203.0.113.5.
  OpenChannel c;
  c.number = 7;
  c.qualifier = OpenChannel::kImmediateLink | OpenChannel::kBackground;
  c.bearer = BearerDescription{BearerDescription::kDefault, {}};
  c.buffer = BufferSize{1400};
  c.apn = NetworkAccessName{from_hex("03696F74")};  // "iot"
  c.local_address = OtherAddress{};
  c.local_address->null = true;
  c.login = TextString{false, 0x04, from_hex("75736572")};
  c.password = TextString{false, 0x04, from_hex("70617373")};
  c.transport = TransportLevel{TransportLevel::kTcpClientRemote, 8443};
  c.destination = OtherAddress{false, OtherAddress::kIpv4, from_hex("CB007105")};
  expect_round_trip(c);
  const Bytes enc = encode(c);
  EXPECT_NE(upper(enc).find("BC030220FB"), std::string::npos);  // transport level, port 8443
  EXPECT_NE(upper(enc).find("BE0521CB007105"), std::string::npos);
  // Without the local address the one Other address after the transport
  // level is still the destination.
  const std::optional<OtherAddress> local = c.local_address;
  c.local_address.reset();
  expect_round_trip(c);
  // Without a transport level, one Other address is the local one, and a
  // second one a destination without the transport level it needs.
  c.transport.reset();
  OpenChannel back;
  EXPECT_EQ(decode(encode(c), back), nullptr);
  EXPECT_TRUE(back.local_address);
  EXPECT_FALSE(back.destination);
  c.local_address = local;
  EXPECT_STREQ(decode(encode(c), back), "data destination address without a transport level");
  OtherAddress a;
  EXPECT_STREQ(read(from_hex("21CB0071"), a), "IPv4 Other address not of 4 bytes");
}

TEST(CatCodecs, EveryCommandRoundTrips) {
  SendShortMessage sms;
  sms.number = 0x10;
  sms.packing_required = true;
  sms.alpha = AlphaIdentifier{};
  sms.address = Address{0x91, from_hex("683108200005F0")};
  sms.tpdu = SmsTpdu{from_hex("01000B813109214365F70000")};
  const std::vector<ProactiveCommand> all = {
      Refresh{}, MoreTime{3}, PollInterval{4, {Duration::kSeconds, 30}}, PollingOff{5},
      ProvideLocalInformation{6, ProvideLocalInformation::kAccessTechnology},
      SetUpEventList{7, {{event::kLocationStatus, event::kDataAvailable, event::kChannelStatus}}}, sms,
      TimerManagement{8, TimerManagement::kStart, {8}, TimerValue{23, 59, 59}},
      TimerManagement{9, TimerManagement::kGetValue, {2}, std::nullopt},
      OpenChannel{}, CloseChannel{11, 0, 7, std::nullopt}, ReceiveData{12, 2, AlphaIdentifier{from_hex("41")}, {255}},
      SendData{13, false, 3, std::nullopt, {from_hex("16030100")}}, GetChannelStatus{14}};
  for (const ProactiveCommand& c : all) {
    SCOPED_TRACE(c.index());
    const Bytes enc = encode(c);
    EXPECT_TRUE(check_proactive_command(enc).ok());
    const auto d = decode_proactive_command(enc);
    ASSERT_TRUE(d.ok()) << d.error;
    EXPECT_EQ(d.value, c);
    EXPECT_EQ(encode(d.value), enc);
    ProactiveCommand copy = c;
    EXPECT_EQ(command_number(copy), check_proactive_command(enc).value.number);
  }
}

TEST(CatCodecs, MalformedProactiveCommands) {
  struct Case {
    const char* hex;
    const char* error;
  };
  const Case cases[] = {
      {"", "not one BER-TLV"},
      {"D0098103010400820281", "not one BER-TLV"},      // truncated
      {"D00981030104008202818200", "not one BER-TLV"},  // a byte after it
      {"D109810301040082028182", "not a proactive command ('D0')"},
      {"D00482028182", "missing Command details"},
      {"D0058103010400", "missing Device identities"},
      {"D0088102010482028182", "bad Command details length"},
      {"D009810301040082028281", "proactive command not from the UICC"},
      {"D009810300040082028182", "command number outside '01'-'FE'"},
      {"D009810301040082028182FF", "not one BER-TLV"},
      {"D00B810301040082028182FF00", "malformed data object: bad tag"},
      {"D009810301770082028182", "type of command not known to this card"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.hex);
    const auto d = decode_proactive_command(from_hex(c.hex));
    EXPECT_FALSE(d.ok());
    EXPECT_STREQ(d.error, c.error);
    EXPECT_STREQ(check_proactive_command(from_hex(c.hex)).error,
                 std::string(c.error) == "type of command not known to this card" ? nullptr : c.error);
  }
  // Another type under the right tag.
  MoreTime m;
  EXPECT_STREQ(decode(from_hex("D009810301040082028182"), m), "another type of command");
  SendShortMessage s;
  EXPECT_STREQ(decode(from_hex("D00E8103011300820281828B03010000"), s), "SEND SHORT MESSAGE not to the network");
  EXPECT_STREQ(decode(from_hex("D009810301130082028183"), s), "missing SMS TPDU");
}

// ------------------------------------------------------------ envelopes

TEST(CatCodecs, SmsPpDownloadFromTheConformanceExamples) {
  // [AOSP] TS 31.124 §27.22.5 envelope 3.1.1: SMS-DELIVER from "1234", PID
  // '7F' (SIM data download), DCS '16' (class 2), "TestMessage 1".
  const std::string e311 =
      "D12D8202838106099111223344556677F88B1C04049121437F16891010000000000D546573744D6573736167652031";
  const SmsPpDownload a = decoded<SmsPpDownload>(e311);
  EXPECT_EQ(a.devices, (DeviceIdentities{device::kNetwork, device::kUicc}));
  ASSERT_TRUE(a.address);
  EXPECT_EQ(upper(a.address->number), "11223344556677F8");
  EXPECT_EQ(a.tpdu.tpdu.size(), 0x1Cu);
  EXPECT_EQ(a.tpdu.tpdu[5], 0x7F);  // TP-PID after first octet and TP-OA
  // The address there has no CR flag ('06'); encoded with it, it differs in
  // that one byte only.
  std::string again = upper(encode(a));
  EXPECT_EQ(again.substr(0, 12) + "06" + again.substr(14), e311);
  // 3.1.5: a secured packet (UDH '02 70 00', DCS 'F6').
  const SmsPpDownload b = decoded<SmsPpDownload>(
      "D13E8202838106099111223344556677F88B2D44049121437FF6891010000000001E0270000019000D00000000BFFF0000000000"
      "0100DCDCDCDCDCDCDCDCDCDC");
  EXPECT_EQ(b.tpdu.tpdu.size(), 0x2Du);
  EXPECT_EQ(b.tpdu.tpdu[0], 0x44);  // SMS-DELIVER with TP-UDHI
  SmsPpDownload bad;
  EXPECT_STREQ(decode(from_hex("D108820282818B020100"), bad), "SMS-PP download not from the network");
  EXPECT_STREQ(decode(from_hex("D10482028381"), bad), "missing SMS TPDU");
  EXPECT_STREQ(decode(from_hex("D60482028381"), bad), "another envelope");
  EXPECT_STREQ(decode(from_hex("D105820283818B"), bad), "malformed data object: truncated");
  EXPECT_STREQ(decode(from_hex("D106820283818B"), bad), "envelope not one BER-TLV");
  expect_round_trip(b);
}

TEST(CatCodecs, EventDownloadAndTimerExpirationFromTheExamples) {
  // [B2G] test_stk_event_download.js: location status, normal service, at
  // MCC/MNC 466 92, LAC 10291, cell 19072823.
  const std::string location = "D615990103820282819B0100930964F629283301230737";
  const EventDownload e = decoded<EventDownload>(location);
  EXPECT_EQ(e.event, event::kLocationStatus);
  ASSERT_TRUE(e.location_status);
  EXPECT_EQ(e.location_status->status, 0);
  ASSERT_TRUE(e.location);
  EXPECT_EQ(upper(e.location->bytes), "64F629283301230737");
  EXPECT_EQ(upper(encode(e)), location);
  // [pySim] test_bip_relay.py: data available on channel 1, link up, 4 bytes.
  const EventDownload d = decoded<EventDownload>("D60E99010982028281B8028100B70104");
  EXPECT_EQ(d.event, event::kDataAvailable);
  ASSERT_TRUE(d.channel_status);
  EXPECT_EQ(d.channel_status->channel(), 1);
  EXPECT_TRUE(d.channel_status->established());
  EXPECT_EQ(d.channel_data_length->length, 4);
  EXPECT_EQ(upper(encode(d)), "D60E99010982028281B8028100B70104");
  // [B2G] test_stk_timer_expiration.js: timer 5 after 00:20:34.
  const TimerExpiration t = decoded<TimerExpiration>("D70C82028281A40105A503000243");
  EXPECT_EQ(t.timer.id, 5);
  EXPECT_EQ(t.value, (TimerValue{0, 20, 34}));
  EXPECT_EQ(upper(encode(t)), "D70C82028281A40105A503000243");
  EventDownload two;
  EXPECT_STREQ(decode(from_hex("D6089902030482028281"), two), "Event list of an EVENT DOWNLOAD not of one event");
  EXPECT_STREQ(decode(from_hex("D60899010382028281"), two), "envelope not one BER-TLV");
  EXPECT_STREQ(decode(from_hex("D60799010382028282"), two), "envelope not to the UICC");
  TimerExpiration late;
  EXPECT_STREQ(decode(from_hex("D70782028281A40105"), late), "missing Timer value");
}

// ------------------------------------------------------------ terminal responses

TEST(CatCodecs, TerminalResponsesFromTheExamples) {
  // [B2G] test_stk_response.js (device identities and timer objects without
  // the CR flag there). TIMER MANAGEMENT start of timer 1 at 01:02:03.
  const TerminalResponse t = decoded<TerminalResponse>("810307270002028281830100240101" "2503102030");
  EXPECT_EQ(t.details, (CommandDetails{7, command::kTimerManagement, 0}));
  EXPECT_EQ(t.result.general, result::kPerformed);
  ASSERT_TRUE(t.timer);
  EXPECT_EQ(t.timer->id, 1);
  EXPECT_EQ(*t.timer_value, (TimerValue{1, 2, 3}));
  // Timer state contradiction for timer 3.
  const TerminalResponse c = decoded<TerminalResponse>("810309270202028281830124240103");
  EXPECT_EQ(c.result.general, result::kTimerStateContradiction);
  // PROVIDE LOCAL INFORMATION (location) and "screen busy" with additional
  // information.
  const TerminalResponse l = decoded<TerminalResponse>("81030A260002028281830100930964F629283301230737");
  ASSERT_TRUE(l.location);
  EXPECT_EQ(upper(l.location->bytes), "64F629283301230737");
  const TerminalResponse busy = decoded<TerminalResponse>("81030221010202828183022001");
  EXPECT_EQ(busy.result.general, result::kTerminalUnableNow);
  EXPECT_EQ(upper(busy.result.additional), "01");
  // [pySim] test_cat.py: IMEI 123456789012345 as TS 24.008 codes it.
  const Imei imei = Imei::from_digits("123456789012345");
  EXPECT_EQ(upper(imei.bytes), "1A32547698103254");
  EXPECT_EQ(imei.digits(), "123456789012345");
  EXPECT_EQ(Imei{from_hex("1234567890123450")}.digits(), "");  // not TS 24.008 coded
  EXPECT_THROW(Imei::from_digits("12345"), std::invalid_argument);

  TerminalResponse all;
  all.details = {0x42, command::kOpenChannel, 0x01};
  all.result = {result::kBipError, from_hex("03")};
  all.duration = Duration{Duration::kSeconds, 10};
  all.location = LocationInformation{from_hex("64F0002833012307FF")};
  all.imei = imei;
  all.date_time = DateTimeTimeZone{from_hex("21304050607000")};
  all.access_technology = AccessTechnology{from_hex("08")};
  all.timer = TimerIdentifier{8};
  all.timer_value = TimerValue{0, 0, 1};
  all.channel_status = ChannelStatus{0x81, 0x00};
  all.bearer = BearerDescription{BearerDescription::kDefault, {}};
  all.buffer = BufferSize{1400};
  all.channel_data = ChannelData{from_hex("170303")};
  all.channel_data_length = ChannelDataLength{0xFF};
  expect_round_trip(all);
  expect_round_trip(TerminalResponse{});

  TerminalResponse bad;
  EXPECT_STREQ(decode(from_hex("810301130082028182830100"), bad), "Device identities not terminal -> UICC");
  EXPECT_STREQ(decode(from_hex("8103011300820282818300"), bad), "empty Result");
  EXPECT_STREQ(decode(from_hex("81030113008202828183"), bad), "malformed data object: truncated");
  EXPECT_STREQ(decode(from_hex("82028281830100"), bad), "missing Command details");
  EXPECT_STREQ(decode(from_hex("8103011300830100"), bad), "missing Device identities");
  EXPECT_STREQ(decode(from_hex("810301130082028281"), bad), "missing Result");
}

// ------------------------------------------------------------ terminal profile

TEST(CatCodecs, TerminalProfileFacilities) {
  // [pySim] pySim/cat.py: "reasonable default for playing with OTA".
  const TerminalProfile p(from_hex("7fe1e10e000000000000001f43000000ff00000000000000000000000000000000"));
  EXPECT_TRUE(p.supports(Facility::kProfileDownload));
  EXPECT_TRUE(p.supports(Facility::kSmsPpDataDownload));
  EXPECT_TRUE(p.supports(Facility::kTimerExpiration));
  EXPECT_TRUE(p.supports(Facility::kCommandResult));
  EXPECT_TRUE(p.supports(Facility::kPollInterval));
  EXPECT_TRUE(p.supports(Facility::kPollingOff));
  EXPECT_TRUE(p.supports(Facility::kRefresh));
  EXPECT_FALSE(p.supports(Facility::kMoreTime));
  EXPECT_TRUE(p.supports(Facility::kSendShortMessage));
  EXPECT_FALSE(p.supports(Facility::kSetUpEventList));
  EXPECT_FALSE(p.supports(Facility::kTimerStartStop));
  EXPECT_TRUE(p.supports(Facility::kOpenChannel));
  EXPECT_TRUE(p.supports(Facility::kGetChannelStatus));
  EXPECT_TRUE(p.supports(Facility::kBearerGprs));
  EXPECT_EQ(p.bip_channels(), 2u);
  EXPECT_TRUE(p.supports(Facility::kTcpClientRemote));
  EXPECT_TRUE(p.supports(Facility::kBearerEutran));
  EXPECT_TRUE(p.supports(CommandDetails{1, command::kSendShortMessage, 0}));
  EXPECT_TRUE(p.supports(CommandDetails{1, command::kRefresh, Refresh::kSteeringOfRoaming}));
  EXPECT_FALSE(p.supports(CommandDetails{1, command::kTimerManagement, 0}));
  EXPECT_FALSE(p.supports(CommandDetails{1, command::kProvideLocalInformation, 0}));
  EXPECT_FALSE(p.supports(CommandDetails{1, 0x21, 0}));  // DISPLAY TEXT: not one of this card's

  // Bytes not sent read as zero (TS 102 223 §5.2).
  const TerminalProfile shortest(from_hex("02"));
  EXPECT_TRUE(shortest.supports(Facility::kSmsPpDataDownload));
  EXPECT_FALSE(shortest.supports(Facility::kTcpClientRemote));
  EXPECT_EQ(shortest.bip_channels(), 0u);
  EXPECT_FALSE(TerminalProfile{}.supports(Facility::kProfileDownload));

  const TerminalProfile built = TerminalProfile::with({Facility::kRefresh, Facility::kBearerEutran});
  EXPECT_EQ(upper(built.bytes()), "000080" "00000000000000000000000000" "40");
  EXPECT_TRUE(built.supports(Facility::kRefresh));
  EXPECT_FALSE(built.supports(Facility::kMoreTime));
}

// ------------------------------------------------------------ data objects

TEST(CatCodecs, ObjectListsFindObjectsWhateverTheirCrFlag) {
  const Bytes data = from_hex("010301130002028183" "8B0101" "0B0102");
  const auto l = ObjectList::parse(data);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.value.objects().size(), 4u);
  CommandDetails d;
  EXPECT_EQ(l.value.get(d), nullptr);
  EXPECT_EQ(d, (CommandDetails{1, command::kSendShortMessage, 0}));
  ASSERT_NE(l.value.find(tag::kSmsTpdu, 1), nullptr);
  EXPECT_EQ(l.value.find(tag::kSmsTpdu, 1)->value[0], 0x02);
  EXPECT_EQ(l.value.find(tag::kSmsTpdu, 2), nullptr);
  std::optional<Duration> none;
  EXPECT_EQ(l.value.get(none), nullptr);
  EXPECT_FALSE(none);
  Duration missing;
  EXPECT_STREQ(l.value.get(missing), "missing Duration");
  EXPECT_STREQ(ObjectList::parse(from_hex("0103011300FF")).error, "malformed data object: bad tag");
}

TEST(CatCodecs, TimerValueSemiOctets) {
  // TS 102 223 §8.38 / TS 23.040 §9.2.3.11: tens in the low nibble.
  for (const TimerValue& v : {TimerValue{0, 0, 0}, TimerValue{1, 2, 3}, TimerValue{23, 59, 59}, TimerValue{99, 0, 1}}) {
    std::uint8_t b[3];
    v.to_bytes(b);
    TimerValue back;
    EXPECT_EQ(TimerValue::from_bytes(b, back), nullptr);
    EXPECT_EQ(back, v);
  }
  std::uint8_t b[3];
  TimerValue{12, 34, 56}.to_bytes(b);
  EXPECT_EQ(upper(Bytes(b, b + 3)), "214365");
  const std::uint8_t sixty[3] = {0x00, 0x06, 0x00};  // 60 minutes
  TimerValue out;
  EXPECT_STREQ(TimerValue::from_bytes(sixty, out), "Timer value minutes or seconds above 59");
}

}  // namespace test_cat_codecs
