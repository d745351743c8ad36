#include "twinmodels/network/subscriber_keys.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <stdexcept>

namespace twinmodels {

namespace {
void put_be64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}
}  // namespace

SubscriberKeys derive_subscriber_keys(std::uint64_t seed, std::uint64_t subscriber) {
  std::uint8_t key[8];
  put_be64(key, seed);
  static const char kLabel[] = "esimtwin-subscriber";
  std::uint8_t msg[sizeof kLabel - 1 + 8];
  std::memcpy(msg, kLabel, sizeof kLabel - 1);
  put_be64(msg + sizeof kLabel - 1, subscriber);
  std::uint8_t out[32];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key, sizeof key, msg, sizeof msg, out, &len) || len != 32) {
    throw std::runtime_error("derive_subscriber_keys: HMAC-SHA-256 failed");
  }
  SubscriberKeys keys;
  std::memcpy(keys.k.data(), out, 16);
  std::memcpy(keys.opc.data(), out + 16, 16);
  return keys;
}

}  // namespace twinmodels
