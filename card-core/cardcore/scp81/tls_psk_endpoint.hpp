#pragma once
// What SCP81's two TLS ends share (GP Amendment B §2.2; RFC 5246 TLS 1.2,
// RFC 4279 PSK): one OpenSSL connection on memory BIOs — bytes from the
// peer go in with feed(), bytes for the peer come out of take_outgoing(),
// application data goes in with write() and comes out of
// take_application_data() — TLS 1.2 only with the PSK suites of
// kCipherSuites, no session tickets, no renegotiation. The card's client
// (tls_psk_client.hpp) and the admin server (tls_psk_server.hpp) add their
// side's PSK callback and start.
#include <memory>
#include <optional>
#include <string>

#include "cardcore/scp81/openssl_ptr.hpp"
#include "cardcore/scp81/seeded_rand.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

class TlsPskEndpoint {
 public:
  // OpenSSL cipher names, in preference order: TLS_PSK_WITH_AES_128_GCM_SHA256
  // and TLS_PSK_WITH_AES_128_CBC_SHA256 (RFC 5487), both in Amendment B's
  // list; its 3DES and NULL suites are not offered.
  static constexpr const char* kCipherSuites = "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256";

  enum class State { Idle, Handshaking, Established, Closed, Failed };

  TlsPskEndpoint(const TlsPskEndpoint&) = delete;
  TlsPskEndpoint& operator=(const TlsPskEndpoint&) = delete;

  // Bytes from the peer. A fatal alert, a bad record or a failed handshake
  // fails the endpoint (its alert, if any, is in take_outgoing()).
  void feed(ByteView bytes);
  // Application data to protect; only when Established (throws
  // std::logic_error otherwise).
  void write(ByteView data);
  // Sends close_notify; the state becomes Closed.
  void close();

  Bytes take_outgoing();
  Bytes take_application_data();
  State state() const { return state_; }
  bool established() const { return state_ == State::Established; }
  bool failed() const { return state_ == State::Failed; }
  // The peer sent close_notify.
  bool peer_closed() const { return peer_closed_; }
  // Failed only: OpenSSL's reason ("decryption failed or bad record mac", ...).
  const std::string& error() const { return error_; }
  // Established only: the negotiated suite ("PSK-AES128-GCM-SHA256").
  std::string cipher() const;

 protected:
  // `who` ("TLS-PSK client") starts the messages; `seed`: the endpoint's
  // randomness (seeded_rand.hpp), none for OpenSSL's own. Throws
  // std::runtime_error when OpenSSL cannot set up.
  TlsPskEndpoint(const char* who, const SSL_METHOD* method, std::optional<Bytes> seed);
  ~TlsPskEndpoint();
  // The connection, after the derived class set its callback on ctx(): a
  // server waits in Handshaking for the ClientHello, a client in Idle.
  void connect(bool server);
  SSL_CTX* ctx() { return ctx_.get(); }
  // A client's ClientHello.
  void begin_handshake();
  // The handshake, then the application data, as far as the bytes go.
  void drive();
  // The endpoint of `ssl` (the callbacks' way back).
  static TlsPskEndpoint* of(SSL* ssl) { return static_cast<TlsPskEndpoint*>(SSL_get_app_data(ssl)); }

 private:
  [[noreturn]] void setup_failed(const char* what) const;
  void read_all();
  void fail_from_queue(int ret);
  void refill() {
    if (rand_) rand_->refill();
  }

  const char* who_;
  SslCtxPtr ctx_;                             // shared by the seeded endpoints of a kind
  std::unique_ptr<SeededRandContext> rand_;  // this endpoint's stream
  SslPtr ssl_;
  BIO* in_ = nullptr;   // owned by ssl_
  BIO* out_ = nullptr;  // owned by ssl_
  State state_ = State::Idle;
  bool peer_closed_ = false;
  Bytes app_in_;
  std::string error_;
};

}  // namespace cardcore::scp81
