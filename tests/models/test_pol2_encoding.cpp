// POL2 in the encodings (SGP.02 Policy Rules; pol2.hpp): in the EIS's JSON and
// SOAP (eis_json.hpp, pol2_json.cpp), in ES4/ES3.UpdatePolicyRules'
// request (function_request_json.cpp) and in the checkpoints' EIS and call
// (sm_sr_state_fields.hpp); round trips and every malformed input refused.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cardcore/euicc/sgp02.hpp"
#include "twinmodels/platform/eis_json.hpp"
#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/pol2.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::testing {
namespace test_pol2_encoding {

using cardcore::from_hex;
using nlohmann::json;
using platform::FunctionCall;
using platform::Pol2Action;
using platform::Pol2Qualification;
using platform::Pol2Rule;
using Kind = FunctionCall::Kind;

const std::string kEid = "89049032123451234512345678909999";
const std::string kIccid = "8986040000000000991";
const std::vector<Pol2Rule> kRules = {{Pol2Action::Disable, Pol2Qualification::AutoDelete},
                                      {Pol2Action::Delete, Pol2Qualification::NotAllowed},
                                      {Pol2Action::Enable, Pol2Qualification::NotAllowed}};

platform::Eis eis_with_pol2() {
  platform::Eis e;
  e.eid = kEid;
  e.eum_id = "EUM-TEST";
  e.smsr_id = "SM-SR-CMCC";
  e.isd_r_aid.assign(cardcore::euicc::kIsdRAid.begin(), cardcore::euicc::kIsdRAid.end());
  platform::EisProfile p;
  p.iccid = kIccid;
  p.isdp_aid = from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = "CMCC";
  p.state = platform::ProfileState::Enabled;
  p.pol2 = kRules;
  platform::EisProfile q = p;
  q.iccid = "8986040000000000992";
  q.isdp_aid = from_hex("A0000005591010FFFFFFFF8900001100");
  q.state = platform::ProfileState::Disabled;
  q.pol2 = {};
  e.profiles = {p, q};
  return e;
}

FunctionCall update_call() {
  FunctionCall f;
  f.kind = Kind::UpdatePolicyRules;
  f.call_id = "u-1";
  f.eid = kEid;
  f.iccid = kIccid;
  f.mno_id = "CMCC";
  f.pol2 = kRules;
  return f;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

TEST(Pol2Encoding, WordsAndChecks) {
  EXPECT_EQ(platform::pol2_action_of("DISABLE"), Pol2Action::Disable);
  EXPECT_EQ(platform::pol2_qualification_of("Auto-Delete"), Pol2Qualification::AutoDelete);
  EXPECT_FALSE(platform::pol2_action_of("disable").has_value());
  EXPECT_FALSE(platform::pol2_qualification_of("Not allowed").has_value());
  EXPECT_EQ(platform::pol2_text(kRules), "DISABLE Auto-Delete, DELETE Not-Allowed, ENABLE Not-Allowed");
  EXPECT_FALSE(platform::pol2_error(kRules).has_value());
  EXPECT_TRUE(platform::pol2_forbids(kRules, Pol2Action::Delete));
  EXPECT_FALSE(platform::pol2_forbids(kRules, Pol2Action::Disable));
  EXPECT_EQ(platform::pol2_error({{Pol2Action::Enable, Pol2Qualification::AutoDelete}}),
            "rule 0 (ENABLE Auto-Delete): Auto-Delete qualifies DISABLE only");
}

TEST(Pol2Encoding, TheEisJsonCarriesEachProfilesPol2) {
  const platform::Eis e = eis_with_pol2();
  const json j = platform::encode_eis(e);
  EXPECT_EQ(j["ProfileInfo"][0]["Pol2"],
            json::parse(R"({"Rule": [{"Subject": "PROFILE", "Action": "DISABLE", "Qualification": "Auto-Delete"},
                                     {"Subject": "PROFILE", "Action": "DELETE", "Qualification": "Not-Allowed"},
                                     {"Subject": "PROFILE", "Action": "ENABLE", "Qualification": "Not-Allowed"}]})"));
  EXPECT_FALSE(j["ProfileInfo"][1].contains("Pol2"));
  const platform::Eis back = platform::decode_eis(j, "Body.Eis");
  EXPECT_EQ(back.profiles[0].pol2, kRules);
  EXPECT_TRUE(back.profiles[1].pol2.empty());
  // Through ES1.RegisterEIS's SOAP envelope and back.
  const platform::FunctionRequest reg = platform::request_of(platform::RegisterEisRequest{"r-1", e});
  const platform::SoapAddressing a{"https://eum.example/es1", "https://smsr.example/es1", "https://eum.example/es1",
                                   "urn:uuid:1", ""};
  const std::string xml = platform::encode_soap_request(reg, a);
  // The writer's element order is the JSON object's (by name), as for
  // every other element.
  EXPECT_NE(xml.find("<rps:Pol2><rps:Rule><rps:Action>DISABLE</rps:Action><rps:Qualification>Auto-Delete"
                     "</rps:Qualification><rps:Subject>PROFILE</rps:Subject></rps:Rule>"),
            std::string::npos)
      << xml;
  const platform::SoapRequest soap = platform::decode_soap_request(xml);
  const auto* r = std::get_if<platform::RegisterEisRequest>(&soap.request.input);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->eis.profiles[0].pol2, kRules);
  // One rule alone is still a list in SOAP.
  platform::Eis one = e;
  one.profiles[0].pol2 = {kRules[1]};
  const platform::SoapRequest single = platform::decode_soap_request(
      platform::encode_soap_request(platform::request_of(platform::RegisterEisRequest{"r-2", one}), a));
  EXPECT_EQ(std::get<platform::RegisterEisRequest>(single.request.input).eis.profiles[0].pol2,
            std::vector<Pol2Rule>{kRules[1]});
}

