// The eUICC's ISD-R over HTTPS (SGP.02 §2.4.4; GP Amendment B; scp81/): a
// push SMS to the ISD-R starts an SCP81 session, which the terminal carries
// over BIP to an in-test TLS-PSK and admin server (scp81_loopback.hpp); its
// scripts run on the ISD-R and on the ISD-P the server names, all through
// the eUICC's APDUs (ENVELOPE, FETCH, TERMINAL RESPONSE).
#include "cardcore/ecasd/ecdh.hpp"
#include "cardcore/ecasd/x963_kdf.hpp"
#include "cardcore/euicc/isd_r_keys.hpp"
#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/trigger.hpp"
#include "euicc_fixture.hpp"
#include "scp81_loopback.hpp"

namespace cardcore::testing {
namespace test_euicc_scp81 {

const Bytes kPsk = scp81_test_psk();
const std::string kIdentity = "eid-89049032-isdr-40-01";

class EuiccScp81 : public EuiccTest {
 protected:
  void more_personalization(euicc::EuiccPersonalization& p) override { p.scp81 = scp81_test_agent(); }

  // The push (GP Amd B Table 3-3) naming the PSK `kvn`/`kid`.
  Bytes trigger(std::uint8_t kvn = 0x40, std::uint8_t kid = 0x01, const std::string& identity = kIdentity) {
    scp81::AdminTrigger t;
    t.security = scp81::SecurityParams{Bytes(identity.begin(), identity.end()), kvn, kid, std::nullopt};
    return scp81::encode(t);
  }

  // A push for PSK `kvn` (identity `identity`) in a secured packet, then the
  // session through the loopback, whose TLS server holds `server_psk` and
  // whose admin server asks for the EID once. True when a session started
  // and completed with the EID read; `refusal` keeps why none started.
  bool admin_session_reads_the_eid(std::uint8_t kvn, const std::string& identity, const Bytes& server_psk) {
    scp81_test::TlsPskServer server(identity, server_psk);
    scp81_test::AdminServer admin;
    admin.responses = {scp81_test::length_script_response(from_hex("AA07" "2205" "80CA005A00"), "X-Admin-Next-URI: /gp/ram/2\r\n"),
                       scp81_test::kNoContent};
    const scp81::AdminSession* before = e.admin_session();
    EXPECT_EQ(es5(upper_hex(trigger(kvn, 0x01, identity))), "");
    refusal = e.admin_refusal();
    if (!refusal.empty() || e.admin_session() == nullptr || e.admin_session() == before) return false;
    EXPECT_EQ(last_sw.substr(0, 2), "91");  // OPEN CHANNEL
    scp81_test::Terminal terminal(*e.admin_session(), server, admin);
    carry(last_sw, terminal);
    if (e.admin_session()->outcome() != scp81::AdminSession::Outcome::Completed) {
      refusal = "session: " + e.admin_session()->failure();
      return false;
    }
    if (admin.requests.size() != 2) {
      refusal = std::to_string(admin.requests.size()) + " requests";
      return false;
    }
    refusal = upper_hex(admin.requests[1].body);
    return refusal == "AB1980010123" "14" "5A10" + kEid + "9000";
  }

  // The new SM-SR's SCP80 key set (version 2) through the old SM-SR's keys;
  // the tests then speak as the new SM-SR.
  void take_the_new_smsrs_key_set() {
    ecasd::OffCardKeyEstablishment smsr2 = off_card(pki().smsr, 0x02, "eSK.SR2");
    const std::optional<ecasd::Scp03KeySet> derived = establish(kTarIsdR, smsr2);
    ASSERT_TRUE(derived) << failed;
    keys.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 2);
    keys.kic_key = derived->enc;
    keys.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 2);
    keys.kid_key = derived->mac;
    counter = 0;
  }

  std::string refusal;

