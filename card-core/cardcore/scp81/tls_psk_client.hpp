#pragma once
// The card's TLS client for SCP81 (GP Amendment B: HTTP over TLS with a
// pre-shared key, no certificates), on memory BIOs (tls_psk_endpoint.hpp):
// the bytes from the network (RECEIVE DATA) go in with feed(), the bytes for
// the network (SEND DATA) come out of take_outgoing().
//
// On the wire: without a seed OpenSSL draws the client random, the CBC IVs
// and the GCM nonces from its own DRBG, so the TLS records differ from run
// to run while the application data and every outcome are the same. With
// a seed the client runs in its own OpenSSL library context whose
// randomness comes from the seed (seeded_rand.hpp): given the same server
// bytes, the same records.
#include <optional>

#include "cardcore/scp81/tls_psk_endpoint.hpp"

namespace cardcore::scp81 {

class TlsPskClient : public TlsPskEndpoint {
 public:
  // `identity`: 1..128 bytes without NUL; `key`: 1..64 bytes; `seed`: the
  // seed of the client's randomness, none for OpenSSL's own. Throws
  // std::invalid_argument on others, std::runtime_error when OpenSSL cannot
  // set up.
  TlsPskClient(Bytes identity, Bytes key, std::optional<Bytes> seed = std::nullopt);

  // Sends the ClientHello (throws std::logic_error the second time).
  void start();

 private:
  static unsigned int psk_callback(SSL* ssl, const char* hint, char* identity, unsigned int max_identity_len,
                                   unsigned char* psk, unsigned int max_psk_len);

  Bytes identity_;
  Bytes key_;
};

}  // namespace cardcore::scp81
