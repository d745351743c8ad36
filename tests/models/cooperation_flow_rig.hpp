#pragma once
// What the flows run through the runner (platform::CooperationFlow) share
// (tests/models/test_export_flows.cpp, test_import_flow.cpp,
// test_cooperation_flow_failures.cpp): the deployment graph with the
// platforms named by their ids, a foreign (or agent) SM-DP of the test PKI
// with its profile type and stock, the new SM-SR's keys, the network with
// every subscription of the flows, and the loop that polls a flow and
// carries every SM-SR's SMS to the device.
#include "cooperation_graph.hpp"
#include "cooperation_rig.hpp"
#include "sm_dp_rig.hpp"

#include <functional>
#include <string>
#include <vector>

#include "twinmodels/platform/cooperation.hpp"
#include "twinmodels/platform/cooperation_flow.hpp"

namespace twinmodels::testing {

// The one export plan of `foreign` from China Mobile's SM-SR.
inline platform::ExportPlan export_plan(const std::string& foreign) {
  const std::vector<platform::ExportPlan> plans = platform::export_plans(cooperation_graph(), foreign, "SM-SR-CMCC");
  EXPECT_EQ(plans.size(), 1u);
  return plans.empty() ? platform::ExportPlan{} : plans.front();
}

// An SM-DP `id` of the test PKI whose profile type "partner-eu" is
// `owner`'s, with `stock` (subscriber number, MSISDN) loaded; `memory`: the
// ISD-P quota CreateISDP asks for.
inline platform::SmDp partner_smdp(const std::string& id, const std::string& owner,
                                   const std::vector<std::pair<std::uint64_t, std::string>>& stock,
                                   std::optional<std::uint32_t> memory = std::nullopt) {
  platform::SmDpConfig c = smdp_config();
  c.id = id;
  platform::SmDp dp(std::move(c));
  dp.add_profile_type("partner-eu", owner, saip_package("partner-eu.der"), memory);
  for (const auto& [n, msisdn] : stock) dp.load_stock("partner-eu", subscription_of(n), msisdn);
  return dp;
}

// The new SM-SR's key establishment (the test PKI's SM-SR certificate) and
// its link, sending from `address`.
inline platform::NewSmSrKeys new_smsr_keys(const cardcore::sms::Address& address) {
  ota::OtaCardConfig link = isd_r_config();
  link.originator = address;
  return platform::NewSmSrKeys{pki().smsr.certificate, pki().smsr.key,
                               cardcore::ecasd::private_key_from_seed(cardcore::ecasd::Curve::NistP256,
                                                                      cardcore::ecasd::testing::seed("eSK.SR2")),
                               2, link};
}

// A flow's order (cooperation_flow.hpp), China Mobile acting on the chip.
inline platform::FlowOrder flow_order(std::string card_iccid, std::string profile_type, std::string iccid,
                                      std::optional<platform::NewSmSrKeys> keys,
                                      std::optional<platform::ChipAction> chip, std::string pool = {}) {
  platform::FlowOrder o;
  o.card_iccid = std::move(card_iccid);
  o.profile_type = std::move(profile_type);
  o.iccid = std::move(iccid);
  o.new_smsr = std::move(keys);
  o.chip = chip;
  o.pool = std::move(pool);
  o.chip_operator = kOperator;
  return o;
}

// The rig's two factory subscriptions and subscribers `extra` (number, MSISDN).
inline Network flow_network(const std::vector<std::pair<std::uint64_t, std::string>>& extra) {
  Network n;
  n.by_imsi[imsi_of(3)] = {3, kCmccMsisdn};
  n.by_imsi[imsi_of(4)] = {4, kForeignMsisdn};
  for (const auto& [s, msisdn] : extra) n.by_imsi[imsi_of(s)] = {s, msisdn};
  return n;
}

// What goes wrong in a run of a flow (run_flow()): for the flow's call in
// flight at its SM-SR and that call's attempt, what becomes of its SMS
// (PorPath, smsr_rig.hpp); for an ES7 SendData on its way to the current
// SM-SR, whether that SM-SR cannot be reached (CooperationFlow::es7_unreachable()).
struct FlowFaults {
  std::function<PorPath(const platform::FunctionCall&, unsigned attempt)> por;
  std::function<bool(const platform::FunctionCall&)> es7_unreachable;
};

// Polls the flow and carries the SMS of every SM-SR in `smsrs` (the network
// attaching the device after a REFRESH, its notification to the SM-SR that
// sent the REFRESH's script), until the flow ends; then whatever the SM-SRs
// still have of their own (a notification's confirmation).
inline void run_flow(EuiccRig& rig, platform::CooperationFlow& flow, const std::vector<platform::SmSr*>& smsrs,
                     Network& network, const FlowFaults& faults = {}) {
  std::string front;
  unsigned attempt = 0;
  for (int i = 0; i < 200 && !flow.finished(); ++i) {
    flow.poll(rig.now);
    const platform::FlowCall* c = flow.call_in_flight();
    if (c && !c->delivered && faults.es7_unreachable && faults.es7_unreachable(c->call)) {
      EXPECT_TRUE(flow.es7_unreachable(rig.now));
      c = flow.call_in_flight();
    }
    for (platform::SmSr* s : smsrs) {
      PorPath por = PorPath::Delivered;
      if (faults.por && c && c->delivered && c->smsr == s->id()) {
        if (c->call.call_id != front) {
          front = c->call.call_id;
          attempt = 0;
        }
        por = faults.por(c->call, ++attempt);
      }
      carry(rig, *s, por, &network);
    }
  }
  ASSERT_TRUE(flow.finished()) << platform::describe(flow.trace());
  for (platform::SmSr* s : smsrs) {
    for (int i = 0; i < 10 && s->pending(rig.e.eid()) > 0; ++i) carry(rig, *s, PorPath::Delivered, &network);
  }
}

// The trace's functions in order, consecutive repeats (the ES8 scripts'
// SendData) shown once.
inline std::vector<std::string> trace_functions(const platform::CooperationFlow& flow) {
  std::vector<std::string> out;
  for (const platform::FlowTraceLine& l : flow.trace()) {
    if (out.empty() || out.back() != l.result.function) out.push_back(l.result.function);
  }
  return out;
}

// Every line of the trace succeeded.
inline void expect_all_succeeded(const platform::CooperationFlow& flow) {
  for (const platform::FlowTraceLine& l : flow.trace()) EXPECT_TRUE(l.result.ok()) << platform::describe(l);
}

}  // namespace twinmodels::testing
