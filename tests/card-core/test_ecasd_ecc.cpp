// ECC keys, ECDH and ECDSA on the ECASD curves (cardcore/ecasd/ec_keys,
// ecdh, ecdsa), against published known-answer vectors:
//  - NIST CAVS 14.1 ECC CDH primitive test vectors (SP 800-56A §5.7.1.2),
//    P-256 COUNT = 0 and COUNT = 1 (dIUT, QIUT, QCAVS, ZIUT);
//  - RFC 7027 Appendix A.1, brainpoolP256r1 key agreement (dA, qA, dB, qB,
//    x_Z);
//  - RFC 6979 Appendix A.2.5, P-256 with SHA-256: key x / U, messages
//    "sample" and "test", deterministic signatures (r, s).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "cardcore/ecasd/ec_keys.hpp"
#include "cardcore/ecasd/ecdh.hpp"
#include "cardcore/ecasd/ecdsa.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {
namespace test_ecasd_ecc {

Bytes msg(const std::string& s) { return Bytes(s.begin(), s.end()); }

struct EcdhVector {
  const char* source;
  Curve curve;
  const char* d;         // own private scalar
  const char* q;         // own public point (uncompressed)
  const char* peer;      // peer public point
  const char* z;         // shared secret (X coordinate)
};

const EcdhVector kEcdhVectors[] = {
    {"NIST CAVS ECC CDH P-256 COUNT=0", Curve::NistP256,
     "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
     "04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230"
     "28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141",
     "04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287"
     "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
     "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b"},
    {"NIST CAVS ECC CDH P-256 COUNT=1", Curve::NistP256,
     "38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5",
     "04119f2f047902782ab0c9e27a54aff5eb9b964829ca99c06b02ddba95b0a3f6d0"
     "8f52b726664cac366fc98ac7a012b2682cbd962e5acb544671d41b9445704d1d",
     "04809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7ae"
     "b29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3",
     "057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67"},
    {"RFC 7027 A.1 brainpoolP256r1, side A", Curve::BrainpoolP256r1,
     "81db1ee100150ff2ea338d708271be38300cb54241d79950f77b063039804f1d",
     "0444106e913f92bc02a1705d9953a8414db95e1aaa49e81d9e85f929a8e3100be5"
     "8ab4846f11caccb73ce49cbdd120f5a900a69fd32c272223f789ef10eb089bdc",
     "048d2d688c6cf93e1160ad04cc4429117dc2c41825e1e9fca0addd34e6f1b39f7b"
     "990c57520812be512641e47034832106bc7d3e8dd0e4c7f1136d7006547cec6a",
     "89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b"},
    {"RFC 7027 A.1 brainpoolP256r1, side B", Curve::BrainpoolP256r1,
     "55e40bc41e37e3e2ad25c3c6654511ffa8474a91a0032087593852d3e7d76bd3",
     "048d2d688c6cf93e1160ad04cc4429117dc2c41825e1e9fca0addd34e6f1b39f7b"
     "990c57520812be512641e47034832106bc7d3e8dd0e4c7f1136d7006547cec6a",
     "0444106e913f92bc02a1705d9953a8414db95e1aaa49e81d9e85f929a8e3100be5"
     "8ab4846f11caccb73ce49cbdd120f5a900a69fd32c272223f789ef10eb089bdc",
     "89afc39d41d3b327814b80940b042590f96556ec91e6ae7939bce31f3a18bf2b"},
};

TEST(EcasdEcdh, PublishedVectors) {
  for (const EcdhVector& v : kEcdhVectors) {
    SCOPED_TRACE(v.source);
    const PrivateKey d(v.curve, from_hex(v.d));
    EXPECT_EQ(to_hex(public_key_of(d).point), v.q);
    const auto peer = make_public_key(v.curve, from_hex(v.peer));
    ASSERT_TRUE(peer.has_value());
    EXPECT_EQ(to_hex(ecdh_shared_secret(d, *peer)), v.z);
  }
}

TEST(EcasdEcdh, BothSidesAgreeOnSeededKeys) {
  for (Curve c : {Curve::NistP256, Curve::BrainpoolP256r1}) {
    const PrivateKey a = private_key_from_seed(c, msg("card"));
    const PrivateKey b = private_key_from_seed(c, msg("sm-dp"));
    EXPECT_EQ(ecdh_shared_secret(a, public_key_of(b)), ecdh_shared_secret(b, public_key_of(a)));
  }
}

TEST(EcasdEcdh, KeysOnDifferentCurvesOrOffTheCurveAreRefused) {
  const PrivateKey a = private_key_from_seed(Curve::NistP256, msg("a"));
  const PrivateKey b = private_key_from_seed(Curve::BrainpoolP256r1, msg("b"));
  EXPECT_THROW(ecdh_shared_secret(a, public_key_of(b)), std::invalid_argument);
  PublicKey off = public_key_of(private_key_from_seed(Curve::NistP256, msg("c")));
  off.point[10] ^= 0x01;
  EXPECT_THROW(ecdh_shared_secret(a, off), std::invalid_argument);
}

TEST(EcasdKeys, PointsOffTheCurveOrMalformedAreRefused) {
  const Bytes good = from_hex(kEcdhVectors[0].peer);
  ASSERT_TRUE(make_public_key(Curve::NistP256, good).has_value());
  Bytes off = good;
  off.back() ^= 0x01;  // y no longer solves the curve equation
  EXPECT_FALSE(make_public_key(Curve::NistP256, off).has_value());
  Bytes compressed(good.begin(), good.begin() + 33);
  compressed[0] = 0x02;
  EXPECT_FALSE(make_public_key(Curve::NistP256, compressed).has_value());
  Bytes wrong_prefix = good;
  wrong_prefix[0] = 0x06;
  EXPECT_FALSE(make_public_key(Curve::NistP256, wrong_prefix).has_value());
  EXPECT_FALSE(make_public_key(Curve::NistP256, Bytes(good.begin(), good.end() - 1)).has_value());
  // A P-256 point is not a brainpoolP256r1 point.
  EXPECT_FALSE(make_public_key(Curve::BrainpoolP256r1, good).has_value());
}

TEST(EcasdKeys, ScalarsOutOfRangeAreRefused) {
  EXPECT_THROW(PrivateKey(Curve::NistP256, Bytes(32, 0x00)), std::invalid_argument);
  // n of P-256 (FIPS 186-4 D.1.2.3) is not a valid scalar, n - 1 is.
  const Bytes n = from_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
  EXPECT_THROW(PrivateKey(Curve::NistP256, n), std::invalid_argument);
  Bytes n_minus_1 = n;
  n_minus_1.back() = 0x50;
  EXPECT_NO_THROW(PrivateKey(Curve::NistP256, n_minus_1));
  EXPECT_THROW(PrivateKey(Curve::NistP256, Bytes(31, 0x01)), std::invalid_argument);
}

TEST(EcasdKeys, SeededKeysAreDeterministicAndDistinct) {
  const PrivateKey a1 = private_key_from_seed(Curve::NistP256, msg("seed"));
  const PrivateKey a2 = private_key_from_seed(Curve::NistP256, msg("seed"));
  const PrivateKey b = private_key_from_seed(Curve::NistP256, msg("seee"));
  EXPECT_EQ(Bytes(a1.scalar().begin(), a1.scalar().end()), Bytes(a2.scalar().begin(), a2.scalar().end()));
  EXPECT_NE(Bytes(a1.scalar().begin(), a1.scalar().end()), Bytes(b.scalar().begin(), b.scalar().end()));
}

// RFC 6979 A.2.5.
const char kRfc6979Key[] = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
const char kRfc6979Pub[] =
    "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

struct SignatureVector {
  const char* message;
  const char* rs;
};
const SignatureVector kRfc6979Sha256[] = {
    {"sample",
     "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
     "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8"},
    {"test",
     "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
     "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083"},
};

TEST(EcasdEcdsa, Rfc6979DeterministicSignatures) {
  const PrivateKey x(Curve::NistP256, from_hex(kRfc6979Key));
  const PublicKey u = public_key_of(x);
  EXPECT_EQ(to_hex(u.point), kRfc6979Pub);
  for (const SignatureVector& v : kRfc6979Sha256) {
    SCOPED_TRACE(v.message);
    EXPECT_EQ(to_hex(ecdsa_sign(x, msg(v.message))), v.rs);
    EXPECT_TRUE(ecdsa_verify(u, msg(v.message), from_hex(v.rs)));
  }
}

TEST(EcasdEcdsa, WrongMessageKeyOrSignatureFails) {
  const PrivateKey x(Curve::NistP256, from_hex(kRfc6979Key));
  const PublicKey u = public_key_of(x);
  const Bytes sample_sig = from_hex(kRfc6979Sha256[0].rs);
  // The signature of "sample" is not one of "test".
  EXPECT_FALSE(ecdsa_verify(u, msg("test"), sample_sig));
  // Nor valid under another key.
  EXPECT_FALSE(ecdsa_verify(public_key_of(private_key_from_seed(Curve::NistP256, msg("other"))), msg("sample"),
                            sample_sig));
  for (std::size_t i : {std::size_t{0}, std::size_t{31}, std::size_t{32}, std::size_t{63}}) {
    Bytes bad = sample_sig;
    bad[i] ^= 0x01;
    EXPECT_FALSE(ecdsa_verify(u, msg("sample"), bad)) << "flipped byte " << i;
  }
  EXPECT_FALSE(ecdsa_verify(u, msg("sample"), Bytes(sample_sig.begin(), sample_sig.end() - 1)));
  EXPECT_FALSE(ecdsa_verify(u, msg("sample"), Bytes(64, 0x00)));  // r = s = 0
  // A key built by hand whose point is off the curve verifies nothing.
  PublicKey off = u;
  off.point.back() ^= 0x01;
  EXPECT_FALSE(ecdsa_verify(off, msg("sample"), sample_sig));
}

TEST(EcasdEcdsa, BrainpoolSignaturesVerify) {
  const PrivateKey k(Curve::BrainpoolP256r1, from_hex("81db1ee100150ff2ea338d708271be38300cb54241d79950f77b063039804f1d"));
  const Bytes sig = ecdsa_sign(k, msg("eUICC"));
  EXPECT_EQ(sig.size(), kSignatureBytes);
  EXPECT_EQ(sig, ecdsa_sign(k, msg("eUICC")));  // deterministic
  EXPECT_TRUE(ecdsa_verify(public_key_of(k), msg("eUICC"), sig));
  EXPECT_FALSE(ecdsa_verify(public_key_of(k), msg("eUICc"), sig));
}

TEST(EcasdEcdsa, RawDerConversionRoundTrips) {
  const Bytes raw = from_hex(kRfc6979Sha256[1].rs);  // s has a leading 0x01 byte
  const Bytes der = signature_raw_to_der(raw);
  // SEQUENCE { INTEGER r (33 bytes: a 00 before the high bit), INTEGER s (32) }
  EXPECT_EQ(to_hex(der).substr(0, 10), "3045022100");
  EXPECT_EQ(signature_der_to_raw(der), raw);
  // r with leading zero bytes: the DER integer is shorter, the raw form is not.
  Bytes small = raw;
  small[0] = 0x00;
  small[1] = 0x00;
  EXPECT_EQ(signature_der_to_raw(signature_raw_to_der(small)), small);
  EXPECT_THROW(signature_raw_to_der(Bytes(63, 0x01)), std::invalid_argument);
  Bytes trailing = der;
  trailing.push_back(0x00);
  EXPECT_TRUE(signature_der_to_raw(trailing).empty());
  EXPECT_TRUE(signature_der_to_raw(from_hex("3003020101")).empty());
}

}  // namespace test_ecasd_ecc
}  // namespace cardcore::ecasd
