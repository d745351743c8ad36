#pragma once
// Test-only loopback for SCP81 (tests/card-core/test_scp81_*.cpp): a
// terminal that carries out the card's BIP proactive commands by piping the
// bytes to an in-test TLS-PSK server (OpenSSL on memory BIOs) behind which
// an in-test GP Amendment B admin server answers the card's POSTs from a
// list of prepared responses and records what it got.
//
// Every proactive command, TERMINAL RESPONSE and EVENT DOWNLOAD goes
// through card-core's encoders and decoders on the way, so only what is
// valid on the wire passes.
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/scp81/admin_session.hpp"
#include "cardcore/scp81/http_message.hpp"
#include "cardcore/scp81/tls_psk_server.hpp"
#include "card_fixture.hpp"

namespace scp81_test {

using namespace cardcore;

inline std::string text(const Bytes& b) { return std::string(b.begin(), b.end()); }

// An admin server's answer with a script (GP Amendment B), Content-Length
// framing; `extra`: more header lines.
inline std::string length_script_response(const Bytes& script, const std::string& extra) {
  return "HTTP/1.1 200 OK\r\n"
         "X-Admin-Protocol: globalplatform-remote-admin/1.0\r\n"
         "Content-Type: application/vnd.globalplatform.card-content-mgt;version=1.0\r\n" +
         extra + "Content-Length: " + std::to_string(script.size()) + "\r\n\r\n" + text(script);
}

// The end of the session.
inline const std::string kNoContent = "HTTP/1.1 204 No Content\r\nX-Admin-Protocol: globalplatform-remote-admin/1.0\r\n\r\n";

// TLS 1.2 PSK server on memory BIOs: card-core's (scp81/tls_psk_server.hpp)
// with one identity and key.
class TlsPskServer {
 public:
  TlsPskServer(std::string identity, Bytes key, std::optional<Bytes> seed = std::nullopt)
      : server_(
            [identity = std::move(identity), key = std::move(key)](const std::string& seen) -> std::optional<Bytes> {
              if (seen != identity) return std::nullopt;
              return key;
            },
            std::move(seed)) {}

  void feed(ByteView b) { server_.feed(b); }
  void write(ByteView b) {
    ASSERT_TRUE(server_.established());
    server_.write(b);
    ASSERT_FALSE(server_.failed()) << server_.error();
  }
  void close() { server_.close(); }
  Bytes take_outgoing() { return server_.take_outgoing(); }
  Bytes take_app() { return server_.take_application_data(); }
  bool established() const { return server_.state() == scp81::TlsPskServer::State::Established ||
                                    server_.state() == scp81::TlsPskServer::State::Closed; }
  bool failed() const { return server_.failed(); }
  bool peer_closed() const { return server_.peer_closed(); }
  const std::string& seen_identity() const { return server_.seen_identity(); }
  std::string cipher() const { return server_.cipher(); }

 private:
  scp81::TlsPskServer server_;
};

// The GP Amendment B admin server: answers each POST with the next
// prepared response (raw HTTP bytes), records the requests.
struct AdminServer {
  std::vector<std::string> responses;
  std::vector<scp81::HttpMessage> requests;
  std::vector<std::string> request_errors;
  bool close_after_last = false;  // close_notify right after the last response

  // Bytes of application data from the card; returns what to send back.
  std::vector<std::string> on_data(ByteView app) {
    std::vector<std::string> out;
    parser.feed(app);
    if (parser.state() == scp81::HttpParser::State::Failed) {
      request_errors.push_back(parser.error());
      return out;
    }
    if (parser.state() != scp81::HttpParser::State::Complete) return out;
    requests.push_back(parser.message());
    parser.reset();
    if (requests.size() <= responses.size()) out.push_back(responses[requests.size() - 1]);
    return out;
  }
  scp81::HttpParser parser{scp81::HttpParser::Kind::Request};
};

// The terminal: OPEN CHANNEL, SEND DATA, RECEIVE DATA, CLOSE CHANNEL on
// channel 1, with a Tx and an Rx buffer; "data available" when data comes
// into an empty Rx buffer.
class Terminal {
 public:
  Terminal(scp81::AdminSession& session, TlsPskServer& tls, AdminServer& admin)
      : session_(session), tls_(tls), admin_(admin) {}

  std::uint16_t granted_buffer = 1400;
  bool refuse_open = false;  // OPEN CHANNEL answered "BIP error"
  // Drop the link (channel status event) once the server got this many requests.
  std::optional<std::size_t> drop_link_after_requests;

