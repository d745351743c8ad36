#pragma once
// The block ciphers of ETSI TS 102 225 §5.1.2 with the zero initial chaining
// value the secured packets use: DES, triple DES (two or three keys, outer
// CBC) and AES, through OpenSSL EVP.
//
// Single DES is run as DES-EDE3 with K1 = K2 = K3 (E_K(D_K(E_K(x))) = E_K(x)):
// OpenSSL 3 moved DES-ECB/CBC to its "legacy" provider, which a distribution
// may not ship or a configuration may not load, while DES-EDE3 stays in the
// default provider. Two-key triple DES is DES-EDE3 with K3 = K1. The FIPS 81
// test vector in test_scp80_crypto.cpp checks single DES this way.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/util/bytes.hpp"

struct evp_cipher_ctx_st;

namespace cardcore::ota {

// True when key_bytes is a key of the algorithm: 8 for DES, 16 for two-key and
// 24 for three-key triple DES, 16, 24 or 32 for AES.
bool key_length_ok(CipherAlgorithm algorithm, std::size_t key_bytes);

// One key of one algorithm. The EVP contexts are set up with the key once, on
// first use in each direction, and reused for every later call on the object;
// an object is therefore not for concurrent use, but is cheap to make per
// packet.
class BlockCipher {
 public:
  // Throws std::invalid_argument when !key_length_ok(algorithm, key.size()).
  BlockCipher(CipherAlgorithm algorithm, ByteView key);
  ~BlockCipher();  // wipes the key
  BlockCipher(BlockCipher&&) noexcept;
  BlockCipher& operator=(BlockCipher&&) noexcept;
  BlockCipher(const BlockCipher&) = delete;
  BlockCipher& operator=(const BlockCipher&) = delete;

  CipherAlgorithm algorithm() const { return algorithm_; }
  std::size_t block_size() const { return algorithm_ == CipherAlgorithm::AesCbc ? 16 : 8; }

  // The block function on `count` independent blocks (ECB); in and out may be
  // the same buffer.
  void encrypt_blocks(const std::uint8_t* in, std::uint8_t* out, std::size_t count);

  // CBC with a zero IV, in place; len must be a multiple of block_size()
  // (throws std::invalid_argument otherwise).
  void cbc_encrypt(std::uint8_t* data, std::size_t len);
  void cbc_decrypt(std::uint8_t* data, std::size_t len);

 private:
  struct CtxDeleter {
    void operator()(evp_cipher_ctx_st* ctx) const;
  };
  using Ctx = std::unique_ptr<evp_cipher_ctx_st, CtxDeleter>;
  evp_cipher_ctx_st* context(bool encrypt);
  void run(evp_cipher_ctx_st* ctx, const std::uint8_t* in, std::uint8_t* out, std::size_t len);

  CipherAlgorithm algorithm_;
  std::uint8_t key_[32] = {};  // DES keys expanded to the 24 bytes of DES-EDE3
  std::size_t key_len_ = 0;
  Ctx encrypt_;
  Ctx decrypt_;
};

}  // namespace cardcore::ota
