#include "cardcore/scp81/openssl_error.hpp"

#include <openssl/err.h>

namespace cardcore::scp81 {

std::string openssl_reason(unsigned long e) {
  if (e == 0) return {};
  const char* r = ERR_reason_error_string(e);
  if (r) return r;
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

}  // namespace cardcore::scp81
