// The SGP.02 eUICC's ISD-R (card-core/cardcore/euicc/): ES5 functions in
// secured packets over SMS-PP, the profile switch with REFRESH, the
// notification to the SM-SR and its confirmation, POL1 and the fall-back
// attribute.
#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_es5 {

using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kEnabled;
using euicc::isdp_state::kSelectable;
namespace dgi = euicc::dgi;

std::string enable(const std::string& aid) { return store_data(dgi::kEnableProfile, aid_tlv(aid)); }
std::string disable(const std::string& aid) { return store_data(dgi::kDisableProfile, aid_tlv(aid)); }
// With Le: the eUICC answers the ISD-Ps it deleted.
std::string confirm(std::uint16_t sequence) {
  return store_data(dgi::kNotificationConfirmation, "4E02" + hex16(sequence), 0x89) + "00";
}

TEST_F(EuiccTest, AnswersResetWithThePlatformAtrAndRunsTheEnabledProfile) {
  EXPECT_EQ(atr, upper_hex(euicc_platform()->atr));
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  EXPECT_EQ(e.eid(), kEid);
  EXPECT_EQ(upper_hex(e.enabled_isdp()), kIsdP1);
  ASSERT_EQ(e.profiles().size(), 2u);
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  EXPECT_TRUE(info(kIsdP1)->fallback);
  EXPECT_EQ(info(kIsdP1)->iccid, std::string("898604000000000001") + luhn_digit("898604000000000001"));
  EXPECT_EQ(info(kIsdP2)->state, kDisabled);
  EXPECT_FALSE(info(kIsdP2)->fallback);
}

TEST_F(EuiccTest, GetDataGivesTheEid) {
  EXPECT_EQ(es5_one("80CA005A00"), expanded_answer({"5A10" + kEid + "9000"}));
}

TEST_F(EuiccTest, EnableProfileSwitchesAtTheRefreshAndNotifiesTheSmsrOnceInService) {
  give_smsr_address();
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  // The ENVELOPE's GET RESPONSE announced the REFRESH.
  ASSERT_EQ(last_sw.substr(0, 2), "91");
  EXPECT_EQ(info(kIsdP2)->state, kEnabled);
  EXPECT_EQ(info(kIsdP1)->state, kDisabled);
  // Until the terminal restarts it, the card still runs the old profile.
  EXPECT_EQ(e.enabled_card(), e.profile_card(from_hex(kIsdP1)));
  refresh_and_restart(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi));
  EXPECT_FALSE(e.pending_notification());

  std::string sw = location_status(0x00);
  const std::optional<Bytes> n = fetch_notification(sw);
  ASSERT_TRUE(n);
  EXPECT_EQ(upper_hex(*n), upper_hex(euicc::notification_data(from_hex(kEid), euicc::notification::kProfileChangeSucceeded, 0,
                                                              from_hex(kIsdP2))));
  ASSERT_TRUE(e.pending_notification());
  EXPECT_EQ(e.next_notification_sequence(), 1);
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8000" "9000"}));
  EXPECT_FALSE(e.pending_notification());
  // Confirmed once: a second confirmation names nothing pending.
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"6A88"}));
}

TEST_F(EuiccTest, NotificationWaitsForAnAddressAndIsResentAtEachPowerUpUntilConfirmed) {
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(location_status(0x00), "9000");  // no address: nothing sent
  ASSERT_TRUE(e.pending_notification());
  give_smsr_address();
  e.power_off();
  start();
  std::string sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(location_status(0x00), "9000");  // once per power-up
  e.power_off();
  start();
  sw = location_status(0x00);
  const std::optional<Bytes> again = fetch_notification(sw);
  ASSERT_TRUE(again);
  EXPECT_EQ(upper_hex(*again), upper_hex(euicc::notification_data(from_hex(kEid), euicc::notification::kProfileChangeSucceeded,
                                                                  0, from_hex(kIsdP2))));
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8000" "9000"}));
  e.power_off();
  start();
  EXPECT_EQ(location_status(0x00), "9000");
}

