// SCP03 cryptography (GlobalPlatform Card Specification v2.3 Amendment D):
// the KDF, session keys, cryptograms, C-MAC chaining, C-DECRYPTION, R-MAC and
// R-ENCRYPTION against published session transcripts, plus the refusals and
// properties the transcripts do not show.
//
// Published vectors: osmocom pySim, tests/unittests/test_globalplatform.py
// (classes SCP03_Test_AES128_11 ... SCP03_Test_AES256_33): for AES-128, -192
// and -256 static key sets (K-ENC 000102..0F.., K-MAC 101112..1F..) and
// security levels '11' (C-MAC + R-MAC), '03' (C-MAC + C-DECRYPTION) and '33'
// (all four), the INITIALIZE UPDATE command and response (card challenge and
// card cryptogram), the EXTERNAL AUTHENTICATE command (host cryptogram and
// C-MAC), a wrapped GET DATA (EID) command and its protected response, and
// four wrapped commands of the four ISO cases, all in one session each.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_channel.hpp"
#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/gp/scp03_kdf.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::gp::scp03 {
namespace test_scp03 {

struct Transcript {
  const char* name;
  const char* k_enc;
  const char* k_mac;
  const char* init_upd_cmd;
  const char* init_upd_rsp;
  const char* ext_auth_cmd;
  const char* get_eid_cmd;
  const char* get_eid_rsp;  // response data as sent (with R-MAC), SW 9000
  const char* cases[4];     // the wrapped case 1..4 commands
};

constexpr const char* kEnc128 = "000102030405060708090a0b0c0d0e0f";
constexpr const char* kMac128 = "101112131415161718191a1b1c1d1e1f";
constexpr const char* kEnc192 = "000102030405060708090a0b0c0d0e0f0001020304050607";
constexpr const char* kMac192 = "101112131415161718191a1b1c1d1e1f1011121314151617";
constexpr const char* kEnc256 = "000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f";
constexpr const char* kMac256 = "101112131415161718191a1b1c1d1e1f101112131415161718191a1b1c1d1e1f";

// pySim tests/unittests/test_globalplatform.py, byte for byte.
const Transcript kTranscripts[] = {
    {"AES128_11", kEnc128, kMac128, "8050300008b13e5f938fc108c400",
     "000000000000000000003003703eb51047495b249f66c484c1d2ef1948000002", "84821100107d5f5826a993ebc89eea24957fa0b3ce",
     "84e291000ebf3e035c015a558d036518a2829700", "bf3e125a1089882119900000000000000000000005971be68992dbbdfa",
     {"84f220020863a63f8959827fb2", "84ca006608a0c6a4a74166f7ce00", "84f22002124f0212345c054f9f70c52249b50272656536",
      "84f280020a4f00e91443f6dce6b8ed00"}},
    {"AES128_03", kEnc128, kMac128, "80503000088e1552d0513c60f300",
     "0000000000000000000030037030760cd2c47c1dd395065fe5ead8a9d7000001", "8482030010fd4721a14d9b07003c451d2f8ae6bb21",
     "84e2910018ca9c00f6713d79bc8baa642bdff51c3f6a4082d3bd9ad26c00", "bf3e125a1089882119900000000000000000000005",
     {"84f2200208c9811b11f1264cf1", "84ca006608e10ab60b3054798800",
      "84f22002184e2908bdb48b2315a55482e9e936ca122d6ecfae7d17416e",
      "84f28002180dd10a6b6193e5340b9e77d32d5a179cd710ac2773aefb2800"}},
    {"AES128_33", kEnc128, kMac128, "8050300008fdf38259a1e0de4400",
     "000000000000000000003003703b1aca81e821f219081cdc01c26b372d000003", "84823300108c36f96bcc00724a4e13ad591d7da3f0",
     "84e2910018267a85dfe4a98fca6fb0527e0dfecce4914e40401433c87f00",
     "f3ba2b1013aa6224f5e1c138d71805c569e5439b47576260b75fc021b25097cb2e68f8a0144975b9",
     {"84f2200208ac6a59024bed84cc", "84ca006608409912ad8fb7aed000",
      "84f22002185f3dafc3ac14c381536a488bf44e06d056df9d74dbd21e5a",
      "84f280021865165105be3373347d0424d4400af2ac393f569ec779389e00"}},
    {"AES192_11", kEnc192, kMac192, "80503100087396430b768b085b00",
     "000000000000000000003103708cfc23522ffdbf1e5df5542cac8fd866000003", "84821100102145ed30b146f5db252fb7e624cec244",
     "84e291000ebf3e035c015aff42cf801d14394400", "bf3e125a1089882119900000000000000000000005162fbd33e04940a9",
     {"84f22002084584e4f6784811ee", "84ca006608937776ebe190fa3000", "84f22002124f0212345c054f9f70c59a52bddf3040368c",
      "84f280020a4f009804b11411f7393d00"}},
    {"AES192_03", kEnc192, kMac192, "805031000869c65da8202bf19f00",
     "00000000000000000000310370b570a67be38446717729d6dd3d2ec5b1000001", "848203001065df4f1a356a887905466516d9e5b7c1",
     "84e2910018d2c6fb477c5d4afe4fd4d21f17eff10d3578ec1774a12a2d00", "bf3e125a1089882119900000000000000000000005",
     {"84f2200208964e188f0b1bb697", "84ca006608f0820035a41d3e1800",
      "84f220021806b076ed452cd1fa84f77f5c08a146aa77a9286757dea791",
      "84f2800218d06527e39222dce091fabdb8e9b898417a67a6852d3577db00"}},
    {"AES192_33", kEnc192, kMac192, "80503100089b3f2eef0e8c937400",
     "00000000000000000000310370f6bb305a15bae1a68f79fb08212fbed7000002", "84823300109100bc22d58b45b86a26365ce39ff3cf",
     "84e29100188f7f946c84f70d17994bc6e8791251bb1bb1bf02cf8de58900",
     "c05176c1b6f72aae50c32cbee63b0e95998928fd4dfb2be9f27ffde8c8476f5909b4805cc4039599",
     {"84f2200208d5d97754b6b3d2ba", "84ca006608516c82b8e30adbeb00",
      "84f2200218cc247f4761e6944277a4e0d6e32e44025b1e31537e2fc668",
      "84f2800218ba22b63d509bef5d093b43e5eaed03ed23144ab2d9cb51de00"}},
    {"AES256_11", kEnc256, kMac256, "805032000811666d57866c6f5400",
     "0000000000000000000032037053ea8847efa7674e41498a4d66cf0dee000003", "84821100102f2ad190eff2fafc4908996d1cebd310",
     "84e291000ebf3e035c015af4b680372542b59d00", "bf3e125a10898821199000000000000000000000058012dd7f01f1c4c1",
     {"84f2200208d618b7da68d5fe52", "84ca0066088f3e055db23ad5e500", "84f22002124f0212345c054f9f70c5b6e15cc42404915e",
      "84f280020a4f00aa124aa74afe7f7500"}},
    {"AES256_03", kEnc256, kMac256, "8050320008c6066990fc426e1d00",
     "000000000000000000003203708682cd81bbd8919f2de3f2664581f118000001", "848203001077c493b632edadaf865a1e64acc07ce9",
     "84e29100183ddaa60594963befaada3525b492ede23c2ab2c1ce3afe4400", "bf3e125a1089882119900000000000000000000005",
     {"84f2200208480ddc8e419da38d", "84ca0066083e9d6a6c0b2d732000",
      "84f22002183ebfef2da8b04af2a85f491f299b76973df76ff08a4031be",
      "84f2800218783fff80990f5585b1055010ea95094a26e4a8f1ef4b18e100"}},
    {"AES256_33", kEnc256, kMac256, "805032000897b2055fe58599fd00",
     "00000000000000000000320370a8439a22cedf045fa9f1903b2834f26e000002", "8482330010508a0fd959d2e547c6b33154a6be2057",
     "84e29100187a5ef717eaf1e135ae92fe54429d0e465decda65f5fe5aea00",
     "ea90dbfa648a67c5eb6abc57f8530b97d0cd5647c5e8732016b55203b078dd2ace7f8bc5d1c1cd99",
     {"84f2200208bcc5c17275545d93", "84ca00660804806aba9d543bb600",
      "84f2200218717222491556ec81a45f49ce48be33320024801a1c4cb0e0",
      "84f2800218561f105bccd3a1642904b251ccc1228beb80a82370a8637000"}},
};

// The plain commands of the pySim test (SCP03_Test in the same file).
constexpr const char* kGetEidPlain = "80E2910006BF3E035C015A00";
constexpr const char* kGetEidRspPlain = "bf3e125a1089882119900000000000000000000005";
constexpr const char* kCasesPlain[4] = {"80F22002", "80ca006600", "80F220020a4f0212345c054f9f70c5", "80f28002024f0000"};

ByteView slice(const Bytes& b, std::size_t off, std::size_t len) { return ByteView(b).subspan(off, len); }

TEST(Scp03Vectors, PySimSessionsMatchByteForByte) {
  for (const Transcript& t : kTranscripts) {
    SCOPED_TRACE(t.name);
    const Bytes k_enc = from_hex(t.k_enc), k_mac = from_hex(t.k_mac);
    const Bytes iu_cmd = from_hex(t.init_upd_cmd), iu_rsp = from_hex(t.init_upd_rsp);
    const Bytes ea_cmd = from_hex(t.ext_auth_cmd);
    const ByteView host_challenge = slice(iu_cmd, 5, 8);
    const ByteView card_challenge = slice(iu_rsp, 13, 8);
    const std::uint8_t level = ea_cmd[2];

    // §6.2.1, §6.2.2.2: the card cryptogram of the INITIALIZE UPDATE response.
    const SessionKeys keys = derive_session_keys(k_enc, k_mac, host_challenge, card_challenge);
    ASSERT_EQ(keys.s_enc.size(), k_enc.size());
    ASSERT_EQ(keys.s_rmac.size(), k_mac.size());
    const Cryptogram cc = card_cryptogram(keys.s_mac, host_challenge, card_challenge);
    EXPECT_EQ(to_hex(cc), to_hex(slice(iu_rsp, 21, 8)));

    // §6.2.2.3, §6.2.4: EXTERNAL AUTHENTICATE = host cryptogram || C-MAC,
    // the first C-MAC of the session (chaining value zero, no encryption).
    SecureChannel ch(keys);
    const Cryptogram hc = host_cryptogram(keys.s_mac, host_challenge, card_challenge);
    EXPECT_EQ(to_hex(hc), to_hex(slice(ea_cmd, 5, 8)));
    const Mac ea_mac = ch.command_mac(0x80, 0x82, level, 0x00, hc);
    EXPECT_EQ(to_hex(ea_mac), to_hex(slice(ea_cmd, 13, 8)));
    EXPECT_EQ(ch.encryption_counter(), 0u);

    // GET DATA (EID) and its response: R-MAC over the data as sent; R-ENC
    // under the counter of the command.
    EXPECT_EQ(to_hex(wrap_command(ch, level, from_hex(kGetEidPlain))), t.get_eid_cmd);
    if (level & 0x10) {
      const Bytes rsp = from_hex(t.get_eid_rsp);
      const Bytes data(rsp.begin(), rsp.end() - static_cast<std::ptrdiff_t>(kMacBytes));
      EXPECT_EQ(to_hex(ch.response_mac(data, 0x9000)), to_hex(slice(rsp, data.size(), kMacBytes)));
      const Bytes plain = (level & 0x20) ? ch.decrypt_response_data(data) : data;
      EXPECT_EQ(to_hex(plain), kGetEidRspPlain);
      if (level & 0x20) {
        EXPECT_EQ(to_hex(ch.encrypt_response_data(plain)), to_hex(data));
      }
    }

    // The four ISO cases, chained on; with C-DECRYPTION the counter moves on
    // for cases 1 and 2 too, which have no data to encrypt.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(to_hex(wrap_command(ch, level, from_hex(kCasesPlain[i]))), t.cases[i]) << i;
    if (level & 0x02) {
      EXPECT_EQ(ch.encryption_counter(), 5u);
    }
  }
}

// The card's side of the AES128_33 session: it verifies each C-MAC and
// decrypts the data to the plain commands, and builds the protected response.
TEST(Scp03Vectors, PySimSessionCardSide) {
  const Transcript& t = kTranscripts[2];
  ASSERT_STREQ(t.name, "AES128_33");
  const Bytes iu_cmd = from_hex(t.init_upd_cmd), iu_rsp = from_hex(t.init_upd_rsp);
  const SessionKeys keys =
      derive_session_keys(from_hex(t.k_enc), from_hex(t.k_mac), slice(iu_cmd, 5, 8), slice(iu_rsp, 13, 8));
  SecureChannel card(keys);
  const Bytes ea = from_hex(t.ext_auth_cmd);
  ASSERT_TRUE(card.verify_command_mac(ea[0], ea[1], ea[2], ea[3], slice(ea, 5, 8), slice(ea, 13, 8)));

  const Bytes cmd = from_hex(t.get_eid_cmd);
  const std::size_t lc = cmd[4];
  const ByteView sent = slice(cmd, 5, lc - kMacBytes);
  ASSERT_TRUE(card.verify_command_mac(cmd[0], cmd[1], cmd[2], cmd[3], sent, slice(cmd, 5 + lc - kMacBytes, 8)));
  EXPECT_EQ(to_hex(card.decrypt_command_data(sent)), "bf3e035c015a");

  const Bytes enc = card.encrypt_response_data(from_hex(kGetEidRspPlain));
  const Mac rmac = card.response_mac(enc, 0x9000);
  Bytes rsp = enc;
  rsp.insert(rsp.end(), rmac.begin(), rmac.end());
  EXPECT_EQ(to_hex(rsp), t.get_eid_rsp);
}

// The card's whole session (CardSession) on the nine transcripts: the
// INITIALIZE UPDATE response byte for byte, pseudo-random card challenge
// included (§6.2.2.1: the cards of the transcripts derived it from their
// sequence counter and the ISD-R's AID, A0000005591010FFFFFFFF8900000100),
// EXTERNAL AUTHENTICATE, every wrapped command back to its plain form and
// the protected GET DATA response.
TEST(Scp03Vectors, PySimSessionsOnTheCardSession) {
  const Bytes isd_r = from_hex("A0000005591010FFFFFFFF8900000100");
  for (const Transcript& t : kTranscripts) {
    SCOPED_TRACE(t.name);
    const Bytes iu_rsp = from_hex(t.init_upd_rsp);
    StaticKeys keys;
    keys.kvn = iu_rsp[10];
    keys.enc = from_hex(t.k_enc);
    keys.mac = from_hex(t.k_mac);
    const std::uint32_t sequence = static_cast<std::uint32_t>(iu_rsp[29] << 16 | iu_rsp[30] << 8 | iu_rsp[31]);
    CardSession card;
    StatusWord err = sw::kOk;
    const Bytes iu = from_hex(t.init_upd_cmd);
    Bytes out;
    ASSERT_EQ(card.initialize_update(keys, sequence, isd_r, *parse_command_apdu(iu, err), out), sw::kOk);
    EXPECT_EQ(to_hex(out), t.init_upd_rsp);
    const Bytes ea = from_hex(t.ext_auth_cmd);
    ASSERT_EQ(card.external_authenticate(*parse_command_apdu(ea, err)), sw::kOk);
    EXPECT_EQ(card.security_level(), ea[2]);
    const Bytes eid = from_hex(t.get_eid_cmd);
    const std::optional<Bytes> plain = card.unwrap(*parse_command_apdu(eid, err), err);
    ASSERT_TRUE(plain);
    EXPECT_EQ(to_hex(*plain), to_hex(from_hex(kGetEidPlain)));
    if (ea[2] & 0x10) {
      EXPECT_EQ(to_hex(card.protect_response(from_hex(kGetEidRspPlain), 0x9000)), t.get_eid_rsp);
    }
    for (int i = 0; i < 4; ++i) {
      const Bytes cmd = from_hex(t.cases[i]);
      const std::optional<Bytes> p = card.unwrap(*parse_command_apdu(cmd, err), err);
      ASSERT_TRUE(p) << i;
      EXPECT_EQ(to_hex(*p), to_hex(from_hex(kCasesPlain[i]))) << i;
    }
  }
}

// The off-card side (HostSession) sends the transcripts' commands byte for
// byte and reads their protected GET DATA response.
TEST(Scp03Vectors, PySimSessionsOnTheHostSession) {
  for (const Transcript& t : kTranscripts) {
    SCOPED_TRACE(t.name);
    const Bytes iu_cmd = from_hex(t.init_upd_cmd), iu_rsp = from_hex(t.init_upd_rsp);
    const Bytes ea = from_hex(t.ext_auth_cmd);
    StaticKeys keys;
    keys.kvn = iu_cmd[2];
    keys.enc = from_hex(t.k_enc);
    keys.mac = from_hex(t.k_mac);
    HostSession host(keys, Bytes(iu_cmd.begin() + 5, iu_cmd.begin() + 13));
    EXPECT_EQ(to_hex(host.initialize_update()), t.init_upd_cmd);
    ASSERT_TRUE(host.take_response(iu_rsp));
    EXPECT_EQ(host.sequence_counter(), static_cast<std::uint32_t>(iu_rsp[31]));
    EXPECT_EQ(to_hex(host.external_authenticate(ea[2])), t.ext_auth_cmd);
    EXPECT_EQ(to_hex(host.wrap(from_hex(kGetEidPlain))), t.get_eid_cmd);
    const std::optional<Bytes> rsp = host.unwrap_response(from_hex(t.get_eid_rsp), 0x9000);
    ASSERT_TRUE(rsp);
    EXPECT_EQ(to_hex(*rsp), kGetEidRspPlain);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(to_hex(host.wrap(from_hex(kCasesPlain[i]))), t.cases[i]) << i;
  }
  // A response with a wrong card cryptogram is refused.
  const Transcript& t = kTranscripts[0];
  Bytes rsp = from_hex(t.init_upd_rsp);
  rsp[22] ^= 0x01;
  StaticKeys keys;
  keys.enc = from_hex(t.k_enc);
  keys.mac = from_hex(t.k_mac);
  const Bytes iu = from_hex(t.init_upd_cmd);
  HostSession host(keys, Bytes(iu.begin() + 5, iu.begin() + 13));
  EXPECT_FALSE(host.take_response(rsp));
}

// A wrong host cryptogram, a replayed command (its C-MAC no longer chains)
// and commands out of order end the session.
TEST(Scp03CardSession, RefusalsEndTheSession) {
  const Transcript& t = kTranscripts[0];
  const Bytes isd_r = from_hex("A0000005591010FFFFFFFF8900000100");
  StaticKeys keys;
  keys.enc = from_hex(t.k_enc);
  keys.mac = from_hex(t.k_mac);
  StatusWord err = sw::kOk;
  const Bytes iu = from_hex(t.init_upd_cmd);
  Bytes ea = from_hex(t.ext_auth_cmd);
  CardSession card;
  Bytes out;
  EXPECT_EQ(card.external_authenticate(*parse_command_apdu(ea, err)), sw::kConditionsNotSatisfied);
  Bytes other_kvn = iu;
  other_kvn[2] = 0x31;
  EXPECT_EQ(card.initialize_update(keys, 2, isd_r, *parse_command_apdu(other_kvn, err), out), sw::kReferencedDataNotFound);
  ASSERT_EQ(card.initialize_update(keys, 2, isd_r, *parse_command_apdu(iu, err), out), sw::kOk);
  Bytes bad = ea;
  bad[6] ^= 0x01;  // host cryptogram
  EXPECT_EQ(card.external_authenticate(*parse_command_apdu(bad, err)), sw::kAuthenticationFailed);
  EXPECT_FALSE(card.authenticated());
  ASSERT_EQ(card.initialize_update(keys, 2, isd_r, *parse_command_apdu(iu, err), out), sw::kOk);
  ASSERT_EQ(card.external_authenticate(*parse_command_apdu(ea, err)), sw::kOk);
  const Bytes cmd = from_hex(t.get_eid_cmd);
  ASSERT_TRUE(card.unwrap(*parse_command_apdu(cmd, err), err));
  EXPECT_FALSE(card.unwrap(*parse_command_apdu(cmd, err), err));  // replayed
  EXPECT_EQ(err, sw::kSecurityStatusNotSatisfied);
  EXPECT_FALSE(card.authenticated());
}

template <typename F>
std::string invalid_argument_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no std::invalid_argument)";
}

