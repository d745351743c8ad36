// Checkpoints of the SGP.02 eUICC (euicc/STATE-FORMAT.md): a copy built as
// the fixture builds its eUICC and given the saved state answers every later
// APDU as the original does. Each round trip runs the same sequence on both
// (every C-APDU goes to the two; R-APDUs, ATRs and NVM program counts are
// compared), then checks they save the same bytes. Bad input leaves the
// eUICC as it was.
#include <fstream>
#include <sstream>

#include "cardcore/nvm/crc32.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "cardcore/scp81/trigger.hpp"
#include "euicc_fixture.hpp"
#include "scp81_loopback.hpp"

namespace cardcore::testing {
namespace test_euicc_state {

namespace dgi = euicc::dgi;
using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kEnabled;

std::string enable(const std::string& aid) { return store_data(dgi::kEnableProfile, aid_tlv(aid)); }
std::string disable(const std::string& aid) { return store_data(dgi::kDisableProfile, aid_tlv(aid)); }
std::string confirm(std::uint16_t sequence) {
  return store_data(dgi::kNotificationConfirmation, "4E02" + hex16(sequence), 0x89) + "00";
}

// The CRC-32 and total length of a state whose bytes a test changed on
// purpose, recomputed (STATE-FORMAT.md header and trailer).
Bytes resealed(Bytes s) {
  s.resize(s.size() - 4);
  const std::uint32_t total = static_cast<std::uint32_t>(s.size() + 4);
  for (int i = 0; i < 4; ++i) s[6 + i] = static_cast<std::uint8_t>(total >> (8 * i));
  const std::uint32_t crc = crc32(s);
  for (int i = 0; i < 4; ++i) s.push_back(static_cast<std::uint8_t>(crc >> (8 * i)));
  return s;
}

class EuiccState : public EuiccTest {
 protected:
  // Every C-APDU to the original goes to the copy too, once there is one.
  Bytes transmit(ByteView capdu) override {
    const Bytes r = EuiccTest::transmit(capdu);
    if (twin) {
      const Bytes t = twin->transmit(capdu);
      EXPECT_EQ(upper_hex(t), upper_hex(r)) << "C-APDU " << upper_hex(capdu);
      EXPECT_EQ(twin->nvm_programs(), e.nvm_programs()) << "C-APDU " << upper_hex(capdu);
      ++compared;
    }
    return r;
  }

  // Saves the original, builds the copy as the fixture builds `e` and
  // restores the state into it.
  void fork() {
    const Bytes saved = e.save_state();
    twin = std::make_unique<euicc::Euicc>(euicc_platform());
    build(*twin);
    twin->restore_state(saved);
    EXPECT_EQ(twin->save_state(), saved);
    EXPECT_EQ(twin->nvm_programs(), e.nvm_programs());
    EXPECT_EQ(twin->powered(), e.powered());
  }

  // A power cycle of both, as the terminal runs it (start()).
  void power_cycle() {
    e.power_off();
    twin->power_off();
    const std::string twin_atr = upper_hex(twin->power_on());
    start();
    EXPECT_EQ(twin_atr, atr);
  }
  // The REFRESH announced in `sw` fetched and answered, then the power cycle.
  void refresh_both(const std::string& sw) {
    const Bytes command = fetch_announced(sw);
    const auto decoded = cat::decode_proactive_command(command);
    ASSERT_NE(std::get_if<cat::Refresh>(&decoded.value), nullptr);
    EXPECT_EQ(terminal_response_to(command), "9000");
    power_cycle();
  }

  // The end of every round trip: both in the same state.
  void expect_same() {
    EXPECT_EQ(twin->profiles().size(), e.profiles().size());
    EXPECT_EQ(upper_hex(twin->enabled_isdp()), upper_hex(e.enabled_isdp()));
    EXPECT_EQ(twin->pending_notification().has_value(), e.pending_notification().has_value());
    EXPECT_EQ(twin->nvm_programs(), e.nvm_programs());
    EXPECT_EQ(twin->save_state(), e.save_state());
    EXPECT_GT(compared, 0u);
  }

