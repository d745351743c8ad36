// TLS 1.2 PSK client (RFC 5246, RFC 4279) for SCP81: the card's end.
#include "cardcore/scp81/tls_psk_client.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace cardcore::scp81 {

namespace {

// The identity and key checked before OpenSSL is set up; the seed passed on.
std::optional<Bytes> checked(const Bytes& identity, const Bytes& key, std::optional<Bytes> seed) {
  if (identity.empty() || identity.size() > 128) throw std::invalid_argument("TLS-PSK client: PSK identity of 1..128 bytes");
  if (std::find(identity.begin(), identity.end(), 0) != identity.end())
    throw std::invalid_argument("TLS-PSK client: PSK identity with a NUL byte");
  if (key.empty() || key.size() > 64) throw std::invalid_argument("TLS-PSK client: PSK of 1..64 bytes");
  return seed;
}

}  // namespace

TlsPskClient::TlsPskClient(Bytes identity, Bytes key, std::optional<Bytes> seed)
    : TlsPskEndpoint("TLS-PSK client", TLS_client_method(), checked(identity, key, std::move(seed))),
      identity_(std::move(identity)),
      key_(std::move(key)) {
  SSL_CTX_set_psk_client_callback(ctx(), &TlsPskClient::psk_callback);
  connect(false);
}

unsigned int TlsPskClient::psk_callback(SSL* ssl, const char*, char* identity, unsigned int max_identity_len,
                                        unsigned char* psk, unsigned int max_psk_len) {
  const auto* self = static_cast<const TlsPskClient*>(of(ssl));
  if (!self || self->identity_.size() + 1 > max_identity_len || self->key_.size() > max_psk_len) return 0;
  std::memcpy(identity, self->identity_.data(), self->identity_.size());
  identity[self->identity_.size()] = '\0';
  std::memcpy(psk, self->key_.data(), self->key_.size());
  return static_cast<unsigned int>(self->key_.size());
}

void TlsPskClient::start() {
  if (state() != State::Idle) throw std::logic_error("TLS-PSK client: started twice");
  begin_handshake();
}

}  // namespace cardcore::scp81