TEST(Scp03Refusals, BadKeyLengths) {
  const Bytes ch8(8, 0x11);
  for (std::size_t n : {0u, 8u, 15u, 17u, 20u, 31u, 33u}) {
    const Bytes key(n, 0x40);
    EXPECT_NE(invalid_argument_of([&] { kdf(key, DerivationConstant::SEnc, ch8, 128); }).find("16, 24 or 32"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { derive_session_keys(key, Bytes(16, 1), ch8, ch8); }).find("K-ENC of"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { derive_session_keys(Bytes(16, 1), key, ch8, ch8); }).find("K-MAC of"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { card_cryptogram(key, ch8, ch8); }).find("S-MAC of"), std::string::npos) << n;
    EXPECT_NE(invalid_argument_of([&] { SecureChannel(SessionKeys{key, Bytes(16, 1), Bytes(16, 2)}); })
                  .find("session key of"),
              std::string::npos)
        << n;
  }
  EXPECT_NE(invalid_argument_of([&] { derive_session_keys(Bytes(16, 1), Bytes(32, 2), ch8, ch8); })
                .find("a key set has one length"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] { SecureChannel(SessionKeys{Bytes(16, 1), Bytes(16, 2), Bytes(24, 3)}); })
                .find("differ in length"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] { kdf(Bytes(16, 1), DerivationConstant::SEnc, ch8, 12); }).find("L = 12"),
            std::string::npos);
}

