// SCP81 end to end through a loopback (card-core/cardcore/scp81/): the
// card's AdminSession drives an in-test terminal (BIP OPEN CHANNEL / SEND
// DATA / RECEIVE DATA / CLOSE CHANNEL, data available and channel status
// events) that pipes the bytes to an in-test TLS-PSK server and GP
// Amendment B admin server (scp81_loopback.hpp). The server sends two
// scripts (the second for an ISD-P, in the indefinite form) and then 204;
// a fake security domain runs them with card-core's script runner.
// Failures: wrong PSK, unknown PSK identity, 500, garbage, a truncated
// chunked body, the link dropping mid-session, OPEN CHANNEL refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cardcore/remote/script_runner.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/admin_session.hpp"
#include "scp81_loopback.hpp"

namespace test_scp81_loopback {

using scp81_test::AdminServer;
using scp81_test::Terminal;
using LoopbackServer = scp81_test::TlsPskServer;
using namespace cardcore;
using namespace cardcore::scp81;

const Bytes kIsdR = from_hex("A0000005591010FFFFFFFF8900000100");
const Bytes kIsdP = from_hex("A0000005591010FFFFFFFF8900001000");
const Bytes kPsk = from_hex("00112233445566778899AABBCCDDEEFF");
const std::string kIdentity = "eid-89049032-isdr-40-01";
const std::string kAgent = "//se-id/eid/89049032123456789012345678901234;//aa-id/aid/A000000559/1010FFFFFFFF8900000100";

// GET STATUS (GP §11.4) and GET DATA EID for the ISD-R, definite form.
const Bytes kScript1 = from_hex("AA11" "2208" "80F24002024F0000" "2205" "80CA005A00");
// GET STATUS for the ISD-P, indefinite form (TS 102 226 §5.2.1).
const Bytes kScript2 = from_hex("AE80" "2208" "80F28002024F0000" "0000");
// The fake SD answers data E3 02 INS P1 and 90 00 to each.
const Bytes kResponse1 = from_hex("AB13" "800102" "2306E302F2409000" "2306E302CA009000");
const Bytes kResponse2 = from_hex("AF80" "2306E302F2809000" "0000");

using scp81_test::text;

std::string chunked_script_response(const Bytes& script, const std::string& extra) {
  // Two chunks, split after the first 5 bytes.
  const std::string body = text(script);
  char a[16], b[16];
  std::snprintf(a, sizeof a, "%X", 5u);
  std::snprintf(b, sizeof b, "%zX", body.size() - 5);
  return "HTTP/1.1 200 OK\r\n"
         "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
         "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n" +
         extra + "Transfer-Encoding: chunked\r\n\r\n" + a + "\r\n" + body.substr(0, 5) + "\r\n" + b + "\r\n" +
         body.substr(5) + "\r\n0\r\n\r\n";
}

using scp81_test::kNoContent;
using scp81_test::length_script_response;

std::vector<std::string> two_scripts_then_204() {
  return {chunked_script_response(kScript1, "X-Admin-Next-URI: /gp/next/1\r\n"),
          length_script_response(kScript2, "X-Admin-Targeted-Application: " + format_aid_uri(kIsdP) +
                                               "\r\nX-Admin-Next-URI: /gp/next/2\r\n"),
          kNoContent};
}

SessionConfig config() {
  SessionConfig c;
  c.open.qualifier = cat::OpenChannel::kImmediateLink;
  c.open.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
  c.open.buffer = cat::BufferSize{1400};
  c.open.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
  c.open.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {192, 0, 2, 10}};
  c.psk_identity = Bytes(kIdentity.begin(), kIdentity.end());
  c.psk = kPsk;
  c.host = "smsr.example";
  c.uri = "/gp/admin";
  c.agent_id = kAgent;
  c.sd_aid = kIsdR;
  return c;
}

