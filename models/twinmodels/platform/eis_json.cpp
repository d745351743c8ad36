#include "twinmodels/platform/eis_json.hpp"

#include <nlohmann/json.hpp>

#include "twinmodels/platform/json_fields.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
namespace f = json_fields;

std::optional<ProfileState> state_of(const std::string& s) {
  for (const ProfileState x : {ProfileState::Created, ProfileState::Disabled, ProfileState::Enabled}) {
    if (s == to_string(x)) return x;
  }
  return std::nullopt;
}

void check_eis(const Eis& e, const std::string& where) {
  f::check_eid(e.eid, where + ".EumSignedInfo.Eid");
  if (e.eum_id.empty()) f::refuse(where + ".EumSignedInfo.Eum-id", "missing");
  if (e.smsr_id.empty()) f::refuse(where + ".Smsr-id", "missing");
  if (e.isd_r_aid.empty()) f::refuse(where + ".Isd-r.Aid", "missing");
  for (std::size_t i = 0; i < e.profiles.size(); ++i) {
    const std::string at = where + ".ProfileInfo[" + std::to_string(i) + "]";
    f::check_iccid(e.profiles[i].iccid, at + ".Iccid");
    if (e.profiles[i].isdp_aid.empty()) f::refuse(at + ".Isd-p-aid", "missing");
  }
}

json encode_profile(const EisProfile& p, const std::string& at) {
  json j = json::object();
  j["Iccid"] = p.iccid;
  j["Isd-p-aid"] = f::to_hex_binary(p.isdp_aid);
  if (!p.mno_id.empty()) j["Mno-id"] = p.mno_id;
  j["FallbackAttribute"] = p.fallback;
  if (!p.imsi.empty() || !p.msisdn.empty()) {
    json a = json::object();
    if (!p.imsi.empty()) a["Imsi"] = p.imsi;
    if (!p.msisdn.empty()) a["Msisdn"] = p.msisdn;
    j["SubscriptionAddress"] = a;
  }
  j["State"] = to_string(p.state);
  if (!p.smdp_id.empty()) j["Smdp-id"] = p.smdp_id;
  if (p.emergency) j["EmergencyProfileAttribute"] = true;
  if (p.pol1 != 0) j["Pol1"] = p.pol1;
  if (!p.pol2.empty()) j["Pol2"] = encode_pol2(p.pol2, at + ".Pol2");
  return j;
}

EisProfile decode_profile(const json& j, const std::string& at) {
  f::object(j, at);
  EisProfile p;
  p.iccid = f::text(j, at, "Iccid");
  p.isdp_aid = f::hex(j, at, "Isd-p-aid");
  p.mno_id = f::optional_text(j, at, "Mno-id").value_or("");
  p.fallback = f::boolean(j, at, "FallbackAttribute");
  if (const json* a = f::member(j, at, "SubscriptionAddress", false)) {
    const std::string sa = at + ".SubscriptionAddress";
    f::object(*a, sa);
    p.imsi = f::optional_text(*a, sa, "Imsi").value_or("");
    p.msisdn = f::optional_text(*a, sa, "Msisdn").value_or("");
  }
  const std::string state = f::text(j, at, "State");
  const std::optional<ProfileState> s = state_of(state);
  if (!s) f::refuse(at + ".State", "unknown state '" + state + "'");
  p.state = *s;
  p.smdp_id = f::optional_text(j, at, "Smdp-id").value_or("");
  if (const json* e = f::member(j, at, "EmergencyProfileAttribute", false)) {
    if (!e->is_boolean()) f::refuse(at + ".EmergencyProfileAttribute", "not a boolean");
    p.emergency = e->get<bool>();
  }
  p.pol1 = static_cast<std::uint8_t>(f::optional_unsigned(j, at, "Pol1", 0xFF).value_or(0));
  if (const json* pol2 = f::member(j, at, "Pol2", false)) p.pol2 = decode_pol2(*pol2, at + ".Pol2");
  return p;
}

std::optional<std::uint32_t> memory(const json& j, const std::string& where, const char* name) {
  const std::optional<std::uint64_t> v = f::optional_unsigned(j, where, name, 0xFFFFFFFFu);
  if (!v) return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

}  // namespace

json encode_eis(const Eis& e) {
  check_eis(e, "Body.Eis");
  json signed_info = json::object();
  signed_info["Eid"] = e.eid;
  signed_info["Eum-id"] = e.eum_id;
  if (!e.ecasd_certificate.empty()) signed_info["Ecasd"] = {{"Certificate", f::to_hex_binary(e.ecasd_certificate)}};
  json j = json::object();
  j["EumSignedInfo"] = signed_info;
  j["Smsr-id"] = e.smsr_id;
  j["Isd-r"] = {{"Aid", f::to_hex_binary(e.isd_r_aid)}};
  if (e.free_nonvolatile_memory) j["RemainingMemory"] = *e.free_nonvolatile_memory;
  if (e.free_volatile_memory) j["FreeVolatileMemory"] = *e.free_volatile_memory;
  if (e.installed_applications) j["InstalledApplications"] = *e.installed_applications;
  json profiles = json::array();
  for (std::size_t i = 0; i < e.profiles.size(); ++i)
    profiles.push_back(encode_profile(e.profiles[i], "Body.Eis.ProfileInfo[" + std::to_string(i) + "]"));
  j["ProfileInfo"] = profiles;
  return j;
}

Eis decode_eis(const json& j, const std::string& where) {
  f::object(j, where);
  Eis e;
  const std::string si = where + ".EumSignedInfo";
  const json& s = *f::member(j, where, "EumSignedInfo", true);
  f::object(s, si);
  e.eid = f::text(s, si, "Eid");
  f::check_eid(e.eid, si + ".Eid");
  e.eum_id = f::text(s, si, "Eum-id");
  if (const json* ecasd = f::member(s, si, "Ecasd", false)) {
    f::object(*ecasd, si + ".Ecasd");
    e.ecasd_certificate = f::hex(*ecasd, si + ".Ecasd", "Certificate");
  }
  e.smsr_id = f::text(j, where, "Smsr-id");
  const json& isd_r = *f::member(j, where, "Isd-r", true);
  f::object(isd_r, where + ".Isd-r");
  e.isd_r_aid = f::hex(isd_r, where + ".Isd-r", "Aid");
  e.free_nonvolatile_memory = memory(j, where, "RemainingMemory");
  e.free_volatile_memory = memory(j, where, "FreeVolatileMemory");
  e.installed_applications = memory(j, where, "InstalledApplications");
  if (const json* profiles = f::member(j, where, "ProfileInfo", false)) {
    if (!profiles->is_array()) f::refuse(where + ".ProfileInfo", "not an array");
    for (std::size_t i = 0; i < profiles->size(); ++i) {
      e.profiles.push_back(decode_profile((*profiles)[i], where + ".ProfileInfo[" + std::to_string(i) + "]"));
    }
  }
  check_eis(e, where);
  return e;
}

}  // namespace twinmodels::platform