TEST(Scp03Refusals, WrongChallengeLengths) {
  const Bytes key(16, 0x40), ch8(8, 0x11);
  for (std::size_t n : {0u, 7u, 9u, 16u}) {
    const Bytes bad(n, 0x22);
    EXPECT_NE(invalid_argument_of([&] { derive_session_keys(key, key, bad, ch8); }).find("host challenge of"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { derive_session_keys(key, key, ch8, bad); }).find("card challenge of"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { host_cryptogram(key, bad, ch8); }).find("host challenge of"),
              std::string::npos)
        << n;
    EXPECT_NE(invalid_argument_of([&] { card_cryptogram(key, ch8, bad); }).find("card challenge of"),
              std::string::npos)
        << n;
  }
}

SessionKeys some_keys() {
  return derive_session_keys(from_hex(kEnc128), from_hex(kMac128), from_hex("0001020304050607"),
                             from_hex("08090a0b0c0d0e0f"));
}

TEST(Scp03Kdf, LAndConstantAreInThePrfInput) {
  const Bytes key = from_hex(kMac128), context(16, 0x5a);
  const Bytes l64 = kdf(key, DerivationConstant::CardCryptogram, context, 64);
  const Bytes l128 = kdf(key, DerivationConstant::CardCryptogram, context, 128);
  ASSERT_EQ(l64.size(), 8u);
  ASSERT_EQ(l128.size(), 16u);
  EXPECT_NE(to_hex(l64), to_hex(slice(l128, 0, 8)));
  EXPECT_NE(to_hex(l64), to_hex(kdf(key, DerivationConstant::HostCryptogram, context, 64)));
  // Two PRF blocks for 256 bits, the second under i = 2: not a repeat.
  const Bytes l256 = kdf(key, DerivationConstant::SEnc, context, 256);
  EXPECT_NE(to_hex(slice(l256, 0, 16)), to_hex(slice(l256, 16, 16)));
}

