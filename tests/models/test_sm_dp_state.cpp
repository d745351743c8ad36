// SmDp::save_state() / restore_state() for checkpoints: an SM-DP saved at
// any point of an order — CreateISDP in flight, the ES8 download between
// two SendData (its SCP03 session with the ISD-P open), a failed step
// before its ES3.DeleteISDP, an ES3.AuditEIS after lost PoRs — and
// restored into a new SM-DP of the same configuration goes on as the
// original: given the same SM-SR results it makes the same ES3 calls,
// gives the same ES2 results and ends in the same state. So do results not
// taken, stock loaded during the run and a withheld ICCID. Truncated,
// damaged or mismatching state is refused and changes nothing.
#include "sm_dp_rig.hpp"
#include "state_refusals.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace twinmodels::testing {
namespace test_sm_dp_state {

using cardcore::Bytes;
using platform::ExecutionStatus;
using platform::FunctionCall;
using platform::FunctionResult;
using platform::SmDp;
using platform::StockState;
using Kind = FunctionCall::Kind;

// A second profile type whose ISD-P quota the package does not fit: the
// card refuses the last block ('6A84', test_sm_dp.cpp).
void add_small_type(SmDp& dp) { dp.add_profile_type("cmcc-m2m-small", "CMCC", saip_package("cmcc-m2m.der"), 4096); }

// The SM-DP as configured before a run: profile types, stock 5..8, the rig's SM-SR.
SmDp configured(SmSrRig& rig) {
  SmDp dp = make_smdp();
  add_small_type(dp);
  dp.connect(rig.smsr_platform);
  return dp;
}

Bytes encoded(const std::vector<FunctionResult>& results) {
  Bytes b;
  for (const FunctionResult& r : results) platform::state_fields::put_result(b, r);
  return b;
}

// Where the checkpoint is taken: at the SM-SR's result number `result`
// (0: the first), before the SM-DP takes it or after.
struct Checkpoint {
  std::size_t result;
  bool taken;
};

// One order driven to its end with a checkpoint: the SM-DP saved there and
// restored into a newly configured one, which from then on gets the same
// inputs (SmDpDriver::twin). False when the run had fewer results.
struct Resumed {
  SmSrRig rig{ecasd_of_pki(), ecasd_certificate(), modem_with_pin()};
  SmDp dp = configured(rig);
  std::optional<SmDp> copy;
  Bytes saved;
  SmDpDriver d{rig, dp};