  std::vector<std::uint8_t> command_types;  // in the order fetched
  std::vector<std::uint8_t> announced;      // channel data length of each data available event
  std::vector<std::uint8_t> asked;          // channel data length of each RECEIVE DATA
  Bytes card_sent;                          // every byte of every SEND DATA
  Bytes card_received;                      // every byte of every RECEIVE DATA
  std::size_t sends = 0, receives = 0, opens = 0, closes = 0;
  bool channel_open = false;
  bool link_dropped = false;

  void run(std::vector<cat::ProactiveCommand> first) {
    for (auto& c : first) pending_.push_back(std::move(c));
    for (int guard = 0; guard < 100000; ++guard) {
      if (!pending_.empty()) {
        cat::ProactiveCommand c = std::move(pending_.front());
        pending_.pop_front();
        execute(std::move(c));
        continue;
      }
      if (!events_.empty()) {
        cat::EventDownload e = events_.front();
        events_.pop_front();
        const Bytes env = cat::encode(e);
        cat::EventDownload back;
        ASSERT_EQ(cat::decode(env, back), nullptr);
        for (auto& c : session_.on_event(back)) pending_.push_back(std::move(c));
        continue;
      }
      return;
    }
    FAIL() << "terminal loop did not settle";
  }

 private:
  void execute(cat::ProactiveCommand c) {
    // Numbered as the card would, encoded, checked, decoded.
    cat::command_number(c) = next_number_;
    next_number_ = next_number_ == 0xFE ? 1 : next_number_ + 1;
    const Bytes bytes = cat::encode(c);
    const cat::Decoded<cat::ProactiveCommand> d = cat::decode_proactive_command(bytes);
    ASSERT_TRUE(d.ok()) << d.error;
    ASSERT_TRUE(d.value == c);
    cat::TerminalResponse tr;
    ASSERT_NO_FATAL_FAILURE(respond(bytes, tr));
    const Bytes tr_bytes = cat::encode(tr);
    cat::TerminalResponse back;
    ASSERT_EQ(cat::decode(tr_bytes, back), nullptr);
    for (auto& n : session_.on_terminal_response(bytes, back)) pending_.push_back(std::move(n));
  }