TEST(Scp03Channel, TamperedCommandMacDiffers) {
  const SessionKeys keys = some_keys();
  const Bytes data = from_hex("4f0212345c054f9f70c5");
  SecureChannel reference(keys);
  const Mac good = reference.command_mac(0x80, 0xF2, 0x20, 0x02, data);

  for (std::size_t i = 0; i < data.size(); ++i) {
    Bytes bad = data;
    bad[i] ^= 0x01;
    SecureChannel ch(keys);
    EXPECT_NE(ch.command_mac(0x80, 0xF2, 0x20, 0x02, bad), good) << i;
  }
  EXPECT_NE(SecureChannel(keys).command_mac(0x80, 0xF0, 0x20, 0x02, data), good);
  EXPECT_NE(SecureChannel(keys).command_mac(0x80, 0xF2, 0x21, 0x02, data), good);
  EXPECT_NE(SecureChannel(keys).command_mac(0x80, 0xF2, 0x20, 0x03, data), good);
  EXPECT_NE(SecureChannel(keys).command_mac(0x80, 0xF2, 0x20, 0x02, slice(data, 0, 9)), good);
  // The logical channel bits are not MACed (CLA' has them zero).
  EXPECT_EQ(SecureChannel(keys).command_mac(0x81, 0xF2, 0x20, 0x02, data), good);

  // The card refuses the tampered command, and the chaining value moves on.
  SecureChannel card(keys);
  Bytes bad = data;
  bad[0] ^= 0x80;
  EXPECT_FALSE(card.verify_command_mac(0x80, 0xF2, 0x20, 0x02, bad, good));
  EXPECT_FALSE(SecureChannel(keys).verify_command_mac(0x80, 0xF2, 0x20, 0x02, data, slice(Bytes(good.begin(), good.end()), 0, 7)));
  EXPECT_TRUE(SecureChannel(keys).verify_command_mac(0x80, 0xF2, 0x20, 0x02, data, good));

  // A replayed command under the next chaining value gets another MAC.
  EXPECT_NE(reference.command_mac(0x80, 0xF2, 0x20, 0x02, data), good);
  // Response MAC covers the SW.
  EXPECT_NE(reference.response_mac(data, 0x9000), reference.response_mac(data, 0x6310));
}

