// MILENAGE (TS 35.206) against every test set of TS 35.208
// (tests/data/milenage-ts35208.txt), on both AES paths.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/auth/milenage.hpp"
#include "cardcore/util/bytes.hpp"
#include "vector_file.hpp"


namespace cardcore {
namespace test_milenage {

using testdata::load_vector_blocks;
using Block = std::map<std::string, std::string>;

std::vector<Block> milenage_sets() {
  std::vector<Block> sets;
  for (auto& b : load_vector_blocks("milenage-ts35208.txt"))
    if (b.count("k")) sets.push_back(std::move(b));
  return sets;
}

std::vector<Aes128::Path> paths() {
  std::vector<Aes128::Path> p{Aes128::Path::Portable};
  if (Aes128::aesni_supported()) p.push_back(Aes128::Path::AesNi);
  return p;
}

const char* path_name(Aes128::Path p) { return p == Aes128::Path::AesNi ? "AES-NI" : "portable"; }

template <typename Bytes>
std::string hex(const Bytes& b) {
  return to_hex(ByteView(b.data(), b.size()));
}

TEST(Milenage, Ts35208AllSetsBothAesPaths) {
  const std::vector<Block> sets = milenage_sets();
  ASSERT_EQ(sets.size(), 20u);
  for (const Block& s : sets) {
    const Bytes k = from_hex(s.at("k")), rand = from_hex(s.at("rand")), sqn = from_hex(s.at("sqn")),
                amf = from_hex(s.at("amf")), op = from_hex(s.at("op"));
    for (Aes128::Path path : paths()) {
      SCOPED_TRACE(s.at("set") + " via " + path_name(path));
      const Block128 opc = Milenage::opc_from_op(k.data(), op.data(), path);
      EXPECT_EQ(hex(opc), s.at("opc"));

      const Milenage m(k.data(), opc.data(), MilenageConstants::standard(), path);
      ASSERT_EQ(m.aes_path(), path);
      const MilenageF1 f1 = m.f1(rand.data(), sqn.data(), amf.data());
      EXPECT_EQ(hex(f1.mac_a), s.at("f1"));
      EXPECT_EQ(hex(f1.mac_s), s.at("f1star"));
      const MilenageF2345 f = m.f2345(rand.data());
      EXPECT_EQ(hex(f.res), s.at("f2"));
      EXPECT_EQ(hex(f.ck), s.at("f3"));
      EXPECT_EQ(hex(f.ik), s.at("f4"));
      EXPECT_EQ(hex(f.ak), s.at("f5"));
      EXPECT_EQ(hex(m.f5star(rand.data())), s.at("f5star"));
      const MilenageResync rs = m.f1star_f5star(rand.data(), sqn.data(), amf.data());
      EXPECT_EQ(hex(rs.mac_s), s.at("f1star"));
      EXPECT_EQ(hex(rs.ak_star), s.at("f5star"));

      // Network side: one vector; AUTN = SQN xor AK || AMF || MAC-A.
      const MilenageVector v = m.generate(rand.data(), sqn.data(), amf.data());
      EXPECT_EQ(hex(v.mac_a), s.at("f1"));
      EXPECT_EQ(hex(v.mac_s), s.at("f1star"));
      EXPECT_EQ(hex(v.res), s.at("f2"));
      EXPECT_EQ(hex(v.ck), s.at("f3"));
      EXPECT_EQ(hex(v.ik), s.at("f4"));
      EXPECT_EQ(hex(v.ak), s.at("f5"));
      Bytes autn(6);
      for (std::size_t i = 0; i < 6; ++i) autn[i] = static_cast<std::uint8_t>(sqn[i] ^ v.ak[i]);
      autn.insert(autn.end(), amf.begin(), amf.end());
      const Bytes mac = from_hex(s.at("f1"));
      autn.insert(autn.end(), mac.begin(), mac.end());
      EXPECT_EQ(hex(v.autn), to_hex(autn));

      // Card side: the same challenge authenticates and yields the same keys.
      const MilenageAuth a = m.authenticate(rand.data(), v.autn.data());
      EXPECT_TRUE(a.mac_ok);
      EXPECT_EQ(hex(a.sqn), s.at("sqn"));
      EXPECT_EQ(hex(a.amf), s.at("amf"));
      EXPECT_EQ(hex(a.xmac), s.at("f1"));
      EXPECT_EQ(hex(a.res), s.at("f2"));
      EXPECT_EQ(hex(a.ck), s.at("f3"));
      EXPECT_EQ(hex(a.ik), s.at("f4"));
      EXPECT_EQ(hex(a.ak), s.at("f5"));

      const Milenage from_op = Milenage::from_op(k.data(), op.data(), MilenageConstants::standard(), path);
      EXPECT_EQ(hex(from_op.opc()), s.at("opc"));
      EXPECT_EQ(hex(from_op.f2345(rand.data()).res), s.at("f2"));
    }
  }
}

TEST(Milenage, AuthenticateFlagsAnyMacBitError) {
  const Block s = milenage_sets().front();
  const Bytes k = from_hex(s.at("k")), opc = from_hex(s.at("opc")), rand = from_hex(s.at("rand")),
              sqn = from_hex(s.at("sqn")), amf = from_hex(s.at("amf"));
  const Milenage m(k.data(), opc.data());
  const Block128 autn = m.generate(rand.data(), sqn.data(), amf.data()).autn;
  for (int bit = 0; bit < 64; ++bit) {
    Block128 bad = autn;
    bad[8 + bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    EXPECT_FALSE(m.authenticate(rand.data(), bad.data()).mac_ok) << "MAC bit " << bit;
  }
  // A changed SQN or AMF changes XMAC too.
  Block128 bad_sqn = autn;
  bad_sqn[5] ^= 0x01;
  EXPECT_FALSE(m.authenticate(rand.data(), bad_sqn.data()).mac_ok);
  Block128 bad_amf = autn;
  bad_amf[6] ^= 0x80;
  EXPECT_FALSE(m.authenticate(rand.data(), bad_amf.data()).mac_ok);
}

// Operator-chosen constants with rotations that are not byte multiples.
// Expected values: the "all constants (R and C) customized" case of the
// MILENAGE tests of the open-source Java library threegpp.milenage
// (MilenageTestData.java, GitHub yknaveentel/milenage) on TS 35.208 set 1
// inputs; not 3GPP data, an independent implementation's result.
TEST(Milenage, OperatorChosenConstants) {
  const Bytes k = from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"), rand = from_hex("23553cbe9637a89d218ae64dae47bf35"),
              op = from_hex("cdc202d5123e20f62b6d676ac72cb318"), sqn = from_hex("ff9bb4d0b607"), amf = from_hex("b9b9");
  MilenageConstants c;
  const char* cs[5] = {"465b5ce8b199b49faa5f0a2ee238a6bc", "407f3970f1e68def5bb987c1b981217d",
                       "4e82c626bf644bc9e4ddcc085d5ced75", "00d75b6abfb310a35b6edcab063231de",
                       "2b10460594a356a6cfcd8a0dc9ffbbd3"};
  for (int i = 0; i < 5; ++i) {
    const Bytes b = from_hex(cs[i]);
    std::copy(b.begin(), b.end(), c.c[i].begin());
  }
  c.r = {0x08, 0x13, 0x6a, 0x4a, 0x51};
  for (Aes128::Path path : paths()) {
    SCOPED_TRACE(path_name(path));
    const Milenage m = Milenage::from_op(k.data(), op.data(), c, path);
    const MilenageF1 f1 = m.f1(rand.data(), sqn.data(), amf.data());
    EXPECT_EQ(hex(f1.mac_a), "4fef17668a1b2bd1");
    EXPECT_EQ(hex(f1.mac_s), "1f7db575c5bcc213");
    const MilenageF2345 f = m.f2345(rand.data());
    EXPECT_EQ(hex(f.res), "e62ed6a1d8bd9325");
    EXPECT_EQ(hex(f.ck), "6b4c2fa2e83f66e0c8d6b44165d84b8d");
    EXPECT_EQ(hex(f.ik), "c1b3127617efc1f3a2a392b451ab9306");
    EXPECT_EQ(hex(f.ak), "24e4be006592");
    EXPECT_EQ(hex(m.f5star(rand.data())), "b1bf9ad8a2ae");
    EXPECT_EQ(hex(m.generate(rand.data(), sqn.data(), amf.data()).autn), "db7f0ad0d395b9b94fef17668a1b2bd1");
  }
}

TEST(Milenage, StandardConstantsAreTheDefaults) {
  const MilenageConstants c = MilenageConstants::standard();
  EXPECT_EQ(c.r, (std::array<std::uint8_t, 5>{64, 0, 32, 64, 96}));
  EXPECT_EQ(hex(c.c[0]), "00000000000000000000000000000000");
  EXPECT_EQ(hex(c.c[1]), "00000000000000000000000000000001");
  EXPECT_EQ(hex(c.c[2]), "00000000000000000000000000000002");
  EXPECT_EQ(hex(c.c[3]), "00000000000000000000000000000004");
  EXPECT_EQ(hex(c.c[4]), "00000000000000000000000000000008");
}

TEST(Milenage, RotationAbove127Rejected) {
  const std::uint8_t k[16] = {}, opc[16] = {};
  MilenageConstants c = MilenageConstants::standard();
  c.r[2] = 128;
  EXPECT_THROW(Milenage(k, opc, c), std::invalid_argument);
  c.r[2] = 127;
  EXPECT_NO_THROW(Milenage(k, opc, c));
}

TEST(Milenage, AesPathsAgreeOnRandomInputs) {
  if (!Aes128::aesni_supported()) GTEST_SKIP() << "no AES-NI on this CPU";
  std::mt19937_64 rng(35206);
  auto fill = [&](std::uint8_t* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(rng());
  };
  for (int round = 0; round < 200; ++round) {
    std::uint8_t k[16], opc[16], rand[16], sqn[6], amf[2];
    fill(k, 16), fill(opc, 16), fill(rand, 16), fill(sqn, 6), fill(amf, 2);
    MilenageConstants c;
    for (auto& ci : c.c) fill(ci.data(), 16);
    for (auto& ri : c.r) ri = static_cast<std::uint8_t>(rng() % 128);
    const Milenage fast(k, opc, c, Aes128::Path::AesNi);
    const Milenage slow(k, opc, c, Aes128::Path::Portable);
    const MilenageVector a = fast.generate(rand, sqn, amf), b = slow.generate(rand, sqn, amf);
    ASSERT_EQ(a.autn, b.autn);
    ASSERT_EQ(a.mac_s, b.mac_s);
    ASSERT_EQ(a.res, b.res);
    ASSERT_EQ(a.ck, b.ck);
    ASSERT_EQ(a.ik, b.ik);
    ASSERT_EQ(fast.f5star(rand), slow.f5star(rand));
  }
}

}  // namespace test_milenage
}  // namespace cardcore
