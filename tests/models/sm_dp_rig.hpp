#pragma once
// The SM-DP platform (twinmodels::platform::SmDp) beside the SM-SR rig: the
// SM-DP of the card-core test PKI (ecasd_pki.hpp) with the example profile
// package as profile type "cmcc-m2m" of operator CMCC, its stock loaded,
// and a driver that runs its orders: every ES3 call to the rig's SM-SR, the
// SM-SR's SMS to the device through the network (carry(), Network: the
// device reached at its registered subscription's number, attached again
// after a REFRESH, its notifications to the SM-SR), the SM-SR's results back.
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/ecasd/certificate.hpp"
#include "euicc_pki.hpp"
#include "smdp_packages.hpp"
#include "smsr_rig.hpp"
#include "twinmodels/platform/sm_dp.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"

namespace twinmodels::testing {

inline const std::string kSmdpId = "SM-DP-CMCC";
inline const std::string kIsdP3 = "A0000005591010FFFFFFFF8900001200";  // the first ISD-P the SM-SR creates

inline platform::SmDpConfig smdp_config() {
  return platform::SmDpConfig{kSmdpId,
                              pki().smdp.certificate,
                              pki().smdp.key,
                              pki().ci.certificate,
                              {{"EUM-TEST", pki().eum.certificate}},
                              0x30,
                              cardcore::Bytes{'s', 'm', '-', 'd', 'p'}};
}

// Subscriber n's MSISDN in the stock.
inline std::string msisdn_of(std::uint64_t n) { return "86139001000" + std::to_string(n); }

// CMCC's SM-DP with "cmcc-m2m" (no memory quota) and subscribers 5..8 in stock.
inline platform::SmDp make_smdp(platform::SmDpConfig config = smdp_config()) {
  platform::SmDp dp(std::move(config));
  dp.add_profile_type("cmcc-m2m", "CMCC", saip_package("cmcc-m2m.der"), std::nullopt);
  for (std::uint64_t n = 5; n <= 8; ++n) dp.load_stock("cmcc-m2m", subscription_of(n), msisdn_of(n));
  return dp;
}

inline platform::DownloadProfileRequest order(const std::string& call_id, const std::string& eid, std::uint64_t subscriber,
                                              bool enable = true, const std::string& type = "cmcc-m2m") {
  return {call_id, "CMCC", eid, subscription_of(subscriber).iccid, type, "SM-SR-CMCC", enable};
}

// ES4.UpdateConnectivityParameters: the eUICC learns the SM-SR's address
// and sends its notifications there (SGP.02 §4.1.1.11).
inline void give_the_card_the_smsr_address(SmSrRig& rig) {
  rig.smsr_platform.call(rig.call(platform::FunctionCall::Kind::UpdateConnectivityParameters, "ucp-1"));
  rig.deliver();
  EXPECT_EQ(rig.only_result().status, platform::ExecutionStatus::Success);
}

// Runs the SM-DP's orders to their end through the rig's SM-SR. `por`
// says, for the ES3 call in flight and its attempt, whether its PoR reaches
// the SM-SR.
struct SmDpDriver {
  SmSrRig& rig;
  platform::SmDp& dp;
  std::function<PorPath(const platform::FunctionCall&, unsigned attempt)> por = [](const platform::FunctionCall&, unsigned) {
    return PorPath::Delivered;
  };
  // Called with every SM-SR result before the SM-DP gets it: what else
  // happens at the SM-SR meanwhile (another party's functions).
  std::function<void(const platform::FunctionResult&)> meanwhile = [](const platform::FunctionResult&) {};
  // Called with every SM-SR result after the SM-DP took it.
  std::function<void(const platform::FunctionResult&)> answered = [](const platform::FunctionResult&) {};
  // A second SM-DP that takes the same inputs from when it is set (a copy
  // restored from a checkpoint): its ES3 calls must be the original's.
  platform::SmDp* twin = nullptr;
  std::vector<platform::FunctionCall> calls;                 // the ES3 calls made, in order
  std::vector<platform::FunctionResult> smsr_results;        // the SM-SR's answers, in order
  std::map<std::string, std::vector<ModemOutput>> outputs;   // the device's last outputs per ES3 call id
  // The rig's two subscriptions and subscribers 5..10 of the SM-DP's stock.
  Network network;

  SmDpDriver(SmSrRig& r, platform::SmDp& d) : rig(r), dp(d) {
    network.by_imsi[imsi_of(3)] = {3, kCmccMsisdn};
    network.by_imsi[imsi_of(4)] = {4, kForeignMsisdn};
    for (std::uint64_t n = 5; n <= 10; ++n) network.by_imsi[imsi_of(n)] = {n, msisdn_of(n)};
  }

