// ES5 over HTTPS (SGP.02 §2.4.4; GP Amendment B; models/twinmodels/platform/
// sm_sr_https.cpp) with a modem carrying the eUICC's BIP channel and a real
// card-core eUICC: the SM-SR's push SMS, the card's PSK-TLS session to the
// SM-SR's admin server, the function's script as the answer to its POST,
// the R-APDUs deciding it; a wrong PSK, a lost push or its lost PoR, SMS
// when the card has no SCP81 keys, the script status of an absent ISD-P,
// and requests the admin server refuses (the SM-SR change over HTTPS:
// test_smsr_https_change.cpp).
#include "https_rig.hpp"

#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/scp81/tls_psk_client.hpp"

namespace twinmodels::testing {
namespace test_smsr_https {

using cardcore::Bytes;
using cardcore::from_hex;
using platform::Es5Transport;
using platform::ExecutionStatus;
using Kind = platform::FunctionCall::Kind;

TEST(SmSrHttps, EnableProfileOverHttpsEndToEnd) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  ASSERT_EQ(smsr.transport(eid), Es5Transport::Https);
  // The SM-SR's address for the notifications, over HTTPS too.
  smsr.call(rig.call(Kind::UpdateConnectivityParameters, "h1"));
  Carried c = rig.carry_all(smsr);
  // The push: the trigger with the admin server's address, host, URI and
  // the PSK identity, in two short messages.
  EXPECT_EQ(c.most_messages, 2u);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  EXPECT_EQ(rig.e.admin_refusal(), "");
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
  ASSERT_TRUE(rig.e.admin_session());
  EXPECT_EQ(rig.e.admin_session()->outcome(), cardcore::scp81::AdminSession::Outcome::Completed);
  EXPECT_EQ(rig.e.admin_session()->scripts_run(), 1u);

  smsr.call(rig.call(Kind::EnableProfile, "h2", kIsdP2));
  c = rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.function, "ES4.EnableProfile");
  EXPECT_EQ(r.iccid, rig.iccid(kIsdP2));
  // The session ended (the card closed its channel), then the REFRESH
  // restarted the card: no session left.
  EXPECT_EQ(rig.ip_network.closes, 2u);
  EXPECT_EQ(rig.e.admin_session(), nullptr);
  // The card switched; the device restarted on the foreign subscription and
  // attached with its IMSI; the eUICC's notification reached the SM-SR.
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP2));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(4));
  ASSERT_EQ(rig.network.notifications.size(), 1u);
  EXPECT_EQ(rig.network.notifications[0].type, cardcore::euicc::notification::kProfileChangeSucceeded);
  EXPECT_EQ(rig.network.notifications[0].iccid, rig.iccid(kIsdP2));
  const platform::Eis* eis = smsr.eis(eid);
  ASSERT_TRUE(eis && eis->enabled());
  EXPECT_EQ(eis->enabled()->iccid, rig.iccid(kIsdP2));
  EXPECT_EQ(eis->by_iccid(rig.iccid(kIsdP1))->state, platform::ProfileState::Disabled);
  // The confirmation goes over HTTPS as well, to the foreign number's device.
  ASSERT_TRUE(rig.e.pending_notification());
  EXPECT_EQ(smsr.pending(eid), 1u);
  rig.carry_all(smsr);
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(eid), 0u);
  // Three sessions, each closed by the card; nothing refused.
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 3u);
  EXPECT_EQ(rig.ip_network.closes, 3u);
  EXPECT_EQ(rig.ip_network.unreachable, 0u);
  EXPECT_TRUE(smsr.https_errors().empty());
  EXPECT_EQ(rig.network.undeliverable, 0u);
}

