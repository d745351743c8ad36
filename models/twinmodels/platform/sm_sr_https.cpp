// ES5 over HTTPS, the SM-SR's side (GSMA SGP.02 §2.4.4; GP Amendment B
// "RAM over HTTP"; TS 102 226 §5.2 for the scripts): the push SMS that
// makes the eUICC open its admin session, and the session — the queued
// functions' C-APDU scripts as answers to the card's POSTs, their R-APDUs
// read from the next POST as an SMS PoR's would be.
#include <stdexcept>
#include <utility>

#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/trigger.hpp"
#include "twinmodels/ota/expanded_response.hpp"
#include "twinmodels/ota/ota_error.hpp"
#include "twinmodels/platform/admin_connection.hpp"
#include "twinmodels/platform/sm_sr.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
namespace cat = cardcore::cat;
namespace scp81 = cardcore::scp81;

}  // namespace

const char* to_string(Es5Transport t) { return t == Es5Transport::Https ? "HTTPS" : "SMS"; }

std::string SmSr::psk_identity(std::string_view eid, const Scp81Key& key) {
  return "eid-" + std::string(eid) + "-isdr-" + cardcore::hex_digits(key.key_version, 2) + "-" + cardcore::hex_digits(key.key_id, 2);
}

// HTTPS when the SM-SR runs an admin server, holds a PSK for the eUICC and
// the EIS says the ISD-R has that PSK version; SMS otherwise.
bool SmSr::over_https(const Managed& m) const {
  return config_.https && m.scp81 && m.eis.isd_r_psk_version && *m.eis.isd_r_psk_version == m.scp81->key_version;
}

Es5Transport SmSr::transport(std::string_view eid) const {
  const auto it = euiccs_.find(eid);
  return it != euiccs_.end() && over_https(it->second) ? Es5Transport::Https : Es5Transport::Sms;
}

// GP Amd B §2.4, Table 3-3: the administration session triggering
// parameters as the secured data of a packet for the ISD-R's TAR (SGP.02
// §2.4.4), naming this SM-SR's admin server (§3.8.1 connection parameters:
// TS 102 223 §8.59 TCP client, §8.58 destination; §3.8.4 host, §3.8.6 URI)
// and the PSK (§3.8.2).
OutgoingSms SmSr::push(Managed& m, const std::string& eid, const std::string& msisdn, const cardcore::sms::Timestamp& scts) {
  const AdminEndpoint& e = *config_.https;
  scp81::AdminTrigger t;
  scp81::ConnectionParams c;
  c.transport = cat::TransportLevel{cat::TransportLevel::kTcpClientRemote, e.port};
  c.destination = cat::OtherAddress{false, cat::OtherAddress::kIpv4, e.ipv4};
  t.connection = c;
  const std::string identity = psk_identity(eid, *m.scp81);
  t.security = scp81::SecurityParams{Bytes(identity.begin(), identity.end()), m.scp81->key_version, m.scp81->key_id,
                                     std::nullopt};
  t.http = scp81::HttpPostParams{e.host, std::nullopt, e.uri};
  Operation& op = m.queue.front();
  ota::OtaSmsLink& l = link(m, m.isd_r.tar);
  l.set_counter(m.counter);
  std::vector<Bytes> delivers = l.build(scp81::encode(t), scts);
  m.counter = l.counter();
  ++op.attempts;
  m.in_flight = true;
  m.https_step = Managed::HttpsStep::PushSent;
  return OutgoingSms{eid, msisdn, std::move(delivers), true};
}

SmSr::Managed* SmSr::by_identity(const std::string& identity) {
  for (auto& [eid, m] : euiccs_) {
    if (m.scp81 && psk_identity(eid, *m.scp81) == identity) {
      candidates_.insert(eid);
      return &m;
    }
  }
  return nullptr;
}

std::uint32_t SmSr::https_accept(std::optional<Bytes> tls_seed) {
  const std::uint32_t id = next_connection_++;
  https_.emplace(id, std::make_unique<AdminConnection>(
                         [this](const std::string& identity) -> std::optional<Bytes> {
                           const Managed* m = by_identity(identity);
                           if (!m || !over_https(*m)) return std::nullopt;
                           return m->scp81->psk;
                         },
                         std::move(tls_seed)));
  return id;
}

bool SmSr::https_open(std::uint32_t connection) const { return https_.count(connection) != 0; }

Bytes SmSr::https_receive(std::uint32_t connection, ByteView bytes) {
  const auto it = https_.find(connection);
  if (it == https_.end()) return {};
  AdminConnection& c = *it->second;
  c.feed(bytes);
  serve(connection, c);
  Bytes out = c.take_outgoing();
  // Refused, failed, or ended by the 204: the connection is done.
  if (c.state() != AdminConnection::State::Open) https_closed(connection);
  return out;
}