  // What both then go through: the enabled profile's IMSI, a switch to the
  // other factory profile with its REFRESH, service and notification, a
  // power cycle, and back.
  void common_sequence() {
    give_smsr_address();
    EXPECT_EQ(es5_one("80CA005A00"), expanded_answer({"5A10" + kEid + "9000"}));
    const std::string other = upper_hex(e.enabled_isdp()) == kIsdP1 ? kIsdP2 : kIsdP1;
    EXPECT_EQ(es5_one(enable(other)), expanded_answer({"9000"}));
    refresh_both(last_sw);
    EXPECT_EQ(read_imsi(), imsi_ef(other == kIsdP1 ? kCmccImsi : kForeignImsi));
    std::string sw = location_status(0x00);
    ASSERT_TRUE(fetch_notification(sw));
    power_cycle();
    sw = location_status(0x00);
    ASSERT_TRUE(fetch_notification(sw));  // again at this power-up: not confirmed
    const std::uint16_t sequence = e.pending_notification()->sequence;
    EXPECT_EQ(es5_one(confirm(sequence)), expanded_answer({"8000" "9000"}));
    EXPECT_EQ(location_status(0x02), "9000");
  }

  std::unique_ptr<euicc::Euicc> twin;
  std::size_t compared = 0;
};

TEST_F(EuiccState, FreshPoweredEuiccRoundTrips) {
  fork();
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  common_sequence();
  expect_same();
}

TEST_F(EuiccState, FreshUnpoweredEuiccRoundTrips) {
  e.power_off();
  fork();
  EXPECT_FALSE(twin->powered());
  power_cycle();
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  common_sequence();
  expect_same();
}

TEST_F(EuiccState, RoundTripAfterAProfileDownload) {
  give_smsr_address();
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
  EXPECT_EQ(isdp_session(kTarIsdP3, keys, blocks), std::vector<std::string>(blocks.size(), "9000"));
  ASSERT_TRUE(info(kIsdP3) && info(kIsdP3)->installed);
  // Powered, with the ISD-P's SCP03 session still open.
  fork();
  ASSERT_NE(twin->profile_card(from_hex(kIsdP3)), nullptr);
  EXPECT_EQ(es5_one(enable(kIsdP3)), expanded_answer({"9000"}));
  refresh_both(last_sw);
  Bytes pin{'1', '2', '3', '4'};
  pin.resize(8, 0xFF);
  EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
  EXPECT_EQ(send("0020000108" + upper_hex(pin)), "9000");
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), imsi_ef("460040000000001"));
  std::string sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8000" "9000"}));
  expect_same();

  // Unpowered, the downloaded profile enabled: its template rebuilt from
  // the saved profile text.
  e.power_off();
  twin->power_off();
  fork();
  power_cycle();
  EXPECT_EQ(upper_hex(twin->enabled_isdp()), kIsdP3);
  EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
  EXPECT_EQ(send("0020000108" + upper_hex(pin)), "9000");
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), imsi_ef("460040000000001"));
  EXPECT_EQ(es5_one(disable(kIsdP3)), expanded_answer({"9000"}));
  refresh_both(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  expect_same();
}