  // Runs the terminal's side until the session ends: FETCH and TERMINAL
  // RESPONSE while the card has a command, the events the terminal has
  // otherwise; `sw` is the answer that announced the first command.
  void carry(std::string sw, scp81_test::Terminal& terminal) {
    scp81_test::carry_admin_session(
        std::move(sw), terminal, [&] { return e.admin_session()->finished(); },
        [&](const std::string& capdu) { return send(capdu); });
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

const std::string kIdentity2 = "eid-89049032-isdr-41-01";

// SGP.02 §3.8 over HTTPS: the new SM-SR establishes its SCP80 key set and
// its SCP81 PSK (as njiwa's CreateSCP81KeySet: Q '5C', PSK-TLS) with the
// ISD-R, FinaliseISDRhandover deletes the old SM-SR's key set and PSK, and
// the new SM-SR's trigger opens an admin session under its own PSK only.
TEST_F(EuiccScp81, SmsrHandoverOverHttpsGivesTheNewSmsrItsOwnPsk) {
  ASSERT_NO_FATAL_FAILURE(take_the_new_smsrs_key_set());
  ecasd::OffCardKeyEstablishment psk2 = off_card_psk(pki().smsr, 0x41, "eSK.SR2.PSK");
  const std::optional<Bytes> new_psk = establish_psk(psk2);
  ASSERT_TRUE(new_psk) << failed;
  ASSERT_NE(*new_psk, kPsk);
  std::vector<euicc::Scp81Psk> psks = euicc::read_scp81_psks(e.platform());
  ASSERT_EQ(psks.size(), 2u);
  EXPECT_EQ(psks[1].key_version, 0x41);
  EXPECT_EQ(psks[1].key_id, 0x01);
  EXPECT_EQ(psks[1].psk, *new_psk);
  // Before the handover is finalised both SM-SRs reach the ISD-R.
  EXPECT_TRUE(admin_session_reads_the_eid(0x40, kIdentity, kPsk)) << refusal;
  // FinaliseISDRhandover: DELETE [key] of the old SCP80 key set (version 1)
  // and of the old PSK (version '40'), each one transaction.
  EXPECT_EQ(es5(expanded_script({"80E4000003D20101", "80E4000003D20140"})),
            expanded_answer({"9000", "9000"}));
  EXPECT_EQ(euicc::isd_r_key_sets(e.platform()).size(), 1u);
  psks = euicc::read_scp81_psks(e.platform());
  ASSERT_EQ(psks.size(), 1u);
  EXPECT_EQ(psks[0].key_version, 0x41);
  EXPECT_EQ(euicc::free_scp81_psk_record(e.platform()), 1);
  // The last PSK stays.
  EXPECT_EQ(es5_one("80E4000003D20141"), expanded_answer({"6985"}));
  // The new SM-SR's trigger: an admin session under the new PSK.
  EXPECT_TRUE(admin_session_reads_the_eid(0x41, kIdentity2, *new_psk)) << refusal;
  // An admin server with the old PSK cannot finish the handshake with it.
  EXPECT_FALSE(admin_session_reads_the_eid(0x41, kIdentity2, kPsk));
  EXPECT_NE(refusal.find("session"), std::string::npos) << refusal;
  // The old version starts nothing.
  EXPECT_FALSE(admin_session_reads_the_eid(0x40, kIdentity, kPsk));
  EXPECT_NE(e.admin_refusal().find("no PSK"), std::string::npos) << e.admin_refusal();
}

TEST_F(EuiccScp81, ThePskIsInNvmAndSurvivesPowerCycles) {
  ecasd::OffCardKeyEstablishment psk2 = off_card_psk(pki().smsr, 0x41, "eSK.SR2.PSK");
  const std::optional<Bytes> new_psk = establish_psk(psk2);
  ASSERT_TRUE(new_psk) << failed;
  for (int i = 0; i < 2; ++i) {
    e.power_off();
    start();
  }
  // Record 1 the factory's, record 2 the new one, as EF.SCP81_PSK holds them.
  const std::vector<euicc::Scp81Psk> psks = euicc::read_scp81_psks(e.platform());
  ASSERT_EQ(psks.size(), 2u);
  EXPECT_EQ(psks[0].record, 1);
  EXPECT_EQ(psks[0].psk, kPsk);
  EXPECT_EQ(psks[1].record, 2);
  // The triggers name only the PSK: bearer, address, host, URI and agent
  // ID are the defaults EF.SCP81_CONFIG holds.
  EXPECT_TRUE(admin_session_reads_the_eid(0x41, kIdentity2, *new_psk)) << refusal;
  EXPECT_TRUE(admin_session_reads_the_eid(0x40, kIdentity, kPsk)) << refusal;
}

// Without derivation random the PSK is known before the card answers
// (SharedInfo = '5C' '85' '10'), so every state after a cut can be checked
// byte for byte.
TEST_F(EuiccScp81, PowerLossDuringThePskEstablishmentLeavesTheOldOrTheNewPsk) {
  std::uint32_t cuts = 0, committed = 0;
  std::optional<Bytes> established;
  for (std::uint32_t n = 1; n < 200 && !established; ++n) {
    const std::string seed = "eSK.SR2.PSK/" + std::to_string(n);
    ecasd::OffCardKeyEstablishment oce = off_card_psk(pki().smsr, 0x41, seed, 0x01, false);
    const Bytes shs = ecasd::ecdh_shared_secret(ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed(seed)),
                                                pki().euicc.certificate.public_key);
    const Bytes key_data = ecasd::x963_kdf_sha256(shs, from_hex("5C8510"), 32);
    const Bytes expected(key_data.begin() + 16, key_data.end());
    const std::string a1 = step(kTarIsdR, 0x09, oce.certificate_command_data());
    ASSERT_EQ(a1.substr(a1.size() - 4), "9000");
    const Bytes c2 = *oce.key_agreement_command_data(from_hex(a1.substr(0, a1.size() - 4))).value;
    std::string a2;
    if (ran_through_cut(n, [&] { a2 = step(kTarIsdR, 0x89, c2); })) {
      ASSERT_EQ(a2.substr(a2.size() - 4), "9000");
      const auto k = oce.process_response(from_hex(a2.substr(0, a2.size() - 4)));
      ASSERT_TRUE(k.ok()) << k.detail;
      EXPECT_EQ(k.value->psk, expected);
      established = k.value->psk;
      break;
    }
    ++cuts;
    // The old state (the factory PSK, record 2 free) or the new one (PSK
    // '41' whole in record 2): never a torn record.
    const std::vector<euicc::Scp81Psk> psks = euicc::read_scp81_psks(e.platform());
    ASSERT_GE(psks.size(), 1u) << n;
    EXPECT_EQ(psks[0].key_version, 0x40) << n;
    EXPECT_EQ(psks[0].psk, kPsk) << n;
    if (psks.size() == 1) {
      EXPECT_EQ(euicc::free_scp81_psk_record(e.platform()), 2) << n;
      continue;
    }
    ++committed;
    ASSERT_EQ(psks.size(), 2u) << n;
    EXPECT_EQ(psks[1].key_version, 0x41) << n;
    EXPECT_EQ(psks[1].key_id, 0x01) << n;
    EXPECT_EQ(psks[1].psk, expected) << n;
    // Committed before the cut, the answer lost: '41' is taken; the SM-SR
    // deletes it and tries again.
    ecasd::OffCardKeyEstablishment again = off_card_psk(pki().smsr, 0x41, "eSK.SR2.PSK/again");
    EXPECT_FALSE(establish_psk(again));
    EXPECT_EQ(failed, "6985");
    EXPECT_EQ(es5_one("80E4000003D20141"), expanded_answer({"9000"}));
  }
  EXPECT_GE(cuts, 1u);
  EXPECT_GE(committed, 1u);
  EXPECT_LT(committed, cuts);
  ASSERT_TRUE(established);
  EXPECT_TRUE(admin_session_reads_the_eid(0x41, kIdentity2, *established)) << refusal;
}

TEST_F(EuiccScp81, PskEstablishmentRefusals) {
  // A key version outside '40'-'4F' ('6A80'), one the ISD-R has ('6985').
  ecasd::OffCardKeyEstablishment scp80_range = off_card_psk(pki().smsr, 0x02, "eSK.SR/1");
  EXPECT_FALSE(establish_psk(scp80_range));
  EXPECT_EQ(failed, "6A80");
  ecasd::OffCardKeyEstablishment taken = off_card_psk(pki().smsr, 0x40, "eSK.SR/2");
  EXPECT_FALSE(establish_psk(taken));
  EXPECT_EQ(failed, "6985");
  // An SM-DP's certificate is not for the ISD-R.
  ecasd::OffCardKeyEstablishment smdp = off_card_psk(pki().smdp, 0x41, "eSK.DP/1");
  EXPECT_FALSE(establish_psk(smdp));
  EXPECT_EQ(failed, "6985");
  // Both records used: no room for a third ('6A84').
  ecasd::OffCardKeyEstablishment second = off_card_psk(pki().smsr, 0x42, "eSK.SR/3");
  ASSERT_TRUE(establish_psk(second)) << failed;
  ecasd::OffCardKeyEstablishment third = off_card_psk(pki().smsr, 0x43, "eSK.SR/4");
  EXPECT_FALSE(establish_psk(third));
  EXPECT_EQ(failed, "6A84");
  // A PSK is no ISD-P key set ('6A80'); the ISD-P stays SELECTABLE.
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  ecasd::OffCardKeyEstablishment to_isdp = off_card_psk(pki().smdp, 0x41, "eSK.DP/2");
  EXPECT_FALSE(establish(kTarIsdP3, to_isdp));
  EXPECT_EQ(failed, "6A80");
  EXPECT_EQ(info(kIsdP3)->state, euicc::isdp_state::kSelectable);
  // DELETE [key]: a key identifier that names no PSK of that version.
  EXPECT_EQ(es5_one("80E4000006D00102D20142"), expanded_answer({"6A88"}));
  EXPECT_EQ(euicc::read_scp81_psks(e.platform()).size(), 2u);
  EXPECT_EQ(es5_one("80E4000006D00101D20142"), expanded_answer({"9000"}));
  EXPECT_EQ(euicc::read_scp81_psks(e.platform()).size(), 1u);
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

}  // namespace test_euicc_scp81
}  // namespace cardcore::testing
