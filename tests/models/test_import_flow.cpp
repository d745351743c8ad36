// Import end to end (the source document §2.2 国际款, §4.1.6): a device built
// abroad runs a foreign operator's profile on the foreign SM-SR; deployed in
// China, the foreign SM-SR hands the eUICC over to China Mobile's SM-SR
// (the foreign operator, its enabled profile's MNO, orders it: ES4, ES7),
// China Mobile opens a number for the chip (chip management), its SM-DP
// downloads a China Mobile profile with that number, its SM-SR enables it
// and the device attaches with the China Mobile IMSI; OneLink asked for the
// switch and the download and takes their results.
#include "cooperation_rig.hpp"

namespace twinmodels::testing {
namespace {

using platform::ExecutionStatus;
using platform::FaultReason;
using platform::ProfileState;

// The factory profile's ICCID as the card reports it (with its Luhn digit).
const std::string kForeignIccid = full_iccid("894400000000000004");

TEST(ImportFlow, AForeignDeviceMovesToChinaMobilesSmSrAndProfile) {
  ChangeRig rig(EuiccLayout::Import,
                platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"FOREIGN"}});
  platform::SmSr& foreign = rig.smsr_platform;
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  platform::SmSr cmcc(cmcc_config);
  const std::string eid = rig.e.eid();
  ASSERT_EQ(rig.modem.state(), ModemState::Registered);
  ASSERT_EQ(foreign.eis(eid)->enabled()->iccid, kForeignIccid);

  // The imported device's chip, sold to the fleet customer; OneLink lists
  // it with the subscription it came with.
  platform::ChipRegistry chips;
  ASSERT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(5), "8613900000005", 10, 1000}).ok());
  sell_chip(chips, eid);
  platform::OneLink ol = onelink_with(rig, kForeignIccid, {kForeignIccid, imsi_of(4), kForeignMsisdn}, "SM-SR-EU");

  // 1. OneLink asks the foreign platform to hand the eUICC to China
  //    Mobile's SM-SR; the foreign operator orders it, the SM-SRs do it.
  const platform::ForeignRequest sw = ol.request_smsr_switch(kForeignIccid, "SM-SR-CMCC", 1000);
  ASSERT_EQ(sw.status, platform::ForeignRequestStatus::Sent);
  platform::SmSrHandover h(foreign, cmcc, rig.handover_config("FOREIGN", sw.id, kSmsr));
  ASSERT_TRUE(h.start()) << platform::describe(h.result());
  rig.run(h, foreign, cmcc);
  ASSERT_EQ(h.result().status, ExecutionStatus::Success) << platform::describe(h.result());
  ASSERT_TRUE(ol.on_result(h.result(), 2000));
  EXPECT_EQ(ol.card(kForeignIccid)->smsr_id, "SM-SR-CMCC");
  EXPECT_FALSE(foreign.eis(eid));
  ASSERT_TRUE(cmcc.eis(eid));
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{2});

  // 2. China Mobile opens a number for the chip and its SM-DP downloads a
  //    China Mobile profile with it, as OneLink asked.
  ASSERT_TRUE(chips.activate(eid, kOperator, "CMCC-P1", 3000).ok());
  const platform::Chip* chip = chips.chip(eid);
  ASSERT_EQ(chip->imsi(), imsi_of(5));
  const platform::SubscriptionValues v = for_imsi(number_data(5, 3), chip->imsi());
  platform::ProfileStore smdp;
  smdp.add("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"));
  const platform::ForeignRequest dl =
      ol.request_profile_download(kForeignIccid, "SM-DP-CMCC", {v.iccid, v.imsi, chip->msisdn()}, 3000);
  ASSERT_EQ(dl.status, platform::ForeignRequestStatus::Sent);
  const platform::FunctionResult downloaded =
      rig.download(cmcc, dl.id, smdp.prepare("cmcc-m2m", v), v, "CMCC", "SM-DP-CMCC", chip->msisdn());
  ASSERT_EQ(downloaded.status, ExecutionStatus::Success) << platform::describe(downloaded);

  // 3. China Mobile's SM-SR enables it; the device attaches with the China
  //    Mobile IMSI and the notification reaches China Mobile's SM-SR.
  const Attached a = attach(rig, rig.enable(cmcc, v.iccid));
  EXPECT_EQ(a.imsi, imsi_of(5));
  EXPECT_EQ(cardcore::sms::decode_submit(a.notification).da, kSmsr);
  EXPECT_FALSE(foreign.on_mo_sms(chip->msisdn(), a.notification, rig.now));
  const auto n = cmcc.on_mo_sms(chip->msisdn(), a.notification, rig.now);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->iccid, v.iccid);

  // OneLink: wrong profile until the download's result, then in order.
  ASSERT_TRUE(ol.report_event(kForeignIccid, registered(a.imsi, 4000)));
  EXPECT_EQ(ol.diagnose(kForeignIccid, 4001)->reason, FaultReason::WrongProfile);
  ASSERT_TRUE(ol.on_result(downloaded, 4002));
  EXPECT_EQ(ol.request(dl.id)->status, platform::ForeignRequestStatus::Completed);
  EXPECT_EQ(ol.card(kForeignIccid)->expected.imsi, imsi_of(5));
  EXPECT_EQ(ol.diagnose(kForeignIccid, 4003)->reason, FaultReason::NotOffline);

  // The chip management platform: activated on the China Mobile number,
  // billing open for the customer's account.
  EXPECT_EQ(chip->state(), platform::ChipState::Activated);
  EXPECT_EQ(chip->account(), kAccount);
  EXPECT_EQ(chips.pool("CMCC-P1")->state_of(imsi_of(5)).value, platform::NumberState::Allocated);
  ASSERT_EQ(chips.billing().size(), 1u);
  EXPECT_FALSE(chips.billing()[0].deactivated_ms);

  // The final state: China Mobile's SM-SR manages the eUICC, its profile
  // enabled; the foreign one stays, disabled, with its fall-back attribute.
  const platform::Eis* eis = cmcc.eis(eid);
  EXPECT_EQ(eis->smsr_id, "SM-SR-CMCC");
  using P = std::tuple<std::string, ProfileState, std::string>;
  EXPECT_EQ(eis_profiles(*eis), (std::vector<P>{{kForeignIccid, ProfileState::Disabled, "FOREIGN"},
                                                {v.iccid, ProfileState::Enabled, "CMCC"}}));
  EXPECT_TRUE(eis->by_iccid(kForeignIccid)->fallback);
  EXPECT_EQ(card_profiles(rig), (std::vector<std::pair<std::string, bool>>{{kForeignIccid, false}, {v.iccid, true}}));
}

