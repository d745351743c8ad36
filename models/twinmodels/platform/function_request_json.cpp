// The requests' JSON (function_json.hpp): the common header and each
// function's input, by SGP.02's element names.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/es2_relay_json.hpp"
#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/json_fields.hpp"

namespace twinmodels::platform {

namespace {

using nlohmann::json;
using Kind = FunctionCall::Kind;
namespace f = json_fields;

constexpr std::array kKinds = {Kind::EnableProfile, Kind::DisableProfile, Kind::DeleteProfile, Kind::SetFallbackAttribute,
                               Kind::SetEmergencyProfileAttribute, Kind::AuditEis, Kind::UpdateConnectivityParameters,
                               Kind::NotificationConfirmation, Kind::CreateIsdp, Kind::SendData,
                               Kind::ProfileDownloadCompleted, Kind::FinaliseIsdrHandover, Kind::DeleteKeySet,
                               Kind::UpdatePolicyRules};
// The interfaces the models make FunctionCalls over: ES3 (SM-DP to SM-SR),
// ES4 (MNO to SM-SR), ES5 (the SM-SR's own to the eUICC), ES7 (SM-SR to SM-SR).
constexpr std::array kInterfaces = {"ES3", "ES4", "ES5", "ES7"};

constexpr const char* kRegisterEis = "ES1.RegisterEIS";
constexpr const char* kDownloadProfile = "ES2.DownloadProfile";
constexpr const char* kPrepareSmSrChange = "ES4.PrepareSMSRChange";
constexpr const char* kSmSrChange = "ES4.SMSRChange";
constexpr const char* kOneLinkRequester = "OneLink";

bool needs_iccid(Kind k) {
  switch (k) {
    case Kind::EnableProfile:
    case Kind::DisableProfile:
    case Kind::DeleteProfile:
    case Kind::SetFallbackAttribute:
    case Kind::SetEmergencyProfileAttribute:
    case Kind::CreateIsdp:
    case Kind::ProfileDownloadCompleted:
    case Kind::UpdatePolicyRules: return true;
    default: return false;
  }
}

bool needs_key_version(Kind k) { return k == Kind::FinaliseIsdrHandover || k == Kind::DeleteKeySet; }

// The checks a FunctionCall's fields pass before encoding and after decoding.
void check_call(const FunctionCall& c) {
  f::check_eid(c.eid, "Body.Eid");
  if (needs_iccid(c.kind) && c.iccid.empty()) f::refuse("Body.Iccid", "missing");
  if (!c.iccid.empty()) f::check_iccid(c.iccid, "Body.Iccid");
  if (c.kind == Kind::CreateIsdp && c.mno_id.empty()) f::refuse("Body.Mno-id", "missing");
  if (c.kind == Kind::SendData && c.sd_aid.empty()) f::refuse("Body.Sd-aid", "missing");
  if (c.kind == Kind::SendData && c.script.empty()) f::refuse("Body.Data", "missing");
  // SGP.02 §5.4, §5.5 UpdatePolicyRules: the only request with a POL2.
  if (!c.pol2.empty() && c.kind != Kind::UpdatePolicyRules) f::refuse("Body.Pol2", "only UpdatePolicyRules carries one");
  if (const auto error = pol2_error(c.pol2)) f::refuse("Body.Pol2", *error);
}

json call_body(const FunctionCall& c) {
  check_call(c);
  json b = json::object();
  b["Eid"] = c.eid;
  if (!c.iccid.empty()) b["Iccid"] = c.iccid;
  if (!c.mno_id.empty()) b["Mno-id"] = c.mno_id;
  if (!c.smdp_id.empty()) b["Smdp-id"] = c.smdp_id;
  if (c.nonvolatile_quota) b["RequiredMemory"] = *c.nonvolatile_quota;
  if (!c.sd_aid.empty()) b["Sd-aid"] = f::to_hex_binary(c.sd_aid);
  if (!c.script.empty()) b["Data"] = f::to_hex_binary(c.script);
  if (!c.imsi.empty() || !c.msisdn.empty()) {
    json a = json::object();
    if (!c.imsi.empty()) a["Imsi"] = c.imsi;
    if (!c.msisdn.empty()) a["Msisdn"] = c.msisdn;
    b["SubscriptionAddress"] = a;
  }
  if (needs_key_version(c.kind) || c.key_version != 0) b["KeyVersion"] = c.key_version;
  if (!c.pol2.empty()) b["Pol2"] = encode_pol2(c.pol2, "Body.Pol2");
  return b;
}

FunctionCall decode_call(const std::string& interface, Kind kind, const std::string& call_id, const json& b) {
  FunctionCall c;
  c.kind = kind;
  c.interface = interface;
  c.call_id = call_id;
  c.eid = f::text(b, "Body", "Eid");
  c.iccid = f::optional_text(b, "Body", "Iccid").value_or("");
  c.mno_id = f::optional_text(b, "Body", "Mno-id").value_or("");
  c.smdp_id = f::optional_text(b, "Body", "Smdp-id").value_or("");
  if (const auto q = f::optional_unsigned(b, "Body", "RequiredMemory", 0xFFFFFFFFu)) {
    c.nonvolatile_quota = static_cast<std::uint32_t>(*q);
  }
  c.sd_aid = f::optional_hex(b, "Body", "Sd-aid").value_or(cardcore::Bytes{});
  c.script = f::optional_hex(b, "Body", "Data").value_or(cardcore::Bytes{});
  if (const json* a = f::member(b, "Body", "SubscriptionAddress", false)) {
    f::object(*a, "Body.SubscriptionAddress");
    c.imsi = f::optional_text(*a, "Body.SubscriptionAddress", "Imsi").value_or("");
    c.msisdn = f::optional_text(*a, "Body.SubscriptionAddress", "Msisdn").value_or("");
  }
  const std::optional<std::uint64_t> v = f::optional_unsigned(b, "Body", "KeyVersion", 0xFF);
  if (needs_key_version(kind) && !v) f::refuse("Body.KeyVersion", "missing");
  c.key_version = static_cast<std::uint8_t>(v.value_or(0));
  if (const json* pol2 = f::member(b, "Body", "Pol2", false)) c.pol2 = decode_pol2(*pol2, "Body.Pol2");
  check_call(c);
  return c;
}

json download_body(const DownloadProfileRequest& r) {
  f::check_eid(r.eid, "Body.Eid");
  if (r.smsr_id.empty()) f::refuse("Body.SmSr-id", "missing");
  json b = json::object();
  b["Eid"] = r.eid;
  b["SmSr-id"] = r.smsr_id;
  if (!r.profile_type.empty()) b["ProfileType"] = r.profile_type;
  if (!r.iccid.empty()) {
    f::check_iccid(r.iccid, "Body.Iccid");
    b["Iccid"] = r.iccid;
  }
  b["EnableProfile"] = r.enable_profile;
  return b;
}

DownloadProfileRequest decode_download(const std::string& requester, const std::string& call_id, const json& b) {
  DownloadProfileRequest r;
  r.call_id = call_id;
  r.mno_id = requester;
  r.eid = f::text(b, "Body", "Eid");
  f::check_eid(r.eid, "Body.Eid");
  r.smsr_id = f::text(b, "Body", "SmSr-id");
  r.profile_type = f::optional_text(b, "Body", "ProfileType").value_or("");
  r.iccid = f::optional_text(b, "Body", "Iccid").value_or("");
  if (!r.iccid.empty()) f::check_iccid(r.iccid, "Body.Iccid");
  r.enable_profile = f::boolean(b, "Body", "EnableProfile");
  return r;
}

// SGP.02 §5.3.1, §5.4.1: the EID is GetEIS's input.
json get_eis_body(const GetEisRequest& r) {
  if (r.interface != "ES2" && r.interface != "ES3") f::refuse("Function", "unknown function '" + r.interface + ".GetEIS'");
  f::check_eid(r.eid, "Body.Eid");
  return json{{"Eid", r.eid}};
}

const char* other_smsr_field(bool prepare) { return prepare ? "CurrentSMSRid" : "Target-Smsr-id"; }

json change_body(const SmSrChangeRequest& r) {
  f::check_eid(r.order.eid, "Body.Eid");
  const char* other = other_smsr_field(r.prepare);
  if (r.order.smsr_id.empty()) f::refuse(std::string("Body.") + other, "missing");
  json b = json::object();
  b["Eid"] = r.order.eid;
  b[other] = r.order.smsr_id;
  return b;
}

SmSrChangeRequest decode_change(bool prepare, const std::string& requester, const std::string& call_id, const json& b) {
  SmSrChangeRequest r;
  r.prepare = prepare;
  r.order.call_id = call_id;
  r.order.mno_id = requester;
  r.order.eid = f::text(b, "Body", "Eid");
  f::check_eid(r.order.eid, "Body.Eid");
  r.order.smsr_id = f::text(b, "Body", other_smsr_field(prepare));
  return r;
}

const char* onelink_platform_field(ForeignRequestKind k) {
  return k == ForeignRequestKind::ProfileDownload ? "SmDp-id" : "Target-Smsr-id";
}

json onelink_body(const OneLinkRequest& r) {
  f::check_eid(r.eid, "Body.Eid");
  if (r.iccid.empty()) f::refuse("Body.Iccid", "missing");
  f::check_iccid(r.iccid, "Body.Iccid");
  const char* platform = onelink_platform_field(r.kind);
  if (r.platform.empty()) f::refuse(std::string("Body.") + platform, "missing");
  json b = json::object();
  b["Eid"] = r.eid;
  b["Iccid"] = r.iccid;
  b[platform] = r.platform;
  if (r.kind == ForeignRequestKind::ProfileDownload) {
    if (r.imsi.empty()) f::refuse("Body.Imsi", "missing");
    b["Imsi"] = r.imsi;
    if (!r.msisdn.empty()) b["Msisdn"] = r.msisdn;
  }
  return b;
}

OneLinkRequest decode_onelink(ForeignRequestKind kind, const std::string& call_id, const json& b) {
  OneLinkRequest r;
  r.kind = kind;
  r.call_id = call_id;
  r.eid = f::text(b, "Body", "Eid");
  f::check_eid(r.eid, "Body.Eid");
  r.iccid = f::text(b, "Body", "Iccid");
  f::check_iccid(r.iccid, "Body.Iccid");
  r.platform = f::text(b, "Body", onelink_platform_field(kind));
  if (kind == ForeignRequestKind::ProfileDownload) {
    r.imsi = f::text(b, "Body", "Imsi");
    r.msisdn = f::optional_text(b, "Body", "Msisdn").value_or("");
  }
  return r;
}

// "ES4.EnableProfile" -> ES4, EnableProfile; "ES3.DeleteISDP" -> ES3, DeleteProfile.
std::optional<std::pair<std::string, Kind>> call_kind(const std::string& function) {
  const std::size_t dot = function.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string interface = function.substr(0, dot);
  const std::string name = function.substr(dot + 1);
  bool known_interface = false;
  for (const char* i : kInterfaces) known_interface = known_interface || interface == i;
  if (!known_interface) return std::nullopt;
  if (name == "DeleteISDP") {
    if (interface != "ES3") return std::nullopt;
    return std::pair{interface, Kind::DeleteProfile};
  }
  for (const Kind k : kKinds) {
    if (name != function_name(k)) continue;
    if (k == Kind::DeleteProfile && interface == "ES3") return std::nullopt;  // ES3's is DeleteISDP
    return std::pair{interface, k};
  }
  return std::nullopt;
}

}  // namespace

FunctionRequest request_of(const FunctionCall& c, std::string requester) {
  return FunctionRequest{std::move(requester), std::nullopt, c};
}

FunctionRequest request_of(const DownloadProfileRequest& r) { return FunctionRequest{r.mno_id, std::nullopt, r}; }

FunctionRequest request_of(const SmSrChangeRequest& r) { return FunctionRequest{r.order.mno_id, std::nullopt, r}; }

FunctionRequest request_of(const RegisterEisRequest& r) { return FunctionRequest{r.eis.eum_id, std::nullopt, r}; }

FunctionRequest request_of(const GetEisRequest& r, std::string requester) {
  return FunctionRequest{std::move(requester), std::nullopt, r};
}

FunctionRequest request_of(const Es2RelayRequest& r) { return FunctionRequest{r.request.mno_id, std::nullopt, r}; }

FunctionRequest request_of(const ForeignRequest& r) {
  OneLinkRequest o{r.kind, r.id, r.eid, r.kind == ForeignRequestKind::ProfileDownload ? r.profile.iccid : r.card_iccid,
                   r.platform, {}, {}};
  if (r.kind == ForeignRequestKind::ProfileDownload) {
    o.imsi = r.profile.imsi;
    o.msisdn = r.profile.msisdn;
  }
  return FunctionRequest{kOneLinkRequester, std::nullopt, std::move(o)};
}

std::string function_of(const FunctionRequest& r) {
  return std::visit(
      [](const auto& in) -> std::string {
        using T = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<T, FunctionCall>) {
          return result_function(in);
        } else if constexpr (std::is_same_v<T, DownloadProfileRequest>) {
          return kDownloadProfile;
        } else if constexpr (std::is_same_v<T, RegisterEisRequest>) {
          return kRegisterEis;
        } else if constexpr (std::is_same_v<T, GetEisRequest>) {
          return in.interface + ".GetEIS";
        } else if constexpr (std::is_same_v<T, OneLinkRequest>) {
          return function_name(in.kind);
        } else if constexpr (std::is_same_v<T, Es2RelayRequest>) {
          return es2_function(in.function);
        } else {
          return in.prepare ? kPrepareSmSrChange : kSmSrChange;
        }
      },
      r.input);
}

