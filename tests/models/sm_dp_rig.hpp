#pragma once
// The SM-DP platform (twinmodels::platform::SmDp) beside the SM-SR rig: the
// SM-DP of the card-core test PKI (ecasd_pki.hpp) with the example profile
// package as profile type "cmcc-m2m" of operator CMCC, its stock loaded,
// and a driver that runs its orders: every ES3 call to the rig's SM-SR, the
// SM-SR's SMS to the device (carry()), the SM-SR's results back.
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

// Runs the SM-DP's orders to their end through the rig's SM-SR. `por`
// says, for the ES3 call in flight and its attempt, whether its PoR reaches
// the SM-SR.
struct SmDpDriver {
  SmSrRig& rig;
  platform::SmDp& dp;
  std::function<PorPath(const platform::FunctionCall&, unsigned attempt)> por = [](const platform::FunctionCall&, unsigned) {
    return PorPath::Delivered;
  };
  std::vector<platform::FunctionCall> calls;                 // the ES3 calls made, in order
  std::vector<platform::FunctionResult> smsr_results;        // the SM-SR's answers, in order
  std::map<std::string, std::vector<ModemOutput>> outputs;   // the device's last outputs per ES3 call id

  SmDpDriver(SmSrRig& r, platform::SmDp& d) : rig(r), dp(d) {}

  void run() {
    unsigned attempt = 0;
    for (int i = 0; i < 400 && dp.orders_in_progress() > 0; ++i) {
      if (std::optional<platform::Es3Call> c = dp.next()) {
        EXPECT_EQ(c->smsr_id, rig.smsr_platform.id());
        calls.push_back(c->call);
        rig.smsr_platform.call(c->call);
        attempt = 0;
      }
      if (calls.empty()) break;
      const Carried k = carry(rig, rig.smsr_platform, por(calls.back(), ++attempt));
      if (!k.last.empty()) outputs[calls.back().call_id] = k.last;
      for (const platform::FunctionResult& r : rig.smsr_platform.take_results()) {
        smsr_results.push_back(r);
        dp.on_response(r);
      }
    }
    EXPECT_EQ(dp.orders_in_progress(), 0u);
  }
  std::vector<platform::FunctionCall::Kind> kinds() const {
    std::vector<platform::FunctionCall::Kind> k;
    for (const platform::FunctionCall& c : calls) k.push_back(c.kind);
    return k;
  }
};

}  // namespace twinmodels::testing
