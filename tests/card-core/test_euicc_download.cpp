// Profile download and installation on the SGP.02 eUICC (SGP.02 §3.1): the
// whole sequence as the SM-SR and the SM-DP run it over SMS — CreateISDP,
// key establishment through the ECASD, the profile package
// (profiles/saip/cmcc-m2m.der, the TCA format) in STORE DATA blocks in the
// ISD-P's SCP03 session — then EnableProfile and the new profile running;
// refused packages and power loss leave no partial profile.
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_download {

using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kPersonalized;

class EuiccDownload : public EuiccTest {};

// Recorded: tests/card-core/golden/euicc-profile-download.apdu.
TEST_F(EuiccDownload, TheWholeSequenceInstallsAndRunsTheProfile) {
  transcript.start();
  transcript.note("ES5 UpdateConnectivityParameters: the SM-SR's SMS address");
  give_smsr_address();
  transcript.note("ES5 CreateISDP, ES8 EstablishISDPKeySet (scenario #3)");
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const Bytes package = package_file("cmcc-m2m.der");
  ASSERT_GT(package.size(), 1000u);
  const std::vector<std::string> blocks = package_blocks(package);
  transcript.note("ES8 DownloadAndInstallation: SCP03 session, profiles/saip/cmcc-m2m.der in STORE DATA blocks");
  const std::vector<std::string> answers = isdp_session(kTarIsdP3, keys, blocks);
  EXPECT_EQ(answers, std::vector<std::string>(blocks.size(), "9000"));
  ASSERT_TRUE(info(kIsdP3));
  EXPECT_EQ(info(kIsdP3)->state, kDisabled);
  EXPECT_TRUE(info(kIsdP3)->installed);
  EXPECT_EQ(info(kIsdP3)->iccid, std::string("8986040000000000001") + luhn_digit("8986040000000000001"));
  ASSERT_NE(e.profile_card(from_hex(kIsdP3)), nullptr);

  transcript.note("ES5 EnableProfile, REFRESH (UICC reset)");
  EXPECT_EQ(es5_one(store_data(euicc::dgi::kEnableProfile, aid_tlv(kIsdP3))), expanded_answer({"9000"}));
  refresh_and_restart(last_sw);
  EXPECT_EQ(upper_hex(e.enabled_isdp()), kIsdP3);
  transcript.note("normal service: the notification to the SM-SR, its confirmation");
  std::string sw = location_status(0x00);
  const std::optional<Bytes> n = fetch_notification(sw);
  ASSERT_TRUE(n);
  EXPECT_EQ(upper_hex(*n), upper_hex(euicc::notification_data(from_hex(kEid), euicc::notification::kProfileChangeSucceeded, 0,
                                                              from_hex(kIsdP3))));
  EXPECT_EQ(es5_one(store_data(euicc::dgi::kNotificationConfirmation, "4E020000", 0x89) + "00"), expanded_answer({"8000" "9000"}));
  transcript.note("the downloaded profile: VERIFY PIN1, READ BINARY EF.IMSI");
  // The downloaded profile's PIN1 is enabled (saip/README.md): VERIFY, then
  // its IMSI.
  Bytes pin{'1', '2', '3', '4'};
  pin.resize(8, 0xFF);
  EXPECT_EQ(send(std::string("00A4040C07") + kUsimAidPrefix), "9000");
  EXPECT_EQ(send("0020000108" + upper_hex(pin)), "9000");
  EXPECT_EQ(send("00A4000C026F07"), "9000");
  EXPECT_EQ(send("00B0000009"), imsi_ef("460040000000001"));
  transcript.expect_golden("euicc-profile-download");
}

TEST_F(EuiccDownload, ARefusedPackageLeavesNoProfile) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  Bytes package = package_file("cmcc-m2m.der");
  package.resize(package.size() - 10);  // truncated: no PE-End
  const std::vector<std::string> blocks = package_blocks(package);
  std::vector<std::string> expected(blocks.size(), "9000");
  expected.back() = "6A80";
  EXPECT_EQ(isdp_session(kTarIsdP3, keys, blocks), expected);
  EXPECT_EQ(info(kIsdP3)->state, kPersonalized);
  EXPECT_FALSE(info(kIsdP3)->installed);
  EXPECT_EQ(e.profile_card(from_hex(kIsdP3)), nullptr);
  // Blocks out of order, and a download into an ISD-P that has a profile.
  EXPECT_EQ(isdp_session(kTarIsdP3, keys, {blocks[1]}), std::vector<std::string>{"6A86"});
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {blocks[0]}), std::vector<std::string>{"6985"});
  // A download outside the SCP03 session is refused.
  EXPECT_EQ(es5_one(blocks[0], kTarIsdP3), expanded_answer({"6982"}));
}

// A power loss at any NVM program of the last block leaves the ISD-P either
// PERSONALIZED without a profile or DISABLED with the whole profile.
TEST_F(EuiccDownload, PowerLossDuringInstallationLeavesAllOrNothing) {
  const gp::scp03::StaticKeys keys = prepare_isdp3();
  const std::vector<std::string> blocks = package_blocks(package_file("cmcc-m2m.der"));
  const std::vector<std::string> first(blocks.begin(), blocks.end() - 1);
  std::uint32_t cuts = 0;
  for (std::uint32_t n = 1; n < 100; ++n) {
    // Everything but the last block (and the session's counter) first.
    gp::scp03::HostSession host(keys, from_hex("0807060504030201"));
    const std::vector<Bytes> iu = expanded_rapdus(es5(expanded_script({upper_hex(host.initialize_update())}), kTarIsdP3));
    ASSERT_TRUE(host.take_response(ByteView(iu[0]).first(iu[0].size() - 2)));
    std::vector<std::string> script{upper_hex(host.external_authenticate(0x03))};
    for (const std::string& b : first) script.push_back(upper_hex(host.wrap(from_hex(b))));
    es5(expanded_script(script), kTarIsdP3);
    if (ran_through_cut(n, [&] { es5(expanded_script({upper_hex(host.wrap(from_hex(blocks.back())))}), kTarIsdP3); })) break;
    ++cuts;
    const bool installed = info(kIsdP3)->installed;
    EXPECT_EQ(info(kIsdP3)->state, installed ? kDisabled : kPersonalized) << n;
    EXPECT_EQ(e.profile_card(from_hex(kIsdP3)) != nullptr, installed) << n;
    if (installed) break;
  }
  EXPECT_GE(cuts, 1u);
  EXPECT_TRUE(info(kIsdP3)->installed);
  EXPECT_NE(e.profile_card(from_hex(kIsdP3)), nullptr);
}

}  // namespace test_euicc_download
}  // namespace cardcore::testing