TEST(Pol2Encoding, AMalformedPol2InTheEisIsRefused) {
  const json good = platform::encode_eis(eis_with_pol2());
  const auto with = [&](const std::function<void(json&)>& change) {
    json j = good;
    change(j["ProfileInfo"][0]["Pol2"]);
    return error_of([&] { platform::decode_eis(j, "Body.Eis"); });
  };
  const std::string at = "Body.Eis.ProfileInfo[0].Pol2";
  EXPECT_NE(with([](json& p) { p = "DISABLE"; }).find(at), std::string::npos);
  EXPECT_EQ(with([](json& p) { p["Rule"] = json::object(); }), at + ".Rule: not an array");
  EXPECT_NE(with([](json& p) { p["Rule"][0] = 7; }).find(at + ".Rule[0]"), std::string::npos);
  EXPECT_EQ(with([](json& p) { p["Rule"][1]["Subject"] = "EUICC"; }),
            at + ".Rule[1].Subject: unknown subject 'EUICC' (only PROFILE)");
  EXPECT_EQ(with([](json& p) { p["Rule"][1]["Action"] = "SUSPEND"; }),
            at + ".Rule[1].Action: unknown action 'SUSPEND' (ENABLE, DISABLE or DELETE)");
  EXPECT_EQ(with([](json& p) { p["Rule"][2]["Qualification"] = "Maybe"; }),
            at + ".Rule[2].Qualification: unknown qualification 'Maybe' (Not-Allowed or Auto-Delete)");
  EXPECT_NE(with([](json& p) { p["Rule"][2].erase("Action"); }).find(at + ".Rule[2]"), std::string::npos);
  EXPECT_EQ(with([](json& p) { p["Rule"][2]["Qualification"] = "Auto-Delete"; }),
            at + ": rule 2 (ENABLE Auto-Delete): Auto-Delete qualifies DISABLE only");
  EXPECT_EQ(with([](json& p) { p["Rule"][2]["Action"] = "DELETE"; }),
            at + ": rule 2 (DELETE Not-Allowed): a second rule for DELETE");
  // The encoder refuses what the decoder would.
  platform::Eis bad = eis_with_pol2();
  bad.profiles[1].pol2 = {{Pol2Action::Delete, Pol2Qualification::AutoDelete}};
  EXPECT_EQ(error_of([&] { platform::encode_eis(bad); }),
            "Body.Eis.ProfileInfo[1].Pol2: rule 0 (DELETE Auto-Delete): Auto-Delete qualifies DISABLE only");
}

