#include "cardcore/ota/block_cipher.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <stdexcept>
#include <utility>

namespace cardcore::ota {

namespace {

// Fetched once per process (EVP_CIPHER_fetch is a provider look-up with locks);
// a fetched EVP_CIPHER may be shared between threads.
const EVP_CIPHER* fetch(const char* name) {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (c == nullptr) throw std::runtime_error(std::string("OpenSSL has no cipher ") + name);
  return c;
}

const EVP_CIPHER* evp_cipher(CipherAlgorithm algorithm, std::size_t key_len) {
  if (algorithm != CipherAlgorithm::AesCbc) {
    static const EVP_CIPHER* const tdes = fetch("DES-EDE3-ECB");
    return tdes;
  }
  static const EVP_CIPHER* const aes128 = fetch("AES-128-ECB");
  static const EVP_CIPHER* const aes192 = fetch("AES-192-ECB");
  static const EVP_CIPHER* const aes256 = fetch("AES-256-ECB");
  return key_len == 16 ? aes128 : key_len == 24 ? aes192 : aes256;
}

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

}  // namespace

bool key_length_ok(CipherAlgorithm algorithm, std::size_t n) {
  switch (algorithm) {
    case CipherAlgorithm::DesCbc: return n == 8;
    case CipherAlgorithm::TripleDes2Keys: return n == 16;
    case CipherAlgorithm::TripleDes3Keys: return n == 24;
    case CipherAlgorithm::AesCbc: return n == 16 || n == 24 || n == 32;
  }
  return false;
}

void BlockCipher::CtxDeleter::operator()(evp_cipher_ctx_st* ctx) const { EVP_CIPHER_CTX_free(ctx); }

BlockCipher::BlockCipher(CipherAlgorithm algorithm, ByteView key) : algorithm_(algorithm) {
  if (!key_length_ok(algorithm, key.size()))
    throw std::invalid_argument("key of " + std::to_string(key.size()) + " bytes does not fit the KIc/KID algorithm");
  switch (algorithm) {
    case CipherAlgorithm::DesCbc:  // K1 = K2 = K3
      for (int i = 0; i < 3; ++i) std::memcpy(key_ + 8 * i, key.data(), 8);
      key_len_ = 24;
      break;
    case CipherAlgorithm::TripleDes2Keys:  // K1 K2 K1
      std::memcpy(key_, key.data(), 16);
      std::memcpy(key_ + 16, key.data(), 8);
      key_len_ = 24;
      break;
    case CipherAlgorithm::TripleDes3Keys:
    case CipherAlgorithm::AesCbc:
      std::memcpy(key_, key.data(), key.size());
      key_len_ = key.size();
      break;
  }
}

BlockCipher::~BlockCipher() { OPENSSL_cleanse(key_, sizeof key_); }

BlockCipher::BlockCipher(BlockCipher&& o) noexcept
    : algorithm_(o.algorithm_), key_len_(o.key_len_), encrypt_(std::move(o.encrypt_)), decrypt_(std::move(o.decrypt_)) {
  std::memcpy(key_, o.key_, sizeof key_);
  OPENSSL_cleanse(o.key_, sizeof o.key_);
}

BlockCipher& BlockCipher::operator=(BlockCipher&& o) noexcept {
  if (this != &o) {
    algorithm_ = o.algorithm_;
    key_len_ = o.key_len_;
    std::memcpy(key_, o.key_, sizeof key_);
    OPENSSL_cleanse(o.key_, sizeof o.key_);
    encrypt_ = std::move(o.encrypt_);
    decrypt_ = std::move(o.decrypt_);
  }
  return *this;
}

evp_cipher_ctx_st* BlockCipher::context(bool encrypt) {
  Ctx& slot = encrypt ? encrypt_ : decrypt_;
  if (!slot) {
    Ctx ctx(EVP_CIPHER_CTX_new());
    if (!ctx) throw std::bad_alloc();
    check(EVP_CipherInit_ex2(ctx.get(), evp_cipher(algorithm_, key_len_), key_, nullptr, encrypt ? 1 : 0, nullptr),
          "cipher init");
    check(EVP_CIPHER_CTX_set_padding(ctx.get(), 0), "set padding");
    slot = std::move(ctx);
  }
  return slot.get();
}

void BlockCipher::run(evp_cipher_ctx_st* ctx, const std::uint8_t* in, std::uint8_t* out, std::size_t len) {
  if (len == 0) return;
  int out_len = 0;
  check(EVP_CipherUpdate(ctx, out, &out_len, in, static_cast<int>(len)), "cipher update");
  if (static_cast<std::size_t>(out_len) != len) throw std::runtime_error("OpenSSL returned a short block");
}

void BlockCipher::encrypt_blocks(const std::uint8_t* in, std::uint8_t* out, std::size_t count) {
  run(context(true), in, out, count * block_size());
}

// NIST SP 800-38A §6.2 with IV = 0 (TS 102 225 §5.1.2: "initial chaining value
// of zero").
void BlockCipher::cbc_encrypt(std::uint8_t* data, std::size_t len) {
  const std::size_t bs = block_size();
  if (len % bs != 0) throw std::invalid_argument("CBC input is not a whole number of blocks");
  evp_cipher_ctx_st* ctx = context(true);
  for (std::size_t off = 0; off < len; off += bs) {
    if (off != 0)
      for (std::size_t i = 0; i < bs; ++i) data[off + i] ^= data[off - bs + i];
    run(ctx, data + off, data + off, bs);
  }
}

void BlockCipher::cbc_decrypt(std::uint8_t* data, std::size_t len) {
  const std::size_t bs = block_size();
  if (len % bs != 0) throw std::invalid_argument("CBC input is not a whole number of blocks");
  if (len == 0) return;
  // All blocks through the inverse cipher at once, then P_i = D(C_i) xor C_(i-1).
  std::uint8_t stack[256];
  std::unique_ptr<std::uint8_t[]> heap;
  std::uint8_t* plain = stack;
  if (len > sizeof stack) {
    heap.reset(new std::uint8_t[len]);
    plain = heap.get();
  }
  run(context(false), data, plain, len);
  for (std::size_t off = len; off > bs;) {
    off -= bs;
    for (std::size_t i = 0; i < bs; ++i) data[off + i] = plain[off + i] ^ data[off - bs + i];
  }
  std::memcpy(data, plain, bs);
  OPENSSL_cleanse(plain, len);
}

}  // namespace cardcore::ota
