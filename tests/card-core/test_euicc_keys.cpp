// Key establishment on the SGP.02 eUICC (GPC Amendment E scenario #3
// through the ECASD): ES8.EstablishISDPKeySet into a created ISD-P, and the
// SM-SR change (the new SM-SR's key set for the ISD-R, then
// FinaliseISDRhandover deleting the old one); every refusal, and power loss.
#include "cardcore/euicc/isd_r_keys.hpp"
#include "cardcore/scp81/trigger.hpp"
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_keys {

namespace dgi = euicc::dgi;
using euicc::isdp_state::kPersonalized;
using euicc::isdp_state::kSelectable;


using EuiccKeys = EuiccTest;

TEST_F(EuiccKeys, EstablishIsdpKeySetPersonalizesTheCreatedIsdp) {
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/1");
  const std::optional<ecasd::Scp03KeySet> keys = establish(kTarIsdP3, smdp);
  ASSERT_TRUE(keys) << failed;
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  const std::optional<gp::scp03::StaticKeys> stored = euicc::read_isdp_keys(e.platform(), 4);
  ASSERT_TRUE(stored);
  EXPECT_EQ(upper_hex(stored->enc), upper_hex(keys->enc));
  EXPECT_EQ(stored->kvn, 0x30);
  // The SM-DP now opens SCP03 with the derived keys; the ISD-P has no
  // profile yet for a POL1.
  EXPECT_EQ(isdp_session(kTarIsdP3, scp03_of(*keys, 0x30), {store_data(dgi::kUpdatePolicyRules, "810101")}),
            std::vector<std::string>{"6985"});
  // A second key establishment: the ISD-P has keys, plain commands are refused.
  ecasd::OffCardKeyEstablishment again = off_card(pki().smdp, 0x31, "eSK.DP/2");
  EXPECT_FALSE(establish(kTarIsdP3, again));
  EXPECT_EQ(failed, "6982");
}

// GP §11.5.2.3.6: the same key establishment through the ISD-R's TAR, the
// STORE DATA commands forwarded to the ISD-P after INSTALL [for
// personalization]; the ISD-P applies its own rules to them.
TEST_F(EuiccKeys, InstallForPersonalizationForwardsStoreDataToTheIsdp) {
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  // Without the INSTALL the ISD-R takes the DGIs as its own key
  // establishment, which an SM-DP's certificate is not for.
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/1");
  EXPECT_EQ(step(kTarIsdR, 0x09, smdp.certificate_command_data()), "6985");
  const std::optional<ecasd::Scp03KeySet> keys = establish(kTarIsdR, smdp, kIsdP3);
  ASSERT_TRUE(keys) << failed;
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  const std::optional<gp::scp03::StaticKeys> stored = euicc::read_isdp_keys(e.platform(), 4);
  ASSERT_TRUE(stored);
  EXPECT_EQ(upper_hex(stored->mac), upper_hex(keys->mac));
  // Now the ISD-P has keys: a plain STORE DATA, forwarded, is refused as
  // from its own TAR.
  EXPECT_EQ(step(kTarIsdR, 0x88, from_hex(store_data(dgi::kUpdatePolicyRules, "810101").substr(10)), kIsdP3), "6982");
  // The forwarding ends with any other command: the STORE DATA after a
  // GET DATA is the ISD-R's again.
  const std::vector<Bytes> r = expanded_rapdus(es5(expanded_script(
      {install_for_personalization(kIsdP3), "80CA005A00", store(0x09, smdp.certificate_command_data())})));
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(upper_hex(r[2]), "6985");
  // Refusals: an unknown ISD-P, the ISD-R itself, a locked ISD-P.
  EXPECT_EQ(step(kTarIsdR, 0x09, smdp.certificate_command_data(), "A0000005591010FFFFFFFF8900001300"), "6A88");
  EXPECT_EQ(step(kTarIsdR, 0x09, smdp.certificate_command_data(), kIsdRAid), "6A88");
  EXPECT_EQ(es5_one("80F04080" "10" + kIsdP3), expanded_answer({"9000"}));
  EXPECT_EQ(step(kTarIsdR, 0x09, smdp.certificate_command_data(), kIsdP3), "6985");
}

TEST_F(EuiccKeys, KeyEstablishmentRefusals) {
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  // The SM-SR's certificate is not for an ISD-P.
  ecasd::OffCardKeyEstablishment smsr = off_card(pki().smsr, 0x30, "eSK.SR/1");
  EXPECT_FALSE(establish(kTarIsdP3, smsr));
  EXPECT_EQ(failed, "6985");
  // A certificate signed by another CI (of the same name: the signature fails).
  const ecasd::testing::Pki other = ecasd::testing::make_pki(ecasd::Curve::BrainpoolP256r1);
  ecasd::KeyAgreementCrt crt;
  ecasd::OffCardKeyEstablishment rogue({other.smdp.certificate, other.smdp.key, pki().euicc.certificate.public_key,
                                        ecasd::private_key_from_seed(ecasd::Curve::NistP256, ecasd::testing::seed("x")), crt,
                                        std::nullopt});
  EXPECT_FALSE(establish(kTarIsdP3, rogue));
  EXPECT_EQ(failed, "6982");
  // The key agreement without the certificate step.
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/1");
  const auto c2 = smdp.key_agreement_command_data({});
  ASSERT_TRUE(c2.ok());
  EXPECT_EQ(step(kTarIsdP3, 0x89, *c2.value), "6985");
  // A signature that does not verify.
  const std::string a1 = step(kTarIsdP3, 0x09, smdp.certificate_command_data());
  ASSERT_EQ(a1.substr(a1.size() - 4), "9000");
  Bytes forged = *smdp.key_agreement_command_data(from_hex(a1.substr(0, a1.size() - 4))).value;
  forged.back() ^= 0x01;
  EXPECT_EQ(step(kTarIsdP3, 0x89, forged), "6982");
  EXPECT_EQ(info(kIsdP3)->state, kSelectable);
  EXPECT_FALSE(euicc::read_isdp_keys(e.platform(), 4));
}

TEST_F(EuiccKeys, PowerLossDuringKeyEstablishmentLeavesTheIsdpWithOrWithoutItsKeys) {
  EXPECT_EQ(es5_one(create_isdp(kIsdP3)), expanded_answer({"9000"}));
  std::uint32_t cuts = 0;
  for (std::uint32_t n = 1; n < 200; ++n) {
    ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x30, "eSK.DP/" + std::to_string(n));
    const std::string a1 = step(kTarIsdP3, 0x09, smdp.certificate_command_data());
    ASSERT_EQ(a1.substr(a1.size() - 4), "9000");
    const Bytes c2 = *smdp.key_agreement_command_data(from_hex(a1.substr(0, a1.size() - 4))).value;
    if (ran_through_cut(n, [&] { step(kTarIsdP3, 0x89, c2); })) break;
    ++cuts;
    const bool keys = euicc::read_isdp_keys(e.platform(), 4).has_value();
    EXPECT_EQ(info(kIsdP3)->state, keys ? kPersonalized : kSelectable) << n;
    if (keys) break;
  }
  EXPECT_GE(cuts, 1u);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
}

