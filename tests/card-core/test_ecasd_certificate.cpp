// GlobalPlatform certificates as SGP.02 uses them (cardcore/ecasd/
// certificate.hpp): encoding, strict decoding with field-named errors,
// signing and verification, the CI -> EUM -> eUICC chain, and tampering:
// one bit flipped in each field of an encoded certificate must make it
// either undecodable or unverifiable.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/ecasd/certificate.hpp"
#include "cardcore/ecasd/ecdsa.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/tlv/length.hpp"
#include "ecasd_pki.hpp"

namespace cardcore::ecasd {
namespace test_ecasd_certificate {

using testing::make_pki;
using testing::Pki;

TEST(EcasdCertificate, LayoutIsTheGlobalPlatformOne) {
  const Pki pki = make_pki();
  const Bytes enc = encode_certificate(pki.smdp.certificate);
  const std::string hex = to_hex(enc);
  // '7F21' 81 L (the body is over 127 bytes), then '93' 02 0D01, '42' 08 CI id,
  // '5F20' 04, '95' 02 0080, '5F25' 04 20200101, '5F24' 04 20401231,
  // '73' 03 C80101, '7F49' 46 { 'B0' 41 04.., 'F0' 01 00 }, '5F37' 40 r||s.
  EXPECT_EQ(hex.substr(0, 6), "7f2181");
  EXPECT_EQ(enc.size(), 3 + std::size_t{enc[3]} + 1);
  const std::string body = hex.substr(8);
  EXPECT_EQ(body.substr(0, 2 * 8), "93020d014208c1c1");
  EXPECT_NE(body.find("5f2004d0d0d0d0950200805f2504202001015f240420401231730" "3c801017f4946b04104"),
            std::string::npos);
  EXPECT_NE(body.find("f001005f3740"), std::string::npos);
  EXPECT_EQ(enc.size(), 4 + 4 + 10 + 7 + 4 + 7 + 7 + 5 + 3 + 70 + 3 + 64);
}

TEST(EcasdCertificate, RoundTripsOnBothCurves) {
  for (Curve curve : {Curve::NistP256, Curve::BrainpoolP256r1}) {
    const Pki pki = make_pki(curve);
    for (const Certificate* c :
         {&pki.ci.certificate, &pki.eum.certificate, &pki.euicc.certificate, &pki.smdp.certificate,
          &pki.smsr.certificate}) {
      const Bytes enc = encode_certificate(*c);
      const CertificateDecoding dec = decode_certificate(enc);
      ASSERT_TRUE(dec.ok()) << dec.error.message();
      EXPECT_EQ(*dec.certificate, *c);
      EXPECT_EQ(encode_certificate(*dec.certificate), enc);
    }
  }
  // Without the optional effective date.
  const Pki pki = make_pki();
  Certificate c = pki.smdp.certificate;
  c.effective_date.reset();
  c = sign_certificate(c, pki.ci.key);
  const CertificateDecoding dec = decode_certificate(encode_certificate(c));
  ASSERT_TRUE(dec.ok()) << dec.error.message();
  EXPECT_FALSE(dec.certificate->effective_date.has_value());
  EXPECT_TRUE(verify_certificate_signature(*dec.certificate, pki.ci.certificate.public_key));
}

TEST(EcasdCertificate, ChainCiEumEuiccVerifies) {
  for (Curve curve : {Curve::NistP256, Curve::BrainpoolP256r1}) {
    const Pki pki = make_pki(curve);
    EXPECT_TRUE(issued_by(pki.ci.certificate, pki.ci.certificate));  // self-signed root
    EXPECT_TRUE(issued_by(pki.eum.certificate, pki.ci.certificate));
    EXPECT_TRUE(issued_by(pki.euicc.certificate, pki.eum.certificate));
    EXPECT_TRUE(issued_by(pki.smdp.certificate, pki.ci.certificate));
    EXPECT_TRUE(issued_by(pki.smsr.certificate, pki.ci.certificate));
    // Skipping a level or naming the wrong issuer fails.
    EXPECT_FALSE(issued_by(pki.euicc.certificate, pki.ci.certificate));
    EXPECT_FALSE(issued_by(pki.smdp.certificate, pki.eum.certificate));
    // Right key, wrong name: the EUM's key under the CI's identifier.
    EXPECT_FALSE(issued_by(pki.euicc.certificate, pki.ci.certificate.subject_identifier,
                           pki.eum.certificate.public_key));
  }
}

TEST(EcasdCertificate, AnotherCiDoesNotVerify) {
  const Pki pki = make_pki();
  const PrivateKey rogue = private_key_from_seed(Curve::NistP256, testing::seed("rogue CI"));
  const Certificate forged = sign_certificate(pki.smdp.certificate, rogue);
  EXPECT_FALSE(issued_by(forged, pki.ci.certificate));
  EXPECT_TRUE(issued_by(forged, pki.ci.certificate.subject_identifier, public_key_of(rogue)));
}

// The offset of the value of the first TLV with `tag` inside the encoding
// (a depth-first walk of the constructed objects).
std::size_t value_offset(ByteView enc, std::uint16_t tag, std::size_t base = 0) {
  tlv::BerReader r(enc);
  tlv::BerTlv t;
  std::size_t pos = 0;
  while (r.next(t)) {
    const std::size_t value_at = pos + t.size - t.value.size();
    if (t.tag == tag) return base + value_at;
    if (t.tag == 0x7F21 || t.tag == 0x7F49) {
      const std::size_t inner = value_offset(t.value, tag, base + value_at);
      if (inner != std::size_t(-1)) return inner;
    }
    pos += t.size;
  }
  return std::size_t(-1);
}

TEST(EcasdCertificate, OneBitFlippedInAnyFieldIsRejected) {
  const Pki pki = make_pki();
  const Bytes good = encode_certificate(pki.smdp.certificate);
  const PublicKey& ci = pki.ci.certificate.public_key;
  struct Case {
    const char* field;
    std::uint16_t tag;
    std::size_t byte;  // within the value
    std::uint8_t bit;
  };
  const Case cases[] = {
      {"serial number", 0x93, 1, 0x01},         {"CA identifier", 0x42, 0, 0x80},
      {"subject identifier", 0x5F20, 3, 0x01},  {"key usage", 0x95, 1, 0x80},
      {"effective date", 0x5F25, 3, 0x01},      {"expiration date", 0x5F24, 3, 0x01},
      {"discretionary data", 0x73, 2, 0x02},    {"public key point X", 0xB0, 5, 0x01},
      {"public key point Y", 0xB0, 64, 0x01},   {"key parameter reference", 0xF0, 0, 0x03},
      {"signature r", 0x5F37, 0, 0x01},         {"signature s", 0x5F37, 63, 0x01},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    const std::size_t at = value_offset(good, c.tag);
    ASSERT_NE(at, std::size_t(-1));
    Bytes bad = good;
    bad[at + c.byte] ^= c.bit;
    const CertificateDecoding dec = decode_certificate(bad);
    if (dec.ok()) {
      EXPECT_FALSE(verify_certificate_signature(*dec.certificate, ci));
    } else {
      SUCCEED() << dec.error.message();
    }
  }
  // And the untouched certificate verifies, so the loop can tell.
  const CertificateDecoding dec = decode_certificate(good);
  ASSERT_TRUE(dec.ok());
  EXPECT_TRUE(verify_certificate_signature(*dec.certificate, ci));
}

struct BadInput {
  const char* what;
  std::string hex;
  CertificateField field;
  CertificateProblem problem;
};

// Rebuilds the certificate body from parts so each case changes one thing.
std::string tlv(const std::string& tag, const std::string& value_hex) {
  const Bytes v = from_hex(value_hex);
  Bytes out = from_hex(tag);
  tlv::put_length(out, v.size());
  out.insert(out.end(), v.begin(), v.end());
  return to_hex(out);
}

TEST(EcasdCertificate, StrictDecodingNamesTheField) {
  const Pki pki = make_pki();
  const Certificate& c = pki.smdp.certificate;
  const std::string point = to_hex(c.public_key.point);
  const std::string sig = to_hex(c.signature);
  const std::string serial = tlv("93", "0d01"), ca = tlv("42", "c1c1c1c1c1c1c1c1"), subject = tlv("5f20", "d0d0d0d0"),
                    usage = tlv("95", "0080"), eff = tlv("5f25", "20200101"), exp = tlv("5f24", "20401231"),
                    disc = tlv("73", "c80101"), pk = tlv("7f49", tlv("b0", point) + tlv("f0", "00")),
                    signature = tlv("5f37", sig);
  auto cert = [](const std::string& inner) { return tlv("7f21", inner); };
  const std::string all = serial + ca + subject + usage + eff + exp + disc + pk + signature;
  ASSERT_TRUE(decode_certificate(from_hex(cert(all))).ok());

  using F = CertificateField;
  using P = CertificateProblem;
  const BadInput cases[] = {
      {"not a certificate tag", tlv("7f4e", all), F::Certificate, P::Missing},
      {"truncated", cert(all).substr(0, cert(all).size() - 2), F::Certificate, P::Malformed},
      {"trailing byte", cert(all) + "00", F::Certificate, P::Unexpected},
      {"serial missing", cert(ca + subject + usage + eff + exp + disc + pk + signature), F::SerialNumber, P::Missing},
      {"serial empty", cert(tlv("93", "") + ca + subject + usage + eff + exp + disc + pk + signature), F::SerialNumber,
       P::BadLength},
      {"CA id and subject swapped", cert(serial + subject + ca + usage + eff + exp + disc + pk + signature),
       F::CaIdentifier, P::Missing},
      {"subject too long", cert(serial + ca + tlv("5f20", std::string(66, 'a')) + usage + eff + exp + disc + pk + signature),
       F::SubjectIdentifier, P::BadLength},
      {"key usage one byte", cert(serial + ca + subject + tlv("95", "80") + eff + exp + disc + pk + signature),
       F::KeyUsage, P::BadLength},
      {"effective date not BCD", cert(serial + ca + subject + usage + tlv("5f25", "20200a01") + exp + disc + pk + signature),
       F::EffectiveDate, P::BadValue},
      {"expiration 30 February", cert(serial + ca + subject + usage + eff + tlv("5f24", "20400230") + disc + pk + signature),
       F::ExpirationDate, P::BadValue},
      {"expiration three bytes", cert(serial + ca + subject + usage + eff + tlv("5f24", "204012") + disc + pk + signature),
       F::ExpirationDate, P::BadLength},
      {"expiration missing", cert(serial + ca + subject + usage + eff + disc + pk + signature), F::ExpirationDate,
       P::Missing},
      {"discretionary not TLV", cert(serial + ca + subject + usage + eff + exp + tlv("73", "c805") + pk + signature),
       F::DiscretionaryData, P::Malformed},
      {"point off the curve",
       cert(serial + ca + subject + usage + eff + exp + disc +
            tlv("7f49", tlv("b0", point.substr(0, point.size() - 2) + (point.back() == '0' ? "01" : "00")) +
                            tlv("f0", "00")) +
            signature),
       F::PublicKeyPoint, P::BadValue},
      {"point compressed",
       cert(serial + ca + subject + usage + eff + exp + disc + tlv("7f49", tlv("b0", "02" + point.substr(2, 64)) + tlv("f0", "00")) +
            signature),
       F::PublicKeyPoint, P::BadLength},
      {"unknown curve",
       cert(serial + ca + subject + usage + eff + exp + disc + tlv("7f49", tlv("b0", point) + tlv("f0", "01")) + signature),
       F::KeyParameterReference, P::BadValue},
      {"P-256 point said brainpool",
       cert(serial + ca + subject + usage + eff + exp + disc + tlv("7f49", tlv("b0", point) + tlv("f0", "03")) + signature),
       F::PublicKeyPoint, P::BadValue},
      {"key parameter missing", cert(serial + ca + subject + usage + eff + exp + disc + tlv("7f49", tlv("b0", point)) + signature),
       F::KeyParameterReference, P::Missing},
      {"extra object in public key",
       cert(serial + ca + subject + usage + eff + exp + disc +
            tlv("7f49", tlv("b0", point) + tlv("f0", "00") + tlv("b1", "00")) + signature),
       F::PublicKey, P::Unexpected},
      {"signature DER-sized", cert(serial + ca + subject + usage + eff + exp + disc + pk + tlv("5f37", sig + "00")),
       F::Signature, P::BadLength},
      {"signature missing", cert(serial + ca + subject + usage + eff + exp + disc + pk), F::Signature, P::Missing},
      {"object after signature", cert(all + tlv("90", "00")), F::Certificate, P::Unexpected},
      {"non-minimal length", "7f21" + std::string("8200") + to_hex(Bytes{static_cast<std::uint8_t>(all.size() / 2)}) + all,
       F::Certificate, P::Malformed},
  };
  for (const BadInput& b : cases) {
    SCOPED_TRACE(b.what);
    const CertificateDecoding dec = decode_certificate(from_hex(b.hex));
    ASSERT_FALSE(dec.ok());
    EXPECT_EQ(dec.error.field, b.field) << dec.error.message();
    EXPECT_EQ(dec.error.problem, b.problem) << dec.error.message();
    EXPECT_NE(dec.error.message().find(std::string(field_name(b.field))), std::string::npos);
  }
}

TEST(EcasdCertificate, ValidityAndType) {
  const Pki pki = make_pki();
  const Certificate& c = pki.smdp.certificate;
  EXPECT_EQ(validity_on(c, {2019, 12, 31}), Validity::NotYetValid);
  EXPECT_EQ(validity_on(c, {2020, 1, 1}), Validity::Valid);
  EXPECT_EQ(validity_on(c, {2040, 12, 31}), Validity::Valid);
  EXPECT_EQ(validity_on(c, {2041, 1, 1}), Validity::Expired);
  EXPECT_EQ(certificate_type(pki.smdp.certificate), std::optional<std::uint8_t>(0x01));
  EXPECT_EQ(certificate_type(pki.smsr.certificate), std::optional<std::uint8_t>(0x02));
  EXPECT_EQ(certificate_type(pki.euicc.certificate), std::nullopt);
}

TEST(EcasdCertificate, DatesAreBcdAndChecked) {
  EXPECT_EQ(to_hex(encode_date({2024, 2, 29})), "20240229");
  EXPECT_THROW(encode_date({2023, 2, 29}), std::invalid_argument);
  EXPECT_EQ(decode_date(from_hex("19991231")), (std::optional<CertificateDate>(CertificateDate{1999, 12, 31})));
  EXPECT_FALSE(decode_date(from_hex("20231301")).has_value());
  EXPECT_FALSE(decode_date(from_hex("20230100")).has_value());
  EXPECT_FALSE(decode_date(from_hex("202301")).has_value());
}

TEST(EcasdCertificate, UnencodableFieldsThrow) {
  const Pki pki = make_pki();
  Certificate c = pki.smdp.certificate;
  c.serial_number.clear();
  EXPECT_THROW(encode_certificate(c), std::invalid_argument);
  c = pki.smdp.certificate;
  c.signature.pop_back();
  EXPECT_THROW(encode_certificate(c), std::invalid_argument);
  c = pki.smdp.certificate;
  c.discretionary_data = from_hex("c8");
  EXPECT_THROW(sign_certificate(c, pki.ci.key), std::invalid_argument);
}

}  // namespace test_ecasd_certificate
}  // namespace cardcore::ecasd