// What the connection's state asks of the eUICC's function in flight.
void SmSr::serve(std::uint32_t id, AdminConnection& c) {
  Managed* m = c.identity().empty() ? nullptr : by_identity(c.identity());
  if (m && c.handshake_done()) m->https_connection = id;
  if (c.state() == AdminConnection::State::Failed) {
    https_errors_.push_back((c.identity().empty() ? std::string("(no identity)") : c.identity()) + ": " + c.error());
    if (!m || !m->in_flight || m->https_step == Managed::HttpsStep::PushSent) return;
    if (!c.handshake_done() && c.identity_known()) {
      // The card's PSK is not the SM-SR's: no retry mends that.
      Operation op = std::move(m->queue.front());
      m->queue.pop_front();
      m->in_flight = false;
      m->https_step = Managed::HttpsStep::None;
      if (!op.internal) fail(op.call, "eUICC", "Security failure", c.error());
    }
    return;  // otherwise https_closed() counts the attempt
  }
  if (!m || !c.post()) return;
  const AdminPost post = *c.post();
  using Step = Managed::HttpsStep;
  if (m->in_flight && m->https_step == Step::ScriptSent && post.response_script) {
    // GP Amd B §3.4.1: the R-APDUs of the script (TS 102 226 §5.2.2).
    if (post.script_status != scp81::kScriptStatusOk) {
      // §3.4.1: the agent could not run the script (unknown-application, ...).
      Operation op = std::move(m->queue.front());
      m->queue.pop_front();
      m->in_flight = false;
      m->https_step = Step::None;
      if (!op.internal) fail(op.call, "eUICC", "Refused", "X-Admin-Script-Status: " + post.script_status);
    } else {
      ota::PorResult por;
      por.secured = true;  // under the session's TLS
      por.additional_data = *post.response_script;
      try {
        por.response = ota::decode_expanded_response(por.additional_data);
      } catch (const ota::OtaError& e) {
        https_errors_.push_back(c.identity() + ": admin protocol: a response script that does not decode: " + e.what());
        attempt_failed(*m, "a malformed response script");
        c.answer_no_content();
        return;
      }
      complete(*m, por);
    }
    if (!m->queue.empty()) {
      // The next function in the same session: no push needed.
      m->in_flight = true;
      m->queue.front().attempts = 1;
      m->https_step = Step::AwaitSession;
    }
  }
  if (!m->in_flight && !m->queue.empty() && !post.response_script) {
    // The card took a push whose PoR was lost: the session serves the
    // function waiting to be pushed again.
    m->in_flight = true;
    m->https_step = Step::AwaitSession;
  }
  if (m->in_flight && (m->https_step == Step::PushSent || m->https_step == Step::AwaitSession)) {
    const Operation& op = m->queue.front();
    // X-Admin-Targeted-Application: the SendData's ISD-P, else the ISD-R
    // (the session's security domain).
    const bool isdp = !op.call.sd_aid.empty() && op.call.sd_aid != m->eis.isd_r_aid &&
                      (op.call.kind == FunctionCall::Kind::SendData);
    c.answer_script(op.script, config_.https->uri + "/" + std::to_string(op.attempts),
                    isdp ? ByteView(op.call.sd_aid) : ByteView());
    m->https_step = Step::ScriptSent;
    return;
  }
  c.answer_no_content();
}

void SmSr::https_refused(std::string_view eid) {
  Managed* m = managed(eid);
  if (m && m->in_flight &&
      (m->https_step == Managed::HttpsStep::PushSent || m->https_step == Managed::HttpsStep::AwaitSession))
    attempt_failed(*m, "the admin server refused the connection");
}

std::vector<std::uint32_t> SmSr::https_crash() {
  using Step = Managed::HttpsStep;
  for (auto& [eid, m] : euiccs_) {
    if (!m.https_connection) continue;
    m.https_connection.reset();
    if (m.in_flight && m.https_step != Step::PushSent) m.https_step = Step::AwaitSession;
  }
  std::vector<std::uint32_t> cut;
  for (const auto& [id, c] : https_) cut.push_back(id);
  https_.clear();
  all_candidates_ = true;
  return cut;
}

void SmSr::https_restart() {
  for (auto& [eid, m] : euiccs_) {
    if (m.in_flight && m.https_step == Managed::HttpsStep::AwaitSession && !m.https_connection) {
      candidates_.insert(eid);
      attempt_failed(m, "no session: the admin server crashed");
    }
  }
}

void SmSr::https_closed(std::uint32_t connection) {
  const auto it = https_.find(connection);
  if (it == https_.end()) return;
  const std::unique_ptr<AdminConnection> c = std::move(it->second);
  https_.erase(it);
  all_candidates_ = true;  // the eUICC of the connection may send again
  for (auto& [eid, m] : euiccs_) {
    if (m.https_connection != connection) continue;
    m.https_connection.reset();
    // The session ended before the function's R-APDUs: as a lost PoR.
    if (m.in_flight && m.https_step != Managed::HttpsStep::PushSent) {
      attempt_failed(m, c->error().empty() ? "the session ended before the R-APDUs" : c->error());
    }
  }
}

}  // namespace twinmodels::platform
