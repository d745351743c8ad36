// Several cards in one cooperation order (platform::CooperationBatch): the
// import of import_plan() for a batch of devices made abroad, each a
// card-core eUICC on the foreign SM-SR, handed over to China Mobile's
// SM-SR, numbered by chip management and given China Mobile's profile by
// its SM-DP. One device is switched off (its SMS undeliverable: its SM-SR
// change expires), one card OneLink does not list, one named twice: those
// fail or are refused alone, the others end done.
#include "cooperation_flow_rig.hpp"

#include <memory>
#include <set>

#include "twinmodels/platform/cooperation_batch.hpp"
#include "twinmodels/platform/eid.hpp"

namespace twinmodels::testing {
namespace test_cooperation_batch {

using platform::BatchCardState;
using platform::BatchState;

const platform::SmSrConfig kForeignSmSr{"SM-SR-FOREIGN", kNewSmsr, std::nullopt, 3, {"SM-SR-CMCC"}, {"FOREIGN"}};

// Card k of the batch: its own EID and foreign profile (HSS subscriber
// `foreign`, below the rigs' HSS's 16), the import layout.
EuiccIdentity card(int k, std::uint64_t foreign) {
  EuiccIdentity id;
  id.eid = platform::eid_with_check_digits("89049032123451234512345678900" + std::to_string(k));
  id.foreign = foreign;
  id.foreign_iccid = "8944000000000000" + std::string(foreign < 10 ? "0" : "") + std::to_string(foreign);
  id.foreign_msisdn = msisdn_of(foreign);
  return id;
}

struct Batch {
  std::vector<std::unique_ptr<ChangeRig>> rigs;
  platform::SmSr cmcc{[] {
    platform::SmSrConfig c = cmcc_smsr_config();
    c.es7_partners = {"SM-SR-FOREIGN"};
    return c;
  }()};
  platform::SmDp dp = make_smdp();
  platform::ChipRegistry chips;
  platform::OneLink ol;
  Network net = flow_network({{5, msisdn_of(5)}, {6, msisdn_of(6)}, {7, msisdn_of(7)}, {8, msisdn_of(8)}});

  // Cards with foreign subscribers `foreign`; the first rig's SM-SR is the
  // foreign one, and every card's EIS is registered there.
  explicit Batch(const std::vector<std::uint64_t>& foreign) {
    for (std::size_t k = 0; k < foreign.size(); ++k) {
      rigs.push_back(std::make_unique<ChangeRig>(EuiccLayout::Import, kForeignSmSr, std::nullopt,
                                                 card(static_cast<int>(k), foreign[k])));
      ChangeRig& r = *rigs.back();
      EXPECT_EQ(r.modem.state(), ModemState::Registered);
      if (k > 0) smsr().register_eis(*r.smsr_platform.eis(r.e.eid()), isd_r_config(), std::nullopt);
      net.by_imsi[imsi_of(foreign[k])] = {foreign[k], msisdn_of(foreign[k])};
    }
    EXPECT_TRUE(chips.add_pool({"CMCC-P1", imsi_of(5), msisdn_of(5), 4, 1000}).ok());
    ol.add_account(kAccount, "Fleet customer");
    for (std::size_t k = 0; k < rigs.size(); ++k) {
      ChangeRig& r = *rigs[k];
      sell_chip_as(r.e.eid(), static_cast<int>(k));
      platform::Card c;
      c.iccid = iccid(k);
      c.eid = r.e.eid();
      c.expected = {c.iccid, imsi_of(foreign[k]), msisdn_of(foreign[k])};
      c.smsr_id = "SM-SR-FOREIGN";
      ol.add_card(kAccount, c);
    }
  }
  platform::SmSr& smsr() { return rigs.front()->smsr_platform; }
  std::string iccid(std::size_t k) const { return full_iccid(rigs[k]->identity.foreign_iccid); }

  void sell_chip_as(const std::string& id, int k) {
    const platform::Party vendor{platform::Role::CardVendor, "vendor-1"};
    const platform::Party oem{platform::Role::Oem, "oem-1"};
    const platform::Party customer{platform::Role::Customer, "customer-1"};
    ASSERT_TRUE(chips.produce(id, {"vendor-1", "chipmaker-1", "batch-1"}, vendor, 1).ok());
    ASSERT_TRUE(chips.stock_in(id, vendor, 2).ok());
    ASSERT_TRUE(chips.ship(id, vendor, oem, 3).ok());
    ASSERT_TRUE(chips.receive(id, oem, 4).ok());
    ASSERT_TRUE(chips.integrate(id, oem, "device-" + std::to_string(k), 5).ok());
    ASSERT_TRUE(chips.sell(id, oem, customer, kAccount, 6).ok());
  }

