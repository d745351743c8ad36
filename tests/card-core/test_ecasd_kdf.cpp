// The ANSI X9.63 KDF with SHA-256 (cardcore/ecasd/x963_kdf.hpp).
//
// Known answer: NIST CAVS, SP 800-135 component test vectors for ANSI
// X9.63-2001 (ansx963_2001.zip, SHA-256, shared secret 192 bits, SharedInfo
// 128 bits, key data 1024 bits), as carried by OpenSSL's
// test/recipes/30-test_evp_data/evpkdf_x963.txt.
// Cross-check: OpenSSL's own "X963KDF" EVP_KDF, an implementation independent
// of ours, on a table of secret / SharedInfo / length combinations (counter
// rolling past one block, empty SharedInfo, one-byte output).
#include <gtest/gtest.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <stdexcept>
#include <string>

#include "cardcore/ecasd/x963_kdf.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {
namespace test_ecasd_kdf {

TEST(EcasdX963Kdf, NistCavsSha256Vector) {
  const Bytes z = from_hex("22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d");
  const Bytes info = from_hex("75eef81aa3041e33b80971203d2c0c52");
  const std::string expected =
      "c498af77161cc59f2962b9a713e2b215152d139766ce34a776df11866a69bf2e52a13d9c7c6fc878c50c5ea0bc7b00e0"
      "da2447cfd874f6cf92f30d0097111485500c90c3af8b487872d04685d14c8d1dc8d7fa08beb0ce0ababc11f0bd496269"
      "142d43525a78e5bc79a17f59676a5706dc54d54d4d1f0bd7e386128ec26afc21";
  EXPECT_EQ(to_hex(x963_kdf_sha256(z, info, 128)), expected);
  // A prefix of the key data is the shorter derivation.
  EXPECT_EQ(to_hex(x963_kdf_sha256(z, info, 16)), expected.substr(0, 32));
}

Bytes openssl_x963(ByteView z, ByteView info, std::size_t len) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "X963KDF", nullptr);
  if (kdf == nullptr) throw std::runtime_error("no X963KDF in OpenSSL");
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  EVP_KDF_free(kdf);
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(z.data()), z.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<std::uint8_t*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(len);
  const int rc = EVP_KDF_derive(ctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(ctx);
  if (rc != 1) throw std::runtime_error("EVP_KDF_derive failed");
  return out;
}

struct KdfCase {
  const char* z;
  const char* info;
  std::size_t len;
};

TEST(EcasdX963Kdf, AgreesWithOpenSslX963Kdf) {
  const KdfCase cases[] = {
      {"89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b", "", 1},
      {"89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b", "5c8810", 32},
      {"46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b", "108810000102030405060708090a0b0c0d0e0f",
       64},
      {"46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b", "10881010", 33},
      {"00", "ff", 100},
  };
  for (const KdfCase& c : cases) {
    SCOPED_TRACE(std::string(c.z) + " / " + c.info + " / " + std::to_string(c.len));
    const Bytes z = from_hex(c.z), info = from_hex(c.info);
    EXPECT_EQ(x963_kdf_sha256(z, info, c.len), openssl_x963(z, info, c.len));
  }
}

TEST(EcasdX963Kdf, EveryInputMatters) {
  const Bytes z = from_hex("22518b10e70f2a3f243810ae3254139efbee04aa57c7af7d");
  const Bytes info = from_hex("75eef81aa3041e33b80971203d2c0c52");
  const Bytes base = x963_kdf_sha256(z, info, 48);
  Bytes z2 = z;
  z2[0] ^= 0x01;
  Bytes info2 = info;
  info2.back() ^= 0x80;
  EXPECT_NE(x963_kdf_sha256(z2, info, 48), base);
  EXPECT_NE(x963_kdf_sha256(z, info2, 48), base);
  EXPECT_NE(x963_kdf_sha256(z, {}, 48), base);
}

TEST(EcasdX963Kdf, ZeroLengthOutputIsRefused) {
  EXPECT_THROW(x963_kdf_sha256(from_hex("00"), {}, 0), std::invalid_argument);
}

}  // namespace test_ecasd_kdf
}  // namespace cardcore::ecasd