TEST_F(EuiccTest, NoServiceAfterAChangeRollsBackToThePreviousProfile) {
  give_smsr_address();
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(location_status(0x02), "9000");
  EXPECT_EQ(location_status(0x01), "9000");
  const std::string sw = location_status(0x02);  // the third report without service
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  EXPECT_EQ(info(kIsdP2)->state, kDisabled);
  refresh_and_restart(sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  std::string n_sw = location_status(0x00);
  const std::optional<Bytes> n = fetch_notification(n_sw);
  ASSERT_TRUE(n);
  EXPECT_EQ(upper_hex(*n), upper_hex(euicc::notification_data(from_hex(kEid), euicc::notification::kProfileChangeFailedAndRollback,
                                                              0, from_hex(kIsdP1))));
}

// Recorded: tests/card-core/golden/euicc-fallback.apdu.
TEST_F(EuiccTest, AnEnabledProfileThatLosesServiceFallsBack) {
  transcript.start();
  give_smsr_address();
  transcript.note("ES5 EnableProfile of the foreign profile, REFRESH, service, notification, confirmation");
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  std::string sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8000" "9000"}));
  // Service is there, then gone for good.
  transcript.note("no service, three times: fall-back to the profile with the attribute, REFRESH");
  EXPECT_EQ(location_status(0x02), "9000");
  EXPECT_EQ(location_status(0x02), "9000");
  sw = location_status(0x02);
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  refresh_and_restart(sw);
  sw = location_status(0x00);
  const std::optional<Bytes> n = fetch_notification(sw);
  ASSERT_TRUE(n);
  EXPECT_EQ(upper_hex(*n), upper_hex(euicc::notification_data(from_hex(kEid), euicc::notification::kProfileChangeAfterFallback,
                                                              1, from_hex(kIsdP1))));
  transcript.expect_golden("euicc-fallback");
}

TEST_F(EuiccTest, TheFallbackProfileItselfDoesNotFallBackOrRollBack) {
  for (int i = 0; i < 6; ++i) EXPECT_EQ(location_status(0x02), "9000") << i;
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
}

// Recorded: tests/card-core/golden/euicc-enable-disable-delete.apdu.
TEST_F(EuiccTest, DisableProfileEnablesTheFallbackProfileAndDeleteRemovesIt) {
  transcript.start();
  transcript.note("ES5 EnableProfile of the foreign profile, REFRESH");
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi));
  transcript.note("ES5 DisableProfile: the fall-back profile is enabled, REFRESH");
  EXPECT_EQ(es5_one(disable(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  EXPECT_EQ(info(kIsdP2)->state, kDisabled);
  refresh_and_restart(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  transcript.note("ES5 DeleteProfile of the disabled foreign profile");
  EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP2));
  transcript.expect_golden("euicc-enable-disable-delete");
}

TEST_F(EuiccTest, ProfileRulesRefuseWhatSgp02Forbids) {
  // Enable what is enabled, or an unknown ISD-P; a DGI that is not an
  // ISD-P AID.
  EXPECT_EQ(es5_one(enable(kIsdP1)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(enable(kIsdP3)), expanded_answer({"6A88"}));
  EXPECT_EQ(es5_one(enable(kIsdRAid)), expanded_answer({"6A80"}));
  // The fall-back profile cannot be disabled, nor deleted; the enabled one
  // cannot be deleted.
  EXPECT_EQ(es5_one(disable(kIsdP1)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(delete_aid(kIsdP1)), expanded_answer({"6985"}));
  // Moving the attribute lets the disabled profile... keep it: the enabled
  // one still cannot go.
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP2))), expanded_answer({"9000"}));
  EXPECT_TRUE(info(kIsdP2)->fallback);
  EXPECT_FALSE(info(kIsdP1)->fallback);
  EXPECT_EQ(es5_one(delete_aid(kIsdP1)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"6985"}));  // now the fall-back one
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP1))), expanded_answer({"9000"}));
  EXPECT_EQ(es5_one(delete_aid(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP2));
  EXPECT_EQ(e.profile_card(from_hex(kIsdP2)), nullptr);
}

TEST_F(EuiccTest, TheProfileTheSessionRunsOnIsNotDeletedBeforeTheRefresh) {
  // One script enables the foreign profile and deletes China Mobile's, now
  // disabled: the session still runs on it until the REFRESH (SGP.02
  // §3.2.1), so the delete is refused (fuzz_euicc found the card deleted
  // under the command it was running); after the REFRESH it goes.
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP2))), expanded_answer({"9000"}));
  EXPECT_EQ(es5(expanded_script({enable(kIsdP2), delete_aid(kIsdP1)})), expanded_answer({"9000", "6985"}));
  EXPECT_EQ(info(kIsdP1)->state, kDisabled);
  refresh_and_restart(last_sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi));
  EXPECT_EQ(es5_one(delete_aid(kIsdP1)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP1));
}

TEST_F(EuiccTest, Pol1DisableNotAllowedBlocksTheSwitch) {
  // UpdatePolicyRules to the enabled profile's ISD-P (TAR '00 00 10'),
  // through its SCP03 session.
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810101")}),
            std::vector<std::string>{"9000"});
  EXPECT_EQ(info(kIsdP1)->pol1, euicc::pol1::kDisableNotAllowed);
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"6985"}));
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  // POL1 bits the eUICC does not know are refused.
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810180")}),
            std::vector<std::string>{"6A80"});
}

