// TLS 1.2 PSK on memory BIOs (RFC 5246, RFC 4279): what SCP81's client and
// server share.
#include "cardcore/scp81/tls_psk_endpoint.hpp"

#include <stdexcept>
#include <utility>

#include <openssl/err.h>

#include "cardcore/scp81/openssl_error.hpp"

namespace cardcore::scp81 {

void TlsPskEndpoint::setup_failed(const char* what) const {
  const std::string why = openssl_reason(ERR_get_error());
  ERR_clear_error();
  throw std::runtime_error(std::string(who_) + ": " + what + (why.empty() ? "" : ": " + why));
}

TlsPskEndpoint::TlsPskEndpoint(const char* who, const SSL_METHOD* method, std::optional<Bytes> seed) : who_(who) {
  const auto configure = [this](SSL_CTX* ctx) {
    if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) || !SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION))
      setup_failed("TLS 1.2 only");
    if (!SSL_CTX_set_cipher_list(ctx, kCipherSuites)) setup_failed("PSK cipher suites");
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
    // No session resumption (GP Amendment B sessions are short, one per
    // push): nothing one connection leaves in a shared SSL_CTX changes the
    // next one's bytes.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  };
  ERR_clear_error();
  if (seed) {
    // The seeded endpoints of a kind share the thread's SSL_CTX
    // (seeded_rand.hpp); this endpoint's stream feeds SSL_new.
    ctx_.reset(shared_ssl_ctx(method, configure));
    rand_ = std::make_unique<SeededRandContext>(std::move(*seed));
    return;
  }
  ctx_.reset(SSL_CTX_new_ex(nullptr, nullptr, method));
  if (!ctx_) setup_failed("SSL_CTX_new");
  configure(ctx_.get());
}

TlsPskEndpoint::~TlsPskEndpoint() = default;

void TlsPskEndpoint::connect(bool server) {
  ssl_.reset(SSL_new(ctx_.get()));
  if (!ssl_) setup_failed("SSL_new");
  BioPtr in(BIO_new(BIO_s_mem()));
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!in || !out) setup_failed("BIO_new");
  in_ = in.release();
  out_ = out.release();
  SSL_set_bio(ssl_.get(), in_, out_);  // ssl_ owns both from here
  SSL_set_app_data(ssl_.get(), this);
  if (server) {
    SSL_set_accept_state(ssl_.get());
    state_ = State::Handshaking;  // waits for the ClientHello
  } else {
    SSL_set_connect_state(ssl_.get());
  }
}

void TlsPskEndpoint::fail_from_queue(int ret) {
  const int e = SSL_get_error(ssl_.get(), ret);
  std::string why = openssl_reason(ERR_peek_last_error());
  ERR_clear_error();
  if (why.empty()) why = e == SSL_ERROR_SYSCALL ? "unexpected end of the TLS stream" : "TLS error " + std::to_string(e);
  state_ = State::Failed;
  error_ = std::move(why);
}

void TlsPskEndpoint::begin_handshake() {
  state_ = State::Handshaking;
  refill();
  drive();
}

void TlsPskEndpoint::drive() {
  if (state_ == State::Handshaking) {
    ERR_clear_error();
    const int r = SSL_do_handshake(ssl_.get());
    if (r != 1) {
      if (SSL_get_error(ssl_.get(), r) != SSL_ERROR_WANT_READ) fail_from_queue(r);
      return;
    }
    state_ = State::Established;
  }
  if (state_ == State::Established || state_ == State::Closed) read_all();
}

void TlsPskEndpoint::read_all() {
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

void TlsPskEndpoint::feed(ByteView bytes) {
  if (state_ == State::Failed || state_ == State::Idle) return;
  if (!bytes.empty() && BIO_write(in_, bytes.data(), static_cast<int>(bytes.size())) != static_cast<int>(bytes.size())) {
    state_ = State::Failed;
    error_ = "memory BIO write failed";
    return;
  }
  refill();
  drive();
}

void TlsPskEndpoint::write(ByteView data) {
  if (state_ != State::Established)
    throw std::logic_error(std::string(who_) + ": write before the handshake or after close");
  if (data.empty()) return;
  refill();
  std::size_t n = 0;
  ERR_clear_error();
  const int r = SSL_write_ex(ssl_.get(), data.data(), data.size(), &n);
  if (r != 1 || n != data.size()) fail_from_queue(r);
}

void TlsPskEndpoint::close() {
  if (state_ != State::Established) return;
  refill();
  ERR_clear_error();
  SSL_shutdown(ssl_.get());  // close_notify into the outgoing BIO
  ERR_clear_error();
  state_ = State::Closed;
}

Bytes TlsPskEndpoint::take_outgoing() {
  Bytes out(BIO_ctrl_pending(out_));
  if (!out.empty()) {
    const int n = BIO_read(out_, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return out;
}

Bytes TlsPskEndpoint::take_application_data() { return std::exchange(app_in_, {}); }

std::string TlsPskEndpoint::cipher() const {
  const SSL_CIPHER* c = SSL_get_current_cipher(ssl_.get());
  return c ? SSL_CIPHER_get_name(c) : "";
}

}  // namespace cardcore::scp81
