// The SGP.02 eUICC's emergency profile (card-core/cardcore/euicc/
// emergency_profile.cpp, local_interface.cpp): the attribute set by the
// SM-SR, the device's local enable and disable through the ISD-R selected
// on a logical channel, what the eUICC refuses meanwhile, and power loss.
#include "euicc_fixture.hpp"

namespace cardcore::testing {
namespace test_euicc_emergency {

using euicc::isdp_state::kDisabled;
using euicc::isdp_state::kEnabled;
namespace dgi = euicc::dgi;

std::string set_emergency(const std::string& aid) { return store_data(dgi::kSetEmergencyProfileAttribute, aid_tlv(aid)); }
std::string enable(const std::string& aid) { return store_data(dgi::kEnableProfile, aid_tlv(aid)); }
std::string disable(const std::string& aid) { return store_data(dgi::kDisableProfile, aid_tlv(aid)); }
// The local command on channel 1 (CLA '81').
std::string local(std::uint16_t dgi) { return "81" + store_data(dgi, "").substr(2); }

class EuiccEmergency : public EuiccTest {
 protected:
  // MANAGE CHANNEL open (channel 1) and SELECT of the ISD-R on it.
  void select_isd_r() {
    EXPECT_EQ(send("0070000001"), "019000");
    EXPECT_EQ(send("01A4040010" + kIsdRAid), "9000");
  }
  // The notification that follows "normal service", confirmed.
  Bytes notified() {
    std::string sw = location_status(0x00);
    const std::optional<Bytes> n = fetch_notification(sw);
    EXPECT_TRUE(n);
    const std::uint16_t sequence = e.next_notification_sequence() - 1;
    EXPECT_EQ(es5_one(store_data(dgi::kNotificationConfirmation, "4E02" + hex16(sequence))), expanded_answer({"9000"}));
    return n.value_or(Bytes{});
  }
  Bytes expected(std::uint8_t type, std::uint16_t sequence, const std::string& aid) {
    return euicc::notification_data(from_hex(kEid), type, sequence, from_hex(aid));
  }
};

TEST_F(EuiccEmergency, TheDeviceEnablesTheEmergencyProfileLocallyAndReturns) {
  give_smsr_address();
  // The fall-back profile cannot also be the emergency profile.
  EXPECT_EQ(es5_one(set_emergency(kIsdP1)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(set_emergency(kIsdP2)), expanded_answer({"9000"}));
  EXPECT_TRUE(info(kIsdP2)->emergency);
  EXPECT_FALSE(info(kIsdP1)->emergency);
  // The enabled profile forbids disabling: an emergency overrides it.
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810101")}),
            std::vector<std::string>{"9000"});

  select_isd_r();
  EXPECT_EQ(send("81CA005A00"), "5A10" + kEid + "9000");
  const std::string sw = send(local(dgi::kLocalEnableEmergencyProfile));
  ASSERT_EQ(sw.substr(0, 2), "91");  // the REFRESH
  EXPECT_EQ(info(kIsdP2)->state, kEnabled);
  EXPECT_EQ(info(kIsdP1)->state, kDisabled);
  refresh_and_restart(sw);
  EXPECT_EQ(read_imsi(), imsi_ef(kForeignImsi));
  EXPECT_EQ(upper_hex(notified()), upper_hex(expected(euicc::notification::kEmergencyProfileEnabled, 0, kIsdP2)));

  // Meanwhile the SM-SR switches nothing and moves no attribute, the
  // emergency profile cannot be deleted, and lost service changes nothing.
  EXPECT_EQ(es5_one(enable(kIsdP1)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(disable(kIsdP2)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(set_emergency(kIsdP2)), expanded_answer({"6985"}));
  EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP2))), expanded_answer({"6985"}));
  for (int i = 0; i < euicc::Euicc::kConnectivityLossReports; ++i) EXPECT_EQ(location_status(0x02), "9000");
  EXPECT_EQ(info(kIsdP2)->state, kEnabled);