// The fake security domain: records every C-APDU it runs and the AID the
// script was for, answers with card-core's expanded-format script runner.
struct FakeSd {
  std::vector<Bytes> capdus;
  std::vector<Bytes> targets;
  std::vector<Bytes> scripts;
  ScriptCallback callback() {
    return [this](ByteView script, ByteView aid) {
      scripts.emplace_back(script.begin(), script.end());
      targets.emplace_back(aid.begin(), aid.end());
      return remote::run_unchained_script(
          script,
          [this](ByteView capdu, Uicc::RemoteTransport, Bytes& data) -> StatusWord {
            capdus.emplace_back(capdu.begin(), capdu.end());
            data = {0xE3, 0x02, capdu[1], capdu[2]};
            return sw::kOk;
          },
          remote::CompactInstructions::SecurityDomain);
    };
  }
};

// One whole loopback run.
struct Loop {
  FakeSd sd;
  AdminServer admin;
  LoopbackServer server;
  AdminSession session;
  Terminal terminal;

  explicit Loop(std::vector<std::string> responses, Bytes server_key = kPsk, std::string server_identity = kIdentity,
                SessionConfig c = config(), std::optional<Bytes> server_seed = std::nullopt)
      : server(std::move(server_identity), std::move(server_key), std::move(server_seed)),
        session(std::move(c), sd.callback()),
        terminal(session, server, admin) {
    admin.responses = std::move(responses);
  }
  void run() { terminal.run(session.start()); }
};

void expect_closed_at_the_end(const Loop& l) {
  EXPECT_TRUE(l.session.finished());
  EXPECT_EQ(l.terminal.closes, 1u);
  EXPECT_FALSE(l.terminal.channel_open);
  ASSERT_FALSE(l.terminal.command_types.empty());
  EXPECT_EQ(l.terminal.command_types.back(), cat::command::kCloseChannel);
  EXPECT_EQ(l.terminal.command_types.front(), cat::command::kOpenChannel);
}

TEST(Scp81Loopback, TwoScriptsThen204) {
  Loop l(two_scripts_then_204());
  l.run();
  ASSERT_EQ(l.session.outcome(), AdminSession::Outcome::Completed) << l.session.failure();
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.session.scripts_run(), 2u);
  EXPECT_EQ(l.session.channel(), 1);

  // TLS: the PSK identity went out, the preferred suite was agreed.
  EXPECT_EQ(l.server.seen_identity(), kIdentity);
  EXPECT_EQ(l.server.cipher(), "PSK-AES128-GCM-SHA256");
  EXPECT_EQ(l.session.cipher(), "PSK-AES128-GCM-SHA256");
  EXPECT_TRUE(l.server.peer_closed()) << "close_notify before CLOSE CHANNEL";

  // The SD saw exactly the C-APDUs, for the right AIDs.
  ASSERT_EQ(l.sd.capdus.size(), 3u);
  EXPECT_EQ(to_hex(l.sd.capdus[0]), "80f24002024f0000");
  EXPECT_EQ(to_hex(l.sd.capdus[1]), "80ca005a00");
  EXPECT_EQ(to_hex(l.sd.capdus[2]), "80f28002024f0000");
  ASSERT_EQ(l.sd.targets.size(), 2u);
  EXPECT_EQ(l.sd.targets[0], kIsdR);  // no X-Admin-Targeted-Application: the session's SD
  EXPECT_EQ(l.sd.targets[1], kIsdP);
  EXPECT_EQ(l.sd.scripts[0], kScript1);
  EXPECT_EQ(l.sd.scripts[1], kScript2);

  // The server saw three POSTs with the X-Admin headers and the R-APDUs.
  EXPECT_TRUE(l.admin.request_errors.empty());
  ASSERT_EQ(l.admin.requests.size(), 3u);
  const std::vector<std::string> targets = {"/gp/admin", "/gp/next/1", "/gp/next/2"};
  for (std::size_t i = 0; i < 3; ++i) {
    const HttpMessage& r = l.admin.requests[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.version, "HTTP/1.1");
    EXPECT_EQ(r.target, targets[i]);
    ASSERT_NE(r.header("Host"), nullptr);
    EXPECT_EQ(*r.header("Host"), "smsr.example");
    ASSERT_NE(r.header("X-Admin-Protocol"), nullptr);
    EXPECT_EQ(*r.header("X-Admin-Protocol"), "globalplatform-remote-admin/1.0");
    ASSERT_NE(r.header("X-Admin-From"), nullptr);
    EXPECT_EQ(*r.header("X-Admin-From"), kAgent);
    EXPECT_TRUE(r.chunked);
    EXPECT_EQ(r.header("X-Admin-Resume"), nullptr);
  }
  EXPECT_TRUE(l.admin.requests[0].body.empty());
  EXPECT_EQ(l.admin.requests[0].header("Content-Type"), nullptr);
  EXPECT_EQ(l.admin.requests[0].header("X-Admin-Script-Status"), nullptr);
  EXPECT_EQ(l.admin.requests[1].body, kResponse1);
  EXPECT_EQ(l.admin.requests[2].body, kResponse2);
  for (std::size_t i = 1; i < 3; ++i) {
    ASSERT_NE(l.admin.requests[i].header("Content-Type"), nullptr);
    EXPECT_EQ(*l.admin.requests[i].header("Content-Type"),
              "application/vnd.globalplatform.card-content-mgt-response;version=1.0");
    ASSERT_NE(l.admin.requests[i].header("X-Admin-Script-Status"), nullptr);
    EXPECT_EQ(*l.admin.requests[i].header("X-Admin-Script-Status"), "ok");
  }
  // BIP: at least one RECEIVE DATA per server flight, SEND DATA the rest.
  EXPECT_EQ(l.terminal.opens, 1u);
  EXPECT_GE(l.terminal.receives, 4u);
  EXPECT_GE(l.terminal.sends, 5u);
}