TEST(SmSrHttps, AWrongPskFailsTheFunctionAndChangesNothing) {
  HttpsRig rig;
  const std::string eid = rig.e.eid();
  // An SM-SR whose PSK for version '40' is not the card's.
  platform::SmSrConfig config = foreign_https_config();
  platform::SmSr other(config);
  other.register_eis(*rig.smsr_platform.eis(eid), isd_r_config(),
                     platform::Scp81Key{0x40, 0x01, from_hex("00112233445566778899aabbccddeeff")});
  rig.ip_network.add(kForeignAdminIp, other);
  ASSERT_EQ(other.transport(eid), Es5Transport::Https);
  other.call(rig.call(Kind::EnableProfile, "w1", kIsdP2));
  rig.carry_all(other);
  const platform::FunctionResult r = ChangeRig::only_result(other);
  EXPECT_EQ(r.status, ExecutionStatus::Failed) << platform::describe(r);
  EXPECT_EQ(r.subject, "eUICC");
  EXPECT_EQ(r.reason, "Security failure");
  EXPECT_FALSE(r.message.empty());
  // One session, failed in its handshake on the card too, its channel closed.
  EXPECT_EQ(rig.ip_network.server(kForeignAdminIp)->connections, 1u);
  EXPECT_EQ(rig.ip_network.closes, 1u);
  ASSERT_TRUE(rig.e.admin_session());
  EXPECT_EQ(rig.e.admin_session()->outcome(), cardcore::scp81::AdminSession::Outcome::Failed);
  EXPECT_EQ(rig.e.admin_session()->scripts_run(), 0u);
  ASSERT_EQ(other.https_errors().size(), 1u);
  EXPECT_EQ(other.https_errors()[0].rfind(platform::SmSr::psk_identity(eid, {0x40, 0x01, {}}) + ": TLS: ", 0), 0u)
      << other.https_errors()[0];
  // Nothing changed: the card, the device, the EIS; nothing left to send.
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP1));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(other.eis(eid)->enabled()->iccid, rig.iccid(kIsdP1));
  EXPECT_EQ(other.pending(eid), 0u);
  EXPECT_TRUE(other.take_outgoing(kScts).empty());
  EXPECT_TRUE(rig.network.notifications.empty());
}

TEST(SmSrHttps, ALostPushIsSentAgainThenTheFunctionExpires) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  smsr.call(rig.call(Kind::EnableProfile, "p1", kIsdP2));
  smsr.call(rig.call(Kind::AuditEis, "p2"));
  for (int attempt = 0; attempt < 3; ++attempt) {
    rig.carry_all(smsr, PorPath::Undelivered);
  }
  std::vector<platform::FunctionResult> results = smsr.take_results();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].call_id, "p1");
  EXPECT_EQ(results[0].status, ExecutionStatus::Expired);
  EXPECT_EQ(results[0].subject, "eUICC");
  EXPECT_EQ(results[0].reason, "No response");
  EXPECT_EQ(results[0].message, "3 attempts");
  EXPECT_EQ(rig.network.undeliverable, 3u);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 0u);
  EXPECT_EQ(rig.e.admin_session(), nullptr);
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP1));
  EXPECT_EQ(smsr.eis(eid)->enabled()->iccid, rig.iccid(kIsdP1));
  // The audit goes next, over HTTPS, its push's counter past the lost ones.
  EXPECT_EQ(smsr.pending(eid), 1u);
  rig.carry_all(smsr);
  const platform::FunctionResult audit = rig.only_result();
  EXPECT_EQ(audit.status, ExecutionStatus::Success) << platform::describe(audit);
  EXPECT_EQ(audit.call_id, "p2");
  EXPECT_EQ(smsr.eis(eid)->free_nonvolatile_memory, std::optional<std::uint32_t>(rig.e.free_profile_memory()));
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
  EXPECT_EQ(smsr.pending(eid), 0u);
}

