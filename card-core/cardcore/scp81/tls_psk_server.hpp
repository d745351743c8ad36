#pragma once
// The admin server's end of SCP81's TLS (GP Amendment B §2.2: HTTP over
// TLS with a pre-shared key), on memory BIOs like tls_psk_client.hpp: the
// bytes from the card (its SEND DATA) go in with feed(), the bytes for the
// card come out of take_outgoing(), application data goes in with write()
// and comes out of take_application_data().
//
// TLS 1.2 only (RFC 5246), PSK key exchange (RFC 4279), the suites of
// TlsPskClient::kCipherSuites. The key is looked up by the identity the
// client sends in its ClientKeyExchange (RFC 4279 §2): an identity the
// lookup does not know fails the handshake (unknown_psk_identity), a key
// other than the client's fails it at the Finished messages (the client
// or the server sends decrypt_error / bad_record_mac).
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cardcore/scp81/openssl_ptr.hpp"
#include "cardcore/scp81/seeded_rand.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

class TlsPskServer {
 public:
  // The PSK for an identity, or none.
  using PskLookup = std::function<std::optional<Bytes>(const std::string& identity)>;
  enum class State { Handshaking, Established, Closed, Failed };

  // `seed`: the server's randomness (seeded_rand.hpp), none for OpenSSL's
  // own. Throws std::runtime_error when OpenSSL cannot set up.
  explicit TlsPskServer(PskLookup lookup, std::optional<Bytes> seed = std::nullopt);
  ~TlsPskServer();
  TlsPskServer(const TlsPskServer&) = delete;
  TlsPskServer& operator=(const TlsPskServer&) = delete;

  // Bytes from the client. A fatal alert, a bad record or a failed
  // handshake fails the server (its alert, if any, is in take_outgoing()).
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
  // The client sent close_notify.
  bool peer_closed() const { return peer_closed_; }
  // The identity the client sent (empty before its ClientKeyExchange).
  const std::string& seen_identity() const { return seen_identity_; }
  // Whether the lookup knew that identity.
  bool identity_known() const { return identity_known_; }
  // Failed only: OpenSSL's reason ("decryption failed or bad record mac", ...).
  const std::string& error() const { return error_; }
  // Established only: the negotiated suite.
  std::string cipher() const;

 private:
  static unsigned int psk_callback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len);
  void read_all();
  void fail_from_queue(int ret);
  void refill() {
    if (rand_) rand_->refill();
  }

  PskLookup lookup_;
  std::unique_ptr<SeededRandContext> rand_;  // outlives ctx_ and ssl_
  SslCtxPtr ctx_;
  SslPtr ssl_;
  BIO* in_ = nullptr;   // owned by ssl_
  BIO* out_ = nullptr;  // owned by ssl_
  State state_ = State::Handshaking;
  bool peer_closed_ = false;
  bool identity_known_ = false;
  std::string seen_identity_;
  Bytes app_in_;
  std::string error_;
};

}  // namespace cardcore::scp81
