#include "cardcore/crypto/aes128.hpp"

#include <algorithm>
#include <atomic>
#include <new>
#include <stdexcept>

#include "cardcore/util/wipe.hpp"

// AES_encrypt is the portable path on purpose (it never dispatches to AES-NI,
// unlike EVP); OpenSSL 3 marks the low-level API deprecated but keeps it.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/aes.h>

#if defined(__x86_64__) || defined(__i386__)
#define CARDCORE_HAVE_AESNI 1
#include <emmintrin.h>
#include <wmmintrin.h>
#endif

namespace cardcore {

namespace {

std::atomic<bool> g_force_portable{false};

constexpr int kRounds = 10;  // FIPS-197 §5, Nr = 10 for a 128-bit key

static_assert(sizeof(AES_KEY) <= 256, "AES_KEY must fit the schedule storage");
static_assert(alignof(AES_KEY) <= 16, "AES_KEY alignment");

const AES_KEY* openssl_key(const std::uint8_t* storage) {
  return std::launder(reinterpret_cast<const AES_KEY*>(storage));
}

#ifdef CARDCORE_HAVE_AESNI

// FIPS-197 §5.2 KeyExpansion, one step: the previous round key and the
// AESKEYGENASSIST result (SubWord(RotWord(w)) xor Rcon in its top word).
__attribute__((target("aes,sse2"))) inline __m128i expand_step(__m128i key, __m128i assist) {
  assist = _mm_shuffle_epi32(assist, _MM_SHUFFLE(3, 3, 3, 3));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
  return _mm_xor_si128(key, assist);
}

__attribute__((target("aes,sse2"))) void aesni_expand(const std::uint8_t key[16], std::uint8_t* schedule) {
  __m128i* rk = reinterpret_cast<__m128i*>(schedule);
  __m128i k = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  _mm_store_si128(rk + 0, k);
  // Rcon values of FIPS-197 §5.2 (the immediate must be a constant).
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x01)); _mm_store_si128(rk + 1, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x02)); _mm_store_si128(rk + 2, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x04)); _mm_store_si128(rk + 3, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x08)); _mm_store_si128(rk + 4, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x10)); _mm_store_si128(rk + 5, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x20)); _mm_store_si128(rk + 6, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x40)); _mm_store_si128(rk + 7, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x80)); _mm_store_si128(rk + 8, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x1b)); _mm_store_si128(rk + 9, k);
  k = expand_step(k, _mm_aeskeygenassist_si128(k, 0x36)); _mm_store_si128(rk + 10, k);
}

// N blocks side by side, so the AESENC latencies overlap.
template <std::size_t N>
__attribute__((target("aes,sse2"))) void aesni_encrypt_n(const std::uint8_t* schedule, const std::uint8_t* in,
                                                         std::uint8_t* out) {
  // Fully unrolled so the N states stay in registers.
  const __m128i* rk = reinterpret_cast<const __m128i*>(schedule);
  __m128i b[N];
  const __m128i k0 = _mm_load_si128(rk);
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i)
    b[i] = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16 * i)), k0);
#pragma GCC unroll 10
  for (int r = 1; r < kRounds; ++r) {
    const __m128i k = _mm_load_si128(rk + r);
#pragma GCC unroll 8
    for (std::size_t i = 0; i < N; ++i) b[i] = _mm_aesenc_si128(b[i], k);
  }
  const __m128i kl = _mm_load_si128(rk + kRounds);
#pragma GCC unroll 8
  for (std::size_t i = 0; i < N; ++i)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * i), _mm_aesenclast_si128(b[i], kl));
}

void aesni_encrypt_blocks(const std::uint8_t* schedule, const std::uint8_t* in, std::uint8_t* out,
                          std::size_t count) {
  while (count > 0) {
    const std::size_t n = std::min<std::size_t>(count, 8);
    switch (n) {
      case 1: aesni_encrypt_n<1>(schedule, in, out); break;
      case 2: aesni_encrypt_n<2>(schedule, in, out); break;
      case 3: aesni_encrypt_n<3>(schedule, in, out); break;
      case 4: aesni_encrypt_n<4>(schedule, in, out); break;
      case 5: aesni_encrypt_n<5>(schedule, in, out); break;
      case 6: aesni_encrypt_n<6>(schedule, in, out); break;
      case 7: aesni_encrypt_n<7>(schedule, in, out); break;
      default: aesni_encrypt_n<8>(schedule, in, out); break;
    }
    in += 16 * n;
    out += 16 * n;
    count -= n;
  }
}

#endif  // CARDCORE_HAVE_AESNI

}  // namespace

bool Aes128::aesni_supported() {
#ifdef CARDCORE_HAVE_AESNI
  static const bool supported = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("aes") != 0;
  }();
  return supported;
#else
  return false;
#endif
}

Aes128::Path Aes128::default_path() {
  if (g_force_portable.load(std::memory_order_relaxed) || !aesni_supported()) return Path::Portable;
  return Path::AesNi;
}

void Aes128::force_portable(bool on) { g_force_portable.store(on, std::memory_order_relaxed); }

Aes128::Aes128(const std::uint8_t key[kKeyBytes]) : Aes128(key, default_path()) {}

Aes128::Aes128(const std::uint8_t key[kKeyBytes], Path path) : path_(path), schedule_{} {
  if (path_ == Path::AesNi) {
#ifdef CARDCORE_HAVE_AESNI
    if (!aesni_supported()) throw std::invalid_argument("Aes128: this CPU has no AES-NI");
    aesni_expand(key, schedule_.data());
#else
    throw std::invalid_argument("Aes128: AES-NI path not built for this architecture");
#endif
  } else {
    AES_KEY* k = new (schedule_.data()) AES_KEY;
    AES_set_encrypt_key(key, 128, k);
  }
}

Aes128::~Aes128() { wipe(schedule_.data(), schedule_.size()); }

void Aes128::encrypt(const std::uint8_t in[kBlockBytes], std::uint8_t out[kBlockBytes]) const {
#ifdef CARDCORE_HAVE_AESNI
  if (path_ == Path::AesNi) {
    aesni_encrypt_n<1>(schedule_.data(), in, out);
    return;
  }
#endif
  AES_encrypt(in, out, openssl_key(schedule_.data()));
}

void Aes128::encrypt_blocks(const std::uint8_t* in, std::uint8_t* out, std::size_t count) const {
#ifdef CARDCORE_HAVE_AESNI
  if (path_ == Path::AesNi) {
    aesni_encrypt_blocks(schedule_.data(), in, out, count);
    return;
  }
#endif
  const AES_KEY* k = openssl_key(schedule_.data());
  for (std::size_t i = 0; i < count; ++i) AES_encrypt(in + 16 * i, out + 16 * i, k);
}

}  // namespace cardcore