const std::string& call_id_of(const FunctionRequest& r) {
  return std::visit(
      [](const auto& in) -> const std::string& {
        using T = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<T, SmSrChangeRequest>) {
          return in.order.call_id;
        } else if constexpr (std::is_same_v<T, Es2RelayRequest>) {
          return in.request.call_id;
        } else {
          return in.call_id;
        }
      },
      r.input);
}

json encode_request(const FunctionRequest& r) {
  const std::string function = function_of(r);
  if (const FunctionCall* c = std::get_if<FunctionCall>(&r.input); c != nullptr && !call_kind(function)) {
    f::refuse("Function", "unknown function '" + function + "'");
  }
  if (r.requester.empty()) f::refuse("Header.FunctionRequesterIdentifier", "empty");
  if (call_id_of(r).empty()) f::refuse("Header.FunctionCallIdentifier", "empty");
  if (r.validity_period && *r.validity_period == 0) f::refuse("Header.ValidityPeriod", "not a positive integer");
  json h = json::object();
  h["FunctionRequesterIdentifier"] = r.requester;
  h["FunctionCallIdentifier"] = call_id_of(r);
  if (r.validity_period) h["ValidityPeriod"] = *r.validity_period;
  json body = std::visit(
      [](const auto& in) -> json {
        using T = std::decay_t<decltype(in)>;
        if constexpr (std::is_same_v<T, FunctionCall>) {
          return call_body(in);
        } else if constexpr (std::is_same_v<T, DownloadProfileRequest>) {
          return download_body(in);
        } else if constexpr (std::is_same_v<T, RegisterEisRequest>) {
          return json{{"Eis", encode_eis(in.eis)}};
        } else if constexpr (std::is_same_v<T, GetEisRequest>) {
          return get_eis_body(in);
        } else if constexpr (std::is_same_v<T, OneLinkRequest>) {
          return onelink_body(in);
        } else if constexpr (std::is_same_v<T, Es2RelayRequest>) {
          return es2_relay_body(in);
        } else {
          return change_body(in);
        }
      },
      r.input);
  return json{{"Function", function}, {"Header", h}, {"Body", body}};
}

