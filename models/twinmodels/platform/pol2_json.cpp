// POL2 in JSON (eis_json.hpp; SGP.02 Policy Rules, the web-service schema's POL2
// type: Rule elements, each Subject, Action, Qualification).
#include <nlohmann/json.hpp>

#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/json_fields.hpp"

namespace twinmodels::platform {

namespace f = json_fields;
using nlohmann::json;

json encode_pol2(const std::vector<Pol2Rule>& rules, const std::string& where) {
  if (const auto error = pol2_error(rules)) f::refuse(where, *error);
  json list = json::array();
  for (const Pol2Rule& r : rules) {
    list.push_back(json{{"Subject", kPol2Subject}, {"Action", to_string(r.action)},
                        {"Qualification", to_string(r.qualification)}});
  }
  return json{{"Rule", list}};
}

std::vector<Pol2Rule> decode_pol2(const json& j, const std::string& where) {
  f::object(j, where);
  std::vector<Pol2Rule> rules;
  const json* list = f::member(j, where, "Rule", false);
  if (!list) return rules;
  if (!list->is_array()) f::refuse(where + ".Rule", "not an array");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = where + ".Rule[" + std::to_string(i) + "]";
    const json& r = (*list)[i];
    f::object(r, at);
    const std::string subject = f::text(r, at, "Subject");
    if (subject != kPol2Subject) f::refuse(at + ".Subject", "unknown subject '" + subject + "' (only PROFILE)");
    const std::string action = f::text(r, at, "Action");
    const std::optional<Pol2Action> a = pol2_action_of(action);
    if (!a) f::refuse(at + ".Action", "unknown action '" + action + "' (ENABLE, DISABLE or DELETE)");
    const std::string qualification = f::text(r, at, "Qualification");
    const std::optional<Pol2Qualification> q = pol2_qualification_of(qualification);
    if (!q) f::refuse(at + ".Qualification", "unknown qualification '" + qualification + "' (Not-Allowed or Auto-Delete)");
    rules.push_back({*a, *q});
  }
  if (const auto error = pol2_error(rules)) f::refuse(where, *error);
  return rules;
}

}  // namespace twinmodels::platform
