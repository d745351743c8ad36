// TLS 1.2 PSK client on memory BIOs (RFC 5246, RFC 4279) for SCP81.
#include "cardcore/scp81/tls_psk_client.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include <openssl/err.h>

#include "cardcore/scp81/openssl_error.hpp"

namespace cardcore::scp81 {

namespace {

[[noreturn]] void setup_failed(const char* what) {
  const std::string why = openssl_reason(ERR_get_error());
  ERR_clear_error();
  throw std::runtime_error(std::string("TLS-PSK client: ") + what + (why.empty() ? "" : ": " + why));
}

}  // namespace

TlsPskClient::TlsPskClient(Bytes identity, Bytes key, std::optional<Bytes> seed)
    : identity_(std::move(identity)), key_(std::move(key)) {
  if (identity_.empty() || identity_.size() > 128) throw std::invalid_argument("TLS-PSK client: PSK identity of 1..128 bytes");
  if (std::find(identity_.begin(), identity_.end(), 0) != identity_.end())
    throw std::invalid_argument("TLS-PSK client: PSK identity with a NUL byte");
  if (key_.empty() || key_.size() > 64) throw std::invalid_argument("TLS-PSK client: PSK of 1..64 bytes");

  if (seed) rand_ = std::make_unique<SeededRandContext>(std::move(*seed));
  ERR_clear_error();
  ctx_.reset(SSL_CTX_new_ex(rand_ ? rand_->libctx() : nullptr, nullptr, TLS_client_method()));
  if (!ctx_) setup_failed("SSL_CTX_new");
  if (!SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION) ||
      !SSL_CTX_set_max_proto_version(ctx_.get(), TLS1_2_VERSION))
    setup_failed("TLS 1.2 only");
  if (!SSL_CTX_set_cipher_list(ctx_.get(), kCipherSuites)) setup_failed("PSK cipher suites");
  SSL_CTX_set_options(ctx_.get(), SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_psk_client_callback(ctx_.get(), &TlsPskClient::psk_callback);

  ssl_.reset(SSL_new(ctx_.get()));
  if (!ssl_) setup_failed("SSL_new");
  BioPtr in(BIO_new(BIO_s_mem()));
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!in || !out) setup_failed("BIO_new");
  in_ = in.release();
  out_ = out.release();
  SSL_set_bio(ssl_.get(), in_, out_);  // ssl_ owns both from here
  SSL_set_app_data(ssl_.get(), this);
  SSL_set_connect_state(ssl_.get());
}

TlsPskClient::~TlsPskClient() = default;

unsigned int TlsPskClient::psk_callback(SSL* ssl, const char*, char* identity, unsigned int max_identity_len,
                                        unsigned char* psk, unsigned int max_psk_len) {
  const auto* self = static_cast<const TlsPskClient*>(SSL_get_app_data(ssl));
  if (!self || self->identity_.size() + 1 > max_identity_len || self->key_.size() > max_psk_len) return 0;
  std::memcpy(identity, self->identity_.data(), self->identity_.size());
  identity[self->identity_.size()] = '\0';
  std::memcpy(psk, self->key_.data(), self->key_.size());
  return static_cast<unsigned int>(self->key_.size());
}

void TlsPskClient::fail_from_queue(int ret) {
  const int e = SSL_get_error(ssl_.get(), ret);
  std::string why = openssl_reason(ERR_peek_last_error());
  ERR_clear_error();
  if (why.empty()) why = e == SSL_ERROR_SYSCALL ? "unexpected end of the TLS stream" : "TLS error " + std::to_string(e);
  state_ = State::Failed;
  error_ = std::move(why);
}

void TlsPskClient::start() {
  if (state_ != State::Idle) throw std::logic_error("TLS-PSK client: started twice");
  state_ = State::Handshaking;
  refill();
  drive();
}

void TlsPskClient::drive() {
  if (state_ == State::Handshaking) {
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl_.get());
    if (r == 1) {
      state_ = State::Established;
    } else {
      if (SSL_get_error(ssl_.get(), r) != SSL_ERROR_WANT_READ) fail_from_queue(r);
      return;
    }
  }
  if (state_ == State::Established || state_ == State::Closed) read_all();
}

void TlsPskClient::read_all() {
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

void TlsPskClient::feed(ByteView bytes) {
  if (state_ == State::Failed || state_ == State::Idle) return;
  if (!bytes.empty() && BIO_write(in_, bytes.data(), static_cast<int>(bytes.size())) != static_cast<int>(bytes.size())) {
    state_ = State::Failed;
    error_ = "memory BIO write failed";
    return;
  }
  refill();
  drive();
}

void TlsPskClient::write(ByteView data) {
  if (state_ != State::Established) throw std::logic_error("TLS-PSK client: write before the handshake or after close");
  if (data.empty()) return;
  refill();
  std::size_t n = 0;
  ERR_clear_error();
  const int r = SSL_write_ex(ssl_.get(), data.data(), data.size(), &n);
  if (r != 1 || n != data.size()) fail_from_queue(r);
}

void TlsPskClient::close() {
  if (state_ != State::Established) return;
  refill();
  ERR_clear_error();
  SSL_shutdown(ssl_.get());  // close_notify into the outgoing BIO
  ERR_clear_error();
  state_ = State::Closed;
}

Bytes TlsPskClient::take_outgoing() {
  Bytes out(BIO_ctrl_pending(out_));
  if (!out.empty()) {
    const int n = BIO_read(out_, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return out;
}

Bytes TlsPskClient::take_application_data() { return std::exchange(app_in_, {}); }

std::string TlsPskClient::cipher() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  return c ? SSL_CIPHER_get_name(c) : "";
}

}  // namespace cardcore::scp81