TEST(Scp81Loopback, SmallTerminalBufferSplitsSendData) {
  Loop l(two_scripts_then_204());
  l.terminal.granted_buffer = 100;  // the terminal grants less than asked (result '07')
  l.run();
  ASSERT_EQ(l.session.outcome(), AdminSession::Outcome::Completed) << l.session.failure();
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.sd.capdus.size(), 3u);
  ASSERT_EQ(l.admin.requests.size(), 3u);
  EXPECT_EQ(l.admin.requests[2].body, kResponse2);
  // The TLS records of a POST do not fit 100 bytes: several SEND DATA each.
  EXPECT_GE(l.terminal.sends, 8u);
}

TEST(Scp81Loopback, ApplicationDataIsTheSameFromRunToRun) {
  // Without seeds the TLS records differ (fresh randoms), what goes
  // through does not.
  Loop a(two_scripts_then_204());
  Loop b(two_scripts_then_204());
  a.run();
  b.run();
  EXPECT_NE(a.terminal.card_sent, b.terminal.card_sent);
  ASSERT_EQ(a.admin.requests.size(), b.admin.requests.size());
  for (std::size_t i = 0; i < a.admin.requests.size(); ++i) {
    EXPECT_EQ(a.admin.requests[i].target, b.admin.requests[i].target);
    EXPECT_EQ(a.admin.requests[i].headers, b.admin.requests[i].headers);
    EXPECT_EQ(a.admin.requests[i].body, b.admin.requests[i].body);
  }
  EXPECT_EQ(a.sd.capdus, b.sd.capdus);
  EXPECT_EQ(a.session.outcome(), b.session.outcome());
}

