#pragma once
// OneLink's side of the interface to foreign operators' (or agents') eSIM
// platforms for international import and export (the source document
// §3.2.1: 与国外运营商（或代理服务机构）的 eSIM 管理平台对接，实现 Profile
// 下载、SM-SR 切换). The interface itself is defined in a China Mobile
// document that was not at hand (《中国移动 OneLink 平台国际 eSIM 合作技术要求》),
// so the requests here carry what the two functions need and no more, and
// their names ("OneLink.ProfileDownload", "OneLink.SmSrSwitch") are ours.
// OneLink only tracks them: the SM-DP / SM-SR mechanics are elsewhere
// (sm_sr.hpp). The outcome is a FunctionResult (function_result.hpp).
#include <cstdint>
#include <optional>
#include <string>

#include "twinmodels/platform/function_result.hpp"
#include "twinmodels/platform/onelink_account.hpp"

namespace twinmodels::platform {

enum class ForeignRequestKind : std::uint8_t {
  ProfileDownload,  // a profile for the eUICC from a foreign SM-DP, enabled once installed
  SmSrSwitch,       // the eUICC's management handed to another SM-SR
};

enum class ForeignRequestStatus : std::uint8_t { Sent, Completed, Failed };

const char* to_string(ForeignRequestKind k);
const char* to_string(ForeignRequestStatus s);
// "OneLink.ProfileDownload" / "OneLink.SmSrSwitch" (ours).
const char* function_name(ForeignRequestKind k);

struct ForeignRequest {
  std::string id;              // OneLink's request id; the result's call_id
  ForeignRequestKind kind = ForeignRequestKind::ProfileDownload;
  std::string account_id;
  std::string card_iccid;      // the card as the account lists it
  std::string eid;
  std::string platform;        // the foreign SM-DP (download) or the SM-SR taking over (switch)
  Subscription profile;        // ProfileDownload: the profile to install and enable
  ForeignRequestStatus status = ForeignRequestStatus::Sent;
  std::int64_t sent_ms = 0;
  std::optional<std::int64_t> done_ms;
  std::optional<FunctionResult> result;
};

// "req=r1 OneLink.ProfileDownload account=A1 eid=… to=SM-DP-X iccid=… Sent"
// and, when it is done, the result's own line after " -> ".
std::string describe(const ForeignRequest& r);

}  // namespace twinmodels::platform
