// SGP.02 key establishment, GPC Amendment E scenario #3
// (cardcore/ecasd/card_key_establishment, offcard_key_establishment): the
// card side run against the off-card side on both curves, for the ISD-P
// (SM-DP, ES8) and the ISD-R (SM-SR, ES5); the key derivation inputs and the
// receipt recomputed here from the primitives, byte by byte; and every
// failure the card or the off-card entity must detect, with its code and
// status word.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/ecasd/card_key_establishment.hpp"
#include "cardcore/ecasd/dgi.hpp"
#include "cardcore/ecasd/ecdh.hpp"
#include "cardcore/ecasd/key_agreement_crt.hpp"
#include "cardcore/ecasd/key_establishment_data.hpp"
#include "cardcore/ecasd/offcard_key_establishment.hpp"
#include "cardcore/ecasd/x963_kdf.hpp"
#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "ecasd_pki.hpp"

namespace cardcore::ecasd {
namespace test_ecasd_key_establishment {

using testing::make_pki;
using testing::Pki;
using testing::seed;
using E = KeyEstablishmentError;

const Bytes kRc = from_hex("0102030405060708090a0b0c0d0e0f10");
const Bytes kDr = from_hex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
const CertificateDate kToday{2026, 12, 1};

CardKeyEstablishmentConfig card_config(const Pki& pki, OffCardEntityType entity = OffCardEntityType::SmDp) {
  return {pki.ci.certificate.public_key, pki.ci.certificate.subject_identifier, pki.euicc.key, entity, kToday, {}};
}

OffCardKeyEstablishmentConfig offcard_config(const Pki& pki, const testing::Party& who, KeyAgreementCrt crt = {}) {
  return {who.certificate, who.key, pki.euicc.certificate.public_key,
          private_key_from_seed(pki.curve, seed("ephemeral")), std::move(crt), {}};
}

struct Exchange {
  Outcome<Bytes> step1;
  Outcome<CardKeyEstablishmentResult> step2;
  Outcome<OffCardKeyEstablishmentResult> checked;
};

// Both steps, card against off-card entity.
Exchange run(CardKeyEstablishment& card, OffCardKeyEstablishment& oce, ByteView dr = kDr) {
  Exchange r;
  r.step1 = card.process_certificate(oce.certificate_command_data(), kRc);
  if (!r.step1.ok()) return r;
  const Outcome<Bytes> cmd2 = oce.key_agreement_command_data(*r.step1.value);
  EXPECT_TRUE(cmd2.ok()) << cmd2.detail;
  r.step2 = card.process_key_agreement(*cmd2.value, dr);
  if (!r.step2.ok()) return r;
  r.checked = oce.process_response(r.step2.value->response_data);
  return r;
}

TEST(EcasdKeyEstablishment, CardAndOffCardAgreeOnBothCurvesAndBothTargets) {
  for (Curve curve : {Curve::NistP256, Curve::BrainpoolP256r1}) {
    const Pki pki = make_pki(curve);
    for (OffCardEntityType entity : {OffCardEntityType::SmDp, OffCardEntityType::SmSr}) {
      SCOPED_TRACE(std::to_string(int(curve)) + "/" + std::to_string(int(entity)));
      CardKeyEstablishment card(card_config(pki, entity));
      OffCardKeyEstablishment oce(offcard_config(pki, entity == OffCardEntityType::SmDp ? pki.smdp : pki.smsr));
      const Exchange r = run(card, oce);
      ASSERT_TRUE(r.step1.ok()) << describe(r.step1.error) << " " << r.step1.detail;
      EXPECT_EQ(to_hex(*r.step1.value), "8510" + to_hex(kRc));
      ASSERT_TRUE(r.step2.ok()) << describe(r.step2.error) << " " << r.step2.detail;
      ASSERT_TRUE(r.checked.ok()) << describe(r.checked.error) << " " << r.checked.detail;
      const CardKeyEstablishmentResult& c = *r.step2.value;
      EXPECT_EQ(c.keys, r.checked.value->keys);
      EXPECT_EQ(c.receipt, r.checked.value->receipt);
      EXPECT_EQ(r.checked.value->derivation_random, kDr);
      EXPECT_EQ(c.keys.enc.size(), 16u);
      EXPECT_NE(c.keys.enc, c.keys.mac);
      EXPECT_NE(c.keys.mac, c.keys.dek);
      EXPECT_EQ(c.key_identifier, 0x01);
      EXPECT_EQ(c.key_version, 0x30);
      EXPECT_FALSE(c.delete_existing_keys);
      EXPECT_EQ(c.off_card_identifier, (entity == OffCardEntityType::SmDp ? pki.smdp : pki.smsr).certificate.subject_identifier);
      // Answer: '85' 10 DR '86' 10 receipt.
      EXPECT_EQ(to_hex(c.response_data), "8510" + to_hex(kDr) + "8610" + to_hex(c.receipt));
      EXPECT_FALSE(card.has_verified_certificate());
    }
  }
}

TEST(EcasdKeyEstablishment, DerivationInputsAreTheDocumentedOnes) {
  const Pki pki = make_pki();
  CardKeyEstablishment card(card_config(pki));
  const OffCardKeyEstablishmentConfig cfg = offcard_config(pki, pki.smdp);
  OffCardKeyEstablishment oce(cfg);
  const Exchange r = run(card, oce);
  ASSERT_TRUE(r.checked.ok());

  // The command: DGI '3A02' with the CRT of key_agreement_crt.hpp.
  const Bytes cmd2 = *oce.key_agreement_command_data(*r.step1.value).value;
  const std::string crt_hex = "a6139002030a" "950110" "800188" "810110" "820101" "830130";
  EXPECT_EQ(to_hex(cmd2).substr(0, 6 + crt_hex.size()), "3a0215" + crt_hex);
  EXPECT_EQ(to_hex(cmd2).substr(6 + crt_hex.size(), 10), "7f4946b041");

  // ShS from the off-card side's ephemeral key and the ECASD's public key.
  const Bytes shs = ecdh_shared_secret(cfg.ephemeral_key, pki.euicc.certificate.public_key);
  // SharedInfo = Q '10' || key type '88' || key length '10' || DR.
  const Bytes info = from_hex("108810" + to_hex(kDr));
  const Bytes key_data = x963_kdf_sha256(shs, info, 64);
  const CardKeyEstablishmentResult& c = *r.step2.value;
  EXPECT_EQ(to_hex(c.keys.enc), to_hex(key_data).substr(32, 32));
  EXPECT_EQ(to_hex(c.keys.mac), to_hex(key_data).substr(64, 32));
  EXPECT_EQ(to_hex(c.keys.dek), to_hex(key_data).substr(96, 32));
  // Receipt = CMAC(receipt key, 'A6' CRT || '85' 10 DR).
  ota::BlockCipher aes(ota::CipherAlgorithm::AesCbc, ByteView(key_data).first(16));
  const auto receipt = ota::aes_cmac(aes, from_hex(crt_hex + "8510" + to_hex(kDr)));
  EXPECT_EQ(to_hex(c.receipt), to_hex(receipt));
}

TEST(EcasdKeyEstablishment, IdentifiersKeyLengthAndNoDerivationRandom) {
  const Pki pki = make_pki(Curve::BrainpoolP256r1);
  KeyAgreementCrt crt;
  crt.scenario_parameters = kScenarioIdentifiers | kScenarioCertificateFirst | kScenarioDeleteKeys;
  crt.key_length = 32;
  crt.key_identifier = 0x11;
  crt.key_version = 0x31;
  crt.key_access = 0x01;
  crt.initial_counter = Bytes{};
  crt.sdin = from_hex("5d5d");
  crt.host_id = from_hex("4854d1d2");
  const SecurityDomainIdentity id{from_hex("51515151"), from_hex("5d5d")};
  CardKeyEstablishmentConfig cc = card_config(pki);
  cc.identity = id;
  CardKeyEstablishment card(cc);
  OffCardKeyEstablishmentConfig oc = offcard_config(pki, pki.smdp, crt);
  oc.identity = id;
  OffCardKeyEstablishment oce(oc);
  const Exchange r = run(card, oce, {});
  ASSERT_TRUE(r.step2.ok()) << describe(r.step2.error) << " " << r.step2.detail;
  ASSERT_TRUE(r.checked.ok()) << describe(r.checked.error);
  EXPECT_EQ(r.step2.value->keys, r.checked.value->keys);
  EXPECT_EQ(r.step2.value->keys.dek.size(), 32u);
  EXPECT_TRUE(r.step2.value->delete_existing_keys);
  EXPECT_EQ(r.step2.value->key_identifier, 0x11);
  EXPECT_EQ(r.step2.value->host_id, crt.host_id);
  EXPECT_EQ(to_hex(r.step2.value->response_data).substr(0, 4), "8610");  // no DR

  // SharedInfo = '10' '88' '20' || 04 host ID || 04 SIN || 02 SDIN.
  const Bytes shs = ecdh_shared_secret(oc.ephemeral_key, pki.euicc.certificate.public_key);
  const Bytes key_data = x963_kdf_sha256(shs, from_hex("108820" "044854d1d2" "0451515151" "025d5d"), 16 + 96);
  EXPECT_EQ(to_hex(r.step2.value->keys.enc), to_hex(key_data).substr(32, 64));

  // The card without the SIN/SDIN derives other keys: the receipt fails.
  CardKeyEstablishmentConfig no_id = card_config(pki);
  CardKeyEstablishment card2(no_id);
  KeyAgreementCrt crt2 = crt;
  crt2.sdin.reset();
  OffCardKeyEstablishmentConfig oc2 = offcard_config(pki, pki.smdp, crt2);
  oc2.identity = id;
  OffCardKeyEstablishment oce2(oc2);
  const Exchange r2 = run(card2, oce2, {});
  ASSERT_TRUE(r2.step2.ok());
  EXPECT_EQ(r2.checked.error, E::ReceiptMismatch);
}

// njiwa's CreateSCP81KeySet: Q '5C' (one key), key type '85' PSK-TLS, key
// access '00', an initial counter: the receipt key and one key, both sides.
TEST(EcasdKeyEstablishment, OneTlsPskForTheIsdR) {
  for (Curve curve : {Curve::NistP256, Curve::BrainpoolP256r1}) {
    for (std::uint8_t length : {16, 32}) {
      SCOPED_TRACE(std::to_string(int(curve)) + "/" + std::to_string(length));
      const Pki pki = make_pki(curve);
      KeyAgreementCrt crt;
      crt.key_usage_qualifier = kKeyUsageQualifierOneKey;
      crt.key_access = 0x00;
      crt.key_type = kKeyTypePskTls;
      crt.key_length = length;
      crt.key_identifier = 0x01;
      crt.key_version = 0x41;
      crt.initial_counter = Bytes{};
      CardKeyEstablishment card(card_config(pki, OffCardEntityType::SmSr));
      const OffCardKeyEstablishmentConfig cfg = offcard_config(pki, pki.smsr, crt);
      OffCardKeyEstablishment oce(cfg);
      const Exchange r = run(card, oce);
      ASSERT_TRUE(r.step2.ok()) << describe(r.step2.error) << " " << r.step2.detail;
      ASSERT_TRUE(r.checked.ok()) << describe(r.checked.error) << " " << r.checked.detail;
      const CardKeyEstablishmentResult& c = *r.step2.value;
      EXPECT_EQ(c.psk, r.checked.value->psk);
      EXPECT_EQ(c.psk.size(), length);
      EXPECT_EQ(c.keys, Scp03KeySet{});
      EXPECT_EQ(r.checked.value->keys, Scp03KeySet{});
      EXPECT_EQ(c.key_version, 0x41);
      EXPECT_EQ(c.key_identifier, 0x01);
      EXPECT_EQ(c.key_access, std::optional<std::uint8_t>(0x00));
      EXPECT_EQ(c.receipt, r.checked.value->receipt);

      // The CRT as sent: '95' 5C, '96' 00, '80' 85, '81' len, '91' empty.
      const Bytes cmd2 = *oce.key_agreement_command_data(*r.step1.value).value;
      const std::string crt_hex = "a6189002030a" "95015c" "960100" "800185" "8101" + to_hex(Bytes{length}) +
                                  "820101" "830141" "9100";
      EXPECT_EQ(to_hex(cmd2).substr(0, 6 + crt_hex.size()), "3a021a" + crt_hex);
      // SharedInfo = '5C' '85' len || DR; KeyData = receipt key || PSK only.
      const Bytes shs = ecdh_shared_secret(cfg.ephemeral_key, pki.euicc.certificate.public_key);
      const Bytes key_data = x963_kdf_sha256(shs, from_hex("5c85" + to_hex(Bytes{length}) + to_hex(kDr)), 16u + length);
      EXPECT_EQ(to_hex(c.psk), to_hex(key_data).substr(32));
      ota::BlockCipher aes(ota::CipherAlgorithm::AesCbc, ByteView(key_data).first(16));
      EXPECT_EQ(to_hex(c.receipt), to_hex(ota::aes_cmac(aes, from_hex(crt_hex + "8510" + to_hex(kDr)))));
    }
  }
}

TEST(EcasdKeyEstablishment, SameInputsSameKeysOtherEphemeralOtherKeys) {
  const Pki pki = make_pki();
  CardKeyEstablishment card(card_config(pki));
  OffCardKeyEstablishment a(offcard_config(pki, pki.smdp)), b(offcard_config(pki, pki.smdp));
  OffCardKeyEstablishmentConfig other = offcard_config(pki, pki.smdp);
  other.ephemeral_key = private_key_from_seed(Curve::NistP256, seed("another ephemeral"));
  OffCardKeyEstablishment c(other);
  const Exchange ra = run(card, a), rb = run(card, b), rc = run(card, c);
  ASSERT_TRUE(ra.checked.ok() && rb.checked.ok() && rc.checked.ok());
  EXPECT_EQ(ra.step2.value->response_data, rb.step2.value->response_data);
  EXPECT_NE(ra.step2.value->keys, rc.step2.value->keys);
  // Another DR, other keys too.
  const Exchange rd = run(card, a, from_hex("00000000000000000000000000000001"));
  ASSERT_TRUE(rd.checked.ok());
  EXPECT_NE(ra.step2.value->keys, rd.step2.value->keys);
}

// ---------------------------------------------------------------- failures

struct CertCase {
  const char* what;
  Certificate certificate;
  E error;
  std::uint16_t sw;
};

Certificate resign(Certificate c, const PrivateKey& key) { return sign_certificate(std::move(c), key); }

TEST(EcasdKeyEstablishment, CertificateFailures) {
  const Pki pki = make_pki();
  const Certificate& dp = pki.smdp.certificate;
  const PrivateKey rogue = private_key_from_seed(Curve::NistP256, seed("rogue"));
  Certificate other_ca = dp;
  other_ca.ca_identifier = from_hex("0badca");
  Certificate expired = dp;
  expired.expiration_date = {2026, 11, 30};
  Certificate future = dp;
  future.effective_date = CertificateDate{2026, 12, 2};
  Certificate usage = dp;
  usage.key_usage = kKeyUsageKeyAgreement;
  Certificate no_type = dp;
  no_type.discretionary_data.clear();
  Certificate brainpool = dp;
  brainpool.public_key = public_key_of(private_key_from_seed(Curve::BrainpoolP256r1, seed("bp")));
  const CertCase cases[] = {
      {"signed by another CI", resign(dp, rogue), E::CertificateSignatureInvalid, 0x6982},
      {"another CA identifier", resign(other_ca, pki.ci.key), E::CertificateNotFromCi, 0x6A88},
      {"signed by the EUM", resign(dp, pki.eum.key), E::CertificateSignatureInvalid, 0x6982},
      {"expired yesterday", resign(expired, pki.ci.key), E::CertificateExpired, 0x6985},
      {"valid from tomorrow", resign(future, pki.ci.key), E::CertificateNotYetValid, 0x6985},
      {"key usage key agreement", resign(usage, pki.ci.key), E::CertificateWrongKeyUsage, 0x6985},
      {"SM-SR certificate toward the ISD-P", pki.smsr.certificate, E::CertificateWrongType, 0x6985},
      {"no certificate type", resign(no_type, pki.ci.key), E::CertificateWrongType, 0x6985},
      {"key on brainpoolP256r1", resign(brainpool, pki.ci.key), E::CertificateCurveMismatch, 0x6A80},
  };
  for (const CertCase& c : cases) {
    SCOPED_TRACE(c.what);
    CardKeyEstablishment card(card_config(pki));
    const Outcome<Bytes> out = card.process_certificate(encode_certificate_command(encode_certificate(c.certificate)), kRc);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error, c.error) << describe(out.error) << " " << out.detail;
    EXPECT_EQ(status_word(out.error), std::optional<std::uint16_t>(c.sw));
    EXPECT_FALSE(card.has_verified_certificate());
  }
  // The same certificate, unchanged, passes: the table can tell.
  CardKeyEstablishment card(card_config(pki));
  EXPECT_TRUE(card.process_certificate(encode_certificate_command(encode_certificate(dp)), kRc).ok());
  // An SM-DP certificate toward the ISD-R fails the other way round.
  CardKeyEstablishment isdr(card_config(pki, OffCardEntityType::SmSr));
  EXPECT_EQ(isdr.process_certificate(encode_certificate_command(encode_certificate(dp)), kRc).error,
            E::CertificateWrongType);
}

TEST(EcasdKeyEstablishment, MalformedCertificateCommands) {
  const Pki pki = make_pki();
  const Bytes cert = encode_certificate(pki.smdp.certificate);
  Bytes body_flip = encode_certificate_command(cert);
  body_flip[3 + 2] ^= 0x01;  // the '7F21' length byte inside the DGI
  Bytes wrong_dgi = encode_certificate_command(cert);
  wrong_dgi[1] = 0x02;
  Bytes trailing = encode_certificate_command(cert);
  trailing.push_back(0x00);
  const struct {
    const char* what;
    Bytes data;
    E error;
  } cases[] = {
      {"certificate TLV broken", body_flip, E::CertificateMalformed},
      {"DGI '3A02' instead of '3A01'", wrong_dgi, E::MalformedCommand},
      {"byte after the DGI", trailing, E::MalformedCommand},
      {"truncated DGI", Bytes(trailing.begin(), trailing.begin() + 10), E::MalformedCommand},
      {"empty", Bytes{}, E::MalformedCommand},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    CardKeyEstablishment card(card_config(pki));
    const Outcome<Bytes> out = card.process_certificate(c.data, kRc);
    EXPECT_EQ(out.error, c.error) << out.detail;
    EXPECT_EQ(status_word(out.error), std::optional<std::uint16_t>(0x6A80));
  }
  CardKeyEstablishment card(card_config(pki));
  EXPECT_EQ(card.process_certificate(encode_certificate_command(cert), Bytes(8, 0x01)).error, E::BadRandom);
}

// Step 1 done; step 2 with the given command data.
Outcome<CardKeyEstablishmentResult> step2(const Pki& pki, const Bytes& data, CardKeyEstablishmentConfig cfg) {
  CardKeyEstablishment card(std::move(cfg));
  EXPECT_TRUE(card.process_certificate(encode_certificate_command(encode_certificate(pki.smdp.certificate)), kRc).ok());
  Outcome<CardKeyEstablishmentResult> out = card.process_key_agreement(data, kDr);
  EXPECT_FALSE(card.has_verified_certificate());
  return out;
}

TEST(EcasdKeyEstablishment, KeyAgreementFailures) {
  const Pki pki = make_pki();
  const PublicKey epk = public_key_of(private_key_from_seed(Curve::NistP256, seed("ephemeral")));
  auto command = [&](const KeyAgreementCrt& crt, const PrivateKey& signer, const Bytes& rc = kRc,
                     const PublicKey* key = nullptr) {
    return encode_key_agreement_command(encode_crt(crt), key ? *key : epk, signer, rc);
  };
  const KeyAgreementCrt good;
  KeyAgreementCrt scenario2 = good;
  scenario2.scenario = 0x02;
  KeyAgreementCrt reserved = good;
  reserved.scenario_parameters |= 0x10;
  KeyAgreementCrt des = good;
  des.key_type = 0x80;
  KeyAgreementCrt one_key = good;
  one_key.key_usage_qualifier = 0x5C;
  KeyAgreementCrt key_set_psk = good;
  key_set_psk.key_type = kKeyTypePskTls;
  KeyAgreementCrt psk = good;
  psk.key_usage_qualifier = kKeyUsageQualifierOneKey;
  psk.key_type = kKeyTypePskTls;
  KeyAgreementCrt psk24 = psk;
  psk24.key_length = 24;
  KeyAgreementCrt two_keys = psk;
  two_keys.key_usage_qualifier = 0x5D;
  KeyAgreementCrt len20 = good;
  len20.key_length = 20;
  KeyAgreementCrt no_host = good;
  no_host.scenario_parameters |= kScenarioIdentifiers;
  KeyAgreementCrt sdin = good;
  sdin.sdin = from_hex("0102");
  const PublicKey bp = public_key_of(private_key_from_seed(Curve::BrainpoolP256r1, seed("bp ephemeral")));

  Bytes sig_flip = command(good, pki.smdp.key);
  sig_flip.back() ^= 0x01;
  Bytes epk_flip = command(good, pki.smdp.key);
  epk_flip[3 + 0x1b + 4 + 10] ^= 0x01;  // inside 'B0' X: signature no longer matches
  Bytes no_sig = command(good, pki.smdp.key);
  no_sig.resize(no_sig.size() - 67);
  // ePK off the curve, but signed as such.
  PublicKey off = epk;
  off.point.back() ^= 0x01;
  // CRT without '81', signed.
  ASSERT_NE(decode_crt(from_hex("a6109002030a950110800188820101830130")).detail.find("'81' key length missing"),
            std::string::npos);
  Bytes crt_missing_length = from_hex("a6109002030a950110800188820101830130");
  Bytes missing_length_cmd;
  {
    missing_length_cmd = encode_key_agreement_command(crt_missing_length, epk, pki.smdp.key, kRc);
  }

  const struct {
    const char* what;
    Bytes data;
    E error;
    std::uint16_t sw;
  } cases[] = {
      {"signed by the SM-SR, certificate of the SM-DP", command(good, pki.smsr.key), E::EphemeralKeySignatureInvalid,
       0x6982},
      {"signature bit flipped", sig_flip, E::EphemeralKeySignatureInvalid, 0x6982},
      {"ePK bit flipped", epk_flip, E::EphemeralKeySignatureInvalid, 0x6982},
      {"signed for another random challenge (replay)", command(good, pki.smdp.key, from_hex("ff" + to_hex(kRc).substr(2))),
       E::EphemeralKeySignatureInvalid, 0x6982},
      {"signed without the random challenge", command(good, pki.smdp.key, {}), E::EphemeralKeySignatureInvalid, 0x6982},
      {"scenario #2", command(scenario2, pki.smdp.key), E::UnsupportedScenario, 0x6A80},
      {"reserved scenario parameter", command(reserved, pki.smdp.key), E::UnsupportedScenario, 0x6A80},
      {"key type not AES", command(des, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"key usage qualifier '5C' with AES", command(one_key, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"key usage qualifier '10' with PSK-TLS", command(key_set_psk, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"PSK-TLS of 24 bytes", command(psk24, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"key usage qualifier '5D'", command(two_keys, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"key length 20", command(len20, pki.smdp.key), E::UnsupportedKeyParameters, 0x6A80},
      {"identifiers asked, no host ID", command(no_host, pki.smdp.key), E::HostIdMissing, 0x6A80},
      {"SDIN for an SD without one", command(sdin, pki.smdp.key), E::SdinMismatch, 0x6A88},
      {"ePK on brainpoolP256r1", command(good, pki.smdp.key, kRc, &bp), E::EphemeralKeyInvalid, 0x6A80},
      {"ePK off the curve", command(good, pki.smdp.key, kRc, &off), E::EphemeralKeyInvalid, 0x6A80},
      {"signature missing", no_sig, E::MalformedCommand, 0x6A80},
      {"CRT without key length", missing_length_cmd, E::MalformedCommand, 0x6A80},
      {"DGI '3A01' instead of '3A02'", encode_certificate_command(encode_crt(good)), E::MalformedCommand, 0x6A80},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto out = step2(pki, c.data, card_config(pki));
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error, c.error) << describe(out.error) << " " << out.detail;
    EXPECT_EQ(status_word(out.error), std::optional<std::uint16_t>(c.sw));
  }
  // The good commands pass, so the table can tell.
  EXPECT_TRUE(step2(pki, command(good, pki.smdp.key), card_config(pki)).ok());
  EXPECT_TRUE(step2(pki, command(psk, pki.smdp.key), card_config(pki)).ok());
  // An SDIN that matches the SD's passes too.
  CardKeyEstablishmentConfig with_id = card_config(pki);
  with_id.identity = SecurityDomainIdentity{from_hex("51"), from_hex("0102")};
  EXPECT_TRUE(step2(pki, command(sdin, pki.smdp.key), with_id).ok());
  with_id.identity->sdin = from_hex("0103");
  EXPECT_EQ(step2(pki, command(sdin, pki.smdp.key), with_id).error, E::SdinMismatch);
}

TEST(EcasdKeyEstablishment, KeyAgreementNeedsAFreshVerifiedCertificate) {
  const Pki pki = make_pki();
  CardKeyEstablishment card(card_config(pki));
  OffCardKeyEstablishment oce(offcard_config(pki, pki.smdp));
  const Bytes cmd2 = *oce.key_agreement_command_data(encode_certificate_response(kRc)).value;
  // No step 1.
  EXPECT_EQ(card.process_key_agreement(cmd2, kDr).error, E::KeyAgreementWithoutCertificate);
  EXPECT_EQ(status_word(E::KeyAgreementWithoutCertificate), std::optional<std::uint16_t>(0x6985));
  // Step 1 failed: still none.
  EXPECT_FALSE(card.process_certificate(encode_certificate_command(encode_certificate(pki.smsr.certificate)), kRc).ok());
  EXPECT_EQ(card.process_key_agreement(cmd2, kDr).error, E::KeyAgreementWithoutCertificate);
  // Step 1 and 2 done: the certificate is used up.
  ASSERT_TRUE(card.process_certificate(oce.certificate_command_data(), kRc).ok());
  ASSERT_TRUE(card.process_key_agreement(cmd2, kDr).ok());
  EXPECT_EQ(card.process_key_agreement(cmd2, kDr).error, E::KeyAgreementWithoutCertificate);
  // A failed step 2 uses it up as well.
  ASSERT_TRUE(card.process_certificate(oce.certificate_command_data(), kRc).ok());
  EXPECT_EQ(card.process_key_agreement(cmd2, Bytes(15, 0)).error, E::BadRandom);
  EXPECT_EQ(card.process_key_agreement(cmd2, kDr).error, E::KeyAgreementWithoutCertificate);
}

TEST(EcasdKeyEstablishment, OffCardDetectsABadAnswer) {
  const Pki pki = make_pki();
  CardKeyEstablishment card(card_config(pki));
  OffCardKeyEstablishment oce(offcard_config(pki, pki.smdp));
  const Exchange r = run(card, oce);
  ASSERT_TRUE(r.checked.ok());
  const Bytes answer = r.step2.value->response_data;
  Bytes receipt_flip = answer;
  receipt_flip.back() ^= 0x01;
  Bytes dr_flip = answer;
  dr_flip[2] ^= 0x01;
  Bytes no_dr(answer.begin() + 18, answer.end());
  Bytes trailing = answer;
  trailing.push_back(0x90);
  Bytes short_receipt(answer.begin(), answer.end() - 1);
  short_receipt[19] = 0x0F;
  const struct {
    const char* what;
    Bytes data;
    E error;
  } cases[] = {
      {"receipt bit flipped", receipt_flip, E::ReceiptMismatch},
      {"DR changed", dr_flip, E::ReceiptMismatch},
      {"DR missing", no_dr, E::ResponseMalformed},
      {"trailing byte", trailing, E::ResponseMalformed},
      {"receipt 15 bytes", short_receipt, E::ResponseMalformed},
      {"empty", Bytes{}, E::ResponseMalformed},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const auto out = oce.process_response(c.data);
    EXPECT_EQ(out.error, c.error) << out.detail;
    EXPECT_FALSE(status_word(out.error).has_value());
  }
  EXPECT_EQ(oce.key_agreement_command_data(from_hex("8600")).error, E::ResponseMalformed);
}

TEST(EcasdKeyEstablishment, OffCardTrustsOnlyTheCiChainForTheEcasdKey) {
  const Pki pki = make_pki();
  EXPECT_TRUE(ecasd_certificate_trusted(pki.euicc.certificate, pki.eum.certificate, pki.ci.certificate));
  EXPECT_FALSE(ecasd_certificate_trusted(pki.smdp.certificate, pki.eum.certificate, pki.ci.certificate));
  EXPECT_FALSE(ecasd_certificate_trusted(pki.euicc.certificate, pki.smdp.certificate, pki.ci.certificate));
  const Pki other = make_pki(Curve::BrainpoolP256r1);
  EXPECT_FALSE(ecasd_certificate_trusted(pki.euicc.certificate, pki.eum.certificate, other.ci.certificate));
}

TEST(EcasdKeyAgreementCrt, RoundTripAndStrictLayout) {
  KeyAgreementCrt full;
  full.key_access = 0x02;
  full.initial_counter = from_hex("000001");
  full.sdin = from_hex("aa");
  full.host_id = from_hex("bbcc");
  for (const KeyAgreementCrt& crt : {KeyAgreementCrt{}, full}) {
    const Outcome<KeyAgreementCrt> dec = decode_crt(encode_crt(crt));
    ASSERT_TRUE(dec.ok()) << dec.detail;
    EXPECT_EQ(*dec.value, crt);
  }
  EXPECT_EQ(to_hex(encode_crt(full)),
            "a6229002030a950110960102800188810110820101830130910300000145" "01aa8402bbcc");
  const std::string base = "9002030a" "950110" "800188" "810110" "820101" "830130";
  auto a6 = [](const std::string& body) {
    return "a6" + to_hex(Bytes{static_cast<std::uint8_t>(body.size() / 2)}) + body;
  };
  const struct {
    const char* what;
    std::string hex;
    const char* detail;
  } bad[] = {
      {"not A6", "a513" + base, "not one 'A6'"},
      {"scenario one byte", a6("900103" + base.substr(8)), "'90' scenario not 2 bytes"},
      {"usage and type swapped", a6("9002030a" "800188" "950110" "810110" "820101" "830130"),
       "'95' key usage qualifier missing"},
      {"version missing", a6(base.substr(0, base.size() - 6)), "'83' key version missing"},
      {"key length two bytes", a6("9002030a" "950110" "800188" "81021000" "820101" "830130"),
       "'81' key length not 1 byte"},
      {"unknown object", a6(base + "9900"), "unexpected or out-of-order object '99'"},
      {"host ID before SDIN", a6(base + "8401bb" "4501aa"), "unexpected or out-of-order object '45'"},
      {"counter 9 bytes", a6(base + "9109000000000000000001"), "'91' initial counter over 8 bytes"},
      {"empty host ID", a6(base + "8400"), "'84' host ID empty"},
      {"truncated", "a614" + base, "not one 'A6'"},
  };
  ASSERT_TRUE(decode_crt(from_hex(a6(base))).ok());
  for (const auto& b : bad) {
    SCOPED_TRACE(b.what);
    const Outcome<KeyAgreementCrt> dec = decode_crt(from_hex(b.hex));
    EXPECT_FALSE(dec.ok());
    EXPECT_EQ(dec.error, E::MalformedCommand);
    EXPECT_NE(dec.detail.find(b.detail), std::string::npos) << dec.detail;
  }
}

TEST(EcasdDgi, LengthForms) {
  for (std::size_t len : {std::size_t{0}, std::size_t{254}, std::size_t{255}, std::size_t{300}}) {
    Bytes out;
    put_dgi(out, 0x3A01, Bytes(len, 0x5A));
    EXPECT_EQ(out.size(), 2 + (len < 255 ? 1 : 3) + len);
    const auto d = read_dgi(out);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->id, 0x3A01);
    EXPECT_EQ(d->value.size(), len);
    EXPECT_EQ(d->size, out.size());
  }
  EXPECT_FALSE(read_dgi(from_hex("3a01ff0010" "00000000000000000000000000000000")).has_value());  // not shortest
  EXPECT_FALSE(read_dgi(from_hex("3a010300")).has_value());
  EXPECT_FALSE(read_dgi(from_hex("3a01")).has_value());
}

TEST(EcasdKeyEstablishmentError, StatusWordsAndDescriptions) {
  for (int i = 0; i <= static_cast<int>(E::ReceiptMismatch); ++i) {
    const E e = static_cast<E>(i);
    EXPECT_NE(describe(e), "?");
  }
  EXPECT_EQ(status_word(E::None), std::optional<std::uint16_t>(0x9000));
  EXPECT_EQ(status_word(E::MalformedCommand), std::optional<std::uint16_t>(0x6A80));
  EXPECT_FALSE(status_word(E::BadRandom).has_value());
}

}  // namespace test_ecasd_key_establishment
}  // namespace cardcore::ecasd
