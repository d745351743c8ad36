#pragma once
// The card's TLS client for SCP81 (GP Amendment B: HTTP over TLS with a
// pre-shared key, no certificates), on memory BIOs: the bytes from the
// network (RECEIVE DATA) go in with feed(), the bytes for the network
// (SEND DATA) come out of take_outgoing(), application data goes in with
// write() and comes out of take_application_data().
//
// TLS 1.2 only (RFC 5246), PSK key exchange (RFC 4279) with the suites of
// kCipherSuites: TLS_PSK_WITH_AES_128_GCM_SHA256 (RFC 5487) and
// TLS_PSK_WITH_AES_128_CBC_SHA256 (RFC 5487), both in Amendment B's list;
// its 3DES and NULL suites are not offered. No session tickets, no
// renegotiation.
//
// On the wire: without a seed OpenSSL draws the client random, the CBC IVs
// and the GCM nonces from its own DRBG, so the TLS records differ from run
// to run while the application data and every outcome are the same. With
// a seed the client runs in its own OpenSSL library context whose
// randomness comes from the seed (seeded_rand.hpp): given the same server
// bytes, the same records.
#include <memory>
#include <optional>
#include <string>

#include "cardcore/scp81/openssl_ptr.hpp"
#include "cardcore/scp81/seeded_rand.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

class TlsPskClient {
 public:
  // OpenSSL cipher names of the suites above, in preference order.
  static constexpr const char* kCipherSuites = "PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256";

  enum class State { Idle, Handshaking, Established, Closed, Failed };

  // `identity`: 1..128 bytes without NUL; `key`: 1..64 bytes; `seed`: the
  // seed of the client's randomness, none for OpenSSL's own. Throws
  // std::invalid_argument on others, std::runtime_error when OpenSSL cannot
  // set up.
  TlsPskClient(Bytes identity, Bytes key, std::optional<Bytes> seed = std::nullopt);
  ~TlsPskClient();
  TlsPskClient(const TlsPskClient&) = delete;
  TlsPskClient& operator=(const TlsPskClient&) = delete;

  // Sends the ClientHello.
  void start();
  // Bytes from the server. A fatal alert or a bad record fails the client
  // (any alert it sends back is in take_outgoing()).
  void feed(ByteView bytes);
  // Application data to protect; only when Established (throws
  // std::logic_error otherwise).
  void write(ByteView data);
  // Sends close_notify; the state becomes Closed.
  void close();

  Bytes take_outgoing();
  Bytes take_application_data();
  State state() const { return state_; }
  // The server sent close_notify.
  bool peer_closed() const { return peer_closed_; }
  // Failed only: OpenSSL's reason ("tlsv1 alert decrypt error", ...).
  const std::string& error() const { return error_; }
  // Established only: the negotiated suite ("PSK-AES128-GCM-SHA256").
  std::string cipher() const;

 private:
  static unsigned int psk_callback(SSL* ssl, const char* hint, char* identity, unsigned int max_identity_len,
                                   unsigned char* psk, unsigned int max_psk_len);
  void drive();
  void read_all();
  void fail_from_queue(int ret);

  void refill() {
    if (rand_) rand_->refill();
  }

  Bytes identity_;
  Bytes key_;
  std::unique_ptr<SeededRandContext> rand_;  // outlives ctx_ and ssl_
  SslCtxPtr ctx_;
  SslPtr ssl_;
  BIO* in_ = nullptr;   // owned by ssl_
  BIO* out_ = nullptr;  // owned by ssl_
  State state_ = State::Idle;
  bool peer_closed_ = false;
  Bytes app_in_;
  std::string error_;
};

}  // namespace cardcore::scp81