FunctionRequest decode_request(const json& j) {
  f::object(j, "");
  const std::string function = f::text(j, "", "Function");
  const json& h = *f::member(j, "", "Header", true);
  f::object(h, "Header");
  const json& b = *f::member(j, "", "Body", true);
  f::object(b, "Body");
  FunctionRequest r;
  r.requester = f::text(h, "Header", "FunctionRequesterIdentifier");
  const std::string call_id = f::text(h, "Header", "FunctionCallIdentifier");
  r.validity_period = f::optional_unsigned(h, "Header", "ValidityPeriod", UINT64_MAX);
  if (r.validity_period && *r.validity_period == 0) f::refuse("Header.ValidityPeriod", "not a positive integer");
  if (function == "ES2.GetEIS" || function == "ES3.GetEIS") {
    GetEisRequest g{function.substr(0, 3), call_id, f::text(b, "Body", "Eid")};
    f::check_eid(g.eid, "Body.Eid");
    r.input = std::move(g);
  } else if (function == kRegisterEis) {
    r.input = RegisterEisRequest{call_id, decode_eis(*f::member(b, "Body", "Eis", true), "Body.Eis")};
  } else if (function == kDownloadProfile) {
    r.input = decode_download(r.requester, call_id, b);
  } else if (function == function_name(ForeignRequestKind::ProfileDownload) ||
             function == function_name(ForeignRequestKind::SmSrSwitch)) {
    r.input = decode_onelink(function == function_name(ForeignRequestKind::ProfileDownload)
                                 ? ForeignRequestKind::ProfileDownload
                                 : ForeignRequestKind::SmSrSwitch,
                             call_id, b);
  } else if (const std::optional<Es2Relay> relay = es2_relay_of(function)) {
    r.input = decode_es2_relay(*relay, r.requester, call_id, b);
  } else if (function == kPrepareSmSrChange || function == kSmSrChange) {
    r.input = decode_change(function == kPrepareSmSrChange, r.requester, call_id, b);
  } else if (const auto k = call_kind(function)) {
    r.input = decode_call(k->first, k->second, call_id, b);
  } else {
    f::refuse("Function", "unknown function '" + function + "'");
  }
  return r;
}

}  // namespace twinmodels::platform