TEST_F(EuiccState, RoundTripWithAPendingRefreshAndAPendingNotification) {
  give_smsr_address();
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  ASSERT_EQ(last_sw.substr(0, 2), "91");  // the REFRESH, queued
  fork();
  refresh_both(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi));
  std::string sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  ASSERT_TRUE(e.pending_notification());
  // The notification waits for its confirmation; this power-up's is sent.
  fork();
  EXPECT_EQ(location_status(0x00), "9000");
  power_cycle();
  sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8000" "9000"}));
  // DisableProfile: the fall-back profile, REFRESH pending again.
  EXPECT_EQ(es5_one(disable(kIsdP2)), expanded_answer({"9000"}));
  fork();
  refresh_both(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  EXPECT_EQ(info(kIsdP2)->state, kDisabled);
  sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(es5_one(confirm(e.pending_notification()->sequence)), expanded_answer({"8000" "9000"}));
  // Two reports without service counted, the third after the restore.
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_both(last_sw);
  EXPECT_EQ(location_status(0x02), "9000");
  EXPECT_EQ(location_status(0x02), "9000");
  fork();
  sw = location_status(0x02);  // roll-back
  refresh_both(sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  expect_same();
}

TEST_F(EuiccState, RoundTripMidwayThroughAKeyEstablishmentAndADownload) {
  give_smsr_address();
  ASSERT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  // Between the key establishment's two STORE DATAs.
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/download");
  const std::string a1 = step(kTarIsdP3, 0x09, smdp.certificate_command_data());
  ASSERT_EQ(a1.substr(a1.size() - 4), "9000");
  fork();
  const auto c2 = smdp.key_agreement_command_data(from_hex(a1.substr(0, a1.size() - 4)));
  ASSERT_TRUE(c2.ok());
  const std::string a2 = step(kTarIsdP3, 0x89, *c2.value);
  ASSERT_EQ(a2.substr(a2.size() - 4), "9000");
  const auto derived = smdp.process_response(from_hex(a2.substr(0, a2.size() - 4)));
  ASSERT_TRUE(derived.ok());
  const gp::scp03::StaticKeys keys = scp03_of(derived.value->keys, 0x30);

  // The SCP03 session open (INITIALIZE UPDATE, EXTERNAL AUTHENTICATE and
  // some blocks in one packet), then the rest of the blocks after a restore.
  const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
  ASSERT_GT(blocks.size(), 3u);
  gp::scp03::HostSession host(keys, from_hex("0807060504030201"));
  const std::vector<Bytes> iu = expanded_rapdus(es5(expanded_script({upper_hex(host.initialize_update())}), kTarIsdP3));
  ASSERT_EQ(iu.size(), 1u);
  ASSERT_TRUE(host.take_response(ByteView(iu[0]).first(iu[0].size() - 2)));
  fork();  // after INITIALIZE UPDATE
  std::vector<std::string> script{upper_hex(host.external_authenticate(0x33))};
  for (std::size_t i = 0; i < 2; ++i) script.push_back(upper_hex(host.wrap(from_hex(blocks[i] + "00"))));
  es5(expanded_script(script), kTarIsdP3);
  fork();  // authenticated, two blocks received
  script.clear();
  for (std::size_t i = 2; i < blocks.size(); ++i) script.push_back(upper_hex(host.wrap(from_hex(blocks[i] + "00"))));
  const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script(script), kTarIsdP3));
  ASSERT_EQ(r.size(), blocks.size() - 2);
  EXPECT_TRUE(info(kIsdP3)->installed);
  EXPECT_TRUE(twin->profile_card(from_hex(kIsdP3)));
  EXPECT_EQ(es5_one(enable(kIsdP3)), expanded_answer({"9000"}));
  refresh_both(last_sw);
  expect_same();
}

TEST_F(EuiccState, RoundTripAfterDeletingAProfile) {
  EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP2));
  fork();
  EXPECT_EQ(twin->profile_card(from_hex(kIsdP2)), nullptr);
  // The deleted card's NVM programs still count; its ISD-P AID is free again.
  EXPECT_EQ(es5_one(create_isdp(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"6985"}));
  power_cycle();
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  expect_same();
}