TEST(Scp03Channel, EncryptionRoundTrip) {
  const SessionKeys keys = some_keys();
  SecureChannel host(keys), card(keys);
  for (std::size_t n = 0; n <= 40; ++n) {
    Bytes plain(n);
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<std::uint8_t>(i * 7 + n);
    const Bytes c = host.encrypt_command_data(plain);
    EXPECT_EQ(c.size(), n == 0 ? 0 : (n / 16 + 1) * 16) << n;
    EXPECT_EQ(card.decrypt_command_data(c), plain) << n;
    const Bytes r = card.encrypt_response_data(plain);
    EXPECT_EQ(host.decrypt_response_data(r), plain) << n;
    if (n > 0) {
      EXPECT_NE(r, c) << n;  // '80' in the response ICV
    }
  }
  EXPECT_EQ(host.encryption_counter(), 41u);
  EXPECT_EQ(card.encryption_counter(), 41u);
  // The largest data that still fits a short Lc with padding and MAC.
  EXPECT_EQ(card.decrypt_command_data(host.encrypt_command_data(Bytes(239, 0xAA))), Bytes(239, 0xAA));
  EXPECT_NE(invalid_argument_of([&] { host.encrypt_command_data(Bytes(240, 0xAA)); }).find("short Lc"),
            std::string::npos);
}

