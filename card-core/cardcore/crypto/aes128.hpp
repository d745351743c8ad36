#pragma once
// AES-128 block encryption under one fixed key (FIPS-197), the kernel of
// MILENAGE (TS 35.206 §3 uses Rijndael with 128-bit key and block).
//
// Two implementations of the same function:
//  - AesNi: the x86 AES instructions, compiled per function (no global -maes)
//    and chosen at run time when the CPU has them;
//  - Portable: OpenSSL's table-driven AES_encrypt, which never uses AES-NI, so
//    the two paths are independent enough to check each other.
#include <array>
#include <cstddef>
#include <cstdint>

namespace cardcore {

class Aes128 {
 public:
  enum class Path : std::uint8_t { AesNi, Portable };

  static constexpr std::size_t kBlockBytes = 16;
  static constexpr std::size_t kKeyBytes = 16;

  // Expands the key once (FIPS-197 §5.2) for default_path().
  explicit Aes128(const std::uint8_t key[kKeyBytes]);
  // Expands the key for the given path; throws std::invalid_argument when
  // AesNi is asked for on a CPU without AES instructions.
  Aes128(const std::uint8_t key[kKeyBytes], Path path);
  ~Aes128();  // wipes the key schedule
  Aes128(const Aes128&) = default;
  Aes128& operator=(const Aes128&) = default;

  // FIPS-197 §5.1 Cipher(): one 16-byte block. in and out may alias.
  void encrypt(const std::uint8_t in[kBlockBytes], std::uint8_t out[kBlockBytes]) const;
  // count independent blocks, contiguous (16 * count bytes each). The AES-NI
  // path interleaves them, so n blocks cost little more than one. in and out
  // may be the same buffer.
  void encrypt_blocks(const std::uint8_t* in, std::uint8_t* out, std::size_t count) const;

  Path path() const { return path_; }

  // CPU has AES-NI (__builtin_cpu_supports("aes")).
  static bool aesni_supported();
  // AesNi when supported and not forced off, else Portable.
  static Path default_path();
  // Makes default_path() answer Portable from now on (true) or go back to the
  // CPU's choice (false). For tests and benchmarks of the fallback; objects
  // already constructed keep their path.
  static void force_portable(bool on);

 private:
  // Room for 11 AES-NI round keys (176 bytes) or OpenSSL's AES_KEY (244 bytes).
  static constexpr std::size_t kScheduleBytes = 256;

  Path path_;
  alignas(16) std::array<std::uint8_t, kScheduleBytes> schedule_;
};

}  // namespace cardcore