  void run() {
    std::deque<platform::FunctionCall> open;  // called, no result yet: the front is the SM-SR's in flight
    std::string front;
    unsigned attempt = 0;
    for (int i = 0; i < 400 && dp.orders_in_progress() > 0; ++i) {
      // Every call the SM-DP has now; the SM-SR queues them per eUICC.
      while (std::optional<platform::Es3Call> c = dp.next()) {
        EXPECT_EQ(c->smsr_id, rig.smsr_platform.id());
        if (twin) expect_same_call(twin->next(), *c);
        calls.push_back(c->call);
        open.push_back(c->call);
        rig.smsr_platform.call(c->call);
      }
      if (twin) {
        EXPECT_FALSE(twin->next());
      }
      if (open.empty()) break;
      if (open.front().call_id != front) {
        front = open.front().call_id;
        attempt = 0;
      }
      const Carried k = carry(rig, rig.smsr_platform, por(open.front(), ++attempt), &network);
      if (!k.last.empty()) outputs[open.front().call_id] = k.last;
      for (const platform::FunctionResult& r : rig.smsr_platform.take_results()) {
        smsr_results.push_back(r);
        std::erase_if(open, [&](const platform::FunctionCall& c) { return c.call_id == r.call_id; });
        meanwhile(r);
        dp.on_response(r);
        if (twin) twin->on_response(r);
        answered(r);
      }
    }
    EXPECT_EQ(dp.orders_in_progress(), 0u);
    // What the SM-SR still has of its own (a notification's confirmation).
    for (int i = 0; i < 10 && rig.smsr_platform.pending(rig.e.eid()) > 0; ++i) carry(rig, rig.smsr_platform, PorPath::Delivered, &network);
    EXPECT_EQ(rig.smsr_platform.pending(rig.e.eid()), 0u);
    EXPECT_TRUE(rig.smsr_platform.take_results().empty());
  }
  static void expect_same_call(const std::optional<platform::Es3Call>& copy, const platform::Es3Call& c) {
    ASSERT_TRUE(copy) << "the copy makes no call where the original makes " << c.call.call_id;
    EXPECT_EQ(copy->smsr_id, c.smsr_id);
    cardcore::Bytes a, b;
    platform::state_fields::put_call(a, copy->call);
    platform::state_fields::put_call(b, c.call);
    EXPECT_EQ(a, b) << c.call.call_id;
  }
  std::vector<platform::FunctionCall::Kind> kinds() const {
    std::vector<platform::FunctionCall::Kind> k;
    for (const platform::FunctionCall& c : calls) k.push_back(c.kind);
    return k;
  }
};

// The eUICC's CERT.ECASD.ECKA of the test PKI, as the EIS holds it.
inline cardcore::Bytes ecasd_certificate() { return cardcore::ecasd::encode_certificate(pki().euicc.certificate); }

// The card's profile in ISD-P `aid`, if it has one.
inline std::optional<cardcore::euicc::ProfileInfo> on_card(const EuiccRig& rig, const std::string& aid) {
  for (const cardcore::euicc::ProfileInfo& p : rig.e.profiles()) {
    if (p.isdp_aid == cardcore::from_hex(aid)) return p;
  }
  return std::nullopt;
}

// The SM-DP's one result.
inline platform::FunctionResult only(platform::SmDp& dp) {
  std::vector<platform::FunctionResult> r = dp.take_results();
  EXPECT_EQ(r.size(), 1u);
  return r.empty() ? platform::FunctionResult{} : r.front();
}

// The device as the rig left it: two profiles on the card and in the EIS,
// the device on the factory CMCC profile (ISD-P 1000), registered with
// subscriber 3's IMSI.
inline void expect_factory_state(SmSrRig& rig) {
  EXPECT_EQ(rig.e.profiles().size(), 2u);
  EXPECT_FALSE(on_card(rig, kIsdP3));
  const platform::Eis* eis = rig.smsr_platform.eis(rig.e.eid());
  ASSERT_TRUE(eis);
  EXPECT_EQ(eis->profiles.size(), 2u);
  ASSERT_TRUE(eis->enabled());
  EXPECT_EQ(eis->enabled()->iccid, rig.iccid(kIsdP1));
  EXPECT_EQ(cardcore::to_hex(rig.e.enabled_isdp()), cardcore::to_hex(cardcore::from_hex(kIsdP1)));
  EXPECT_EQ(rig.modem.state(), ModemState::Registered);
  EXPECT_EQ(rig.modem.imsi(), imsi_of(3));
}

// The device untouched by a refused or failed order: the factory state,
// and no profile of the order's ICCID in the EIS.
inline void expect_untouched_device(SmSrRig& rig, const std::string& iccid) {
  expect_factory_state(rig);
  EXPECT_FALSE(rig.smsr_platform.eis(rig.e.eid())->by_iccid(iccid));
}

}  // namespace twinmodels::testing
