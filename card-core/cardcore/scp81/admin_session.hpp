#pragma once
// One SCP81 administration session of a security domain, card side: HTTPS
// (GP Amendment B) over TLS-PSK over a BIP TCP client channel (TS 102 223
// §6.4.27-§6.4.30, §7.5.10, §7.5.11). It speaks to the terminal only in
// proactive commands and reads only TERMINAL RESPONSEs and EVENT
// DOWNLOADs, so whoever owns the card (the eUICC's ISD-R) drives it:
//
//   AdminSession s(config, run_script);
//   queue(s.start());                          // OPEN CHANNEL
//   ... on each TERMINAL RESPONSE to one of its commands:
//   queue(s.on_terminal_response(command, tr));
//   ... on each EVENT DOWNLOAD data available / channel status:
//   queue(s.on_event(ev));
//   s.finished(), s.outcome(), s.failure()
//
// Each call returns the proactive commands to queue, in order (at most one:
// the session has at most one command in progress and waits for its
// TERMINAL RESPONSE before the next). Commands are numbered 1; the card
// renumbers them (Uicc::queue_proactive). TERMINAL RESPONSEs to commands
// of other types than the one awaited are ignored. The terminal must have
// the events data available ('09') and channel status ('0A') in its event
// list (SET UP EVENT LIST is the integrator's: the card's list has other
// events too; kEvents).
//
// The dialogue: OPEN CHANNEL (immediate link) → TLS handshake (SEND DATA
// out, RECEIVE DATA in after "data available") → POST to the
// administration URI without a body → for each 200 response: the script
// goes to the callback with the targeted AID (the session's SD when the
// response names none) and the callback's response script is posted to
// X-Admin-Next-URI (no next URI: the session ends after the script) → 204:
// close_notify, CLOSE CHANNEL, Completed. Failures (OPEN CHANNEL refused,
// TLS alert or bad record, HTTP error status or malformed response,
// server closing early, SEND/RECEIVE DATA failing, channel status "link
// dropped" or not established) end it Failed with a reason, with CLOSE
// CHANNEL whenever a channel was opened. Timeouts are the terminal's: it
// reports them as link dropped or a failed command. No retry (GP Amd B
// §3.8.3's retry policy is left to the integrator).
//
// Exceptions thrown by the callback (PowerLoss) go through; the session is
// then unusable.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/scp81/http_message.hpp"
#include "cardcore/scp81/session_config.hpp"
#include "cardcore/scp81/tls_psk_client.hpp"

namespace cardcore::scp81 {

// Runs a script of C-APDUs (TS 102 226 §5.2 command scripting template) on
// the security domain `targeted_aid`, returns the response script (posted
// with X-Admin-Script-Status "ok").
using ScriptCallback = std::function<Bytes(ByteView script, ByteView targeted_aid)>;

// The same with a script status (GP Amd B §3.4.1: "ok",
// "unknown-application", "not-a-security-domain", "security-error";
// admin_headers.hpp). The response goes with it when not empty (a script
// that did not run has none). Another status fails the session.
struct ScriptResult {
  Bytes response;
  std::string status = "ok";
};
using ScriptStatusCallback = std::function<ScriptResult(ByteView script, ByteView targeted_aid)>;

class AdminSession {
 public:
  enum class Outcome { None, Completed, Failed };
  static constexpr std::uint8_t kEvents[] = {cat::event::kDataAvailable, cat::event::kChannelStatus};
  // SEND DATA: a command of at most 256 bytes (TS 102 221 §11.2.3) holds
  // 241 bytes of channel data; RECEIVE DATA: a TERMINAL RESPONSE of at most
  // 255 bytes holds 237.
  static constexpr std::size_t kMaxSendChunk = 241;
  static constexpr std::size_t kMaxReceiveChunk = 237;

  AdminSession(SessionConfig config, ScriptCallback run_script);
  AdminSession(SessionConfig config, ScriptStatusCallback run_script);
  ~AdminSession();
  AdminSession(const AdminSession&) = delete;
  AdminSession& operator=(const AdminSession&) = delete;

  std::vector<cat::ProactiveCommand> start();
  // `command` is the proactive command as fetched (the card's D0 bytes).
  std::vector<cat::ProactiveCommand> on_terminal_response(ByteView command, const cat::TerminalResponse& tr);
  std::vector<cat::ProactiveCommand> on_event(const cat::EventDownload& ev);

  bool finished() const { return done_; }
  Outcome outcome() const { return outcome_; }
  const std::string& failure() const { return failure_; }
  std::size_t scripts_run() const { return scripts_run_; }
  std::uint8_t channel() const { return channel_; }
  // Established sessions: the negotiated TLS suite (kept once the channel
  // closed, when the TLS client is gone).
  std::string cipher() const { return tls_ ? tls_->cipher() : cipher_; }

 private:
  std::vector<cat::ProactiveCommand> next();
  void fail(std::string why);
  void complete();
  void channel_opened(const cat::TerminalResponse& tr);
  void pump_tls();
  void on_http_response();
  void post(const std::string& uri, std::optional<Bytes> body, std::optional<std::string> status);

  SessionConfig config_;
  ScriptStatusCallback run_script_;
  // Released when the channel closes: each seeded TLS client holds an
  // OpenSSL library context, of which a process has few at once.
  std::unique_ptr<TlsPskClient> tls_;
  std::string cipher_;  // tls_'s suite once released
  HttpParser parser_{HttpParser::Kind::Response};
  bool started_ = false;
  bool done_ = false;
  bool closing_ = false;     // send what is left, then CLOSE CHANNEL
  bool close_now_ = false;   // CLOSE CHANNEL without sending (link dropped)
  bool posted_ = false;      // the first POST went out
  std::optional<std::uint8_t> awaiting_;  // type of the command in progress
  std::uint8_t channel_ = 0;
  std::size_t buffer_size_ = 0;
  Bytes tx_;                   // bytes for SEND DATA
  std::size_t stored_ = 0;     // bytes stored in the terminal's Tx buffer, not yet sent
  std::size_t rx_available_ = 0;  // bytes the terminal holds for us
  Outcome outcome_ = Outcome::None;
  std::string failure_;
  std::size_t scripts_run_ = 0;
};

}  // namespace cardcore::scp81
