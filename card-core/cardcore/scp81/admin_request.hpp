#pragma once
// The admin agent's HTTP POST (GP Amendment B §3.4.1): the first one of a
// session carries no body; each later one carries the response script of
// the last script run (TS 102 226 §5.2 expanded format) with its script
// status.
//
//   POST <uri> HTTP/1.1
//   Host: <host>
//   X-Admin-Protocol: globalplatform-remote-admin/1.0
//   X-Admin-From: <agent ID>
//   [X-Admin-Script-Status: <status>]                    after a script
//   [X-Admin-Resume: true]                               resumed session
//   [Content-Type: application/vnd.globalplatform.card-content-mgt-response;version=1.0]
//   Transfer-Encoding: chunked
//
//   <size in hex> CRLF <R-APDU script> CRLF 0 CRLF CRLF    (the first POST: 0 CRLF CRLF)
//
// Our choices: the chunked coding every time (one chunk), the header order
// above.
#include <optional>
#include <string>

#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

struct AdminRequest {
  std::string uri;   // request-target: the administration URI, then X-Admin-Next-URI
  std::string host;
  std::string agent_id;
  std::optional<Bytes> script_response;  // none in the first POST
  // §3.4.1 status of the last script ("ok", ...); sent when set, and set
  // whenever there is a script response.
  std::optional<std::string> script_status;
  bool resume = false;
};

// Throws std::invalid_argument when a field would break the header section
// (empty URI or host, a control character, a space in the URI or host), or
// on a script response without a script status.
Bytes encode(const AdminRequest& r);

}  // namespace cardcore::scp81