// A state taken back into the eUICC it came from, after it changed: a
// factory profile deleted since is found again (the eUICC remembers the
// templates install_profile() was given), a downloaded one is dropped.
TEST_F(EuiccState, RestoreIntoTheSameEuiccAfterItChanged) {
  const Bytes fresh = e.save_state();
  EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"9000"}));
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
  EXPECT_EQ(isdp_session(kTarIsdP3, keys, blocks), std::vector<std::string>(blocks.size(), "9000"));
  ASSERT_EQ(e.profile_card(from_hex(kIsdP2)), nullptr);
  e.restore_state(fresh);
  EXPECT_EQ(e.save_state(), fresh);
  EXPECT_NE(e.profile_card(from_hex(kIsdP2)), nullptr);
  EXPECT_EQ(e.profile_card(from_hex(kIsdP3)), nullptr);
  EXPECT_FALSE(info(kIsdP3));
  counter = 0;  // the ISD-R's replay counter went back with the state
  fork();
  common_sequence();
  expect_same();
}

// The terminal's logical channel to the ISD-R (local interface) is kept.
TEST_F(EuiccState, RoundTripWithTheIsdRSelectedOnALogicalChannel) {
  EXPECT_EQ(send("0070000001"), "019000");
  EXPECT_EQ(send("01A4040010" + kIsdRAid), "9000");
  fork();
  EXPECT_EQ(send("81CA005A00"), "5A10" + kEid + "9000");
  EXPECT_EQ(send("00A4040410" + kIsdRAid), "6A82");  // the basic channel is the profile's
  EXPECT_EQ(send("0070800100"), "9000");
  EXPECT_EQ(send("81CA005A00"), "6881");
  power_cycle();
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  expect_same();
}

// A power loss in the commit of an installation leaves the eUICC unpowered
// with the new profile card aside until the next power-up: it still saves.
TEST_F(EuiccState, PowerLossDuringAnInstallationStillSaves) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
  bool installed = false;
  for (std::uint32_t n = 1; n < 100 && !installed; ++n) {
    twin.reset();
    gp::scp03::HostSession host(keys, from_hex("0807060504030201"));
    const std::vector<Bytes> iu = expanded_rapdus(es5(expanded_script({upper_hex(host.initialize_update())}), kTarIsdP3));
    ASSERT_TRUE(host.take_response(ByteView(iu[0]).first(iu[0].size() - 2)));
    std::vector<std::string> script{upper_hex(host.external_authenticate(0x03))};
    for (std::size_t i = 0; i + 1 < blocks.size(); ++i) script.push_back(upper_hex(host.wrap(from_hex(blocks[i]))));
    es5(expanded_script(script), kTarIsdP3);
    e.platform().nvm().arm_power_loss(n);
    bool cut = false;
    try {
      es5(expanded_script({upper_hex(host.wrap(from_hex(blocks.back())))}), kTarIsdP3);
    } catch (const PowerLoss&) {
      cut = true;
    }
    e.platform().nvm().arm_power_loss(0);
    if (!cut) break;
    ASSERT_FALSE(e.powered());
    fork();
    power_cycle();
    installed = info(kIsdP3)->installed;
    EXPECT_EQ(twin->profile_card(from_hex(kIsdP3)) != nullptr, installed) << n;
    expect_same();
  }
  EXPECT_TRUE(info(kIsdP3)->installed);
}

// --- refusals ---------------------------------------------------------

class EuiccStateErrors : public EuiccState {
 protected:
  // A state with every kind of slot: a factory profile, a deleted one, a
  // downloaded one; powered.
  Bytes rich_state() {
    give_smsr_address();
    EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"9000"}));
    const gp::scp03::StaticKeys keys = prepare_isdp3();
    const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
    EXPECT_EQ(isdp_session(kTarIsdP3, keys, blocks), std::vector<std::string>(blocks.size(), "9000"));
    return e.save_state();
  }

  // `attempt` throws std::invalid_argument("euicc state: ...") and the
  // eUICC `x` saves what it saved before.
  template <class Attempt>
  void expect_refused(euicc::Euicc& x, Attempt attempt, const std::string& contains = "") {
    const Bytes before = x.save_state();
    try {
      attempt();
      ADD_FAILURE() << "accepted";
    } catch (const std::invalid_argument& err) {
      const std::string what = err.what();
      EXPECT_EQ(what.rfind("euicc state: ", 0), 0u) << what;
      EXPECT_NE(what.find(contains), std::string::npos) << what;
    }
    EXPECT_EQ(x.save_state(), before);
  }
};