 public:
  // Carries out one proactive command as fetched; `tr` is the TERMINAL
  // RESPONSE. Events it causes wait in take_events().
  void respond(const Bytes& bytes, cat::TerminalResponse& tr) {
    ASSERT_LE(bytes.size(), cat::kMaxProactiveCommand);
    const cat::Decoded<cat::ProactiveCommand> d = cat::decode_proactive_command(bytes);
    ASSERT_TRUE(d.ok()) << d.error;
    const cat::Decoded<cat::CommandDetails> details = cat::check_proactive_command(bytes);
    ASSERT_TRUE(details.ok());
    command_types.push_back(details.value.type);
    tr = cat::TerminalResponse{};
    tr.details = details.value;
    if (auto* o = std::get_if<cat::OpenChannel>(&d.value)) {
      ++opens;
      EXPECT_EQ(o->transport->protocol, cat::TransportLevel::kTcpClientRemote);
      tr.bearer = o->bearer;
      if (refuse_open) {
        tr.result = cat::CommandResult{cat::result::kBipError, {0x00}};
        tr.channel_status = cat::ChannelStatus{0x00, 0x00};
        tr.buffer = o->buffer;
      } else {
        channel_open = true;
        tr.channel_status = cat::ChannelStatus{0x81, 0x00};
        tr.buffer = cat::BufferSize{std::min<std::uint16_t>(o->buffer.size, granted_buffer)};
        if (tr.buffer->size < o->buffer.size) tr.result.general = cat::result::kWithModification;
      }
    } else if (auto* s = std::get_if<cat::SendData>(&d.value)) {
      ++sends;
      EXPECT_EQ(s->channel, 1);
      if (!channel_open || link_dropped) {
        tr.result = cat::CommandResult{cat::result::kBipError, {0x07}};  // channel closed
      } else {
        tx_.insert(tx_.end(), s->data.data.begin(), s->data.data.end());
        card_sent.insert(card_sent.end(), s->data.data.begin(), s->data.data.end());
        EXPECT_LE(tx_.size(), granted_buffer);
        if (s->immediately) deliver();
        tr.channel_data_length = cat::ChannelDataLength{0xFF};  // room in the Tx buffer
      }
    } else if (auto* r = std::get_if<cat::ReceiveData>(&d.value)) {
      ++receives;
      asked.push_back(r->length.length);
      if (!channel_open || link_dropped) {
        tr.result = cat::CommandResult{cat::result::kBipError, {0x07}};
      } else {
        const std::size_t n = std::min<std::size_t>(r->length.length, rx_.size());
        EXPECT_EQ(n, r->length.length) << "the card asked for more than the terminal announced";
        tr.channel_data = cat::ChannelData{Bytes(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n))};
        card_received.insert(card_received.end(), tr.channel_data->data.begin(), tr.channel_data->data.end());
        rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(n));
        tr.channel_data_length = cat::ChannelDataLength{static_cast<std::uint8_t>(std::min<std::size_t>(rx_.size(), 0xFF))};
      }
    } else if (auto* cc = std::get_if<cat::CloseChannel>(&d.value)) {
      ++closes;
      EXPECT_EQ(cc->channel, 1);
      channel_open = false;
    } else {
      ADD_FAILURE() << "unexpected proactive command";
      return;
    }
    ASSERT_LE(cat::encode(tr).size(), 255u) << "TERMINAL RESPONSE over one APDU";
  }
  std::deque<cat::EventDownload> take_events() { return std::exchange(events_, {}); }

 private:
  // The Tx buffer goes to the server; what the server answers lands in Rx.
  void deliver() {
    tls_.feed(tx_);
    tx_.clear();
    const Bytes app = tls_.take_app();
    std::vector<std::string> answers;
    if (!app.empty()) answers = admin_.on_data(app);
    for (const std::string& a : answers)
      tls_.write(ByteView(reinterpret_cast<const std::uint8_t*>(a.data()), a.size()));
    if (!answers.empty() && admin_.close_after_last && admin_.requests.size() == admin_.responses.size()) tls_.close();
    if (drop_link_after_requests && admin_.requests.size() >= *drop_link_after_requests && !link_dropped) {
      link_dropped = true;
      (void)tls_.take_outgoing();  // lost with the link
      cat::EventDownload e;
      e.event = cat::event::kChannelStatus;
      e.channel_status = cat::ChannelStatus{0x01, 0x05};  // channel 1, link dropped
      events_.push_back(e);
      return;
    }
    const Bytes out = tls_.take_outgoing();
    if (out.empty()) return;
    const bool was_empty = rx_.empty();
    rx_.insert(rx_.end(), out.begin(), out.end());
    if (was_empty) {
      cat::EventDownload e;
      e.event = cat::event::kDataAvailable;
      e.channel_status = cat::ChannelStatus{0x81, 0x00};
      e.channel_data_length = cat::ChannelDataLength{static_cast<std::uint8_t>(std::min<std::size_t>(rx_.size(), 0xFF))};
      announced.push_back(e.channel_data_length->length);
      events_.push_back(e);
    }
  }

  scp81::AdminSession& session_;
  TlsPskServer& tls_;
  AdminServer& admin_;
  std::deque<cat::ProactiveCommand> pending_;
  std::deque<cat::EventDownload> events_;
  Bytes tx_;
  Bytes rx_;
  std::uint8_t next_number_ = 1;
};

// Runs the terminal's side of the card's admin session until `finished()`
// says it ended: FETCH and TERMINAL RESPONSE while the card has a command
// ('91 XX', TS 102 221 §7.4.2.2), the terminal's events (ENVELOPE)
// otherwise. `sw`: the status word (hex) that announced the first command;
// `send`: one C-APDU (hex) to the card, its R-APDU (hex) back.
template <class Finished, class Send>
void carry_admin_session(std::string sw, Terminal& terminal, Finished finished, Send send) {
  for (int guard = 0; guard < 2000 && !finished(); ++guard) {
    if (sw.size() == 4 && sw.substr(0, 2) == "91") {
      const std::string fetched = send("80120000" + sw.substr(2));
      ASSERT_EQ(fetched.substr(fetched.size() - 4), "9000");
      const Bytes command = cardcore::from_hex(fetched.substr(0, fetched.size() - 4));
      cardcore::cat::TerminalResponse tr;
      ASSERT_NO_FATAL_FAILURE(terminal.respond(command, tr));
      const Bytes b = cardcore::cat::encode(tr);
      sw = send("80140000" + cardcore::testing::hex8(static_cast<unsigned>(b.size())) + cardcore::testing::upper_hex(b));
      continue;
    }
    const auto events = terminal.take_events();
    ASSERT_FALSE(events.empty()) << "the session waits for nothing";
    for (const cardcore::cat::EventDownload& ev : events) {
      const Bytes b = cardcore::cat::encode(ev);
      sw = send("80C20000" + cardcore::testing::hex8(static_cast<unsigned>(b.size())) + cardcore::testing::upper_hex(b));
    }
  }
}

}  // namespace scp81_test
