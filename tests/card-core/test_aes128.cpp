// AES-128 (FIPS-197), both implementations, against published vectors and
// against each other.
#include <gtest/gtest.h>

#include "vector_file.hpp"

#include <algorithm>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/crypto/aes128.hpp"
#include "cardcore/util/bytes.hpp"
#include "cardcore/util/wipe.hpp"


namespace cardcore {
namespace test_aes128 {

std::vector<Aes128::Path> paths() {
  std::vector<Aes128::Path> p{Aes128::Path::Portable};
  if (Aes128::aesni_supported()) p.push_back(Aes128::Path::AesNi);
  return p;
}

const char* path_name(Aes128::Path p) { return p == Aes128::Path::AesNi ? "AES-NI" : "portable"; }

std::string encrypt_hex(const std::string& key, const std::string& plain, Aes128::Path path) {
  const Bytes k = from_hex(key), p = from_hex(plain);
  Bytes out(16);
  Aes128(k.data(), path).encrypt(p.data(), out.data());
  return to_hex(out);
}

// FIPS-197 Appendix C.1 (AES-128) and the Appendix B cipher example.
TEST(Aes128, Fips197Vectors) {
  for (Aes128::Path path : paths()) {
    SCOPED_TRACE(path_name(path));
    EXPECT_EQ(encrypt_hex("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff", path),
              "69c4e0d86a7b0430d8cdb78070b4c55a");
    EXPECT_EQ(encrypt_hex("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734", path),
              "3925841d02dc09fbdc118597196a0b32");
  }
}

// The 20 Rijndael kernel sets of TS 35.208 (tests/data/milenage-ts35208.txt).
TEST(Aes128, Ts35208RijndaelSets) {
  int count = 0;
  for (const auto& b : testdata::load_vector_blocks("milenage-ts35208.txt")) {
    if (!b.count("plaintext")) continue;
    ++count;
    for (Aes128::Path path : paths()) {
      SCOPED_TRACE(b.at("set") + " via " + path_name(path));
      EXPECT_EQ(encrypt_hex(b.at("key"), b.at("plaintext"), path), b.at("ciphertext"));
    }
  }
  EXPECT_EQ(count, 20);
}

TEST(Aes128, PathsAgreeOnRandomKeysAndBlocks) {
  if (!Aes128::aesni_supported()) GTEST_SKIP() << "no AES-NI on this CPU";
  std::mt19937_64 rng(197);
  for (int round = 0; round < 500; ++round) {
    std::uint8_t key[16], in[16], a[16], b[16];
    for (auto& x : key) x = static_cast<std::uint8_t>(rng());
    for (auto& x : in) x = static_cast<std::uint8_t>(rng());
    Aes128(key, Aes128::Path::AesNi).encrypt(in, a);
    Aes128(key, Aes128::Path::Portable).encrypt(in, b);
    ASSERT_EQ(to_hex(ByteView(a, 16)), to_hex(ByteView(b, 16))) << "round " << round;
  }
}

// encrypt_blocks of n blocks (interleaved on AES-NI, up to 8 at a time) is n
// single-block encryptions, also in place.
TEST(Aes128, EncryptBlocksMatchesSingleBlocks) {
  std::mt19937_64 rng(5);
  for (Aes128::Path path : paths()) {
    SCOPED_TRACE(path_name(path));
    std::uint8_t key[16];
    for (auto& x : key) x = static_cast<std::uint8_t>(rng());
    const Aes128 aes(key, path);
    for (std::size_t n = 0; n <= 20; ++n) {
      Bytes in(16 * n);
      for (auto& x : in) x = static_cast<std::uint8_t>(rng());
      Bytes batch(16 * n), single(16 * n);
      aes.encrypt_blocks(in.data(), batch.data(), n);
      for (std::size_t i = 0; i < n; ++i) aes.encrypt(in.data() + 16 * i, single.data() + 16 * i);
      EXPECT_EQ(batch, single) << n << " blocks";
      aes.encrypt_blocks(in.data(), in.data(), n);
      EXPECT_EQ(in, single) << n << " blocks in place";
    }
  }
}

TEST(Aes128, CopiesKeepTheKey) {
  const Bytes key = from_hex("000102030405060708090a0b0c0d0e0f"), in = from_hex("00112233445566778899aabbccddeeff");
  for (Aes128::Path path : paths()) {
    SCOPED_TRACE(path_name(path));
    const Aes128 original(key.data(), path);
    const Aes128 copy = original;
    Bytes out(16);
    copy.encrypt(in.data(), out.data());
    EXPECT_EQ(to_hex(out), "69c4e0d86a7b0430d8cdb78070b4c55a");
    EXPECT_EQ(copy.path(), path);
  }
}

TEST(Aes128, ForcePortableSwitchesTheDefaultPath) {
  const Bytes key(16, 0x42);
  Aes128::force_portable(true);
  EXPECT_EQ(Aes128::default_path(), Aes128::Path::Portable);
  EXPECT_EQ(Aes128(key.data()).path(), Aes128::Path::Portable);
  Aes128::force_portable(false);
  const Aes128::Path expected = Aes128::aesni_supported() ? Aes128::Path::AesNi : Aes128::Path::Portable;
  EXPECT_EQ(Aes128::default_path(), expected);
  EXPECT_EQ(Aes128(key.data()).path(), expected);
}

TEST(Aes128, AesNiOnlyWhereSupported) {
  const Bytes key(16, 0);
  if (Aes128::aesni_supported())
    EXPECT_EQ(Aes128(key.data(), Aes128::Path::AesNi).path(), Aes128::Path::AesNi);
  else
    EXPECT_THROW(Aes128(key.data(), Aes128::Path::AesNi), std::invalid_argument);
}

}  // namespace test_aes128
}  // namespace cardcore

namespace cardcore {
namespace test_wipe {

// util/wipe.hpp, which the key holders' destructors call: every byte of the
// span is zero afterwards, and nothing around it changes.
TEST(Wipe, ZeroesEveryByteOfTheSpanOnly) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{16}, std::size_t{32}, std::size_t{176}, std::size_t{177}}) {
    std::vector<std::uint8_t> buf(n + 2, 0xA5);
    wipe(buf.data() + 1, n);
    EXPECT_EQ(buf.front(), 0xA5);
    EXPECT_EQ(buf.back(), 0xA5);
    EXPECT_EQ(std::count(buf.begin() + 1, buf.end() - 1, 0), static_cast<std::ptrdiff_t>(n)) << n;
  }
}

}  // namespace test_wipe
}  // namespace cardcore