TEST_F(EuiccStateErrors, TruncatedInputAtEveryLengthIsRefused) {
  const Bytes saved = rich_state();
  e.power_off();  // another state than the saved one: what a refusal must keep
  const Bytes before = e.save_state();
  for (std::size_t n = 0; n < saved.size(); ++n) {
    EXPECT_THROW(e.restore_state(ByteView(saved).first(n)), std::invalid_argument) << n;
  }
  Bytes longer = saved;
  longer.push_back(0x00);
  EXPECT_THROW(e.restore_state(longer), std::invalid_argument);
  EXPECT_EQ(e.save_state(), before);
  e.restore_state(saved);
  EXPECT_EQ(e.save_state(), saved);
}

TEST_F(EuiccStateErrors, AFlippedByteIsRefused) {
  const Bytes saved = rich_state();
  e.power_off();
  const Bytes before = e.save_state();
  // Every byte of the header and the trailer, and bytes spread over the rest.
  const std::size_t step = std::max<std::size_t>(1, saved.size() / 700);
  for (std::size_t at = 0; at < saved.size(); at += (at < 16 || at + 8 > saved.size()) ? 1 : step) {
    Bytes bad = saved;
    bad[at] ^= 0x01;
    EXPECT_THROW(e.restore_state(bad), std::invalid_argument) << at;
  }
  EXPECT_EQ(e.save_state(), before);
}

TEST_F(EuiccStateErrors, DamageUnderAValidCrcIsFoundByTheChecks) {
  const Bytes saved = rich_state();
  e.power_off();
  Bytes bad = saved;
  bad[4] = 2;  // version
  expect_refused(e, [&] { e.restore_state(resealed(bad)); }, "version 2");
  bad = saved;
  bad[0] = 'X';
  expect_refused(e, [&] { e.restore_state(resealed(bad)); }, "magic");
  // The platform card's own magic, right after the header and its length.
  bad = saved;
  bad[14] ^= 0xFF;
  expect_refused(e, [&] { e.restore_state(resealed(bad)); }, "platform card");
  // A trailing byte before the CRC.
  bad = saved;
  bad.insert(bad.end() - 4, 0x00);
  expect_refused(e, [&] { e.restore_state(resealed(bad)); }, "trailing");
}

TEST_F(EuiccStateErrors, AForeignPlatformIsRefused) {
  const Bytes saved = rich_state();
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/euicc-platform.prof");
  std::stringstream text;
  text << in.rdbuf();
  std::string other = text.str();
  const std::size_t at = other.find("logical_channels = 4");
  ASSERT_NE(at, std::string::npos);
  other.replace(at, 20, "logical_channels = 3");
  euicc::Euicc foreign(std::make_shared<const ProfileTemplate>(parse_profile(other, "another eUICC platform")));
  build(foreign);
  expect_refused(foreign, [&] { foreign.restore_state(saved); }, "platform card");
}

TEST_F(EuiccStateErrors, AFactoryProfileTheEuiccLacksIsRefused) {
  const Bytes saved = rich_state();
  // Personalized, without the factory's profiles.
  euicc::Euicc bare(euicc_platform());
  euicc::EuiccPersonalization p;
  p.eid = kEid;
  p.isd_r_keys = {{isd_r_keys().kic_key, isd_r_keys().kid_key}};
  bare.personalize(p);
  expect_refused(bare, [&] { bare.restore_state(saved); }, "no factory profile");
  // The same eUICC, built as the saved one, takes it.
  euicc::Euicc good(euicc_platform());
  build(good);
  good.restore_state(saved);
  EXPECT_EQ(good.save_state(), saved);
}

