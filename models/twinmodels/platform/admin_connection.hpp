#pragma once
// One HTTPS connection from an eUICC's admin agent to the SM-SR's admin
// server (SGP.02 §2.4.4; GP Amendment B "RAM over HTTP"): card-core's
// TLS-PSK server (cardcore/scp81/tls_psk_server.hpp) and HTTP parser
// (http_message.hpp) under the admin protocol's checks of each POST, and
// the server's answers — a script of C-APDUs, 204 No Content, or an error.
// The SM-SR decides what to answer (sm_sr_https.cpp); this class keeps the
// protocol.
//
// A POST is taken (GP Amd B §3.4.1) when it is `POST`, carries
// X-Admin-Protocol globalplatform-remote-admin/1.0 and X-Admin-From, and
// either no body (the session's first POST) or a response script with its
// Content-Type and an X-Admin-Script-Status. Anything else is answered
// "400 Bad Request" with the reason and the connection closed.
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/scp81/http_message.hpp"
#include "cardcore/scp81/tls_psk_server.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::platform {

// A POST the admin protocol accepts.
struct AdminPost {
  std::string uri;            // the request-target
  std::string agent_id;       // X-Admin-From
  std::string script_status;  // X-Admin-Script-Status; empty in the first POST
  // The R-APDUs of the last script (empty when its status is not "ok");
  // none in the session's first POST, which has no X-Admin-Script-Status.
  std::optional<cardcore::Bytes> response_script;
};

class AdminConnection {
 public:
  enum class State : std::uint8_t { Open, Closed, Failed };

  // `tls_seed`: the TLS server's randomness (reproducible records); none:
  // OpenSSL's own.
  explicit AdminConnection(cardcore::scp81::TlsPskServer::PskLookup lookup,
                           std::optional<cardcore::Bytes> tls_seed = std::nullopt);

  // Bytes from the card. A TLS failure, a malformed request or one the admin
  // protocol refuses fails the connection (error()); a refused request is
  // answered 400 first.
  void feed(cardcore::ByteView bytes);
  // The POST taken and not answered yet.
  const std::optional<AdminPost>& post() const { return post_; }

  // GP Amd B §3.4.2: 200 with a script (expanded format, TS 102 226 §5.2)
  // for `target` (empty: the session's security domain, the ISD-R) and the
  // URI of the next POST.
  void answer_script(cardcore::ByteView script, const std::string& next_uri, cardcore::ByteView target = {});
  // 204 No Content: the session ends; then close_notify.
  void answer_no_content();

  cardcore::Bytes take_outgoing() { return tls_.take_outgoing(); }
  State state() const { return state_; }
  // The PSK identity of the card (after its ClientKeyExchange).
  const std::string& identity() const { return tls_.seen_identity(); }
  bool identity_known() const { return tls_.identity_known(); }
  bool handshake_done() const { return handshake_done_; }
  // Failed: what went wrong ("TLS: ...", "HTTP: ...", "admin protocol: ...").
  const std::string& error() const { return error_; }
  // The card closed the TLS connection.
  bool peer_closed() const { return tls_.peer_closed(); }

 private:
  void take_request();
  void refuse(const std::string& why);
  void send(const std::string& http);

  cardcore::scp81::TlsPskServer tls_;
  cardcore::scp81::HttpParser parser_{cardcore::scp81::HttpParser::Kind::Request};
  std::optional<AdminPost> post_;
  State state_ = State::Open;
  bool handshake_done_ = false;
  std::string error_;
};

}  // namespace twinmodels::platform
