// The SM-SR's admin server, one connection (GP Amendment B §3.4; SGP.02
// §2.4.4): TLS-PSK and HTTP from card-core's scp81/, the admin protocol's
// checks here.
#include "twinmodels/platform/admin_connection.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "cardcore/scp81/admin_headers.hpp"

namespace twinmodels::platform {

namespace {

namespace scp81 = cardcore::scp81;
using cardcore::Bytes;
using cardcore::ByteView;

bool same_text(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string common_headers() {
  return "X-Admin-Protocol: " + std::string(scp81::kAdminProtocol) + "\r\n";
}

}  // namespace

AdminConnection::AdminConnection(scp81::TlsPskServer::PskLookup lookup, std::optional<cardcore::Bytes> tls_seed)
    : tls_(std::move(lookup), std::move(tls_seed)) {}

void AdminConnection::feed(ByteView bytes) {
  if (state_ != State::Open) return;
  tls_.feed(bytes);
  if (tls_.failed()) {
    state_ = State::Failed;
    error_ = "TLS: " + tls_.error();
    return;
  }
  if (tls_.established()) handshake_done_ = true;
  const Bytes app = tls_.take_application_data();
  if (!app.empty()) {
    if (post_) {
      // GP Amd B §3.4: the agent waits for the answer before it posts again.
      refuse("a request before the answer to the last one");
      return;
    }
    parser_.feed(app);
    if (parser_.state() == scp81::HttpParser::State::Failed) {
      refuse("HTTP: " + parser_.error());
      return;
    }
    if (parser_.state() == scp81::HttpParser::State::Complete) take_request();
  }
  if (state_ == State::Open && tls_.peer_closed()) state_ = State::Closed;
}

// GP Amd B §3.4.1: the agent's POST.
void AdminConnection::take_request() {
  const scp81::HttpMessage& m = parser_.message();
  if (m.method != "POST") return refuse("method " + m.method + ", not POST");
  const std::string* protocol = m.header(scp81::header::kProtocol);
  if (!protocol) return refuse("no X-Admin-Protocol");
  if (!same_text(*protocol, scp81::kAdminProtocol)) return refuse("X-Admin-Protocol " + *protocol);
  if (m.header_count(scp81::header::kProtocol) != 1) return refuse("X-Admin-Protocol repeated");
  const std::string* from = m.header(scp81::header::kFrom);
  if (!from || from->empty()) return refuse("no X-Admin-From");
  AdminPost p;
  p.uri = m.target;
  p.agent_id = *from;
  const std::string* status = m.header(scp81::header::kScriptStatus);
  if (!m.body.empty()) {
    const std::string* type = m.header("Content-Type");
    if (!type || !same_text(*type, scp81::kResponseContentType))
      return refuse("Content-Type " + (type ? *type : std::string("missing")) + " for a response script");
    if (!status) return refuse("a response script without X-Admin-Script-Status");
    p.response_script = m.body;
  }
  if (status) {
    if (!scp81::is_script_status(*status)) return refuse("X-Admin-Script-Status " + *status);
    p.script_status = *status;
    // After a script: its R-APDUs, none when the agent could not run it.
    p.response_script = m.body;
  }
  parser_.reset();
  post_ = std::move(p);
}

void AdminConnection::send(const std::string& http) {
  tls_.write(ByteView(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()));
  post_.reset();
}

void AdminConnection::refuse(const std::string& why) {
  error_ = "admin protocol: " + why;
  state_ = State::Failed;
  post_.reset();
  if (!tls_.established()) return;
  const std::string body = why;
  send("HTTP/1.1 400 Bad Request\r\n" + common_headers() + "Content-Type: text/plain\r\nContent-Length: " +
       std::to_string(body.size()) + "\r\n\r\n" + body);
  tls_.close();
}

// GP Amd B §3.4.2: the script for the next POST's answers.
void AdminConnection::answer_script(ByteView script, const std::string& next_uri, ByteView target) {
  std::string h = "HTTP/1.1 200 OK\r\n" + common_headers() + "Content-Type: " + std::string(scp81::kScriptContentType) +
                  "\r\n";
  if (!target.empty()) h += std::string(scp81::header::kTargetedApplication) + ": " + scp81::format_aid_uri(target) + "\r\n";
  h += std::string(scp81::header::kNextUri) + ": " + next_uri + "\r\nContent-Length: " + std::to_string(script.size()) +
       "\r\n\r\n";
  h.append(script.begin(), script.end());
  send(h);
}

void AdminConnection::answer_no_content() {
  send("HTTP/1.1 204 No Content\r\n" + common_headers() + "\r\n");
  tls_.close();
  state_ = State::Closed;
}

}  // namespace twinmodels::platform