TEST_F(EuiccStateErrors, InsideAnNvmTransactionNothingIsSaved) {
  e.platform().nvm().begin();
  EXPECT_THROW(e.save_state(), std::logic_error);
  e.platform().nvm().abort();
  e.profile_card(from_hex(kIsdP2))->nvm().begin();
  EXPECT_THROW(e.save_state(), std::logic_error);
  e.profile_card(from_hex(kIsdP2))->nvm().abort();
  EXPECT_NO_THROW(e.save_state());
}

// The ISD-R's SCP81 agent, personalized (as in test_euicc_scp81.cpp).
class EuiccStateScp81 : public EuiccState {
 protected:
  void more_personalization(euicc::EuiccPersonalization& p) override { p.scp81 = scp81_test_agent(); }
};

// A finished SCP81 session is not needed by any later answer: the eUICC
// saves after it, and the next session starts alike on both (its TLS seed
// counts the sessions).
TEST_F(EuiccStateScp81, AFinishedAdminSessionSaves) {
  const Bytes psk = scp81_test_psk();
  const std::string identity = "eid-89049032-isdr-40-01";
  scp81_test::TlsPskServer server(identity, psk);
  scp81_test::AdminServer admin;
  admin.responses = {scp81_test::length_script_response(from_hex("AA07" "2205" "80CA005A00"), "X-Admin-Next-URI: /gp/ram/2\r\n"),
                     scp81_test::kNoContent};
  scp81::AdminTrigger t;
  t.security = scp81::SecurityParams{Bytes(identity.begin(), identity.end()), 0x40, 0x01, std::nullopt};
  EXPECT_EQ(es5(upper_hex(scp81::encode(t))), "");
  ASSERT_NE(e.admin_session(), nullptr) << e.admin_refusal();
  scp81_test::Terminal terminal(*e.admin_session(), server, admin);
  ASSERT_NO_FATAL_FAILURE(scp81_test::carry_admin_session(
      last_sw, terminal, [&] { return e.admin_session()->finished(); },
      [&](const std::string& capdu) { return send(capdu); }));
  ASSERT_EQ(e.admin_session()->outcome(), scp81::AdminSession::Outcome::Completed) << e.admin_session()->failure();
  fork();
  EXPECT_EQ(twin->admin_session(), nullptr);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  EXPECT_EQ(es5(upper_hex(scp81::encode(t))), "");
  ASSERT_NE(twin->admin_session(), nullptr);
  const Bytes open = fetch_announced(last_sw);
  EXPECT_EQ(cat::check_proactive_command(open).value.type, cat::command::kOpenChannel);
}

// The TLS session inside a running SCP81 admin session is not saved
// (README.md): save_state refuses while it runs; after a power-off (which
// ends it) the eUICC saves, and the session count goes with the state.
TEST_F(EuiccStateScp81, ARunningAdminSessionCannotBeSaved) {
  scp81::AdminTrigger t;
  const std::string identity = "eid-89049032-isdr-40-01";
  t.security = scp81::SecurityParams{Bytes(identity.begin(), identity.end()), 0x40, 0x01, std::nullopt};
  EXPECT_EQ(es5(upper_hex(scp81::encode(t))), "");
  ASSERT_NE(e.admin_session(), nullptr) << e.admin_refusal();
  ASSERT_FALSE(e.admin_session()->finished());
  try {
    e.save_state();
    ADD_FAILURE() << "saved";
  } catch (const std::logic_error& err) {
    EXPECT_EQ(std::string(err.what()), "euicc state: the SCP81 admin session cannot be saved while it runs");
  }
  e.power_off();
  fork();
  power_cycle();
  // The next trigger's session starts alike on both (its OPEN CHANNEL).
  EXPECT_EQ(es5(upper_hex(scp81::encode(t))), "");
  ASSERT_NE(twin->admin_session(), nullptr);
  EXPECT_EQ(e.admin_session()->finished(), twin->admin_session()->finished());
  const Bytes open = fetch_announced(last_sw);
  EXPECT_EQ(cat::check_proactive_command(open).value.type, cat::command::kOpenChannel);
}

}  // namespace test_euicc_state
}  // namespace cardcore::testing