  bool run(Checkpoint at) {
    std::size_t n = 0;
    const auto checkpoint = [&] {
      saved = dp.save_state();
      copy.emplace(configured(rig));
      copy->restore_state(saved);
      EXPECT_EQ(copy->save_state(), saved);
      d.twin = &*copy;
    };
    d.meanwhile = [&](const FunctionResult&) {
      if (n == at.result && !at.taken) checkpoint();
    };
    d.answered = [&](const FunctionResult&) {
      if (n == at.result && at.taken) checkpoint();
      ++n;
    };
    d.run();
    if (!copy) return false;
    EXPECT_EQ(encoded(copy->take_results()), encoded(dp.take_results()));
    EXPECT_EQ(copy->save_state(), dp.save_state());
    EXPECT_EQ(copy->orders_in_progress(), 0u);
    return true;
  }
};

// Every checkpoint of an order, before and after each SM-SR result;
// `order` starts it. Returns how many checkpoints there were.
std::size_t every_checkpoint(const std::function<void(Resumed&)>& order) {
  std::size_t count = 0;
  for (std::size_t k = 0;; ++k) {
    bool more = false;
    for (bool taken : {false, true}) {
      SCOPED_TRACE("result " + std::to_string(k) + (taken ? ", taken" : ", not yet taken"));
      Resumed t;
      order(t);
      if (!t.run({k, taken})) continue;
      more = true;
      ++count;
    }
    if (!more) return count;
  }
}

// A whole order — CreateISDP, the key establishment, INITIALIZE UPDATE,
// the package over two scripts, ProfileDownloadCompleted, EnableProfile —
// resumed from each of its 16 checkpoints, with the SCP03 session between
// the scripts among them.
TEST(SmDpState, AFullOrderGoesOnFromEveryCheckpoint) {
  const std::size_t n = every_checkpoint([](Resumed& t) { t.dp.download_profile(order("o-1", t.rig.e.eid(), 5)); });
  EXPECT_EQ(n, 16u);
  // The order succeeded in both.
  Resumed t;
  t.dp.download_profile(order("o-1", t.rig.e.eid(), 5));
  ASSERT_TRUE(t.run({4, false}));  // the first package script in flight
  EXPECT_EQ(t.dp.stock().find(subscription_of(5).iccid)->state, StockState::Installed);
  EXPECT_EQ(t.copy->stock().find(subscription_of(5).iccid)->state, StockState::Installed);
  EXPECT_EQ(t.d.kinds().back(), Kind::EnableProfile);
}

// The card refuses the last block: the order has the ISD-P deleted and
// fails; resumed from each checkpoint, among them the failure recorded
// with ES3.DeleteISDP not yet made and in flight.
TEST(SmDpState, AFailedDownloadGoesOnToItsDeleteIsdpFromEveryCheckpoint) {
  const std::size_t n = every_checkpoint([](Resumed& t) {
    t.dp.load_stock("cmcc-m2m-small", subscription_of(9), msisdn_of(9));
    t.dp.download_profile(order("o-1", t.rig.e.eid(), 9, true, "cmcc-m2m-small"));
  });
  EXPECT_EQ(n, 14u);  // CreateISDP, four ES8 scripts, the refused one, DeleteISDP
}

// A lost PoR of CreateISDP: Expired, ES3.AuditEIS, ES3.DeleteISDP; resumed
// from each checkpoint, the audit's included.
TEST(SmDpState, AnAuditAfterLostPorsGoesOnFromEveryCheckpoint) {
  const std::size_t n = every_checkpoint([](Resumed& t) {
    t.dp.download_profile(order("o-1", t.rig.e.eid(), 6));
    t.d.por = [](const FunctionCall& c, unsigned attempt) {
      return c.kind == Kind::CreateIsdp && attempt == 1 ? PorPath::Lost : PorPath::Delivered;
    };
  });
  EXPECT_EQ(n, 6u);  // CreateISDP, AuditEIS, DeleteISDP
}

// Results not taken (a refused order beside the one in progress) and stock
// loaded during the run are in the state: the copy gives the same results
// and takes an order for the new stock.
TEST(SmDpState, ResultsNotTakenAndStockLoadedDuringTheRunAreRestored) {
  Resumed t;
  t.dp.load_stock("cmcc-m2m", subscription_of(10), msisdn_of(10));
  t.dp.download_profile(order("o-1", t.rig.e.eid(), 6, false));
  t.dp.download_profile(order("o-bad", t.rig.e.eid(), 99));  // not in stock: refused at once
  ASSERT_TRUE(t.run({2, true}));
  // Both took their results in run(); both take the new stock's order.
  for (SmDp* dp : {&t.dp, &*t.copy}) {
    EXPECT_EQ(dp->stock().find(subscription_of(10).iccid)->state, StockState::Available);
    EXPECT_EQ(dp->stock().find(subscription_of(6).iccid)->state, StockState::Installed);
  }
  const Bytes saved = t.dp.save_state();
  SmDp fresh = configured(t.rig);
  fresh.restore_state(saved);
  EXPECT_EQ(fresh.save_state(), saved);
  EXPECT_TRUE(fresh.stock().find(subscription_of(10).iccid));
  t.dp.download_profile(order("o-2", t.rig.e.eid(), 10, false));
  fresh.download_profile(order("o-2", t.rig.e.eid(), 10, false));
  SmDpDriver again(t.rig, t.dp);
  again.twin = &fresh;
  again.run();
  const std::vector<FunctionResult> r = t.dp.take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, ExecutionStatus::Success) << platform::describe(r[0]);
  EXPECT_EQ(encoded(fresh.take_results()), encoded(r));
  EXPECT_EQ(fresh.save_state(), t.dp.save_state());
}

// The refused order's result, not taken when saved, is the copy's too.
TEST(SmDpState, ARefusalNotTakenIsRestored) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  SmDp dp = configured(rig);
  dp.download_profile(order("o-bad", rig.e.eid(), 99));
  SmDp copy = configured(rig);
  copy.restore_state(dp.save_state());
  const std::vector<FunctionResult> r = copy.take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].call_id, "o-bad");
  EXPECT_EQ(r[0].subject, "Profile ICCID");
  EXPECT_EQ(r[0].reason, "Unknown");
  EXPECT_EQ(encoded(dp.take_results()), encoded(r));
}

