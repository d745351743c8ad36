// platforms.mno: the MNOs' notification endpoints as servers (scenario.hpp,
// MnoServerSpec; SGP.02 §5.1.3: the sender waits for the acknowledgement).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

// The operators of the populations' euicc.profiles, in order of first use.
std::vector<std::string> profile_operators(const Scenario& s) {
  std::vector<std::string> out;
  for (const PopulationSpec& p : s.populations) {
    for (const EuiccProfileSpec& e : p.euicc_profiles) {
      if (std::find(out.begin(), out.end(), e.operator_name) == out.end()) out.push_back(e.operator_name);
    }
  }
  return out;
}

// The hosts of the run file's other platform tables (/platforms/<host>).
std::vector<std::string> other_hosts(const Scenario& s) {
  std::vector<std::string> out = {s.hss.host, s.write_module.host};
  for (const SmSrSpec& x : s.sm_srs) out.push_back(x.host);
  for (const SmDpSpec& x : s.sm_dps) out.push_back(x.host);
  if (!s.onelink.populations.empty()) out.push_back(s.onelink.host);
  if (!s.chip_management.populations.empty()) out.push_back(s.chip_management.host);
  if (!s.onenet.populations.empty() && s.onenet.served) out.push_back(s.onenet.host);
  return out;
}

}  // namespace

void read_mno_servers(const YamlField& list, Scenario& s) {
  if (!list.node().IsSequence()) list.fail("expected a list of MNOs, found " + list.describe());
  const std::vector<YamlField> items = list.items();
  if (items.empty()) list.fail("needs at least one MNO");
  const std::vector<std::string> operators = profile_operators(s);
  const std::vector<std::string> hosts = other_hosts(s);
  for (const YamlField& item : items) {
    const YamlSection m(item, {"operator", "host", "workers", "service_time", "queue_limit", "admission_rate", "burst",
                               "failure_ratio"});
    MnoServerSpec spec;
    const YamlField op = m.need("operator");
    spec.operator_name = op.text();
    if (std::find(operators.begin(), operators.end(), spec.operator_name) == operators.end()) {
      std::string names;
      for (const std::string& o : operators) names += (names.empty() ? "" : ", ") + o;
      op.fail("no MNO '" + spec.operator_name + "' among the populations' profiles (" +
              (names.empty() ? std::string("none has an eUICC profile") : "their operators: " + names) + ")");
    }
    for (const MnoServerSpec& other : s.mno_servers) {
      if (other.operator_name == spec.operator_name) op.fail("MNO '" + spec.operator_name + "' is listed twice");
    }
    if (const auto f = m.find("host")) {
      spec.host = read_name(*f);
    } else {
      spec.host = "mno-" + spec.operator_name;
      // The default is a table name too: an operator's name may not make one.
      if (!std::all_of(spec.host.begin(), spec.host.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
          }))
        op.fail("'" + spec.host + "' is no table name for MNO '" + spec.operator_name + "': give it a `host`");
    }
    const YamlField where = m.find("host") ? m.need("host") : op;
    for (const std::string& h : hosts) {
      if (h == spec.host) where.fail("'" + spec.host + "' is the host name of another platform: the run file keeps one table per name");
    }
    for (const MnoServerSpec& other : s.mno_servers) {
      if (other.host == spec.host)
        where.fail("'" + spec.host + "' is the host name of MNO '" + other.operator_name + "': the run file keeps one table per name");
    }
    // One service time for every notification (no service_times).
    read_server(m, spec.server, {});
    s.mno_servers.push_back(std::move(spec));
  }
}

}  // namespace twinsim