TEST(Scp81Loopback, SeededTlsRecordsAreTheSameFromRunToRun) {
  // Both ends seeded: every byte on the channel repeats; another card seed
  // changes them, the application data staying the same.
  auto run = [](const std::string& card_seed) {
    SessionConfig c = config();
    c.tls_seed = Bytes(card_seed.begin(), card_seed.end());
    auto l = std::make_unique<Loop>(two_scripts_then_204(), kPsk, kIdentity, c, Bytes{'s', 'r', 'v'});
    l->run();
    EXPECT_EQ(l->session.outcome(), AdminSession::Outcome::Completed) << l->session.failure();
    return l;
  };
  const auto a = run("eid-1/session-1");
  const auto b = run("eid-1/session-1");
  const auto c = run("eid-1/session-2");
  ASSERT_GT(a->terminal.card_sent.size(), 500u);
  EXPECT_EQ(a->terminal.card_sent, b->terminal.card_sent);
  EXPECT_EQ(a->terminal.card_received, b->terminal.card_received);
  EXPECT_NE(a->terminal.card_sent, c->terminal.card_sent);
  ASSERT_EQ(a->admin.requests.size(), c->admin.requests.size());
  for (std::size_t i = 0; i < a->admin.requests.size(); ++i)
    EXPECT_EQ(a->admin.requests[i].body, c->admin.requests[i].body);
  EXPECT_EQ(a->sd.capdus, c->sd.capdus);
}

TEST(Scp81Loopback, WrongPskFailsTheHandshakeAndClosesTheChannel) {
  Bytes wrong = kPsk;
  wrong[0] ^= 0x01;
  Loop l(two_scripts_then_204(), wrong);
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure().rfind("TLS: ", 0), 0u) << l.session.failure();
  expect_closed_at_the_end(l);
  EXPECT_FALSE(l.server.established());
  EXPECT_TRUE(l.server.failed());
  EXPECT_EQ(l.session.scripts_run(), 0u);
  EXPECT_TRUE(l.sd.capdus.empty());
  EXPECT_TRUE(l.admin.requests.empty());
}

TEST(Scp81Loopback, UnknownPskIdentityFailsTheHandshake) {
  Loop l(two_scripts_then_204(), kPsk, "someone-else");
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure().rfind("TLS: ", 0), 0u) << l.session.failure();
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.server.seen_identity(), kIdentity);
  EXPECT_TRUE(l.sd.capdus.empty());
}

TEST(Scp81Loopback, ServerErrorEndsTheSession) {
  Loop l({"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!"});
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure(), "HTTP: HTTP status 500 Internal Server Error");
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.admin.requests.size(), 1u);
  EXPECT_TRUE(l.sd.capdus.empty());
  EXPECT_TRUE(l.server.peer_closed());
}

TEST(Scp81Loopback, GarbageEndsTheSession) {
  Loop l({"\x16\x03garbage that is no HTTP\r\n\r\n"});
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure(), "HTTP: not an HTTP/1.x status line");
  expect_closed_at_the_end(l);
  EXPECT_TRUE(l.sd.capdus.empty());
}

TEST(Scp81Loopback, TruncatedChunkedBodyRunsNoScript) {
  // The chunk says 0x40 bytes, 10 come, then the server closes.
  Loop l({"HTTP/1.1 200 OK\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
          "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n"
          "Transfer-Encoding: chunked\r\n\r\n40\r\n" +
          text(kScript1).substr(0, 10)});
  l.admin.close_after_last = true;
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure(), "HTTP: connection closed in the chunked body");
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.session.scripts_run(), 0u);
  EXPECT_TRUE(l.sd.capdus.empty());
}

TEST(Scp81Loopback, LinkDroppedMidSession) {
  Loop l(two_scripts_then_204());
  l.terminal.drop_link_after_requests = 2;  // after the first script's results went out
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure(), "channel status: link dropped");
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.session.scripts_run(), 1u);
  EXPECT_EQ(l.sd.capdus.size(), 2u);
  EXPECT_EQ(l.admin.requests.size(), 2u);
  EXPECT_EQ(l.admin.requests[1].body, kResponse1);
}

