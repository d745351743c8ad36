// The platforms' notifications on the wire (GSMA SGP.02 §5.1.3; ES2
// §5.3.8-§5.3.11, ES3 §5.4, ES4 §5.5): JSON (notification_json.hpp) and
// SOAP (soap_encoding.hpp) written by hand and read, every kind over every
// interface round-tripped, the trace's lines, and every malformed message
// refused with the field named.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "cardcore/util/bytes.hpp"
#include "function_json_compare.hpp"
#include "twinmodels/platform/function_trace.hpp"
#include "twinmodels/platform/notification_json.hpp"
#include "twinmodels/platform/soap_encoding.hpp"
#include "twinmodels/platform/soap_names.hpp"
#include "twinmodels/platform/xs_datetime.hpp"

namespace twinmodels::testing {
namespace test_notification_encoding {

using cardcore::from_hex;
using nlohmann::json;
using platform::NotificationKind;
using platform::PlatformNotification;

const char* kEid = "89049032123451234512345678901235";
const char* kIccid = "8986040000000000038";
// 2026-01-01T00:10:00.250Z
constexpr std::int64_t kCompletion = 1'767'225'600'000 + 600'250;

PlatformNotification profile_notification(NotificationKind k, const std::string& interface) {
  PlatformNotification n;
  n.interface = interface;
  n.kind = k;
  n.from = interface == "ES2" ? "SM-DP-CMCC" : "SM-SR-CMCC";
  n.to = interface == "ES3" ? "SM-DP-CMCC" : "CMCC";
  n.eid = kEid;
  n.iccid = kIccid;
  n.completion_ms = kCompletion;
  return n;
}

platform::Eis eis_of_one_profile() {
  platform::Eis e;
  e.eid = kEid;
  e.eum_id = "EUM-TEST";
  e.smsr_id = "SM-SR-DE";
  e.isd_r_aid = from_hex("A0000005591010FFFFFFFF8900000100");
  e.ecasd_certificate = from_hex("7F2104930102");
  platform::EisProfile p;
  p.iccid = kIccid;
  p.isdp_aid = from_hex("A0000005591010FFFFFFFF8900001000");
  p.mno_id = "CMCC";
  p.smdp_id = "SM-DP-CMCC";
  p.imsi = "460000000000038";
  p.msisdn = "8613900000038";
  p.state = platform::ProfileState::Enabled;
  p.fallback = true;
  e.profiles.push_back(p);
  return e;
}

PlatformNotification smsr_change(const std::string& interface) {
  PlatformNotification n = profile_notification(NotificationKind::SmsrChange, interface);
  n.from = interface == "ES2" ? "SM-DP-CMCC" : "SM-SR-DE";
  n.iccid.clear();
  n.eis = eis_of_one_profile();
  n.call_id = "smsr-change-7/notification";
  return n;
}

void expect_same(const PlatformNotification& a, const PlatformNotification& b) {
  EXPECT_EQ(a.interface, b.interface);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.eid, b.eid);
  EXPECT_EQ(a.iccid, b.iccid);
  EXPECT_EQ(a.call_id, b.call_id);
  EXPECT_EQ(a.completion_ms, b.completion_ms);
  ASSERT_EQ(a.eis.has_value(), b.eis.has_value());
  if (a.eis) expect_same_eis(*a.eis, *b.eis);
}

std::string json_error(const std::string& text) {
  try {
    platform::decode_notification(json::parse(text));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

std::string soap_error(const std::string& xml) {
  try {
    platform::decode_soap_notification(xml);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(NotificationEncoding, CompletionTimestampIsAnXsDateTime) {
  EXPECT_EQ(platform::xs_datetime(kCompletion), "2026-01-01T00:10:00.250Z");
  EXPECT_EQ(platform::xs_datetime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(platform::xs_datetime(951'782'400'000), "2000-02-29T00:00:00.000Z");
  EXPECT_EQ(platform::unix_ms_of_xs_datetime("2026-01-01T00:10:00.250Z", "t"), kCompletion);
  EXPECT_EQ(platform::unix_ms_of_xs_datetime("2026-01-01T08:10:00.25+08:00", "t"), kCompletion);
  EXPECT_EQ(platform::unix_ms_of_xs_datetime("2025-12-31T23:10:00.250-01:00", "t"), kCompletion);
  EXPECT_EQ(platform::unix_ms_of_xs_datetime("2026-01-01T00:10:00Z", "t"), kCompletion - 250);
  for (const std::int64_t ms : {std::int64_t{-86'400'001}, std::int64_t{1}, std::int64_t{4'102'444'799'999}})
    EXPECT_EQ(platform::unix_ms_of_xs_datetime(platform::xs_datetime(ms), "t"), ms);
  const std::pair<const char*, const char*> bad[] = {
      {"2026-01-01", "no 'T' before the time"},
      {"2026-01-01T00:10:00", "no time zone ('Z' or +hh:mm)"},
      {"2026-02-29T00:00:00Z", "day 29 of month 2"},
      {"2026-13-01T00:00:00Z", "month 13"},
      {"2026-01-01T24:00:00Z", "time of day out of range"},
      {"2026-01-01T00:00:00.1234Z", "a fraction finer than a millisecond"},
      {"2026-01-01T00:00:00.Z", "no digits after '.'"},
      {"2026-01-01T00:00:00Z ", "text after the time zone"},
      {"2026-01-01T00:00:00+15:00", "zone beyond +/-14:00"},
      {"26-01-01T00:00:00Z", "no four-digit year"},
  };
  for (const auto& [text, why] : bad) {
    try {
      platform::unix_ms_of_xs_datetime(text, "Body.CompletionTimestamp");
      ADD_FAILURE() << text << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                std::string("Body.CompletionTimestamp: '") + text + "' is not an xs:dateTime (" + why + ")");
    }
  }
}

TEST(NotificationEncoding, JsonWrittenByHandReads) {
  const PlatformNotification n = platform::decode_notification(json::parse(R"({
      "Function": "ES4.HandleProfileEnabledNotification",
      "Header": {"FunctionRequesterIdentifier": "SM-SR-CMCC", "FunctionRecipientIdentifier": "CMCC"},
      "Body": {"Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038",
               "CompletionTimestamp": "2026-01-01T00:10:00.250Z"}})"));
  expect_same(n, profile_notification(NotificationKind::ProfileEnabled, "ES4"));
  EXPECT_EQ(platform::notification_name(n), "ES4.HandleProfileEnabledNotification");
}

// tests/data/soap/<name>, indented there, as one line.
std::string golden(const std::string& name) {
  std::ifstream in(std::string(ESIMTWIN_TEST_DATA_DIR) + "/soap/" + name);
  EXPECT_TRUE(in) << name;
  std::string out;
  for (std::string line; std::getline(in, line);) out += line.substr(line.find_first_not_of(' '));
  return out;
}

TEST(NotificationEncoding, SoapWrittenByHandReadsAndIsWrittenTheSame) {
  const char* file = "es2-handle-profile-disabled-notification.xml";
  PlatformNotification n = profile_notification(NotificationKind::ProfileDisabled, "ES2");
  n.from = "SM-DP-DE";
  n.to = "DE-MNO";
  const platform::SoapAddressing a{"https://smdp.example/es2", "https://mno.example/es2", "",
                                   "urn:uuid:5d2c8e41-7b1f-4a6e-8c3d-9e0f1a2b3c4d", ""};
  EXPECT_EQ(platform::encode_soap_notification(n, a), golden(file));
  const platform::SoapNotification back = platform::decode_soap_notification(golden(file));
  expect_same(back.notification, n);
  EXPECT_EQ(back.addressing.message_id, a.message_id);
  EXPECT_EQ(back.addressing.from, a.from);
}

TEST(NotificationEncoding, EveryKindOverEveryInterfaceRoundTrips) {
  for (const char* interface : {"ES2", "ES3", "ES4"}) {
    for (const NotificationKind k :
         {NotificationKind::ProfileEnabled, NotificationKind::ProfileDisabled, NotificationKind::ProfileDeleted}) {
      const PlatformNotification n = profile_notification(k, interface);
      expect_same(platform::decode_notification(platform::encode_notification(n)), n);
      const std::string xml = platform::encode_soap_notification(n, platform::trace_addressing(n));
      expect_same(platform::decode_soap_notification(xml).notification, n);
    }
    const PlatformNotification c = smsr_change(interface);
    expect_same(platform::decode_notification(platform::encode_notification(c)), c);
    const platform::SoapAddressing a{"https://smsr.example/es4", "https://mno.example/es4", "", "urn:uuid:n-1", ""};
    const platform::SoapNotification back = platform::decode_soap_notification(platform::encode_soap_notification(c, a));
    expect_same(back.notification, c);
    EXPECT_EQ(back.addressing.from, a.from);
    EXPECT_EQ(back.addressing.to, a.to);
    EXPECT_EQ(back.addressing.message_id, a.message_id);
  }
}

TEST(NotificationEncoding, SoapNamesAndActionsFollowAnnexB) {
  namespace n = platform::soap_names;
  const PlatformNotification e = profile_notification(NotificationKind::ProfileDisabled, "ES3");
  const std::string xml = platform::encode_soap_notification(e, platform::trace_addressing(e));
  EXPECT_NE(xml.find("<rps:ES3-HandleProfileDisabledNotification><rps:FunctionRequesterIdentifier>SM-SR-CMCC<"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<wsa:Action>http://gsma.com/ES3/ProfileManagementCallBack/ES3-HandleProfileDisabledNotification<"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<rps:CompletionTimestamp>2026-01-01T00:10:00.250Z</rps:CompletionTimestamp>"), std::string::npos);
  EXPECT_EQ(xml.find("RelatesTo"), std::string::npos);
  EXPECT_EQ(n::action_of("ES4.HandleSMSRChangeNotification", true),
            "http://gsma.com/ES4/eUICCManagementCallBack/ES4-HandleSMSRChangeNotification");
  const auto b = n::function_of_element("ES2-HandleProfileDeletedNotification");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->function, "ES2.HandleProfileDeletedNotification");
  EXPECT_TRUE(b->notification);
  EXPECT_FALSE(b->response);
  const auto m = platform::decode_soap_message(xml);
  ASSERT_TRUE(std::holds_alternative<platform::SoapNotification>(m));
}

TEST(NotificationEncoding, MalformedJsonIsRefusedWithItsField) {
  const std::string h = R"("Header": {"FunctionRequesterIdentifier": "SM-SR-CMCC", "FunctionRecipientIdentifier": "CMCC"})";
  const std::string ok_body = R"("Eid": "89049032123451234512345678901235", "CompletionTimestamp": "2026-01-01T00:10:00Z")";
  const auto msg = [&](const std::string& function, const std::string& header, const std::string& body) {
    return "{\"Function\": \"" + function + "\", " + header + ", \"Body\": {" + body + "}}";
  };
  const std::pair<std::string, std::string> cases[] = {
      {"[]", "message: not a JSON object"},
      {msg("ES4.EnableProfile", h, ok_body), "Function: 'ES4.EnableProfile' is not a notification handler SGP.02 names"},
      {msg("ES5.HandleProfileEnabledNotification", h, ok_body),
       "Function: 'ES5.HandleProfileEnabledNotification' is not an ES2, ES3 or ES4 notification"},
      {msg("ES4.HandleProfileEnabledNotification", R"("Header": {"FunctionRecipientIdentifier": "CMCC"})",
           ok_body + R"(, "Iccid": "8986040000000000038")"),
       "Header.FunctionRequesterIdentifier: missing"},
      {msg("ES4.HandleProfileEnabledNotification",
           R"("Header": {"FunctionRequesterIdentifier": "SM-SR-CMCC", "FunctionRecipientIdentifier": ""})",
           ok_body + R"(, "Iccid": "8986040000000000038")"),
       "Header.FunctionRecipientIdentifier: empty"},
      {msg("ES4.HandleProfileEnabledNotification",
           R"("Header": {"FunctionRequesterIdentifier": "SM-SR-CMCC", "FunctionRecipientIdentifier": "CMCC", "ValidityPeriod": 3})",
           ok_body + R"(, "Iccid": "8986040000000000038")"),
       "Header.ValidityPeriod: not a field of a notification"},
      {msg("ES4.HandleProfileEnabledNotification", h, ok_body), "Body.Iccid: missing"},
      {msg("ES4.HandleProfileEnabledNotification", h, ok_body + R"(, "Iccid": "12")"),
       "Body.Iccid: ICCID '12' is not 18 to 20 digits"},
      {msg("ES4.HandleProfileEnabledNotification", h,
           R"("Eid": "8904", "Iccid": "8986040000000000038", "CompletionTimestamp": "2026-01-01T00:10:00Z")"),
       "Body.Eid: EID '8904' is not 32 digits"},
      {msg("ES4.HandleProfileEnabledNotification", h,
           R"("Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038")"),
       "Body.CompletionTimestamp: missing"},
      {msg("ES4.HandleProfileEnabledNotification", h,
           R"("Eid": "89049032123451234512345678901235", "Iccid": "8986040000000000038", "CompletionTimestamp": "yesterday")"),
       "Body.CompletionTimestamp: 'yesterday' is not an xs:dateTime (no four-digit year)"},
      {msg("ES4.HandleProfileEnabledNotification", h, ok_body + R"(, "Iccid": "8986040000000000038", "Eis": {})"),
       "Body.Eis: not a field of a notification"},
      {msg("ES4.HandleSMSRChangeNotification", h, ok_body), "Body.Eis: missing"},
      {msg("ES4.HandleSMSRChangeNotification", h, ok_body + R"(, "Iccid": "8986040000000000038")"),
       "Body.Iccid: not a field of a notification"},
  };
  for (const auto& [text, error] : cases) EXPECT_EQ(json_error(text), error) << text;
  // An SM-SR change's EIS of another eUICC.
  PlatformNotification c = smsr_change("ES4");
  json j = platform::encode_notification(c);
  j["Body"]["Eid"] = "89049032123451234512345678909999";
  EXPECT_EQ(json_error(j.dump()),
            "Body.Eis.EumSignedInfo.Eid: '89049032123451234512345678901235' is not the notification's Eid");
}

TEST(NotificationEncoding, EncodingRefusesWhatTheWireCannotCarry) {
  const auto refused = [](const PlatformNotification& n) {
    try {
      platform::encode_notification(n);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("written");
  };
  PlatformNotification n = profile_notification(NotificationKind::ProfileDeleted, "ES4");
  n.completion_ms.reset();
  EXPECT_EQ(refused(n), "Body.CompletionTimestamp: missing");
  n = profile_notification(NotificationKind::ProfileDeleted, "ES7");
  EXPECT_EQ(refused(n), "Function: 'ES7.HandleProfileDeletedNotification' is not an ES2, ES3 or ES4 notification");
  n = smsr_change("ES3");
  n.eis.reset();
  EXPECT_EQ(refused(n), "Body.Eis: missing");
  n = profile_notification(NotificationKind::ProfileEnabled, "ES2");
  n.from.clear();
  EXPECT_EQ(refused(n), "Header.FunctionRequesterIdentifier: empty");
  // SOAP refuses the same, nothing written.
  EXPECT_THROW(platform::encode_soap_notification(n, platform::trace_addressing(n)), std::invalid_argument);
}

TEST(NotificationEncoding, MalformedSoapIsRefusedWithItsElement) {
  const PlatformNotification n = profile_notification(NotificationKind::ProfileEnabled, "ES4");
  const std::string good = platform::encode_soap_notification(n, platform::trace_addressing(n));
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string x = good;
    const std::size_t at = x.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return x.replace(at, from.size(), to);
  };
  const std::string tag = "rps:ES4-HandleProfileEnabledNotification";
  const std::pair<std::string, std::string> cases[] = {
      {replaced("<rps:Iccid>8986040000000000038</rps:Iccid>", ""), "SOAP " + tag + ": Body.Iccid: missing"},
      {replaced("<rps:Eid>", "<rps:Foo>x</rps:Foo><rps:Eid>"), "SOAP " + tag + ": Body.Foo: not a field of a notification"},
      {replaced("2026-01-01T00:10:00.250Z", "noon"),
       "SOAP " + tag + ": Body.CompletionTimestamp: 'noon' is not an xs:dateTime (no four-digit year)"},
      {replaced("ProfileManagementCallBack", "ProfileManagement"),
       "SOAP env:Header/wsa:Action: 'http://gsma.com/ES4/ProfileManagement/ES4-HandleProfileEnabledNotification' is not " +
           tag + "'s ('http://gsma.com/ES4/ProfileManagementCallBack/ES4-HandleProfileEnabledNotification')"},
      {replaced("<rps:Eid>", "<rps:Eid>1<rps:X/>"), "SOAP " + tag + "/rps:Eid: text beside elements"},
  };
  for (const auto& [xml, error] : cases) EXPECT_EQ(soap_error(xml), error) << xml;
  // A request or response is not a notification, nor the other way round.
  platform::FunctionResult r;
  r.function = "ES4.EnableProfile";
  r.call_id = "c-1";
  const std::string response = platform::encode_soap_result(r, platform::trace_addressing(r.function, r.call_id, true));
  EXPECT_EQ(soap_error(response), "SOAP env:Body/rps:ES4-EnableProfileResponse: a response, not a notification");
  try {
    platform::decode_soap_result(good);
    ADD_FAILURE() << "a notification read as a response";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "SOAP env:Body/" + tag + ": a notification, not a response");
  }
}

TEST(NotificationEncoding, TraceLinesInBothEncodingsReadBack) {
  for (const platform::TraceEncoding enc : {platform::TraceEncoding::Json, platform::TraceEncoding::Soap}) {
    std::ostringstream out;
    platform::FunctionTrace trace(out, enc);
    trace.notification(600'250, profile_notification(NotificationKind::ProfileDisabled, "ES4"));
    trace.notification(600'400, smsr_change("ES3"));
    EXPECT_EQ(trace.lines(), 2u);
    // A notification the wire cannot carry leaves no line.
    PlatformNotification bad = profile_notification(NotificationKind::ProfileEnabled, "ES2");
    bad.completion_ms.reset();
    EXPECT_THROW(trace.notification(600'500, bad), std::invalid_argument);
    EXPECT_EQ(trace.lines(), 2u);
    std::istringstream in(out.str());
    const std::vector<platform::TraceEntry> back = platform::read_trace(in, enc);
    ASSERT_EQ(back.size(), 2u);
    EXPECT_EQ(back[1].time_ms, 600'400);
    expect_same(std::get<PlatformNotification>(back[0].message),
                profile_notification(NotificationKind::ProfileDisabled, "ES4"));
    expect_same(std::get<PlatformNotification>(back[1].message), smsr_change("ES3"));
  }
  std::istringstream two(R"({"TimeMs": 1, "Result": {}, "Notification": {}})");
  try {
    platform::read_trace(two);
    ADD_FAILURE() << "two messages on a line read";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "line 1: message: needs exactly one of \"Request\", \"Result\" and \"Notification\"");
  }
}

}  // namespace test_notification_encoding
}  // namespace twinmodels::testing
