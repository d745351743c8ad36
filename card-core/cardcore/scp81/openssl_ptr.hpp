#pragma once
// Owning pointers for the libssl objects the TLS layer holds (no leaks on
// any path, ASan-checked by the tests).
#include <memory>

#include <openssl/ssl.h>

#include "cardcore/util/free_with.hpp"

namespace cardcore::scp81 {

using SslCtxPtr = std::unique_ptr<SSL_CTX, FreeWith<SSL_CTX, SSL_CTX_free>>;
using SslPtr = std::unique_ptr<SSL, FreeWith<SSL, SSL_free>>;
using BioPtr = std::unique_ptr<BIO, FreeWith<BIO, BIO_free>>;

}  // namespace cardcore::scp81
