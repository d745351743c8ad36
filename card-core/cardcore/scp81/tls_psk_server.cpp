// TLS 1.2 PSK server (RFC 5246, RFC 4279) for SCP81's admin server.
#include "cardcore/scp81/tls_psk_server.hpp"

#include <cstring>
#include <utility>

namespace cardcore::scp81 {

TlsPskServer::TlsPskServer(PskLookup lookup, std::optional<Bytes> seed)
    : TlsPskEndpoint("TLS-PSK server", TLS_server_method(), std::move(seed)), lookup_(std::move(lookup)) {
  SSL_CTX_set_psk_server_callback(ctx(), &TlsPskServer::psk_callback);
  connect(true);
}

unsigned int TlsPskServer::psk_callback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len) {
  auto* self = static_cast<TlsPskServer*>(of(ssl));
  self->seen_identity_ = identity ? identity : "";
  const std::optional<Bytes> key = self->lookup_ ? self->lookup_(self->seen_identity_) : std::nullopt;
  self->identity_known_ = key.has_value();
  if (!key || key->empty() || key->size() > max_psk_len) return 0;  // unknown_psk_identity
  std::memcpy(psk, key->data(), key->size());
  return static_cast<unsigned int>(key->size());
}

}  // namespace cardcore::scp81