TEST(Scp81Loopback, ScriptWithoutNextUriEndsTheSession) {
  Loop l({length_script_response(kScript1, "")});
  l.run();
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Completed) << l.session.failure();
  expect_closed_at_the_end(l);
  EXPECT_EQ(l.session.scripts_run(), 1u);
  EXPECT_EQ(l.sd.capdus.size(), 2u);
  EXPECT_EQ(l.admin.requests.size(), 1u);  // the results are not posted
}

TEST(Scp81Loopback, OpenChannelRefusedEndsWithoutClose) {
  Loop l(two_scripts_then_204());
  l.terminal.refuse_open = true;
  l.run();
  EXPECT_TRUE(l.session.finished());
  EXPECT_EQ(l.session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(l.session.failure(), "OPEN CHANNEL failed: result 3A 00");
  EXPECT_EQ(l.terminal.command_types, std::vector<std::uint8_t>{cat::command::kOpenChannel});
  EXPECT_TRUE(l.admin.requests.empty());
}

TEST(Scp81Loopback, EventsForOtherChannelsAndStrayResponsesAreIgnored) {
  FakeSd sd;
  AdminSession s(config(), sd.callback());
  // Before start, and with nothing awaited: nothing happens.
  cat::EventDownload ev;
  ev.event = cat::event::kChannelStatus;
  ev.channel_status = cat::ChannelStatus{0x02, 0x05};
  EXPECT_TRUE(s.on_event(ev).empty());
  const auto first = s.start();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<cat::OpenChannel>(first[0]));
  EXPECT_THROW(s.start(), std::logic_error);
  // A TERMINAL RESPONSE to some other command is not the session's.
  cat::MoreTime mt;
  cat::TerminalResponse tr;
  tr.details = cat::CommandDetails{1, cat::command::kMoreTime, 0};
  EXPECT_TRUE(s.on_terminal_response(cat::encode(mt), tr).empty());
  EXPECT_FALSE(s.finished());
  EXPECT_EQ(s.outcome(), AdminSession::Outcome::None);
}

TEST(Scp81Loopback, ScriptLongerThanOneReceiveData) {
  // 20 STORE DATA-like commands of 16 bytes: a response of some 700 bytes,
  // announced as 'FF' (more than 255) and taken in several RECEIVE DATA.
  Bytes templ;
  for (int i = 0; i < 20; ++i) {
    Bytes apdu = from_hex("80E2900010");
    for (int j = 0; j < 16; ++j) apdu.push_back(static_cast<std::uint8_t>(i * 16 + j));
    tlv::put_ber(templ, 0x22, apdu);
  }
  const Bytes script = tlv::make_ber(0xAA, templ);
  ASSERT_GT(script.size(), 400u);
  Loop l({length_script_response(script, "X-Admin-Next-URI: /n\r\n"), kNoContent});
  l.run();
  ASSERT_EQ(l.session.outcome(), AdminSession::Outcome::Completed) << l.session.failure();
  expect_closed_at_the_end(l);
  ASSERT_EQ(l.sd.capdus.size(), 20u);
  EXPECT_EQ(to_hex(l.sd.capdus[19]), "80e2900010" "303132333435363738393a3b3c3d3e3f");
  ASSERT_EQ(l.admin.requests.size(), 2u);
  const Bytes& r = l.admin.requests[1].body;
  // AB 81 A3 { 80 01 14 (20 executed), 20 x 23 06 E3 02 E2 90 90 00 }
  ASSERT_EQ(r.size(), 166u);
  EXPECT_EQ(to_hex(ByteView(r).first(6)), "ab81a3800114");
  EXPECT_EQ(to_hex(ByteView(r).last(8)), "2306e302e2909000");
  // The script's flight: announced 'FF', taken in parts of 237 bytes.
  EXPECT_NE(std::find(l.terminal.announced.begin(), l.terminal.announced.end(), 0xFF), l.terminal.announced.end());
  EXPECT_GE(std::count(l.terminal.asked.begin(), l.terminal.asked.end(), AdminSession::kMaxReceiveChunk), 2);
  for (std::uint8_t n : l.terminal.asked) EXPECT_LE(n, AdminSession::kMaxReceiveChunk);
}