  platform::FlowPlatforms platforms() {
    return {{{"SM-SR-FOREIGN", &smsr()}, {"SM-SR-CMCC", &cmcc}}, {{"SM-DP-CMCC", &dp}}, &ol, &chips};
  }
  platform::FlowOrder order(const std::string& card_iccid) const {
    return flow_order(card_iccid, "cmcc-m2m", "", new_smsr_keys(kSmsr), platform::ChipAction::Activate, "CMCC-P1");
  }

  ChangeRig* rig_of(const std::string& eid) {
    for (auto& r : rigs)
      if (r->e.eid() == eid) return r.get();
    return nullptr;
  }
  // carry() for a batch: every SMS of `from` to the device of its eUICC.
  void carry_all(platform::SmSr& from) {
    for (const platform::OutgoingSms& m : from.take_outgoing(kScts)) {
      ChangeRig* rig = rig_of(m.eid);
      ASSERT_TRUE(rig) << m.eid;
      if (!net.reaches(*rig, m.msisdn)) {
        ++net.undeliverable;
        from.on_delivery_failed(m.eid);
        continue;
      }
      std::vector<ModemOutput> last;
      for (const cardcore::Bytes& t : m.delivers) {
        rig->now += 1000;
        last = rig->in(MtSms{kSmsc, t});
      }
      const SendRpAck* ack = ModemRig::find<SendRpAck>(last);
      if (ack) {
        from.on_delivery_report(m.eid, ack->deliver_report, true);
      } else {
        from.on_delivery_failed(m.eid);
      }
      net.settle(*rig, from, last);
    }
  }
  std::uint64_t now() const {
    std::uint64_t t = 0;
    for (const auto& r : rigs) t = std::max(t, r->now);
    return t;
  }
  void run(platform::CooperationBatch& batch) {
    for (int i = 0; i < 400 && !batch.finished(); ++i) {
      batch.poll(static_cast<std::int64_t>(now()));
      carry_all(smsr());
      carry_all(cmcc);
    }
  }
};

TEST(CooperationBatch, OneCardsFailureLeavesTheOthersDone) {
  Batch b({4, 9, 10});
  // The second device is switched off: its SM-SR change's SMS cannot be delivered.
  b.rigs[1]->in(PowerOff{});
  std::vector<platform::FlowOrder> orders;
  for (std::size_t k = 0; k < b.rigs.size(); ++k) orders.push_back(b.order(b.iccid(k)));
  orders.push_back(b.order(full_iccid("894400000000000011")));  // a card OneLink does not list
  orders.push_back(b.order(b.iccid(0)));                         // the first card again
  const std::optional<platform::ExportPlan> plan = platform::import_plan(cooperation_graph(), "FOREIGN", "SM-SR-CMCC");
  ASSERT_TRUE(plan);
  platform::CooperationBatch batch(b.platforms(), *plan, std::move(orders));
  ASSERT_EQ(batch.size(), 5u);
  EXPECT_EQ(batch.card_state(3), BatchCardState::Refused);
  EXPECT_NE(batch.refusal(3).find("OneLink lists no card"), std::string::npos) << batch.refusal(3);
  EXPECT_EQ(batch.card_state(4), BatchCardState::Refused);
  EXPECT_NE(batch.refusal(4).find("in the order already"), std::string::npos) << batch.refusal(4);
  EXPECT_EQ(batch.phase(3), "refused");
  EXPECT_EQ(batch.state(), BatchState::Running);
  EXPECT_EQ(batch.phase(0), "switch-request");

  b.run(batch);
  ASSERT_TRUE(batch.finished());
  EXPECT_EQ(batch.state(), BatchState::Partial);
  EXPECT_EQ(batch.count(BatchCardState::Done), 2u);
  EXPECT_EQ(batch.count(BatchCardState::Failed), 1u);
  EXPECT_EQ(batch.count(BatchCardState::Refused), 2u);

  // The switched-off card: its SM-SR change expired at the foreign SM-SR;
  // it stays there, OneLink's switch request failed, no number taken.
  ASSERT_EQ(batch.card_state(1), BatchCardState::Failed);
  const platform::CooperationFlow& off = *batch.flow(1);
  EXPECT_EQ(batch.phase(1), "handover");
  EXPECT_EQ(off.failed_step(), "ES4.SMSRChange");
  EXPECT_EQ(off.failure().status, platform::ExecutionStatus::Expired) << platform::describe(off.trace());
  EXPECT_TRUE(b.smsr().eis(b.rigs[1]->e.eid()));
  EXPECT_FALSE(b.cmcc.eis(b.rigs[1]->e.eid()));
  EXPECT_EQ(b.ol.request(off.switch_request())->status, platform::ForeignRequestStatus::Failed);
  EXPECT_NE(b.chips.chip(b.rigs[1]->e.eid())->state(), platform::ChipState::Activated);

  // The others: on China Mobile's SM-SR, each with its own number from the
  // pool, its profile enabled and the device attached with that IMSI.
  std::set<std::string> imsis;
  for (std::size_t k : {0u, 2u}) {
    ASSERT_EQ(batch.card_state(k), BatchCardState::Done) << k << ": " << platform::describe(batch.flow(k)->trace());
    EXPECT_EQ(batch.phase(k), "done");
    const ChangeRig& r = *b.rigs[k];
    const platform::Chip* chip = b.chips.chip(r.e.eid());
    ASSERT_TRUE(chip);
    EXPECT_EQ(chip->state(), platform::ChipState::Activated);
    imsis.insert(chip->imsi());
    EXPECT_EQ(r.modem.state(), ModemState::Registered);
    EXPECT_EQ(r.modem.imsi(), chip->imsi());
    EXPECT_FALSE(b.smsr().eis(r.e.eid()));
    ASSERT_TRUE(b.cmcc.eis(r.e.eid()));
    EXPECT_EQ(b.cmcc.eis(r.e.eid())->by_iccid(batch.flow(k)->iccid())->state, platform::ProfileState::Enabled);
    EXPECT_EQ(b.ol.request(batch.flow(k)->download_request())->status, platform::ForeignRequestStatus::Completed);
    EXPECT_EQ(b.ol.card(b.iccid(k))->smsr_id, "SM-SR-CMCC");
  }
  EXPECT_EQ(imsis, (std::set<std::string>{imsi_of(5), imsi_of(6)}));
  EXPECT_EQ(b.chips.pool("CMCC-P1")->state_of(imsi_of(7)).value, platform::NumberState::Free);
}

TEST(CooperationBatch, EveryCardDoneMakesTheBatchDone) {
  Batch b({4, 9});
  std::vector<platform::FlowOrder> orders = {b.order(b.iccid(0)), b.order(b.iccid(1))};
  const std::optional<platform::ExportPlan> plan = platform::import_plan(cooperation_graph(), "FOREIGN", "SM-SR-CMCC");
  ASSERT_TRUE(plan);
  platform::CooperationBatch batch(b.platforms(), *plan, std::move(orders));
  b.run(batch);
  EXPECT_EQ(batch.state(), BatchState::Done);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(batch.card_state(k), BatchCardState::Done) << platform::describe(batch.flow(k)->trace());
    expect_all_succeeded(*batch.flow(k));
    // Each card's trace holds its own calls only: one SM-SR change, one order.
    std::size_t changes = 0, orders_made = 0;
    for (const platform::FlowTraceLine& l : batch.flow(k)->trace()) {
      EXPECT_EQ(l.result.eid.empty() || l.result.eid == b.rigs[k]->e.eid(), true) << platform::describe(l);
      changes += l.result.function == "ES4.SMSRChange";
      orders_made += l.result.function == "ES2.DownloadProfile";
    }
    EXPECT_EQ(changes, 1u);
    EXPECT_EQ(orders_made, 1u);
  }
}

TEST(CooperationBatch, AnOrderOfCardsOneLinkDoesNotListFailsWhole) {
  Batch b({4});
  std::vector<platform::FlowOrder> orders = {b.order(full_iccid("894400000000000012")),
                                             b.order(full_iccid("894400000000000013"))};
  const std::optional<platform::ExportPlan> plan = platform::import_plan(cooperation_graph(), "FOREIGN", "SM-SR-CMCC");
  ASSERT_TRUE(plan);
  platform::CooperationBatch batch(b.platforms(), *plan, std::move(orders));
  EXPECT_TRUE(batch.finished());
  EXPECT_EQ(batch.state(), BatchState::Failed);
  EXPECT_EQ(batch.count(BatchCardState::Refused), 2u);
  EXPECT_THROW(platform::CooperationBatch(b.platforms(), *plan, {}), std::invalid_argument);
}

}  // namespace test_cooperation_batch
}  // namespace twinmodels::testing