TEST_F(EuiccTest, IsdpCommandsNeedItsScp03Session) {
  // Without the session: refused; with another key set: no session.
  EXPECT_EQ(es5_one(store_data(dgi::kUpdatePolicyRules, "810101"), kTarIsdP1), expanded_answer({"6982"}));
  gp::scp03::StaticKeys wrong = isdp1_keys();
  wrong.mac[0] ^= 0x01;
  gp::scp03::HostSession host(wrong, from_hex("0807060504030201"));
  const std::vector<Bytes> iu = expanded_rapdus(es5(expanded_script({upper_hex(host.initialize_update())}), kTarIsdP1));
  ASSERT_EQ(iu.size(), 1u);
  EXPECT_FALSE(host.take_response(ByteView(iu[0]).first(iu[0].size() - 2)));  // the card cryptogram disagrees
  // A host cryptogram and C-MAC made without the keys.
  EXPECT_EQ(es5_one("8482330010" "00112233445566778899AABBCCDDEEFF", kTarIsdP1), expanded_answer({"6300"}));
  // An ISD-P without a key set has no session to open.
  EXPECT_EQ(es5_one("8050300008010203040506070800", {0x00, 0x00, 0x11}), expanded_answer({"6A88"}));
  // The sequence counter went up with each INITIALIZE UPDATE.
  EXPECT_EQ(euicc::read_isdp_sequence(e.platform(), 2), 1u);
  EXPECT_EQ(info(kIsdP1)->pol1, 0);
}

TEST_F(EuiccTest, Pol1DeletionOnDisableTakesEffectAtTheConfirmation) {
  give_smsr_address();
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP2))), expanded_answer({"9000"}));
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810104")}),
            std::vector<std::string>{"9000"});
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  std::string sw = location_status(0x00);
  ASSERT_TRUE(fetch_notification(sw));
  EXPECT_EQ(es5_one(confirm(0)), expanded_answer({"8012" + aid_tlv(kIsdP1) + "9000"}));
  EXPECT_FALSE(info(kIsdP1));
}

// MasterDelete takes a profile whose POL1 forbids deletion, given the
// token only the profile's SM-DP (holder of the ISD-P's keys) can make.
TEST_F(EuiccTest, MasterDeleteOverridesPol1WithTheSmdpsToken) {
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810102")}),
            std::vector<std::string>{"9000"});
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP2))), expanded_answer({"9000"}));
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(es5_one(delete_aid(kIsdP1)), expanded_answer({"6985"}));  // POL1: deletion not allowed
  const Bytes aid = from_hex(aid_tlv(kIsdP1));
  ota::BlockCipher mac(ota::CipherAlgorithm::AesCbc, isdp1_keys().mac);
  const std::array<std::uint8_t, 16> cmac = ota::aes_cmac(mac, aid);
  const std::string token = upper_hex(ByteView(cmac).first(8));
  std::string bad = token;
  bad[0] = bad[0] == '0' ? '1' : '0';
  EXPECT_EQ(es5_one(store_data(dgi::kMasterDelete, aid_tlv(kIsdP1) + "9E08" + bad)), expanded_answer({"6982"}));
  EXPECT_EQ(es5_one(store_data(dgi::kMasterDelete, aid_tlv(kIsdP1) + "9E04" + token.substr(0, 8))), expanded_answer({"6A80"}));
  EXPECT_TRUE(info(kIsdP1));
  EXPECT_EQ(es5_one(store_data(dgi::kMasterDelete, aid_tlv(kIsdP1) + "9E08" + token)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP1));
  // An ISD-P without keys cannot be master-deleted (no token exists).
  EXPECT_EQ(es5_one(store_data(dgi::kMasterDelete, aid_tlv(kIsdP2) + "9E08" + token)), expanded_answer({"6985"}));
}

// SET STATUS (GP §11.10) locks a disabled ISD-P: it can then be neither
// enabled nor reached; the enabled and the fall-back ISD-Ps stay unlocked.
TEST_F(EuiccTest, SetStatusLocksADisabledIsdp) {
  EXPECT_EQ(es5_one("80F04080" "10" + kIsdP1), expanded_answer({"6985"}));  // enabled (and fall-back)
  EXPECT_EQ(es5_one("80F04080" "10" + kIsdP2), expanded_answer({"9000"}));
  EXPECT_EQ(info(kIsdP2)->state, kDisabled | 0x80);
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one("80F04000" "10" + kIsdP2), expanded_answer({"9000"}));
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
}