TEST(Pol2Encoding, UpdatePolicyRulesRequestInJsonAndSoap) {
  for (const std::string interface : {"ES4", "ES3"}) {
    FunctionCall f = update_call();
    f.interface = interface;
    const platform::FunctionRequest req = platform::request_of(f, "CMCC");
    const json j = platform::encode_request(req);
    EXPECT_EQ(j["Function"], interface + ".UpdatePolicyRules");
    EXPECT_EQ(j["Body"]["Iccid"], kIccid);
    EXPECT_EQ(j["Body"]["Pol2"]["Rule"].size(), 3u);
    const FunctionCall back = std::get<FunctionCall>(platform::decode_request(j).input);
    EXPECT_EQ(back.kind, Kind::UpdatePolicyRules);
    EXPECT_EQ(back.interface, interface);
    EXPECT_EQ(back.pol2, kRules);
    const platform::SoapAddressing a{"https://mno.example/es4", "https://smsr.example/es4", "https://mno.example/es4",
                                     "urn:uuid:2", ""};
    const std::string xml = platform::encode_soap_request(req, a);
    EXPECT_NE(xml.find("<rps:" + interface + "-UpdatePolicyRulesRequest>"), std::string::npos) << xml;
    EXPECT_EQ(std::get<FunctionCall>(platform::decode_soap_request(xml).request.input).pol2, kRules);
  }
  // The POL2 is optional: none, no rule.
  FunctionCall none = update_call();
  none.pol2.clear();
  const json j = platform::encode_request(platform::request_of(none, "CMCC"));
  EXPECT_FALSE(j["Body"].contains("Pol2"));
  EXPECT_TRUE(std::get<FunctionCall>(platform::decode_request(j).input).pol2.empty());
}

TEST(Pol2Encoding, AMalformedUpdatePolicyRulesRequestIsRefused) {
  const json good = platform::encode_request(platform::request_of(update_call(), "CMCC"));
  const auto with = [&](const std::function<void(json&)>& change) {
    json j = good;
    change(j);
    return error_of([&] { platform::decode_request(j); });
  };
  EXPECT_EQ(with([](json& j) { j["Body"].erase("Iccid"); }), "Body.Iccid: missing");
  EXPECT_EQ(with([](json& j) { j["Body"]["Pol2"]["Rule"][0]["Action"] = "ENABLE"; }),
            "Body.Pol2: rule 0 (ENABLE Auto-Delete): Auto-Delete qualifies DISABLE only");
  EXPECT_EQ(with([](json& j) { j["Body"]["Pol2"]["Rule"][1]["Subject"] = "ISD-P"; }),
            "Body.Pol2.Rule[1].Subject: unknown subject 'ISD-P' (only PROFILE)");
  EXPECT_EQ(with([](json& j) { j["Function"] = "ES4.EnableProfile"; }), "Body.Pol2: only UpdatePolicyRules carries one");
  // Encoding refuses the same.
  FunctionCall enable = update_call();
  enable.kind = Kind::EnableProfile;
  EXPECT_EQ(error_of([&] { platform::encode_request(platform::request_of(enable, "CMCC")); }),
            "Body.Pol2: only UpdatePolicyRules carries one");
  FunctionCall twice = update_call();
  twice.pol2.push_back(kRules[0]);
  EXPECT_EQ(error_of([&] { platform::encode_request(platform::request_of(twice, "CMCC")); }),
            "Body.Pol2: rule 3 (DISABLE Auto-Delete): a second rule for DISABLE");
}

TEST(Pol2Encoding, TheCheckpointFieldsRoundTripAndRefuseBadRules) {
  namespace fields = platform::state_fields;
  cardcore::Bytes b;
  fields::put_eis(b, eis_with_pol2());
  fields::put_call(b, update_call());
  state::Reader r(b, "SM-SR");
  EXPECT_EQ(fields::read_eis(r).profiles[0].pol2, kRules);
  EXPECT_EQ(fields::read_call(r).pol2, kRules);
  const auto read = [](cardcore::Bytes bytes) {
    return error_of([&] {
      state::Reader in(bytes, "SM-SR");
      fields::read_pol2(in, "profile X");
    });
  };
  EXPECT_EQ(read({1, 0, 0, 0, 3, 0}), "SM-SR state: profile X: POL2 action 3 unknown");
  EXPECT_EQ(read({1, 0, 0, 0, 0, 2}), "SM-SR state: profile X: POL2 qualification 2 unknown");
  EXPECT_EQ(read({2, 0, 0, 0, 1, 0, 1, 1}),
            "SM-SR state: profile X: POL2 rule 1 (DISABLE Auto-Delete): a second rule for DISABLE");
  EXPECT_NE(read({2, 0, 0, 0, 1, 0}).find("SM-SR state:"), std::string::npos);
}

}  // namespace test_pol2_encoding
}  // namespace twinmodels::testing
