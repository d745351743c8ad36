#pragma once
// The admin server's end of SCP81's TLS (GP Amendment B §2.2: HTTP over
// TLS with a pre-shared key), on memory BIOs (tls_psk_endpoint.hpp): the
// bytes from the card (its SEND DATA) go in with feed(), the bytes for the
// card come out of take_outgoing().
//
// The key is looked up by the identity the client sends in its
// ClientKeyExchange (RFC 4279 §2): an identity the lookup does not know
// fails the handshake (unknown_psk_identity), a key other than the
// client's fails it at the Finished messages (the client or the server
// sends decrypt_error / bad_record_mac).
#include <functional>
#include <optional>
#include <string>

#include "cardcore/scp81/tls_psk_endpoint.hpp"

namespace cardcore::scp81 {

class TlsPskServer : public TlsPskEndpoint {
 public:
  // The PSK for an identity, or none.
  using PskLookup = std::function<std::optional<Bytes>(const std::string& identity)>;

  // `seed`: the server's randomness (seeded_rand.hpp), none for OpenSSL's
  // own. Throws std::runtime_error when OpenSSL cannot set up. It waits
  // (Handshaking) for the ClientHello.
  explicit TlsPskServer(PskLookup lookup, std::optional<Bytes> seed = std::nullopt);

  // The identity the client sent (empty before its ClientKeyExchange).
  const std::string& seen_identity() const { return seen_identity_; }
  // Whether the lookup knew that identity.
  bool identity_known() const { return identity_known_; }

 private:
  static unsigned int psk_callback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len);

  PskLookup lookup_;
  bool identity_known_ = false;
  std::string seen_identity_;
};

}  // namespace cardcore::scp81
