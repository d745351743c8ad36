#include "twinmodels/network/subscriber_keys.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "cardcore/remote/key_sets.hpp"

namespace twinmodels {

namespace {
void put_be64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v);
}

std::array<std::uint8_t, 16> master_key(std::uint64_t seed) {
  std::uint8_t key[8];
  put_be64(key, seed);
  static const char kLabel[] = "esimtwin-subscriber-master";
  std::uint8_t out[32];
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key, sizeof key, reinterpret_cast<const std::uint8_t*>(kLabel), sizeof kLabel - 1, out,
            &len) ||
      len != 32) {
    throw std::runtime_error("SubscriberKeyDerivation: HMAC-SHA-256 failed");
  }
  std::array<std::uint8_t, 16> m;
  std::memcpy(m.data(), out, 16);
  OPENSSL_cleanse(out, sizeof out);
  return m;
}
}  // namespace

SubscriberKeyDerivation::SubscriberKeyDerivation(std::uint64_t seed) : master_(master_key(seed).data()) {}

SubscriberKeys SubscriberKeyDerivation::derive(std::uint64_t subscriber) const {
  std::uint8_t in[32] = {};
  put_be64(in, subscriber);
  put_be64(in + 16, subscriber);
  in[31] = 1;
  std::uint8_t out[32];
  master_.encrypt_blocks(in, out, 2);
  SubscriberKeys keys;
  std::memcpy(keys.k.data(), out, 16);
  std::memcpy(keys.opc.data(), out + 16, 16);
  return keys;
}

cardcore::Bytes SubscriberKeyDerivation::ota_key_stream(std::uint64_t subscriber, std::uint8_t record,
                                                        std::size_t length) const {
  if (length > kMaxOtaKeyStream)
    throw std::invalid_argument("SubscriberKeyDerivation: an OTA key stream of " + std::to_string(length) +
                                " bytes (at most 64)");
  const std::size_t blocks = (length + 15) / 16;
  std::uint8_t in[kMaxOtaKeyStream] = {};
  for (std::size_t b = 0; b < blocks; ++b) {
    std::uint8_t* block = in + 16 * b;
    put_be64(block, subscriber);
    block[13] = 0x02;
    block[14] = record;
    block[15] = static_cast<std::uint8_t>(b);
  }
  std::uint8_t out[kMaxOtaKeyStream];
  master_.encrypt_blocks(in, out, blocks);
  cardcore::Bytes keys(out, out + length);
  OPENSSL_cleanse(out, sizeof out);
  return keys;
}

cardcore::OtaKeyValues SubscriberKeyDerivation::ota_keys(std::uint64_t subscriber, std::uint8_t record,
                                                         std::size_t kic_length, std::size_t kid_length) const {
  const cardcore::Bytes stream = ota_key_stream(subscriber, record, kic_length + kid_length);
  const auto split = stream.begin() + static_cast<std::ptrdiff_t>(kic_length);
  return {cardcore::Bytes(stream.begin(), split), cardcore::Bytes(split, stream.end())};
}

std::vector<cardcore::OtaKeyValues> SubscriberKeyDerivation::ota_keys(std::uint64_t subscriber,
                                                                      const cardcore::ProfileTemplate& profile) const {
  std::vector<cardcore::OtaKeyValues> out;
  for (const cardcore::remote::KeySetRecord& r : cardcore::remote::factory_key_set_records(profile))
    out.push_back(ota_keys(subscriber, r.record, r.kic_length, r.kid_length));
  return out;
}

SubscriberKeys derive_subscriber_keys(std::uint64_t seed, std::uint64_t subscriber) {
  return SubscriberKeyDerivation(seed).derive(subscriber);
}

}  // namespace twinmodels