TEST(SmSrHttps, ACardWithoutScp81KeysIsReachedBySms) {
  HttpsRig rig(false);
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  EXPECT_FALSE(smsr.eis(eid)->isd_r_psk_version);
  ASSERT_EQ(smsr.transport(eid), Es5Transport::Sms);
  smsr.call(rig.call(Kind::UpdateConnectivityParameters, "s1"));
  rig.carry_all(smsr);
  EXPECT_EQ(rig.only_result().status, ExecutionStatus::Success);
  smsr.call(rig.call(Kind::EnableProfile, "s2", kIsdP2));
  rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP2));
  EXPECT_EQ(rig.modem.imsi(), imsi_of(4));
  EXPECT_EQ(smsr.eis(eid)->enabled()->iccid, rig.iccid(kIsdP2));
  ASSERT_EQ(rig.network.notifications.size(), 1u);
  rig.carry_all(smsr);  // the confirmation
  EXPECT_FALSE(rig.e.pending_notification());
  EXPECT_EQ(smsr.pending(eid), 0u);
  // No session: no channel opened, nothing on the admin server.
  EXPECT_EQ(rig.e.admin_session(), nullptr);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 0u);
  EXPECT_EQ(rig.ip_network.bytes_up, 0u);
  EXPECT_TRUE(smsr.https_errors().empty());
}

// A TLS client with the card's identity and PSK sends `request`; the
// admin server's answer, and whether it kept the connection.
struct Posted {
  std::string answer;
  bool open = false;
};
Posted post(platform::SmSr& smsr, const std::string& eid, const std::string& request) {
  const std::string identity = platform::SmSr::psk_identity(eid, {0x40, 0x01, {}});
  cardcore::scp81::TlsPskClient client(Bytes(identity.begin(), identity.end()), kFactoryPsk);
  const std::uint32_t id = smsr.https_accept();
  client.start();
  for (int i = 0; i < 10 && client.state() == cardcore::scp81::TlsPskClient::State::Handshaking; ++i) {
    client.feed(smsr.https_receive(id, client.take_outgoing()));
  }
  EXPECT_EQ(client.state(), cardcore::scp81::TlsPskClient::State::Established) << client.error();
  client.write(Bytes(request.begin(), request.end()));
  client.feed(smsr.https_receive(id, client.take_outgoing()));
  const Bytes a = client.take_application_data();
  return {std::string(a.begin(), a.end()), smsr.https_open(id)};
}

TEST(SmSrHttps, TheAdminServerRefusesMalformedPostsAndWrongAdminHeaders) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  const std::string from = "X-Admin-From: //se-id/eid/" + eid + "\r\n";
  const std::string start = "POST /gp/ram HTTP/1.1\r\nHost: smsr.cmcc.example\r\n";
  const std::string protocol = "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n";
  struct Case {
    std::string request;
    std::string error;
  };
  const std::vector<Case> cases = {
      {start + "X-Admin-Protocol: globalplatform-remote-admin/2.0\r\n" + from + "Content-Length: 0\r\n\r\n",
       "admin protocol: X-Admin-Protocol globalplatform-remote-admin/2.0"},
      {start + from + "Content-Length: 0\r\n\r\n", "admin protocol: no X-Admin-Protocol"},
      {start + protocol + "Content-Length: 0\r\n\r\n", "admin protocol: no X-Admin-From"},
      {"GET /gp/ram HTTP/1.1\r\nHost: smsr.cmcc.example\r\n" + protocol + from + "\r\n",
       "admin protocol: method GET, not POST"},
      {start + protocol + from + "X-Admin-Script-Status: ok\r\nContent-Length: 4\r\n\r\nAB02",
       "admin protocol: Content-Type missing for a response script"},
      {start + protocol + from + "X-Admin-Script-Status: all-fine\r\n\r\n", "admin protocol: X-Admin-Script-Status all-fine"},
      {start + "X-Admin-Protocol : globalplatform-remote-admin/1.0\r\n\r\n", "admin protocol: HTTP: "},
  };
  for (const Case& c : cases) {
    const Posted p = post(smsr, eid, c.request);
    EXPECT_EQ(p.answer.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << p.answer;
    EXPECT_NE(p.answer.find(c.error.substr(std::string("admin protocol: ").size())), std::string::npos) << p.answer;
    EXPECT_FALSE(p.open);
    ASSERT_FALSE(smsr.https_errors().empty());
    const std::string prefix = platform::SmSr::psk_identity(eid, {0x40, 0x01, {}}) + ": " + c.error;
    EXPECT_EQ(smsr.https_errors().back().rfind(prefix, 0), 0u) << smsr.https_errors().back();
  }
  EXPECT_EQ(smsr.https_errors().size(), cases.size());
  // A well-formed first POST with nothing to send: 204, the session ends.
  const Posted ok = post(smsr, eid, start + protocol + from + "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(ok.answer.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << ok.answer;
  EXPECT_FALSE(ok.open);
  // An identity the SM-SR does not know fails the handshake.
  cardcore::scp81::TlsPskClient stranger(Bytes{'x', 'y'}, kFactoryPsk);
  const std::uint32_t id = smsr.https_accept();
  stranger.start();
  for (int i = 0; i < 10 && stranger.state() == cardcore::scp81::TlsPskClient::State::Handshaking; ++i) {
    stranger.feed(smsr.https_receive(id, stranger.take_outgoing()));
  }
  EXPECT_EQ(stranger.state(), cardcore::scp81::TlsPskClient::State::Failed);
  EXPECT_FALSE(smsr.https_open(id));
  EXPECT_EQ(smsr.https_errors().back().rfind("xy: TLS: ", 0), 0u) << smsr.https_errors().back();
  // Nothing reached the card or the EIS.
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(eid), 0u);
  EXPECT_EQ(rig.e.admin_session(), nullptr);
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP1));
}

