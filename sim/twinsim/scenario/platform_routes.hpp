#pragma once
// Where the platforms of a run sit on network.topology and the one-way
// latency of the messages between them: the SM-SRs' SMS to the SMSC and
// its reports back (SMPP), the SM-DPs' ES3 calls to the SM-SRs and the
// answers (GSMA SGP.02 §5.5), the ES7 calls between SM-SRs (§5.7). A
// platform sits at its `node` (an SM-SR at a node of kind sm_sr, an SM-DP
// at one of kind platform, the SMSC at one of kind smsc), else at the HSS's
// node; a message takes the latency of the route of least latency between
// the two (NetworkTopology::route), nothing between platforms at one node.
// Platforms talk over reliable transport (SOAP over HTTPS, SMPP over TCP):
// a lossy link delays or drops none of their messages here. Without a
// topology every latency is zero.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class PlatformRoutes {
 public:
  // Throws ScenarioError at the platform's `node` key when it names no
  // node of network.topology (or there is none), a node of another kind,
  // or one without a route to a platform it talks to.
  explicit PlatformRoutes(const Scenario& s);

  // SM-SR i <-> the SMSC.
  double sm_sr_smsc_s(std::size_t i) const { return sm_sr_smsc_.at(i); }
  // SM-DP j <-> SM-SR i.
  double sm_dp_sm_sr_s(std::size_t j, std::size_t i) const { return sm_dp_sm_sr_.at(j).at(i); }
  // SM-SR a <-> SM-SR b.
  double sm_sr_sm_sr_s(std::size_t a, std::size_t b) const { return sm_sr_sm_sr_.at(a).at(b); }
  // Whether any of them is above zero.
  bool any() const { return any_; }

 private:
  std::vector<double> sm_sr_smsc_;
  std::vector<std::vector<double>> sm_dp_sm_sr_, sm_sr_sm_sr_;
  bool any_ = false;
};

}  // namespace twinsim
