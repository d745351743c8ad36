#pragma once
// Where the platforms of a run sit on network.topology and the one-way
// latency of the messages between them: the SM-SRs' SMS to the SMSC and
// its reports back (SMPP), the SM-DPs' ES3 calls to the SM-SRs and the
// answers (GSMA SGP.02 §5.5), the ES7 calls between SM-SRs (§5.7). A
// platform sits at its `node` (an SM-SR at a node of kind sm_sr, an SM-DP
// at one of kind platform, the SMSC at one of kind smsc), else at the HSS's
// node; a message takes the latency of the route of least latency between
// the two (NetworkTopology::route), nothing between platforms at one node.
// The write module, OneLink and chip management sit at their `node` (of
// kind platform); without one a message to or from one of them takes no
// time (they sat with the SMSC before these keys). The write module's SMS
// go to the SMSC and its reports come back (SMPP); OneLink's foreign
// requests go to the SM-DPs and SM-SRs and their answers and reports come
// back; chip management hears from the SM-DPs, the SM-SRs and the write
// module and tells the HSS (barring), OneLink and OneNET (at its `node`, of
// kind platform, as OneLink). The network's events about the cards OneLink
// follows come from the MME of the device's access node (TS 23.401 §4.2:
// the MME holds the UE's EMM context — attach, rejects, detach, PSM) and
// cross the route from there to OneLink; so do the cards' data usage
// records, and their MO SMS' records come from the SMSC
// (onelink_usage_records.cpp).
// Platforms talk over reliable transport (SOAP over HTTPS, SMPP over TCP):
// a lossy link delays their messages (their lost packets sent again,
// platform_links.hpp) and drops none. Without a
// topology every latency is zero.
// Every one of these messages crosses the SimGrid links of its route,
// sharing them with the other traffic (platform_links.hpp): their hops
// below name the two nodes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

// One way between two platforms: the nodes and the route's latency;
// `crosses` when they sit at two nodes (none of them nowhere).
struct PlatformHop {
  double latency_s = 0;
  twinmodels::topology::NodeId from = 0, to = 0;
  bool crosses = false;
  // The other way: the same route.
  PlatformHop reversed() const { return {latency_s, to, from, crosses}; }
};

class PlatformRoutes {
 public:
  // Throws ScenarioError at the platform's `node` key when it names no
  // node of network.topology (or there is none), a node of another kind,
  // or one without a route to a platform it talks to.
  explicit PlatformRoutes(const Scenario& s);

  // SM-SR i <-> the SMSC.
  double sm_sr_smsc_s(std::size_t i) const { return sm_sr_smsc_.at(i).latency_s; }
  // SM-DP j <-> SM-SR i.
  double sm_dp_sm_sr_s(std::size_t j, std::size_t i) const { return sm_dp_sm_sr_.at(j).at(i).latency_s; }
  // SM-SR a <-> SM-SR b.
  double sm_sr_sm_sr_s(std::size_t a, std::size_t b) const { return sm_sr_sm_sr_.at(a).at(b).latency_s; }
  // The write module <-> the SMSC.
  double write_module_smsc_s() const { return write_module_smsc_.latency_s; }
  // OneLink <-> SM-DP j, SM-SR i.
  double onelink_sm_dp_s(std::size_t j) const { return onelink_sm_dp_.at(j).latency_s; }
  double onelink_sm_sr_s(std::size_t i) const { return onelink_sm_sr_.at(i).latency_s; }
  // The MME at access node n (of network.topology) -> OneLink: 0 for a
  // node no followed population attaches through, or without a node.
  double mme_onelink_s(twinmodels::topology::NodeId n) const { return mme_to_onelink(n).latency_s; }
  // The SMSC -> OneLink: the MO SMS' usage records; 0 without OneLink at a
  // node or without a followed population's activity_sms.
  double smsc_onelink_s() const { return smsc_onelink_.latency_s; }
  // Chip management <-> SM-DP j, SM-SR i, the write module, the HSS, OneLink.
  double chip_management_sm_dp_s(std::size_t j) const { return chip_sm_dp_.at(j).latency_s; }
  double chip_management_sm_sr_s(std::size_t i) const { return chip_sm_sr_.at(i).latency_s; }
  double chip_management_write_module_s() const { return chip_write_module_.latency_s; }
  double chip_management_hss_s() const { return chip_hss_.latency_s; }
  double chip_management_onelink_s() const { return chip_onelink_.latency_s; }
  // Chip management <-> OneNET (platforms.onenet).
  double chip_management_onenet_s() const { return chip_onenet_.latency_s; }
  // Whether any of them is above zero.
  bool any() const { return any_; }

