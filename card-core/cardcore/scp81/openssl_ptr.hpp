#pragma once
// Owning pointers for the libssl objects the TLS layer holds (no leaks on
// any path, ASan-checked by the tests).
#include <memory>

#include <openssl/ssl.h>

namespace cardcore::scp81 {

struct SslCtxFree {
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
};
struct SslFree {
  void operator()(SSL* p) const { SSL_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

}  // namespace cardcore::scp81
