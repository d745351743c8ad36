#pragma once
// OpenSSL's words for an error code, for the TLS ends' failure reasons.
#include <string>

namespace cardcore::scp81 {

// The reason string of `e` ("decryption failed or bad record mac"), empty
// for 0.
std::string openssl_reason(unsigned long e);

}  // namespace cardcore::scp81