TEST(SmSrHttps, APushWhosePorIsLostStillHasItsSessionServeTheFunction) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  smsr.call(rig.call(Kind::AuditEis, "q1"));
  // The card took the push, its PoR did not come back: the SM-SR counts a
  // failed attempt, then the card's session comes and takes the audit.
  rig.carry_all(smsr, PorPath::Lost);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(r.call_id, "q1");
  EXPECT_EQ(smsr.eis(eid)->free_nonvolatile_memory, std::optional<std::uint32_t>(rig.e.free_profile_memory()));
  EXPECT_EQ(smsr.pending(eid), 0u);
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
  EXPECT_EQ(rig.ip_network.closes, 1u);
  EXPECT_EQ(rig.e.admin_session()->outcome(), cardcore::scp81::AdminSession::Outcome::Completed);
}

TEST(SmSrHttps, SendDataToAnIsdPTheCardDoesNotHaveIsRefusedByItsScriptStatus) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  platform::FunctionCall f = es4(Kind::SendData, "d1", eid, {});
  f.interface = "ES3";
  f.sd_aid = from_hex("A0000005591010FFFFFFFF8900001200");
  f.script = ota::encode_expanded_script(std::vector<Bytes>{from_hex("80CA006600")});
  smsr.call(f);
  rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.function, "ES3.SendData");
  EXPECT_EQ(r.status, ExecutionStatus::Failed) << platform::describe(r);
  EXPECT_EQ(r.subject, "eUICC");
  EXPECT_EQ(r.reason, "Refused");
  EXPECT_EQ(r.message, "X-Admin-Script-Status: unknown-application");
  EXPECT_EQ(smsr.pending(eid), 0u);
  EXPECT_EQ(rig.ip_network.server(kCmccAdminIp)->connections, 1u);
  EXPECT_EQ(rig.ip_network.closes, 1u);
  EXPECT_EQ(rig.e.admin_session()->outcome(), cardcore::scp81::AdminSession::Outcome::Completed);
  EXPECT_TRUE(smsr.https_errors().empty());
  EXPECT_EQ(card_enabled(rig), hex_of(kIsdP1));
}

// An agent with the card's identity and PSK that posts what the test says.
struct Agent {
  cardcore::scp81::TlsPskClient client;
  platform::SmSr& smsr;
  std::uint32_t id;
  Agent(platform::SmSr& s, const std::string& identity)
      : client(Bytes(identity.begin(), identity.end()), kFactoryPsk), smsr(s), id(s.https_accept()) {
    client.start();
    for (int i = 0; i < 10 && client.state() == cardcore::scp81::TlsPskClient::State::Handshaking; ++i) {
      client.feed(smsr.https_receive(id, client.take_outgoing()));
    }
  }
  std::string exchange(const std::string& request) {
    client.write(Bytes(request.begin(), request.end()));
    client.feed(smsr.https_receive(id, client.take_outgoing()));
    const Bytes a = client.take_application_data();
    return std::string(a.begin(), a.end());
  }
};