// A withheld ICCID after the failed order, its result not taken: the copy
// gives the result, withholds the ICCID until the operator returns it, and
// then carries out a new order for it as the original does.
TEST(SmDpState, AWithheldIccidIsRestoredAndReturnedToStockAlike) {
  SmSrRig rig(ecasd_of_pki(), ecasd_certificate(), modem_with_pin());
  SmDp dp = configured(rig);
  dp.load_stock("cmcc-m2m-small", subscription_of(9), msisdn_of(9));
  dp.download_profile(order("o-1", rig.e.eid(), 9, true, "cmcc-m2m-small"));
  SmDpDriver d(rig, dp);
  d.run();
  const std::string iccid = subscription_of(9).iccid;
  ASSERT_EQ(dp.stock().find(iccid)->state, StockState::Withheld);
  SmDp copy = configured(rig);
  copy.restore_state(dp.save_state());
  EXPECT_EQ(copy.stock().find(iccid)->state, StockState::Withheld);
  EXPECT_EQ(copy.stock().find(iccid)->order, "o-1");
  const std::vector<FunctionResult> r = dp.take_results();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].subject, "ES8.DownloadAndInstallation");
  EXPECT_EQ(encoded(copy.take_results()), encoded(r));
  // Refused alike while withheld, then both return it.
  for (SmDp* x : {&dp, &copy}) {
    x->download_profile(order("o-2", rig.e.eid(), 9, true, "cmcc-m2m-small"));
    const std::vector<FunctionResult> refused = x->take_results();
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(refused[0].reason, "Already in use");
    EXPECT_TRUE(x->return_to_stock(iccid));
    x->download_profile(order("o-3", rig.e.eid(), 9, false, "cmcc-m2m-small"));
  }
  SmDpDriver again(rig, dp);
  again.twin = &copy;
  again.run();
  EXPECT_EQ(encoded(copy.take_results()), encoded(dp.take_results()));
  EXPECT_EQ(copy.save_state(), dp.save_state());
}

class SmDpStateErrors : public ::testing::Test {
 protected:
  Resumed w;
  Bytes saved;
  SmSrRig other_rig{ecasd_of_pki(), ecasd_certificate(), modem_with_pin()};
  SmDp target = configured(other_rig);
  std::optional<StateRefusals<SmDp>> check;

  void SetUp() override {
    // Saved mid-download: the first package script in flight, a refusal
    // not taken, stock of the second profile type.
    w.dp.load_stock("cmcc-m2m-small", subscription_of(9), msisdn_of(9));
    w.dp.download_profile(order("o-1", w.rig.e.eid(), 5));
    w.dp.download_profile(order("o-bad", w.rig.e.eid(), 99));
    w.d.meanwhile = [&, n = std::size_t{0}](const FunctionResult&) mutable {
      if (n++ == 4) saved = w.dp.save_state();
    };
    w.d.run();
    ASSERT_FALSE(saved.empty());
    // Another state than the saved one: what a refusal must keep.
    target.download_profile(order("t-1", other_rig.e.eid(), 7));
    ASSERT_EQ(target.orders_in_progress(), 1u);
    check.emplace(target, "SM-DP state: ");
  }
  void refused(const Bytes& s, const std::string& expected) { check->refused(s, expected); }
};

TEST_F(SmDpStateErrors, TheSavedStateIsAccepted) {
  SmDp x = configured(other_rig);
  x.restore_state(saved);
  EXPECT_EQ(x.save_state(), saved);
  EXPECT_EQ(x.orders_in_progress(), 1u);
}

TEST_F(SmDpStateErrors, TruncatedInputAtEveryLengthIsRefused) { check->cuts_refused(saved); }

TEST_F(SmDpStateErrors, TruncatedBodiesUnderAValidCrcAreFoundByTheParser) { check->sealed_cuts_refused(saved); }

TEST_F(SmDpStateErrors, AFlippedByteIsRefused) { check->flips_refused(saved); }

TEST_F(SmDpStateErrors, DamageUnderAValidCrcAndAnotherSmDpAreRefused) {
  check->header_damage_refused(saved, "SM-DP", 1);  // version 1: before the ES2 relays
  check->header_damage_refused(saved, "SM-DP", 2);  // version 2: before POL2 in the EIS
  check->header_damage_refused(saved, "SM-DP", 3);  // version 3: before the PoR status in a result
  // The id, after the header: length u32, then "SM-DP-CMCC".
  Bytes bad = saved;
  bad[10 + 6] = 'X';
  refused(resealed(bad), "saved by SM-DP \"SM-DP-XMCC\"");
  // Into an SM-DP of another id, one without the profile type "cmcc-m2m-small"
  // its stock names, one not connected to the order's SM-SR.
  platform::SmDpConfig c = smdp_config();
  c.id = "SM-DP-OTHER";
  SmDp other(c);
  StateRefusals<SmDp>(other, "SM-DP state: ").refused(saved, "saved by SM-DP \"SM-DP-CMCC\", this one is \"SM-DP-OTHER\"");
  SmDp no_type = make_smdp();
  no_type.connect(other_rig.smsr_platform);
  StateRefusals<SmDp>(no_type, "SM-DP state: ").refused(saved, "'cmcc-m2m-small', which this SM-DP does not have");
  SmDp unconnected = make_smdp();
  add_small_type(unconnected);
  StateRefusals<SmDp>(unconnected, "SM-DP state: ").refused(saved, "for SM-SR SM-SR-CMCC, which is not connected");
}