// SGP.02 §3.8: the new SM-SR establishes its key set with the ISD-R (here
// through the old SM-SR's SCP80), then uses it, and FinaliseISDRhandover
// deletes the old key set.
// Recorded: tests/card-core/golden/euicc-smsr-handover.apdu.
TEST_F(EuiccKeys, SmsrChangeHandsTheIsdROverToTheNewSmsr) {
  transcript.start();
  give_smsr_address();
  transcript.note("the new SM-SR's key establishment with the ISD-R (scenario #3), through the old SM-SR's keys");
  ecasd::OffCardKeyEstablishment smsr2 = off_card(pki().smsr, 0x02, "eSK.SR2");
  const std::optional<ecasd::Scp03KeySet> derived = establish(kTarIsdR, smsr2);
  ASSERT_TRUE(derived) << failed;
  ASSERT_EQ(euicc::isd_r_key_sets(e.platform()).size(), 2u);
  // The new SM-SR's SCP80 key set: K-ENC for KIc, K-MAC for KID, version 2,
  // its own counter from zero.
  const ota::OtaKeys old_keys = isd_r_keys();
  ota::OtaKeys new_keys;
  new_keys.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 2);
  new_keys.kic_key = derived->enc;
  new_keys.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 2);
  new_keys.kid_key = derived->mac;
  keys = new_keys;
  counter = 0;
  transcript.note("the new SM-SR's first command under its own key set, then FinaliseISDRhandover");
  EXPECT_EQ(es5_one("80CA005A00"), expanded_answer({"5A10" + kEid + "9000"}));
  // FinaliseISDRhandover: DELETE [key] of version 1 (GP §11.2.2.3.2).
  EXPECT_EQ(es5_one("80E40000" "03" "D20101"), expanded_answer({"9000"}));
  ASSERT_EQ(euicc::isd_r_key_sets(e.platform()).size(), 1u);
  EXPECT_EQ(euicc::isd_r_key_sets(e.platform())[0].version, 2);
  // The last key set stays; an unknown version is not found.
  EXPECT_EQ(es5_one("80E40000" "03" "D20102"), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one("80E40000" "03" "D20107"), expanded_answer({"6A88"}));
  // The old SM-SR's packets now find no key set.
  keys = old_keys;
  const ota::DecodedPor por = send_script(kTarIsdR, from_hex(expanded_script({"80CA005A00"})));
  EXPECT_NE(por.packet.status, ota::PorStatus::Ok);
  // The eUICC's notifications go out under the new key set.
  keys = new_keys;
  counter = 10;
  EXPECT_EQ(es5_one(store_data(dgi::kEnableProfile, aid_tlv(kIsdP2))), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  std::string sw = location_status(0x00);
  smsr_keys = new_keys;
  ASSERT_TRUE(fetch_notification(sw));
  transcript.expect_golden("euicc-smsr-handover");
}

