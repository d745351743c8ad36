// GP Amendment B §3.4.2: the server's response to the admin agent.
#include "cardcore/scp81/admin_response.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/scp81/admin_headers.hpp"

namespace cardcore::scp81 {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 7231 §3.1.1.1 media-type: type/subtype case-insensitive, parameters
// with optional whitespace around ';', names case-insensitive, values as
// given (quoted or not).
bool is_script_media_type(std::string_view v) {
  const std::size_t semi = v.find(';');
  if (semi == std::string_view::npos) return false;
  if (lower(trim(v.substr(0, semi))) != "application/vnd.globalplatform.card-content-mgt") return false;
  std::string_view params = v.substr(semi + 1);
  bool version = false;
  while (!params.empty()) {
    const std::size_t next = params.find(';');
    const std::string_view p = trim(params.substr(0, next));
    const std::size_t eq = p.find('=');
    if (eq == std::string_view::npos) return false;
    std::string_view value = trim(p.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (lower(trim(p.substr(0, eq))) == "version") {
      if (value != "1.0") return false;
      version = true;
    }
    params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
  }
  return version;
}

InterpretedResponse refuse(std::string why) { return {AdminResponse{}, std::move(why)}; }

}  // namespace

InterpretedResponse interpret_admin_response(const HttpMessage& m) {
  if (m.status == 204) return {AdminResponse{}, {}};
  if (m.status != 200) return refuse("HTTP status " + std::to_string(m.status) + (m.reason.empty() ? "" : " " + m.reason));
  const std::string* protocol = m.header(header::kProtocol);
  if (!protocol) return refuse("200 without X-Admin-Protocol");
  if (*protocol != kAdminProtocol) return refuse("X-Admin-Protocol not " + std::string(kAdminProtocol));
  const std::string* type = m.header("Content-Type");
  if (!type) return refuse("200 without Content-Type");
  if (!is_script_media_type(*type)) return refuse("Content-Type not " + std::string(kScriptContentType));
  if (m.body.empty()) return refuse("200 without a script");
  if (!remote::expanded::is_expanded_script(m.body))
    return refuse("body is not a command scripting template (TS 102 226 §5.2)");
  AdminResponse r;
  r.kind = AdminResponse::Kind::Script;
  r.script = m.body;
  if (m.header_count(header::kTargetedApplication) > 1) return refuse("two X-Admin-Targeted-Application fields");
  if (const std::string* t = m.header(header::kTargetedApplication)) {
    r.targeted_aid = parse_aid_uri(*t);
    if (!r.targeted_aid) return refuse("malformed X-Admin-Targeted-Application");
  }
  if (m.header_count(header::kNextUri) > 1) return refuse("two X-Admin-Next-URI fields");
  if (const std::string* n = m.header(header::kNextUri)) {
    if (n->empty() || n->find(' ') != std::string::npos) return refuse("malformed X-Admin-Next-URI");
    r.next_uri = *n;
  }
  return {std::move(r), {}};
}

}  // namespace cardcore::scp81