// The stock and the orders must fit together: o-1's ICCID, Reserved for
// it in the stock (state u8 1, then the order "o-1" and an empty EID).
TEST_F(SmDpStateErrors, AStockThatDoesNotFitTheOrdersIsRefused) {
  const Bytes reserved = {1, 3, 0, 0, 0, 'o', '-', '1', 0, 0, 0, 0};
  const auto at = std::search(saved.begin(), saved.end(), reserved.begin(), reserved.end());
  ASSERT_NE(at, saved.end());
  const std::size_t state = static_cast<std::size_t>(at - saved.begin());
  Bytes bad = saved;
  bad[state] = 3;  // Withheld
  refused(resealed(bad), "order o-1: its ICCID " + subscription_of(5).iccid + " is not reserved for it in the stock");
  bad[state] = 0;  // Available, with an order
  refused(resealed(bad), "Available with an order");
  bad[state] = 9;
  refused(resealed(bad), "state 9 unknown");
}


// ES2 functions relayed (sm_dp_es2.cpp): ES2.EnableProfile of FOREIGN's
// profile and ES2.AuditEIS queued behind it, resumed from each checkpoint
// — the relay waiting, in flight, answered — with the audited EIS not
// taken in the state compared.
TEST(SmDpState, Es2RelaysGoOnFromEveryCheckpoint) {
  const std::size_t n = every_checkpoint([](Resumed& t) {
    const std::string eid = t.rig.e.eid();
    t.dp.enable_profile({"e-1", "FOREIGN", eid, "SM-SR-CMCC", t.rig.iccid(kIsdP2)});
    t.dp.audit_eis({"a-1", "CMCC", eid, "SM-SR-CMCC", {}});
  });
  EXPECT_EQ(n, 4u);
}

// A state with relays: an audit in flight, a relay queued behind it, an
// audited EIS not taken; restored alike, and its relays' damage refused.
TEST(SmDpState, RelaysAndAnAuditedEisNotTakenAreRestoredAndTheirDamageRefused) {
  Resumed t;
  const std::string eid = t.rig.e.eid();
  t.dp.audit_eis({"a-1", "CMCC", eid, "SM-SR-CMCC", {}});
  t.d.run();
  ASSERT_EQ(t.dp.take_results().size(), 1u);
  t.dp.audit_eis({"a-2", "CMCC", eid, "SM-SR-CMCC", {}});
  t.dp.enable_profile({"e-1", "FOREIGN", eid, "SM-SR-CMCC", t.rig.iccid(kIsdP2)});
  const std::optional<platform::Es3Call> c = t.dp.next();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->call.call_id, "a-2/ES3");
  EXPECT_FALSE(t.dp.next());  // e-1 waits for the eUICC's audit
  const Bytes saved = t.dp.save_state();
  SmDp copy = configured(t.rig);
  copy.restore_state(saved);
  EXPECT_EQ(copy.save_state(), saved);
  EXPECT_EQ(copy.orders_in_progress(), 2u);
  EXPECT_FALSE(copy.next());  // a-2 is in flight in the copy too
  const std::vector<SmDp::AuditedEis> audited = copy.take_audited_eis();
  ASSERT_EQ(audited.size(), 1u);
  EXPECT_EQ(audited[0].call_id, "a-1");
  Bytes a, b;
  platform::state_fields::put_eis(a, audited[0].eis);
  platform::state_fields::put_eis(b, t.dp.take_audited_eis().at(0).eis);
  EXPECT_EQ(a, b);

  SmDp target = configured(t.rig);
  StateRefusals<SmDp> check(target, "SM-DP state: ");
  check.sealed_cuts_refused(saved);
  // The first relay: kind u8 1, function u8 3 (AuditEIS), its call id "a-2".
  const Bytes a2 = {1, 3, 3, 0, 0, 0, 'a', '-', '2'};
  const auto at = std::search(saved.begin(), saved.end(), a2.begin(), a2.end());
  ASSERT_NE(at, saved.end());
  const std::size_t kind = static_cast<std::size_t>(at - saved.begin());
  Bytes bad = saved;
  bad[kind] = 7;
  check.refused(resealed(bad), "order kind 7 unknown");
  bad = saved;
  bad[kind + 1] = 9;
  check.refused(resealed(bad), "relayed function 9 unknown");
  bad = saved;
  bad[kind + 8] = 'X';  // its call id "a-X": waiting for "a-2/ES3"
  check.refused(resealed(bad), "relay a-X: waiting for call a-2/ES3, which it did not make");
  // Into an SM-DP not connected to the relays' SM-SR.
  SmDp unconnected = make_smdp();
  add_small_type(unconnected);
  StateRefusals<SmDp>(unconnected, "SM-DP state: ").refused(saved, "relay a-2 for SM-SR SM-SR-CMCC, which is not connected");
}

}  // namespace test_sm_dp_state
}  // namespace twinmodels::testing