TEST_F(EuiccTest, CreateIsdpMakesAnEmptySelectableIsdp) {
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  ASSERT_TRUE(info(kIsdP3));
  EXPECT_EQ(info(kIsdP3)->state, kSelectable);
  EXPECT_FALSE(info(kIsdP3)->installed);
  // Nothing to enable in it yet, and its AID is taken.
  EXPECT_EQ(es5_one(enable(kIsdP3)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"6A80"}));
  // Only ISD-P AIDs; the empty ISD-P can be deleted.
  EXPECT_EQ(es5_one(create_isdp("A0000005591010FFFFFFFF8900000300")), expanded_answer({"6A80"}));
  EXPECT_EQ(es5_one(delete_aid(kIsdP3)), expanded_answer({"9000"}));
  EXPECT_FALSE(info(kIsdP3));
}

TEST_F(EuiccTest, BadStoreDataIsRefused) {
  EXPECT_EQ(es5_one(store_data(dgi::kEnableProfile, aid_tlv(kIsdP2), 0x08)), expanded_answer({"6A86"}));  // not the last block
  EXPECT_EQ(es5_one(store_data(dgi::kEnableProfile, aid_tlv(kIsdP2), 0x90)), expanded_answer({"6A86"}));  // BER-TLV format
  EXPECT_EQ(es5_one("80E28800083A0306" "4F03A00000"), expanded_answer({"6A80"}));  // DGI length past the data
  EXPECT_EQ(es5_one(store_data(0x3AFF, "00")), expanded_answer({"6A88"}));  // unknown DGI
  EXPECT_EQ(es5_one(store_data(dgi::kUpdateConnectivityParameters, "9901AA")), expanded_answer({"6A80"}));
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
}

TEST_F(EuiccTest, TheProfilesOwnOtaStillReachesTheEnabledProfile) {
  // RFM of the enabled profile (TAR 'B0 00 00', the profile's own keys):
  // read EF.ICCID through the profile card, not the platform.
  keys = domestic_ota_keys();
  const std::string por = es5("00A40004022FE200B000000A", {0xB0, 0x00, 0x00});
  EXPECT_NE(por.find(upper_hex(encode_iccid("898604000000000001", true))), std::string::npos) << por;
}

TEST_F(EuiccTest, AnIsdRPacketWithTheWrongKeysChangesNothing) {
  keys = domestic_ota_keys();
  const ota::DecodedPor por = send_script(kTarIsdR, from_hex(expanded_script({enable(kIsdP2)})));
  EXPECT_NE(por.packet.status, ota::PorStatus::Ok);
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
}

// A power loss at any NVM program of EnableProfile leaves one profile
// enabled: the old one (nothing happened) or the new one with the change
// remembered for its roll-back.
TEST_F(EuiccTest, PowerLossDuringEnableLeavesOneConsistentProfile) {
  std::uint32_t cuts = 0;
  for (std::uint32_t n = 1;; ++n) {
    if (ran_through_cut(n, [&] { es5_one(enable(kIsdP2)); })) break;
    ++cuts;
    const auto p1 = info(kIsdP1), p2 = info(kIsdP2);
    ASSERT_TRUE(p1 && p2) << n;
    EXPECT_TRUE((p1->state == kEnabled) != (p2->state == kEnabled)) << n;
    if (p2->state == kEnabled) {
      EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi)) << n;
      break;
    }
    EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi)) << n;
    ASSERT_LT(n, 200u);
  }
  EXPECT_EQ(info(kIsdP2)->state, kEnabled);
  EXPECT_GE(cuts, 2u);  // the counter's program and the switch's, at least
}

TEST(EuiccFactory, RefusesWhatAFactoryCannotMake) {
  euicc::Euicc e{euicc_platform()};
  euicc::EuiccPersonalization p;
  p.eid = "123";
  EXPECT_THROW(e.personalize(p), std::invalid_argument);
  p.eid = kEid;
  EXPECT_THROW(e.personalize(p), std::invalid_argument);  // no ISD-R keys
  const auto values = profile_values("898604000000000001", kCmccImsi);
  EXPECT_THROW(e.install_profile(from_hex(kIsdRAid), domestic_profile(), values, true, true), std::invalid_argument);
  e.install_profile(from_hex(kIsdP1), domestic_profile(), values, true, true);
  EXPECT_THROW(e.install_profile(from_hex(kIsdP1), domestic_profile(), values, false, false), std::invalid_argument);
  EXPECT_THROW(e.install_profile(from_hex(kIsdP2), domestic_profile(), values, true, false), std::invalid_argument);
  EXPECT_THROW(e.install_profile(from_hex(kIsdP2), domestic_profile(), values, false, true), std::invalid_argument);
  EXPECT_THROW(euicc::Euicc{domestic_profile()}, std::invalid_argument);  // its ISD is not an ISD-R
}

}  // namespace test_euicc_es5
}  // namespace cardcore::testing