  // The reports' hops (platform_links.hpp): SM-SR i, SM-DP j and the write
  // module to chip management; SM-SR i and SM-DP j to OneLink; chip
  // management to OneLink.
  PlatformHop sm_sr_to_chip_management(std::size_t i) const { return chip_sm_sr_.at(i).reversed(); }
  PlatformHop sm_dp_to_chip_management(std::size_t j) const { return chip_sm_dp_.at(j).reversed(); }
  PlatformHop write_module_to_chip_management() const { return chip_write_module_.reversed(); }
  PlatformHop sm_sr_to_onelink(std::size_t i) const { return onelink_sm_sr_.at(i).reversed(); }
  PlatformHop sm_dp_to_onelink(std::size_t j) const { return onelink_sm_dp_.at(j).reversed(); }
  PlatformHop chip_management_to_onelink() const { return chip_onelink_; }
  // The network's events and usage records to OneLink: from the MME at
  // access node n, from the SMSC.
  PlatformHop mme_to_onelink(twinmodels::topology::NodeId n) const {
    return n < mme_onelink_.size() ? mme_onelink_[n] : PlatformHop{};
  }
  PlatformHop smsc_to_onelink() const { return smsc_onelink_; }
  // Chip management's blocks and lifts to the HSS; its steps to OneNET.
  PlatformHop chip_management_to_hss() const { return chip_hss_; }
  PlatformHop chip_management_to_onenet() const { return chip_onenet_; }
  // SM-SR a's ES7 calls to SM-SR b (an SM-SR change), the answers back.
  PlatformHop sm_sr_to_sm_sr(std::size_t a, std::size_t b) const { return sm_sr_sm_sr_.at(a).at(b); }
  // OneLink's requests to SM-DP j and SM-SR i (OneLink.ProfileDownload,
  // OneLink.SmSrSwitch).
  PlatformHop onelink_to_sm_dp(std::size_t j) const { return onelink_sm_dp_.at(j); }
  PlatformHop onelink_to_sm_sr(std::size_t i) const { return onelink_sm_sr_.at(i); }
  // SM-DP j's ES3 calls to SM-SR i, the answers back.
  PlatformHop sm_dp_to_sm_sr(std::size_t j, std::size_t i) const { return sm_dp_sm_sr_.at(j).at(i); }
  PlatformHop sm_sr_to_sm_dp(std::size_t i, std::size_t j) const { return sm_dp_sm_sr_.at(j).at(i).reversed(); }
  // SM-SR i's SMS to the SMSC, the SMSC's reports and MO SMS back (SMPP).
  PlatformHop sm_sr_to_smsc(std::size_t i) const { return sm_sr_smsc_.at(i); }
  PlatformHop smsc_to_sm_sr(std::size_t i) const { return sm_sr_smsc_.at(i).reversed(); }
  // The write module's packets to the SMSC, the PoRs and reports back.
  PlatformHop write_module_to_smsc() const { return write_module_smsc_; }
  PlatformHop smsc_to_write_module() const { return write_module_smsc_.reversed(); }
  // Whether any of these hops crosses a route.
  bool messages_cross() const { return messages_cross_; }

 private:
  // A route each, one way (the other is its reversed()): SM-SR i -> the
  // SMSC, SM-DP j -> SM-SR i, SM-SR a -> SM-SR b, the write module -> the
  // SMSC, OneLink -> SM-DP j and SM-SR i, chip management -> SM-DP j, SM-SR
  // i, the write module, the HSS, OneLink and OneNET.
  std::vector<PlatformHop> sm_sr_smsc_;
  std::vector<std::vector<PlatformHop>> sm_dp_sm_sr_, sm_sr_sm_sr_;
  PlatformHop write_module_smsc_;
  std::vector<PlatformHop> onelink_sm_dp_, onelink_sm_sr_, chip_sm_dp_, chip_sm_sr_;
  PlatformHop chip_write_module_, chip_onelink_, chip_hss_, chip_onenet_;
  // The MMEs -> OneLink by node (empty without OneLink at a node), the SMSC -> OneLink.
  std::vector<PlatformHop> mme_onelink_;
  PlatformHop smsc_onelink_;
  bool any_ = false;
  bool messages_cross_ = false;
};

}  // namespace twinsim