TEST_F(EuiccKeys, SmsrKeyEstablishmentNeedsAnSmsrCertificateAndANewVersion) {
  ecasd::OffCardKeyEstablishment smdp = off_card(pki().smdp, 0x02, "eSK.DP");
  EXPECT_FALSE(establish(kTarIsdR, smdp));
  EXPECT_EQ(failed, "6985");
  ecasd::OffCardKeyEstablishment same_version = off_card(pki().smsr, 0x01, "eSK.SR");
  EXPECT_FALSE(establish(kTarIsdR, same_version));
  EXPECT_EQ(failed, "6985");
  ecasd::OffCardKeyEstablishment too_big = off_card(pki().smsr, 0x30, "eSK.SR");
  EXPECT_FALSE(establish(kTarIsdR, too_big));
  EXPECT_EQ(failed, "6A80");
  EXPECT_EQ(euicc::isd_r_key_sets(e.platform()).size(), 1u);
}

// An eUICC personalized without SCP81 gets its first PSK from the SM-SR
// (Q '5C', PSK-TLS, as njiwa's CreateSCP81KeySet): in EF.SCP81_PSK, the
// BIP events asked for from the next power-up, the last PSK undeletable;
// with no defaults in NVM a trigger must bring the connection itself.
TEST_F(EuiccKeys, TheFirstPskComesByKeyEstablishment) {
  EXPECT_TRUE(euicc::read_scp81_psks(e.platform()).empty());
  const std::uint32_t bip = 1u << cat::event::kDataAvailable | 1u << cat::event::kChannelStatus;
  EXPECT_EQ(e.enabled_card()->event_list() & bip, 0u);
  ecasd::OffCardKeyEstablishment smsr = off_card_psk(pki().smsr, 0x4F, "eSK.SR.PSK", 0x03);
  const std::optional<Bytes> psk = establish_psk(smsr);
  ASSERT_TRUE(psk) << failed;
  const std::vector<euicc::Scp81Psk> psks = euicc::read_scp81_psks(e.platform());
  ASSERT_EQ(psks.size(), 1u);
  EXPECT_EQ(psks[0].record, 1);
  EXPECT_EQ(psks[0].key_version, 0x4F);
  EXPECT_EQ(psks[0].key_id, 0x03);
  EXPECT_EQ(psks[0].psk, *psk);
  EXPECT_FALSE(euicc::read_scp81_defaults(e.platform()));
  e.power_off();
  start();
  EXPECT_EQ(e.enabled_card()->event_list() & bip, bip);
  // The last PSK stays, and so does the last SCP80 key set.
  EXPECT_EQ(es5_one("80E4000003D2014F"), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one("80E4000003D20101"), expanded_answer({"6985"}));
  // A trigger naming the PSK only: no bearer to open a channel with.
  scp81::AdminTrigger t;
  t.security = scp81::SecurityParams{Bytes{'i', 'd'}, 0x4F, 0x03, std::nullopt};
  EXPECT_EQ(es5(upper_hex(scp81::encode(t))), "");
  EXPECT_EQ(e.admin_session(), nullptr);
  EXPECT_EQ(e.admin_refusal(), "no bearer description");
}

// Too long for a PoR in the SMS-DELIVER-REPORT: asked of the ISD-R's
// command handler directly.
TEST_F(EuiccKeys, GetDataGivesTheEuiccCertificate) {
  const Bytes capdu = from_hex("80CA7F2100");
  StatusWord err = sw::kOk;
  const auto c = parse_command_apdu(capdu, err);
  Bytes out;
  EXPECT_EQ(e.isd_command(e.platform(), *c, out), std::optional<StatusWord>(sw::kOk));
  EXPECT_EQ(upper_hex(out), upper_hex(ecasd::encode_certificate(pki().euicc.certificate)));
}

}  // namespace test_euicc_keys
}  // namespace cardcore::testing