TEST(Scp81Loopback, ScriptStatusCallbackReportsAnUnknownApplication) {
  FakeSd sd;
  AdminServer admin;
  admin.responses = two_scripts_then_204();
  LoopbackServer server(kIdentity, kPsk);
  std::vector<Bytes> asked;
  AdminSession session(config(), [&](ByteView script, ByteView aid) {
    asked.emplace_back(aid.begin(), aid.end());
    if (Bytes(aid.begin(), aid.end()) == kIsdP) return ScriptResult{{}, "unknown-application"};
    return ScriptResult{sd.callback()(script, aid), "ok"};
  });
  Terminal terminal(session, server, admin);
  terminal.run(session.start());
  ASSERT_EQ(session.outcome(), AdminSession::Outcome::Completed) << session.failure();
  ASSERT_EQ(asked.size(), 2u);
  ASSERT_EQ(admin.requests.size(), 3u);
  EXPECT_EQ(admin.requests[1].body, kResponse1);
  EXPECT_EQ(*admin.requests[1].header("X-Admin-Script-Status"), "ok");
  EXPECT_TRUE(admin.requests[2].body.empty());
  EXPECT_EQ(*admin.requests[2].header("X-Admin-Script-Status"), "unknown-application");
  EXPECT_EQ(admin.requests[2].header("Content-Type"), nullptr);
  EXPECT_EQ(sd.capdus.size(), 2u);
}

TEST(Scp81Loopback, UnknownScriptStatusFailsTheSession) {
  AdminServer admin;
  admin.responses = two_scripts_then_204();
  LoopbackServer server(kIdentity, kPsk);
  AdminSession session(config(), [](ByteView, ByteView) { return ScriptResult{{0xAB, 0x00}, "fine"}; });
  Terminal terminal(session, server, admin);
  terminal.run(session.start());
  EXPECT_EQ(session.outcome(), AdminSession::Outcome::Failed);
  EXPECT_EQ(session.failure(), "script runner returned an unknown script status");
  EXPECT_EQ(terminal.closes, 1u);
  EXPECT_EQ(admin.requests.size(), 1u);
}

TEST(Scp81Tls, ClientRefusesBadInputsAndEarlyWrites) {
  EXPECT_THROW(TlsPskClient({}, kPsk), std::invalid_argument);
  EXPECT_THROW(TlsPskClient(Bytes{'a', 0, 'b'}, kPsk), std::invalid_argument);
  EXPECT_THROW(TlsPskClient(Bytes(129, 'a'), kPsk), std::invalid_argument);
  EXPECT_THROW(TlsPskClient(Bytes{'a'}, {}), std::invalid_argument);
  EXPECT_THROW(TlsPskClient(Bytes{'a'}, Bytes(65, 1)), std::invalid_argument);
  TlsPskClient c(Bytes{'a'}, kPsk);
  EXPECT_EQ(c.state(), TlsPskClient::State::Idle);
  EXPECT_THROW(c.write(Bytes{1}), std::logic_error);
  c.start();
  EXPECT_EQ(c.state(), TlsPskClient::State::Handshaking);
  const Bytes hello = c.take_outgoing();
  ASSERT_GT(hello.size(), 5u);
  EXPECT_EQ(hello[0], 0x16);  // a handshake record
  EXPECT_THROW(c.write(Bytes{1}), std::logic_error);
  EXPECT_THROW(c.start(), std::logic_error);
  // A record that is no TLS: a fatal alert, the client fails.
  c.feed(from_hex("4745542f20485454502f312e310d0a0d0a"));
  EXPECT_EQ(c.state(), TlsPskClient::State::Failed);
  EXPECT_FALSE(c.error().empty());
}

}  // namespace test_scp81_loopback