TEST(Scp03Channel, CounterIncrementsChangeTheIcv) {
  const SessionKeys keys = some_keys();
  SecureChannel ch(keys);
  EXPECT_NE(ch.icv(1, false), ch.icv(2, false));
  EXPECT_NE(ch.icv(1, false), ch.icv(1, true));
  EXPECT_NE(ch.icv(0x100, false), ch.icv(1, false));

  const Bytes plain = from_hex("4f0212345c054f9f70c5a1a2a3a4a5a6a7a8a9");  // two blocks once padded
  const Bytes first = ch.encrypt_command_data(plain);
  EXPECT_EQ(ch.encryption_counter(), 1u);
  EXPECT_TRUE(ch.encrypt_command_data({}).empty());  // counts, encrypts nothing
  EXPECT_EQ(ch.encryption_counter(), 2u);
  const Bytes third = ch.encrypt_command_data(plain);
  EXPECT_NE(first, third);

  // A card one counter step behind decrypts the first block wrongly (the
  // ICV only enters there; the padding in the second block still checks).
  SecureChannel card(keys);
  EXPECT_EQ(card.decrypt_command_data(first), plain);
  const Bytes wrong = card.decrypt_command_data(third);  // card at 2, data made at 3
  ASSERT_EQ(wrong.size(), plain.size());
  EXPECT_NE(to_hex(slice(wrong, 0, 16)), to_hex(slice(plain, 0, 16)));
  EXPECT_EQ(to_hex(slice(wrong, 16, 3)), to_hex(slice(plain, 16, 3)));
}

TEST(Scp03Channel, BadCiphertextRefused) {
  SecureChannel ch(some_keys());
  EXPECT_NE(invalid_argument_of([&] { ch.decrypt_command_data(Bytes(15, 0)); }).find("not a multiple of 16"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] { ch.decrypt_response_data(Bytes(17, 0)); }).find("not a multiple of 16"),
            std::string::npos);
}

}  // namespace test_scp03
}  // namespace cardcore::gp::scp03
