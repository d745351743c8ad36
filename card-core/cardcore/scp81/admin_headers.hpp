#pragma once
// The constants of GP Amendment B's administration protocol over HTTP
// (§3.4: the HTTP POST request of the admin agent, §3.4.2: the server's
// response) and the "//aid/<RID>/<PIX>" form of an AID.
#include <optional>
#include <string>
#include <string_view>

#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

inline constexpr std::string_view kAdminProtocol = "globalplatform-remote-admin/1.0";
// The body of a server response that holds a script of C-APDUs.
inline constexpr std::string_view kScriptContentType = "application/vnd.globalplatform.card-content-mgt;version=1.0";
// The body of a card request that holds the R-APDUs of the last script.
inline constexpr std::string_view kResponseContentType =
    "application/vnd.globalplatform.card-content-mgt-response;version=1.0";

namespace header {
inline constexpr std::string_view kProtocol = "X-Admin-Protocol";
inline constexpr std::string_view kFrom = "X-Admin-From";
inline constexpr std::string_view kNextUri = "X-Admin-Next-URI";
inline constexpr std::string_view kTargetedApplication = "X-Admin-Targeted-Application";
inline constexpr std::string_view kScriptStatus = "X-Admin-Script-Status";
inline constexpr std::string_view kResume = "X-Admin-Resume";
}  // namespace header

// §3.4.1 X-Admin-Script-Status values.
inline constexpr std::string_view kScriptStatusOk = "ok";
inline constexpr std::string_view kScriptStatusUnknownApplication = "unknown-application";
inline constexpr std::string_view kScriptStatusNotASecurityDomain = "not-a-security-domain";
inline constexpr std::string_view kScriptStatusSecurityError = "security-error";
bool is_script_status(std::string_view s);

// "//aid/A000000559/1010FFFFFFFF8900000100": RID (5 bytes) and PIX (0-11
// bytes) in upper-case hex. Throws std::invalid_argument on an AID shorter
// than 5 or longer than 16 bytes.
std::string format_aid_uri(ByteView aid);
// The reverse; case-insensitive hex, nullopt on anything else.
std::optional<Bytes> parse_aid_uri(std::string_view text);

}  // namespace cardcore::scp81