TEST(SmSrHttps, AResponseScriptThatDoesNotDecodeCountsAsAFailedAttempt) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  smsr.call(rig.call(Kind::AuditEis, "m1"));
  ASSERT_EQ(smsr.take_outgoing(kScts).size(), 1u);  // the push, not delivered here
  Agent agent(smsr, platform::SmSr::psk_identity(eid, {0x40, 0x01, {}}));
  ASSERT_EQ(agent.client.state(), cardcore::scp81::TlsPskClient::State::Established) << agent.client.error();
  const std::string head = "POST /gp/ram HTTP/1.1\r\nHost: smsr.cmcc.example\r\n"
                           "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\nX-Admin-From: //se-id/eid/" + eid + "\r\n";
  // The first POST gets the audit's script.
  const std::string first = agent.exchange(head + "Content-Length: 0\r\n\r\n");
  EXPECT_EQ(first.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << first;
  EXPECT_NE(first.find("X-Admin-Next-URI: /gp/ram/1\r\n"), std::string::npos) << first;
  // R-APDUs that are no expanded response ('AB' whose length runs past the body).
  const std::string second = agent.exchange(
      head + "X-Admin-Script-Status: ok\r\nContent-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0\r\n"
             "Content-Length: 3\r\n\r\n\xAB\x05\x80");
  EXPECT_EQ(second.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << second;
  EXPECT_FALSE(smsr.https_open(agent.id));
  ASSERT_EQ(smsr.https_errors().size(), 1u);
  EXPECT_NE(smsr.https_errors()[0].find("a response script that does not decode"), std::string::npos)
      << smsr.https_errors()[0];
  // One attempt of three gone: no result yet, the audit pushed again.
  EXPECT_TRUE(smsr.take_results().empty());
  EXPECT_EQ(smsr.pending(eid), 1u);
  EXPECT_FALSE(smsr.eis(eid)->free_nonvolatile_memory);
  // The real card's session then completes it.
  rig.carry_all(smsr);
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, ExecutionStatus::Success) << platform::describe(r);
  EXPECT_EQ(smsr.eis(eid)->free_nonvolatile_memory, std::optional<std::uint32_t>(rig.e.free_profile_memory()));
  EXPECT_EQ(smsr.pending(eid), 0u);
}

}  // namespace test_smsr_https
}  // namespace twinmodels::testing

namespace twinmodels::testing {
namespace test_smsr_https {

// The admin server refused the eUICC's connection (it held its most
// sessions): each refusal is a failed attempt, the push goes again, and
// after max_attempts (3) the function expires.
TEST(SmSrHttps, ARefusedConnectionIsAFailedAttemptAndThePushGoesAgain) {
  HttpsRig rig;
  platform::SmSr& smsr = rig.smsr_platform;
  const std::string eid = rig.e.eid();
  smsr.call(rig.call(platform::FunctionCall::Kind::UpdateConnectivityParameters, "r1"));
  for (int attempt = 1; attempt <= 3; ++attempt) {
    SCOPED_TRACE(attempt);
    const std::vector<platform::OutgoingSms> out = smsr.take_outgoing(kScts);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].push);
    EXPECT_TRUE(smsr.take_results().empty());
    smsr.https_refused(eid);
  }
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
  const platform::FunctionResult r = rig.only_result();
  EXPECT_EQ(r.status, platform::ExecutionStatus::Expired) << platform::describe(r);
  // A refusal with nothing waiting changes nothing.
  smsr.https_refused(eid);
  EXPECT_TRUE(smsr.take_outgoing(kScts).empty());
}

}  // namespace test_smsr_https
}  // namespace twinmodels::testing