  // The reset closed the channel: the device selects the ISD-R again.
  select_isd_r();
  EXPECT_EQ(send(local(dgi::kLocalEnableEmergencyProfile)), "6985");  // enabled already
  const std::string back = send(local(dgi::kLocalDisableEmergencyProfile));
  ASSERT_EQ(back.substr(0, 2), "91");
  refresh_and_restart(back);
  EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi));
  EXPECT_EQ(info(kIsdP1)->state, kEnabled);
  EXPECT_EQ(upper_hex(notified()), upper_hex(expected(euicc::notification::kEmergencyProfileDisabled, 1, kIsdP1)));
  // Not enabled locally any more: a second disable is refused, the SM-SR
  // may switch again, and the emergency profile still cannot be deleted.
  select_isd_r();
  EXPECT_EQ(send(local(dgi::kLocalDisableEmergencyProfile)), "6985");
  EXPECT_EQ(es5_one("80E40000" "12" + aid_tlv(kIsdP2)), expanded_answer({"6985"}));
  EXPECT_EQ(isdp_session(kTarIsdP1, isdp1_keys(), {store_data(dgi::kUpdatePolicyRules, "810100")}),
            std::vector<std::string>{"9000"});
  EXPECT_EQ(es5_one(enable(kIsdP2)), expanded_answer({"9000"}));
}

TEST_F(EuiccEmergency, TheLocalInterfaceTakesOnlyTheIsdRsLocalCommands) {
  // Without an emergency profile.
  select_isd_r();
  EXPECT_EQ(send(local(dgi::kLocalEnableEmergencyProfile)), "6A88");
  // Not an ES5 function locally, nor another instruction, nor a DGI with data.
  EXPECT_EQ(send("81" + enable(kIsdP2).substr(2)), "6A88");
  EXPECT_EQ(send("81F24000024F00"), "6D00");
  EXPECT_EQ(send("81E2880004" "3A0B0100"), "6A80");
  EXPECT_EQ(send("81E2080003" "3A0B00"), "6A86");  // not the last block
  EXPECT_EQ(send("01CA005A00"), "6E00");           // interindustry class
  // Another SELECT on the channel gives it back to the profile (its USIM).
  EXPECT_EQ(send(std::string("01A4040C07") + kUsimAidPrefix), "9000");
  EXPECT_EQ(send("81CA005A00"), "6D00");  // the profile takes no GET DATA
  // The ISD-R is not selected on the basic channel, nor on a closed one.
  EXPECT_EQ(send("00A4040410" + kIsdRAid), "6A82");
  EXPECT_EQ(send("02A4040410" + kIsdRAid), "6881");
  // Closing the channel ends the local session.
  EXPECT_EQ(send("01A4040010" + kIsdRAid), "9000");
  EXPECT_EQ(send("0070800100"), "9000");
  EXPECT_EQ(send("81CA005A00"), "6881");
}

TEST_F(EuiccEmergency, PowerLossDuringTheLocalEnableLeavesOneConsistentProfile) {
  EXPECT_EQ(es5_one(set_emergency(kIsdP2)), expanded_answer({"9000"}));
  std::uint32_t cuts = 0;
  for (std::uint32_t n = 1;; ++n) {
    const bool through = ran_through_cut(n, [&] {
      select_isd_r();
      send(local(dgi::kLocalEnableEmergencyProfile));
    });
    const auto p1 = info(kIsdP1), p2 = info(kIsdP2);
    ASSERT_TRUE(p1 && p2) << n;
    EXPECT_TRUE((p1->state == kEnabled) != (p2->state == kEnabled)) << n;
    if (through || p2->state == kEnabled) break;
    ++cuts;
    EXPECT_EQ(read_imsi(), imsi_ef(kCmccImsi)) << n;
    // Nothing enabled locally: the SM-SR's functions are not blocked.
    EXPECT_EQ(es5_one(store_data(dgi::kSetFallbackAttribute, aid_tlv(kIsdP1))), expanded_answer({"9000"})) << n;
    ASSERT_LT(n, 200u);
  }
  EXPECT_GE(cuts, 1u);
  // Enabled locally, and the state says so: the SM-SR is refused.
  EXPECT_EQ(info(kIsdP2)->state, kEnabled);
  EXPECT_EQ(es5_one(enable(kIsdP1)), expanded_answer({"6985"}));
}

}  // namespace test_euicc_emergency
}  // namespace cardcore::testing
