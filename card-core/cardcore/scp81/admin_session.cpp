// The SCP81 session state machine: BIP (TS 102 223 §6.4.27-§6.4.30, §7.5.10,
// §7.5.11) under TLS-PSK under GP Amendment B's HTTP dialogue.
#include "cardcore/scp81/admin_session.hpp"

#include <algorithm>
#include <stdexcept>

#include "cardcore/scp81/admin_headers.hpp"
#include "cardcore/scp81/admin_request.hpp"
#include "cardcore/scp81/admin_response.hpp"

namespace cardcore::scp81 {

namespace {

// §8.12, §8.54: 'FF' = more than 255 bytes.
std::size_t length_of(const std::optional<cat::ChannelDataLength>& l) { return l ? l->length : 0; }

std::string hex2(std::uint8_t v) {
  static const char* d = "0123456789ABCDEF";
  return {d[v >> 4], d[v & 0x0F]};
}

}  // namespace

AdminSession::AdminSession(SessionConfig config, ScriptStatusCallback run_script)
    : config_(std::move(config)), run_script_(std::move(run_script)) {
  if (!run_script_) throw std::invalid_argument("AdminSession: no script callback");
}

AdminSession::AdminSession(SessionConfig config, ScriptCallback run_script)
    : AdminSession(std::move(config), run_script ? ScriptStatusCallback([f = std::move(run_script)](
                                                       ByteView script, ByteView aid) {
                                                     return ScriptResult{f(script, aid), std::string(kScriptStatusOk)};
                                                   })
                                                 : ScriptStatusCallback()) {}

AdminSession::~AdminSession() = default;

void AdminSession::fail(std::string why) {
  if (outcome_ == Outcome::None) {
    outcome_ = Outcome::Failed;
    failure_ = std::move(why);
  }
  closing_ = true;
}

void AdminSession::complete() {
  if (outcome_ == Outcome::None) outcome_ = Outcome::Completed;
  closing_ = true;
}

std::vector<cat::ProactiveCommand> AdminSession::start() {
  if (started_) throw std::logic_error("AdminSession: started twice");
  started_ = true;
  awaiting_ = cat::command::kOpenChannel;
  cat::OpenChannel open = config_.open;
  open.number = 1;
  return {open};
}

std::vector<cat::ProactiveCommand> AdminSession::next() {
  if (done_ || awaiting_ || !started_ || channel_ == 0) return {};
  if (close_now_ || (closing_ && tx_.empty())) {
    awaiting_ = cat::command::kCloseChannel;
    cat::CloseChannel c;
    c.channel = channel_;
    return {c};
  }
  if (!tx_.empty()) {
    // TS 102 223 §6.4.30: store in the Tx buffer until the last part, which
    // goes with "send immediately".
    // The stored parts and this one must fit the Tx buffer the terminal
    // granted: a full buffer goes out at once too.
    const std::size_t room = std::max<std::size_t>(buffer_size_, 1) - stored_;
    const std::size_t n = std::min({tx_.size(), kMaxSendChunk, room});
    cat::SendData s;
    s.channel = channel_;
    s.immediately = n == tx_.size() || n == room;
    stored_ = s.immediately ? 0 : stored_ + n;
    s.data.data.assign(tx_.begin(), tx_.begin() + static_cast<std::ptrdiff_t>(n));
    tx_.erase(tx_.begin(), tx_.begin() + static_cast<std::ptrdiff_t>(n));
    awaiting_ = cat::command::kSendData;
    return {s};
  }
  if (rx_available_ > 0 && !closing_) {
    cat::ReceiveData r;
    r.channel = channel_;
    r.length.length = static_cast<std::uint8_t>(std::min(rx_available_, kMaxReceiveChunk));
    awaiting_ = cat::command::kReceiveData;
    return {r};
  }
  return {};
}

void AdminSession::channel_opened(const cat::TerminalResponse& tr) {
  if (!cat::result::performed(tr.result.general)) {
    fail("OPEN CHANNEL failed: result " + hex2(tr.result.general) +
         (tr.result.additional.empty() ? "" : " " + hex2(tr.result.additional[0])));
    done_ = true;  // no channel to close
    return;
  }
  if (!tr.channel_status || tr.channel_status->channel() == 0) {
    fail("OPEN CHANNEL answered without a channel");
    done_ = true;
    return;
  }
  channel_ = tr.channel_status->channel();
  // §6.4.27: the terminal may grant a smaller buffer than asked for.
  buffer_size_ = tr.buffer ? tr.buffer->size : config_.open.buffer.size;
  if (!tr.channel_status->established()) {
    fail("OPEN CHANNEL: link not established");
    return;
  }
  tls_ = std::make_unique<TlsPskClient>(config_.psk_identity, config_.psk, config_.tls_seed);
  tls_->start();
  pump_tls();
}

void AdminSession::post(const std::string& uri, std::optional<Bytes> body, std::optional<std::string> status) {
  AdminRequest r;
  r.uri = uri;
  r.host = config_.host;
  r.agent_id = config_.agent_id;
  r.script_response = std::move(body);
  r.script_status = std::move(status);
  parser_.reset();
  tls_->write(encode(r));
}

void AdminSession::on_http_response() {
  const InterpretedResponse in = interpret_admin_response(parser_.message());
  if (!in.ok()) {
    fail("HTTP: " + in.error);
    tls_->close();
    return;
  }
  if (in.value.kind == AdminResponse::Kind::NoContent) {
    complete();
    tls_->close();
    return;
  }
  const Bytes& target = in.value.targeted_aid ? *in.value.targeted_aid : config_.sd_aid;
  ScriptResult result = run_script_(in.value.script, target);
  ++scripts_run_;
  if (!is_script_status(result.status)) {
    fail("script runner returned an unknown script status");
    tls_->close();
    return;
  }
  if (!in.value.next_uri) {
    // No next URI: the session ends; the script's result is not sent.
    complete();
    tls_->close();
    return;
  }
  std::optional<Bytes> body;
  if (!result.response.empty()) body = std::move(result.response);
  post(*in.value.next_uri, std::move(body), std::move(result.status));
}

void AdminSession::pump_tls() {
  if (!tls_) return;
  if (tls_->state() == TlsPskClient::State::Failed) {
    fail("TLS: " + tls_->error());
  } else if (tls_->state() == TlsPskClient::State::Established && !closing_) {
    if (!posted_) {
      posted_ = true;
      post(config_.uri, std::nullopt, std::nullopt);
    }
    const Bytes app = tls_->take_application_data();
    if (!app.empty() || tls_->peer_closed()) {
      if (!app.empty()) parser_.feed(app);
      if (parser_.state() == HttpParser::State::Incomplete && tls_->peer_closed()) parser_.finish();
      switch (parser_.state()) {
        case HttpParser::State::Failed:
          fail("HTTP: " + parser_.error());
          tls_->close();
          break;
        case HttpParser::State::Complete: on_http_response(); break;
        case HttpParser::State::Incomplete: break;
      }
    }
    if (!closing_ && tls_->peer_closed()) fail("server closed the TLS connection");
    if (tls_->state() == TlsPskClient::State::Failed) fail("TLS: " + tls_->error());
  }
  Bytes out = tls_->take_outgoing();
  tx_.insert(tx_.end(), out.begin(), out.end());
}

std::vector<cat::ProactiveCommand> AdminSession::on_terminal_response(ByteView command,
                                                                      const cat::TerminalResponse& tr) {
  if (done_ || !awaiting_) return {};
  const cat::Decoded<cat::CommandDetails> d = cat::check_proactive_command(command);
  if (!d.ok() || d.value.type != *awaiting_) return {};
  const std::uint8_t type = *awaiting_;
  awaiting_.reset();
  const bool ok = cat::result::performed(tr.result.general);
  switch (type) {
    case cat::command::kOpenChannel: channel_opened(tr); break;
    case cat::command::kSendData:
      if (!ok) {
        fail("SEND DATA failed: result " + hex2(tr.result.general));
        close_now_ = true;
        tx_.clear();
      }
      break;
    case cat::command::kReceiveData:
      if (!ok) {
        fail("RECEIVE DATA failed: result " + hex2(tr.result.general));
        close_now_ = true;
        break;
      }
      // §6.4.29: the channel data, and how many bytes are left.
      rx_available_ = length_of(tr.channel_data_length);
      if (tr.channel_data && !closing_ && tls_) {
        tls_->feed(tr.channel_data->data);
        pump_tls();
      }
      break;
    case cat::command::kCloseChannel:
      done_ = true;
      if (outcome_ == Outcome::None) outcome_ = Outcome::Completed;
      if (tls_) {
        cipher_ = tls_->cipher();
        tls_.reset();
      }
      return {};
    default: break;
  }
  return next();
}

std::vector<cat::ProactiveCommand> AdminSession::on_event(const cat::EventDownload& ev) {
  if (done_ || channel_ == 0 || !ev.channel_status || ev.channel_status->channel() != channel_) return {};
  if (ev.event == cat::event::kDataAvailable) {
    // §7.5.10: the bytes in the Rx buffer ('FF': more than 255).
    rx_available_ = length_of(ev.channel_data_length);
  } else if (ev.event == cat::event::kChannelStatus) {
    // §7.5.11, §8.56: the link went down ('05': link dropped).
    if (!ev.channel_status->established() || ev.channel_status->further_info == 0x05) {
      fail(ev.channel_status->further_info == 0x05 ? "channel status: link dropped" : "channel status: link down");
      close_now_ = true;
      tx_.clear();
    }
  } else {
    return {};
  }
  return next();
}

}  // namespace cardcore::scp81
