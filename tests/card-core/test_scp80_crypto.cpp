// The primitives under SCP80: DES / triple DES / AES with the zero-IV CBC of
// TS 102 225 §5.1.2 (single DES run as DES-EDE3 with equal keys), AES-CMAC
// (RFC 4493, SP 800-38B), the DES CBC-MAC and the CRCs of §5.1.3.
#include <gtest/gtest.h>

#include "vector_file.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>

#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/ota/integrity.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {
namespace test_scp80_crypto {

CipherAlgorithm algorithm_named(const std::string& name) {
  if (name == "des") return CipherAlgorithm::DesCbc;
  if (name == "tdes2") return CipherAlgorithm::TripleDes2Keys;
  if (name == "tdes3") return CipherAlgorithm::TripleDes3Keys;
  return CipherAlgorithm::AesCbc;
}

TEST(Scp80Crypto, PublishedBlockCipherAndCmacVectors) {
  int cmac = 0, ecb = 0, cbc = 0;
  for (const auto& b : testdata::load_vector_blocks("scp80-block-ciphers.txt")) {
    SCOPED_TRACE(b.at("SOURCE"));
    const std::string kind = b.at("KIND");
    if (kind == "cmac") {
      ++cmac;
      BlockCipher aes(CipherAlgorithm::AesCbc, from_hex(b.at("KEY")));
      const auto tag = aes_cmac(aes, from_hex(b.at("MESSAGE")));
      EXPECT_EQ(to_hex(tag), b.at("TAG"));
      continue;
    }
    BlockCipher cipher(algorithm_named(b.at("ALGORITHM")), from_hex(b.at("KEY")));
    Bytes data = from_hex(b.at("PLAIN"));
    const std::size_t bs = cipher.block_size();
    if (kind == "ecb") {
      ++ecb;
      cipher.encrypt_blocks(data.data(), data.data(), data.size() / bs);
      EXPECT_EQ(to_hex(data), b.at("CIPHER"));
    } else {
      ++cbc;
      const Bytes iv = from_hex(b.at("IV"));
      for (std::size_t i = 0; i < bs; ++i) data[i] ^= iv[i];  // CBC(IV, P) = CBC(0, P with P1 xor IV)
      cipher.cbc_encrypt(data.data(), data.size());
      EXPECT_EQ(to_hex(data), b.at("CIPHER"));
      cipher.cbc_decrypt(data.data(), data.size());
      for (std::size_t i = 0; i < bs; ++i) data[i] ^= iv[i];
      EXPECT_EQ(to_hex(data), b.at("PLAIN"));
    }
  }
  EXPECT_EQ(cmac, 8);
  EXPECT_EQ(ecb, 2);
  EXPECT_EQ(cbc, 1);
}

// RFC 4493 §4: the subkey generation example (L, K1, K2 for the AES-128 key).
TEST(Scp80Crypto, CmacSubkeyExample) {
  BlockCipher aes(CipherAlgorithm::AesCbc, from_hex("2b7e151628aed2a6abf7158809cf4f3c"));
  std::uint8_t l[16] = {};
  aes.encrypt_blocks(l, l, 1);
  EXPECT_EQ(to_hex(ByteView(l, 16)), "7df76b0c1ab899b33e42f047b91b546f");
}

TEST(Scp80Crypto, TwoKeyTripleDesIsThreeKeyWithK3EqualK1) {
  const Bytes k1k2 = from_hex("0123456789abcdef23456789abcdef01");
  Bytes k1k2k1 = k1k2;
  k1k2k1.insert(k1k2k1.end(), k1k2.begin(), k1k2.begin() + 8);
  BlockCipher two(CipherAlgorithm::TripleDes2Keys, k1k2), three(CipherAlgorithm::TripleDes3Keys, k1k2k1);
  Bytes a = from_hex("5468652071756663682062726f776e20"), b = a;
  two.cbc_encrypt(a.data(), a.size());
  three.cbc_encrypt(b.data(), b.size());
  EXPECT_EQ(a, b);
  EXPECT_NE(to_hex(a), "5468652071756663682062726f776e20");
}

TEST(Scp80Crypto, CbcRoundTripsEveryAlgorithmAndLength) {
  std::mt19937 rng(80);
  const struct {
    CipherAlgorithm a;
    std::size_t key;
  } suites[] = {{CipherAlgorithm::DesCbc, 8},         {CipherAlgorithm::TripleDes2Keys, 16},
                {CipherAlgorithm::TripleDes3Keys, 24}, {CipherAlgorithm::AesCbc, 16},
                {CipherAlgorithm::AesCbc, 24},        {CipherAlgorithm::AesCbc, 32}};
  for (const auto& s : suites) {
    Bytes key(s.key);
    for (auto& k : key) k = static_cast<std::uint8_t>(rng());
    BlockCipher c(s.a, key);
    for (std::size_t blocks = 0; blocks <= 40; ++blocks) {  // 40 AES blocks: past the 256-byte stack buffer
      Bytes plain(blocks * c.block_size());
      for (auto& p : plain) p = static_cast<std::uint8_t>(rng());
      Bytes data = plain;
      c.cbc_encrypt(data.data(), data.size());
      if (!plain.empty()) {
        EXPECT_NE(data, plain);
      }
      c.cbc_decrypt(data.data(), data.size());
      ASSERT_EQ(data, plain);
    }
    Bytes odd(c.block_size() + 1);
    EXPECT_THROW(c.cbc_encrypt(odd.data(), odd.size()), std::invalid_argument);
    EXPECT_THROW(c.cbc_decrypt(odd.data(), odd.size()), std::invalid_argument);
  }
}

TEST(Scp80Crypto, RejectsKeysOfTheWrongLength) {
  EXPECT_THROW(BlockCipher(CipherAlgorithm::DesCbc, Bytes(16)), std::invalid_argument);
  EXPECT_THROW(BlockCipher(CipherAlgorithm::TripleDes2Keys, Bytes(24)), std::invalid_argument);
  EXPECT_THROW(BlockCipher(CipherAlgorithm::TripleDes3Keys, Bytes(16)), std::invalid_argument);
  EXPECT_THROW(BlockCipher(CipherAlgorithm::AesCbc, Bytes(15)), std::invalid_argument);
  EXPECT_NO_THROW(BlockCipher(CipherAlgorithm::AesCbc, Bytes(32)));
  BlockCipher des(CipherAlgorithm::DesCbc, Bytes(8));
  EXPECT_THROW(aes_cmac(des, Bytes(3)), std::invalid_argument);
}

// ISO/IEC 9797-1 MAC algorithm 1, padding method 1: the last block of the
// zero-IV CBC encryption of the zero-padded input.
TEST(Scp80Crypto, DesCbcMacIsTheLastCbcBlockOfTheZeroPaddedInput) {
  const Bytes key = from_hex("0123456789abcdef23456789abcdef01");
  for (std::size_t len : {1u, 7u, 8u, 9u, 21u, 32u}) {
    Bytes input(len);
    for (std::size_t i = 0; i < len; ++i) input[i] = static_cast<std::uint8_t>(i * 37 + 1);
    BlockCipher mac_key(CipherAlgorithm::TripleDes2Keys, key);
    std::uint8_t cc[8];
    cryptographic_checksum(ChecksumAlgorithm::TripleDes2KeysCbcMac, mac_key, input, cc, 8);
    Bytes padded = input;
    padded.resize((len + 7) / 8 * 8, 0);
    BlockCipher cbc(CipherAlgorithm::TripleDes2Keys, key);
    cbc.cbc_encrypt(padded.data(), padded.size());
    EXPECT_EQ(to_hex(ByteView(cc, 8)), to_hex(ByteView(padded).last(8))) << len;
  }
}

TEST(Scp80Crypto, ChecksumLengths) {
  EXPECT_EQ(checksum_length(ChecksumAlgorithm::DesCbcMac, 4), 8u);
  EXPECT_EQ(checksum_length(ChecksumAlgorithm::AesCmac, 4), 4u);
  EXPECT_EQ(checksum_length(ChecksumAlgorithm::AesCmac, 8), 8u);
  EXPECT_EQ(checksum_length(ChecksumAlgorithm::AesCmac, 16), 0u);
  // A 4-byte AES CC is the leftmost 4 bytes of the CMAC (SP 800-38B §6.2).
  BlockCipher aes(CipherAlgorithm::AesCbc, from_hex("2b7e151628aed2a6abf7158809cf4f3c"));
  std::uint8_t cc[4];
  cryptographic_checksum(ChecksumAlgorithm::AesCmac, aes, from_hex("6bc1bee22e409f96e93d7e117393172a"), cc, 4);
  EXPECT_EQ(to_hex(ByteView(cc, 4)), "070a16b4");
}

TEST(Scp80Crypto, RedundancyChecks) {
  const std::string check = "123456789";
  const ByteView input(reinterpret_cast<const std::uint8_t*>(check.data()), check.size());
  EXPECT_EQ(crc16_iso13239(input), 0x906E);
  std::uint8_t out[4];
  redundancy_check(RedundancyAlgorithm::Crc16, input, out);
  EXPECT_EQ(to_hex(ByteView(out, 2)), "906e");
  redundancy_check(RedundancyAlgorithm::Crc32, input, out);
  EXPECT_EQ(to_hex(ByteView(out, 4)), "cbf43926");
}

}  // namespace test_scp80_crypto
}  // namespace cardcore::ota
