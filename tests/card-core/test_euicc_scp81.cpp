// The eUICC's ISD-R over HTTPS (SGP.02 §2.4.4; GP Amendment B; scp81/): a
// push SMS to the ISD-R starts an SCP81 session, which the terminal carries
// over BIP to an in-test TLS-PSK and admin server (scp81_loopback.hpp); its
// scripts run on the ISD-R and on the ISD-P the server names, all through
// the eUICC's APDUs (ENVELOPE, FETCH, TERMINAL RESPONSE).
#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/trigger.hpp"
#include "euicc_fixture.hpp"
#include "scp81_loopback.hpp"

namespace cardcore::testing {
namespace {

const Bytes kPsk = from_hex("0f0e0d0c0b0a09080706050403020100");
const std::string kIdentity = "eid-89049032-isdr-40-01";

class EuiccScp81 : public EuiccTest {
 protected:
  void more_personalization(euicc::EuiccPersonalization& p) override {
    euicc::Scp81Personalization a;
    a.defaults.connection.bearer = cat::BearerDescription{cat::BearerDescription::kDefault, {}};
    a.defaults.connection.buffer = cat::BufferSize{1024};
    a.defaults.connection.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, 443};
    a.defaults.connection.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, {192, 0, 2, 1}};
    a.defaults.http.host = "smsr.example";
    a.defaults.http.uri = "/gp/ram";
    a.defaults.http.agent_id = "//se-id/eid/" + kEid;
    a.key_version = 0x40;
    a.key_id = 0x01;
    a.psk = kPsk;
    p.scp81 = a;
  }

  // The push (GP Amd B Table 3-3) naming the PSK `kvn`/`kid`.
  Bytes trigger(std::uint8_t kvn = 0x40, std::uint8_t kid = 0x01) {
    scp81::AdminTrigger t;
    t.security = scp81::SecurityParams{Bytes(kIdentity.begin(), kIdentity.end()), kvn, kid, std::nullopt};
    return scp81::encode(t);
  }

  // Runs the terminal's side until the session ends: FETCH and TERMINAL
  // RESPONSE while the card has a command, the events the terminal has
  // otherwise; `sw` is the answer that announced the first command.
  void carry(std::string sw, scp81_test::Terminal& terminal) {
    for (int guard = 0; guard < 2000 && !e.admin_session()->finished(); ++guard) {
      if (sw.size() == 4 && sw.substr(0, 2) == "91") {
        const std::string fetched = send("80120000" + sw.substr(2));
        ASSERT_EQ(fetched.substr(fetched.size() - 4), "9000");
        const Bytes command = from_hex(fetched.substr(0, fetched.size() - 4));
        cat::TerminalResponse tr;
        ASSERT_NO_FATAL_FAILURE(terminal.respond(command, tr));
        const Bytes b = cat::encode(tr);
        sw = send("80140000" + hex8(static_cast<unsigned>(b.size())) + upper_hex(b));
        continue;
      }
      const auto events = terminal.take_events();
      ASSERT_FALSE(events.empty()) << "the session waits for nothing";
      for (const cat::EventDownload& ev : events) {
        const Bytes b = cat::encode(ev);
        sw = send("80C20000" + hex8(static_cast<unsigned>(b.size())) + upper_hex(b));
      }
    }
  }
};

TEST_F(EuiccScp81, APushSmsRunsScriptsOnTheIsdRAndAnIsdPOverHttps) {
  // GET DATA EID for the ISD-R; for the China Mobile ISD-P a STORE DATA
  // outside its SCP03 session, which it refuses.
  const Bytes script1 = from_hex("AA07" "2205" "80CA005A00");
  const Bytes script2 = from_hex("AA0D" "220B" "80E28800063A0903810101");
  scp81_test::TlsPskServer server(kIdentity, kPsk);
  scp81_test::AdminServer admin;
  admin.responses = {scp81_test::length_script_response(script1, "X-Admin-Next-URI: /gp/ram/2\r\n"),
                     scp81_test::length_script_response(script2, "X-Admin-Targeted-Application: " +
                                                                      scp81::format_aid_uri(from_hex(kIsdP1)) +
                                                                      "\r\nX-Admin-Next-URI: /gp/ram/3\r\n"),
                     scp81_test::kNoContent};
  EXPECT_EQ(es5(upper_hex(trigger())), "");
  ASSERT_NE(e.admin_session(), nullptr) << e.admin_refusal();
  ASSERT_EQ(last_sw.substr(0, 2), "91");  // OPEN CHANNEL
  scp81_test::Terminal terminal(*e.admin_session(), server, admin);
  carry(last_sw, terminal);
  EXPECT_EQ(e.admin_session()->outcome(), scp81::AdminSession::Outcome::Completed) << e.admin_session()->failure();
  EXPECT_EQ(e.admin_session()->scripts_run(), 2u);
  ASSERT_EQ(admin.requests.size(), 3u);
  EXPECT_EQ(upper_hex(admin.requests[1].body), "AB1980010123" "14" "5A10" + kEid + "9000");
  EXPECT_EQ(upper_hex(admin.requests[2].body), "AB078001012302" "6982");
  EXPECT_EQ(terminal.command_types.front(), cat::command::kOpenChannel);
  EXPECT_EQ(terminal.command_types.back(), cat::command::kCloseChannel);
  EXPECT_EQ(info(kIsdP1)->pol1, 0);
}

TEST_F(EuiccScp81, TriggersTheIsdRCannotServeStartNothing) {
  EXPECT_EQ(es5(upper_hex(trigger(0x41))), "");  // a PSK the ISD-R does not have
  EXPECT_EQ(e.admin_session(), nullptr);
  EXPECT_FALSE(e.admin_refusal().empty());
  EXPECT_EQ(es5("8101FF"), "");  // not a trigger
  EXPECT_EQ(e.admin_session(), nullptr);
  EXPECT_FALSE(e.admin_refusal().empty());
}

// Euicc::personalize writes the factory PSK and the defaults, or nothing.
TEST(EuiccScp81Personalization, RefusesWhatTheNvmCannotHold) {
  euicc::Euicc card{euicc_platform()};
  euicc::EuiccPersonalization p;
  p.eid = kEid;
  p.isd_r_keys = {{isd_r_keys().kic_key, isd_r_keys().kid_key}};
  euicc::Scp81Personalization a;
  a.defaults.http.host = "smsr.example";
  a.psk = kPsk;
  a.key_version = 0x01;  // an SCP80 version
  p.scp81 = a;
  EXPECT_THROW(card.personalize(p), std::invalid_argument);
  p.scp81->key_version = 0x40;
  p.scp81->defaults.http.agent_id = std::string(300, 'a');  // over EF.SCP81_CONFIG
  EXPECT_THROW(card.personalize(p), std::invalid_argument);
  EXPECT_TRUE(euicc::read_scp81_psks(card.platform()).empty());
  EXPECT_FALSE(euicc::read_scp81_defaults(card.platform()));
  p.scp81->defaults.http.agent_id = "//se-id/eid/" + kEid;
  card.personalize(p);
  ASSERT_EQ(euicc::read_scp81_psks(card.platform()).size(), 1u);
  EXPECT_EQ(euicc::read_scp81_psks(card.platform())[0].psk, kPsk);
  const std::optional<scp81::SessionDefaults> d = euicc::read_scp81_defaults(card.platform());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->http, p.scp81->defaults.http);
}

}  // namespace
}  // namespace cardcore::testing