// The change is the enabled profile's MNO's to order: China Mobile cannot
// take a foreign operator's subscriber away, and nothing changes.
TEST(ImportFlow, OnlyTheEnabledProfilesMnoOrdersTheChange) {
  ChangeRig rig(EuiccLayout::Import,
                platform::SmSrConfig{"SM-SR-EU", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {}});
  platform::SmSrConfig cmcc_config = cmcc_smsr_config();
  cmcc_config.es7_partners = {"SM-SR-EU"};
  platform::SmSr cmcc(cmcc_config);
  platform::SmSrHandover h(rig.smsr_platform, cmcc, rig.handover_config("CMCC", "c1", kSmsr));
  EXPECT_FALSE(h.start());
  ASSERT_TRUE(h.finished());
  EXPECT_FALSE(h.next());
  EXPECT_TRUE(h.prepare_result().ok());
  EXPECT_EQ(h.result().status, ExecutionStatus::Failed);
  EXPECT_EQ(h.result().subject, "Function requester");
  EXPECT_EQ(h.result().reason, "Not allowed (authorisation)");
  EXPECT_FALSE(cmcc.prepared(rig.e.eid()));
  EXPECT_FALSE(rig.smsr_platform.smsr_change_in_flight(rig.e.eid()));
  ASSERT_TRUE(rig.smsr_platform.eis(rig.e.eid()));
  EXPECT_EQ(rig.card_key_versions(), std::vector<std::uint8_t>{1});
}

}  // namespace
}  // namespace twinmodels::testing
