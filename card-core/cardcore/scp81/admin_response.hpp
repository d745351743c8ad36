#pragma once
// What the admin agent makes of the server's HTTP response (GP Amendment B
// §3.4.2):
//   200 OK with a script: X-Admin-Protocol globalplatform-remote-admin/1.0
//       (required), Content-Type application/vnd.globalplatform.card-
//       content-mgt;version=1.0 (required; type and parameter name
//       case-insensitive), a body that is a command scripting template of
//       TS 102 226 §5.2 ('AA' or 'AE'), X-Admin-Targeted-Application
//       "//aid/<RID>/<PIX>" (optional: without it the script is for the
//       security domain the session belongs to), X-Admin-Next-URI (optional:
//       without it the session ends after this script, whose result is not
//       sent).
//   204 No Content: the session ends (X-Admin-Protocol not required: public
//       servers leave it out).
//   anything else: an error, the session ends.
#include <optional>
#include <string>

#include "cardcore/scp81/http_message.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

struct AdminResponse {
  enum class Kind { Script, NoContent };
  Kind kind = Kind::NoContent;
  Bytes script;
  std::optional<Bytes> targeted_aid;
  std::optional<std::string> next_uri;
};

struct InterpretedResponse {
  AdminResponse value;
  std::string error;  // empty: ok
  bool ok() const { return error.empty(); }
};

InterpretedResponse interpret_admin_response(const HttpMessage& m);

}  // namespace cardcore::scp81
