// TLS 1.2 PSK server on memory BIOs (RFC 5246, RFC 4279) for SCP81's admin
// server.
#include "cardcore/scp81/tls_psk_server.hpp"

#include <cstring>
#include <stdexcept>
#include <utility>

#include <openssl/err.h>

#include "cardcore/scp81/openssl_error.hpp"
#include "cardcore/scp81/tls_psk_client.hpp"

namespace cardcore::scp81 {

namespace {

[[noreturn]] void setup_failed(const char* what) {
  const std::string why = openssl_reason(ERR_get_error());
  ERR_clear_error();
  throw std::runtime_error(std::string("TLS-PSK server: ") + what + (why.empty() ? "" : ": " + why));
}

}  // namespace

TlsPskServer::TlsPskServer(PskLookup lookup, std::optional<Bytes> seed) : lookup_(std::move(lookup)) {
  if (seed) rand_ = std::make_unique<SeededRandContext>(std::move(*seed));
  ERR_clear_error();
  ctx_.reset(SSL_CTX_new_ex(rand_ ? rand_->libctx() : nullptr, nullptr, TLS_server_method()));
  if (!ctx_) setup_failed("SSL_CTX_new");
  if (!SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION) ||
      !SSL_CTX_set_max_proto_version(ctx_.get(), TLS1_2_VERSION))
    setup_failed("TLS 1.2 only");
  if (!SSL_CTX_set_cipher_list(ctx_.get(), TlsPskClient::kCipherSuites)) setup_failed("PSK cipher suites");
  SSL_CTX_set_psk_server_callback(ctx_.get(), &TlsPskServer::psk_callback);
  ssl_.reset(SSL_new(ctx_.get()));
  if (!ssl_) setup_failed("SSL_new");
  BIO* in = BIO_new(BIO_s_mem());
  BIO* out = BIO_new(BIO_s_mem());
  if (!in || !out) {
    BIO_free(in);
    BIO_free(out);
    setup_failed("BIO_new");
  }
  in_ = in;
  out_ = out;
  SSL_set_bio(ssl_.get(), in_, out_);
  SSL_set_app_data(ssl_.get(), this);
  SSL_set_accept_state(ssl_.get());
}

TlsPskServer::~TlsPskServer() = default;

unsigned int TlsPskServer::psk_callback(SSL* ssl, const char* identity, unsigned char* psk, unsigned int max_psk_len) {
  auto* self = static_cast<TlsPskServer*>(SSL_get_app_data(ssl));
  self->seen_identity_ = identity ? identity : "";
  const std::optional<Bytes> key = self->lookup_ ? self->lookup_(self->seen_identity_) : std::nullopt;
  self->identity_known_ = key.has_value();
  if (!key || key->empty() || key->size() > max_psk_len) return 0;  // unknown_psk_identity
  std::memcpy(psk, key->data(), key->size());
  return static_cast<unsigned int>(key->size());
}

void TlsPskServer::fail_from_queue(int ret) {
  const int e = SSL_get_error(ssl_.get(), ret);
  std::string why = openssl_reason(ERR_peek_last_error());
  ERR_clear_error();
  if (why.empty()) why = e == SSL_ERROR_SYSCALL ? "unexpected end of the TLS stream" : "TLS error " + std::to_string(e);
  state_ = State::Failed;
  error_ = std::move(why);
}

void TlsPskServer::read_all() {
  std::uint8_t buf[2048];
  for (;;) {
    std::size_t n = 0;
    ERR_clear_error();
    const int r = SSL_read_ex(ssl_.get(), buf, sizeof buf, &n);
    if (r == 1) {
      app_in_.insert(app_in_.end(), buf, buf + n);
      continue;
    }
    const int e = SSL_get_error(ssl_.get(), r);
    if (e == SSL_ERROR_WANT_READ) return;
    if (e == SSL_ERROR_ZERO_RETURN) {
      peer_closed_ = true;
      return;
    }
    fail_from_queue(r);
    return;
  }
}

void TlsPskServer::feed(ByteView bytes) {
  if (state_ == State::Failed) return;
  if (!bytes.empty() && BIO_write(in_, bytes.data(), static_cast<int>(bytes.size())) != static_cast<int>(bytes.size())) {
    state_ = State::Failed;
    error_ = "memory BIO write failed";
    return;
  }
  refill();
  if (state_ == State::Handshaking) {
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl_.get());
    if (r != 1) {
      if (SSL_get_error(ssl_.get(), r) != SSL_ERROR_WANT_READ) fail_from_queue(r);
      return;
    }
    state_ = State::Established;
  }
  read_all();
}

void TlsPskServer::write(ByteView data) {
  if (state_ != State::Established) throw std::logic_error("TLS-PSK server: write before the handshake or after close");
  if (data.empty()) return;
  refill();
  std::size_t n = 0;
  ERR_clear_error();
  const int r = SSL_write_ex(ssl_.get(), data.data(), data.size(), &n);
  if (r != 1 || n != data.size()) fail_from_queue(r);
}

void TlsPskServer::close() {
  if (state_ != State::Established) return;
  refill();
  ERR_clear_error();
  SSL_shutdown(ssl_.get());  // close_notify into the outgoing BIO
  ERR_clear_error();
  state_ = State::Closed;
}

Bytes TlsPskServer::take_outgoing() {
  Bytes out(BIO_ctrl_pending(out_));
  if (!out.empty()) {
    const int n = BIO_read(out_, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return out;
}

Bytes TlsPskServer::take_application_data() { return std::exchange(app_in_, {}); }

std::string TlsPskServer::cipher() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  return c ? SSL_CIPHER_get_name(c) : "";
}

}  // namespace cardcore::scp81
