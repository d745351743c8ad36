// TS 33.102 §6.8.1.2 conversion functions and TS 55.205 GSM-MILENAGE against
// every test set of TS 55.205 (tests/data/gsm-milenage-ts55205.txt).
#include <gtest/gtest.h>

#include "vector_file.hpp"

#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/auth/gsm_conversion.hpp"
#include "cardcore/auth/milenage.hpp"
#include "cardcore/util/bytes.hpp"


namespace cardcore {
namespace test_gsm_conversion {

using Block = std::map<std::string, std::string>;

template <typename Bytes>
std::string hex(const Bytes& b) {
  return to_hex(ByteView(b.data(), b.size()));
}

TEST(GsmConversion, Ts55205AllSets) {
  const auto sets = testdata::load_vector_blocks("gsm-milenage-ts55205.txt");
  ASSERT_EQ(sets.size(), 19u);
  for (const Block& s : sets) {
    SCOPED_TRACE(s.at("set"));
    const Bytes k = from_hex(s.at("k")), rand = from_hex(s.at("rand")), opc = from_hex(s.at("opc"));
    for (Aes128::Path path : {Aes128::Path::Portable, Aes128::default_path()}) {
      const Milenage m(k.data(), opc.data(), MilenageConstants::standard(), path);
      const MilenageF2345 f = m.f2345(rand.data());
      // The conversion functions on the MILENAGE outputs.
      EXPECT_EQ(hex(c2(f.res)), s.at("sres1"));
      EXPECT_EQ(hex(c3(f.ck.data(), f.ik.data())), s.at("kc"));
      // GSM-MILENAGE with either recommended SRES derivation.
      const GsmTriplet t1 = gsm_milenage(m, rand.data());
      EXPECT_EQ(hex(t1.sres), s.at("sres1"));
      EXPECT_EQ(hex(t1.kc), s.at("kc"));
      const GsmTriplet t2 = gsm_milenage(m, rand.data(), SresDerivation::FirstWord);
      EXPECT_EQ(hex(t2.sres), s.at("sres2"));
      EXPECT_EQ(hex(t2.kc), s.at("kc"));
    }
    const GsmTriplet t = gsm_milenage(k.data(), opc.data(), rand.data());
    EXPECT_EQ(hex(t.sres), s.at("sres1"));
    EXPECT_EQ(hex(t.kc), s.at("kc"));
  }
}

// The data file says set N of TS 55.205 has the K/RAND/OPc of TS 35.208 set 1
// (N = 1) or N+1; SRES#2 is then the first word of that set's f2.
TEST(GsmConversion, Ts55205SetsMatchTs35208Inputs) {
  const auto gsm = testdata::load_vector_blocks("gsm-milenage-ts55205.txt");
  std::map<std::string, Block> umts;
  for (auto& b : testdata::load_vector_blocks("milenage-ts35208.txt"))
    if (b.count("k")) umts[b.at("set")] = b;
  for (std::size_t n = 1; n <= gsm.size(); ++n) {
    const Block& g = gsm[n - 1];
    const Block& u = umts.at("ts35208-" + std::to_string(n == 1 ? 1 : n + 1));
    SCOPED_TRACE(g.at("set") + " / " + u.at("set"));
    EXPECT_EQ(g.at("k"), u.at("k"));
    EXPECT_EQ(g.at("rand"), u.at("rand"));
    EXPECT_EQ(g.at("opc"), u.at("opc"));
    EXPECT_EQ(g.at("sres2"), u.at("f2").substr(0, 8));
  }
}

TEST(GsmConversion, C2FoldsZeroPaddedWords) {
  // 32-bit RES: SRES = RES.
  EXPECT_EQ(hex(c2(from_hex("a1b2c3d4"))), "a1b2c3d4");
  // 64-bit RES: the two words xored (= SRES derivation #1 of TS 55.205).
  EXPECT_EQ(hex(c2(from_hex("a54211d5e3ba50bf"))), "46f8416a");
  // 40-bit RES: the fifth byte meets zero padding.
  EXPECT_EQ(hex(c2(from_hex("0102030410"))), "11020304");
  // 128-bit RES: four words.
  EXPECT_EQ(hex(c2(from_hex("00000001000000020000000400000008"))), "0000000f");
  // Every length from 4 to 16 bytes equals the xor of the padded words.
  std::mt19937 rng(6812);
  for (std::size_t len = 4; len <= 16; ++len) {
    Bytes res(len);
    for (auto& b : res) b = static_cast<std::uint8_t>(rng());
    Bytes padded = res;
    padded.resize(16, 0);
    std::array<std::uint8_t, 4> expect{};
    for (std::size_t i = 0; i < 16; ++i) expect[i % 4] ^= padded[i];
    EXPECT_EQ(c2(res), expect) << len << " bytes";
  }
  EXPECT_THROW(c2(from_hex("010203")), std::invalid_argument);
  EXPECT_THROW(c2(Bytes(17, 0)), std::invalid_argument);
}

TEST(GsmConversion, C4C5Layout) {
  const Bytes kc = from_hex("0123456789abcdef");
  EXPECT_EQ(hex(c4(kc.data())), "0123456789abcdef0123456789abcdef");
  // Kc1 xor Kc2 = 01234567 xor 89abcdef = 88888888.
  EXPECT_EQ(hex(c5(kc.data())), "888888880123456789abcdef88888888");
}

// From the definitions: c3(c4(Kc), c5(Kc)) = Kc, since the halves of c4(Kc)
// cancel and those of c5(Kc) xor to Kc1 || Kc2.
TEST(GsmConversion, C3InvertsC4C5) {
  std::mt19937_64 rng(33102);
  for (int round = 0; round < 1000; ++round) {
    std::uint8_t kc[8];
    for (auto& b : kc) b = static_cast<std::uint8_t>(rng());
    const Block128 ck = c4(kc), ik = c5(kc);
    const GsmKc back = c3(ck.data(), ik.data());
    ASSERT_EQ(hex(back), to_hex(ByteView(kc, 8)));
    const Block128 zero{};
    ASSERT_EQ(hex(c3(ck.data(), zero.data())), "0000000000000000");
    ASSERT_EQ(hex(c3(zero.data(), ik.data())), to_hex(ByteView(kc, 8)));
  }
}

}  // namespace test_gsm_conversion
}  // namespace cardcore
