// POL2's words and checks (pol2.hpp; GSMA SGP.02 Policy Rules, the web-service
// schema's POL2 rule: Subject, Action, Qualification).
#include "twinmodels/platform/pol2.hpp"

#include <algorithm>

namespace twinmodels::platform {

const char* to_string(Pol2Action a) {
  switch (a) {
    case Pol2Action::Enable: return "ENABLE";
    case Pol2Action::Disable: return "DISABLE";
    case Pol2Action::Delete: return "DELETE";
  }
  return "?";
}

const char* to_string(Pol2Qualification q) {
  switch (q) {
    case Pol2Qualification::NotAllowed: return "Not-Allowed";
    case Pol2Qualification::AutoDelete: return "Auto-Delete";
  }
  return "?";
}

std::optional<Pol2Action> pol2_action_of(std::string_view s) {
  for (const Pol2Action a : {Pol2Action::Enable, Pol2Action::Disable, Pol2Action::Delete}) {
    if (s == to_string(a)) return a;
  }
  return std::nullopt;
}

std::optional<Pol2Qualification> pol2_qualification_of(std::string_view s) {
  for (const Pol2Qualification q : {Pol2Qualification::NotAllowed, Pol2Qualification::AutoDelete}) {
    if (s == to_string(q)) return q;
  }
  return std::nullopt;
}

std::optional<std::string> pol2_error(const std::vector<Pol2Rule>& rules) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const Pol2Rule& r = rules[i];
    const std::string at = "rule " + std::to_string(i) + " (" + to_string(r.action) + " " + to_string(r.qualification) + ")";
    if (r.qualification == Pol2Qualification::AutoDelete && r.action != Pol2Action::Disable)
      return at + ": Auto-Delete qualifies DISABLE only";
    for (std::size_t j = 0; j < i; ++j) {
      if (rules[j].action == r.action) return at + ": a second rule for " + to_string(r.action);
    }
  }
  return std::nullopt;
}

bool pol2_forbids(const std::vector<Pol2Rule>& rules, Pol2Action action) {
  return std::any_of(rules.begin(), rules.end(), [&](const Pol2Rule& r) {
    return r.action == action && r.qualification == Pol2Qualification::NotAllowed;
  });
}

bool pol2_auto_deletes(const std::vector<Pol2Rule>& rules) {
  return std::any_of(rules.begin(), rules.end(), [](const Pol2Rule& r) {
    return r.action == Pol2Action::Disable && r.qualification == Pol2Qualification::AutoDelete;
  });
}

std::string pol2_text(const std::vector<Pol2Rule>& rules) {
  if (rules.empty()) return "none";
  std::string out;
  for (const Pol2Rule& r : rules) {
    if (!out.empty()) out += ", ";
    out += std::string(to_string(r.action)) + " " + to_string(r.qualification);
  }
  return out;
}

}  // namespace twinmodels::platform
