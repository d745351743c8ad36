// GP Amendment B §3.4.2: X-Admin-Targeted-Application "//aid/<RID>/<PIX>".
#include "cardcore/scp81/admin_headers.hpp"

#include <cctype>
#include <stdexcept>

namespace cardcore::scp81 {

std::string format_aid_uri(ByteView aid) {
  if (aid.size() < 5 || aid.size() > 16) throw std::invalid_argument("AID of " + std::to_string(aid.size()) + " bytes");
  std::string rid = to_hex(aid.first(5));
  std::string pix = to_hex(aid.subspan(5));
  for (char& c : rid) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : pix) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "//aid/" + rid + "/" + pix;
}

namespace {

std::optional<Bytes> hex_field(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
  return from_hex(s);
}

}  // namespace

bool is_script_status(std::string_view s) {
  return s == kScriptStatusOk || s == kScriptStatusUnknownApplication || s == kScriptStatusNotASecurityDomain ||
         s == kScriptStatusSecurityError;
}

std::optional<Bytes> parse_aid_uri(std::string_view text) {
  constexpr std::string_view prefix = "//aid/";
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  text.remove_prefix(prefix.size());
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::optional<Bytes> rid = hex_field(text.substr(0, slash));
  std::optional<Bytes> pix = hex_field(text.substr(slash + 1));
  if (!rid || !pix || rid->size() != 5 || pix->size() > 11) return std::nullopt;
  rid->insert(rid->end(), pix->begin(), pix->end());
  return rid;
}

}  // namespace cardcore::scp81
