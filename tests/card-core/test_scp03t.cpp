// SCP03t (GSMA SGP.02 §2.5.2, §4.1.3.3), the TLV form of SCP03: the host
// side (HostSession's TLV calls) against the card side (CardSession's), and
// each TLV's MAC and ciphering recomputed here from the rules — GP
// Amendment D's keys, cryptograms, chaining and counters with the MAC over
// tag and length instead of the APDU header.
#include <gtest/gtest.h>

#include "cardcore/apdu/command_apdu.hpp"
#include "cardcore/gp/scp03_card_session.hpp"
#include "cardcore/gp/scp03_host_session.hpp"
#include "cardcore/gp/scp03_session_keys.hpp"
#include "cardcore/ota/aes_cmac.hpp"
#include "cardcore/ota/block_cipher.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::gp::scp03 {
namespace test_scp03t {

const Bytes kAid = from_hex("A0000005591010FFFFFFFF8900001200");

StaticKeys keys() {
  StaticKeys k;
  k.kvn = 0x30;
  k.enc = from_hex("000102030405060708090a0b0c0d0e0f");
  k.mac = from_hex("101112131415161718191a1b1c1d1e1f");
  k.dek = from_hex("202122232425262728292a2b2c2d2e2f");
  return k;
}

tlv::BerTlv parsed(const Bytes& b) {
  const tlv::Result<tlv::BerTlv> t = tlv::parse_ber(b);
  EXPECT_TRUE(t.ok());
  return t.value;
}

// The session opened both ways: host and card, the card's '84' response.
struct Pair {
  HostSession host{keys(), from_hex("0807060504030201")};
  CardSession card;
  Bytes iu_response;
  Pair() {
    const Bytes iu = host.initialize_update_tlv();
    EXPECT_EQ(to_hex(iu), "840a3000" "0807060504030201");
    EXPECT_EQ(card.initialize_update_tlv(keys(), 5, kAid, parsed(iu).value, iu_response), sw::kOk);
    EXPECT_TRUE(host.take_response(iu_response));
    const Bytes ea = host.external_authenticate_tlv();
    EXPECT_EQ(card.external_authenticate_tlv(parsed(ea).value), sw::kOk);
  }
};

// '84' is INITIALIZE UPDATE: the same response data as the APDU form.
TEST(Scp03t, InitializeUpdateTlvIsTheApduFormsSession) {
  CardSession apdu_card;
  const Bytes c = from_hex("8050300008" "0807060504030201");
  StatusWord err = sw::kOk;
  const auto parsed_apdu = parse_command_apdu(c, err);
  ASSERT_TRUE(parsed_apdu);
  Bytes apdu_response;
  ASSERT_EQ(apdu_card.initialize_update(keys(), 5, kAid, *parsed_apdu, apdu_response), sw::kOk);
  Pair p;
  EXPECT_EQ(p.iu_response, apdu_response);
  EXPECT_TRUE(p.card.authenticated());
  EXPECT_EQ(p.card.security_level(), kTlvSecurityLevel);
}

// '85': the C-MAC over 16 x '00' || '85' L || level || host cryptogram.
TEST(Scp03t, ExternalAuthenticateMacCoversTagAndLength) {
  HostSession host(keys(), from_hex("0807060504030201"));
  CardSession card;
  Bytes r;
  ASSERT_EQ(card.initialize_update_tlv(keys(), 5, kAid, parsed(host.initialize_update_tlv()).value, r), sw::kOk);
  ASSERT_TRUE(host.take_response(r));
  const Bytes ea = host.external_authenticate_tlv();
  const Bytes card_challenge(r.begin() + 13, r.begin() + 21);
  const SessionKeys sk = derive_session_keys(keys().enc, keys().mac, from_hex("0807060504030201"), card_challenge);
  const Cryptogram hc = host_cryptogram(sk.s_mac, from_hex("0807060504030201"), card_challenge);
  Bytes input(16, 0x00);
  input.insert(input.end(), {0x85, 0x11, 0x33});
  input.insert(input.end(), hc.begin(), hc.end());
  ota::BlockCipher mac(ota::CipherAlgorithm::AesCbc, sk.s_mac);
  const auto full = ota::aes_cmac(mac, input);
  Bytes expected{0x85, 0x11, 0x33};
  expected.insert(expected.end(), hc.begin(), hc.end());
  expected.insert(expected.end(), full.begin(), full.begin() + 8);
  EXPECT_EQ(to_hex(ea), to_hex(expected));
}

// '86': C-DECRYPTION with the counter's ICV, the C-MAC over the chaining
// value || '86' L || cipher text, the length counting the MAC; the card
// gets the plain data back, segment after segment.
TEST(Scp03t, CommandTlvsRoundTripAndChain) {
  Pair p;
  const Bytes first = from_hex("A03E800102810103");
  Bytes second(700, 0x5A);
  const Bytes t1 = p.host.wrap_tlv(0x86, first);
  const Bytes t2 = p.host.wrap_tlv(0x86, second);
  EXPECT_EQ(t1.size(), 2u + 16u + 8u);
  EXPECT_EQ(to_hex(ByteView(t2).first(4)), "868202c8");  // 700 padded to 704, + 8: long form
  EXPECT_EQ(p.card.unwrap_tlv(0x86, parsed(t1).value), first);
  EXPECT_EQ(p.card.unwrap_tlv(0x86, parsed(t2).value), second);
  // Responses: none ('86' 00), or ciphered data with its R-MAC.
  EXPECT_EQ(p.host.unwrap_tlv_response({}), Bytes{});
  const Bytes answer = p.card.protect_tlv_response(from_hex("9000AB"));
  EXPECT_EQ(answer.size(), 16u + 8u);
  EXPECT_EQ(p.host.unwrap_tlv_response(answer), from_hex("9000AB"));
  EXPECT_TRUE(p.card.protect_tlv_response({}).empty());
}

TEST(Scp03t, TamperedReplayedOrOversizedTlvsAreRefused) {
  {
    Pair p;
    Bytes t = p.host.wrap_tlv(0x86, from_hex("00112233"));
    t[3] ^= 0x01;
    EXPECT_FALSE(p.card.unwrap_tlv(0x86, parsed(t).value));
    EXPECT_FALSE(p.card.authenticated());  // the session ends
  }
  {
    Pair p;
    const Bytes t = p.host.wrap_tlv(0x86, from_hex("00112233"));
    ASSERT_TRUE(p.card.unwrap_tlv(0x86, parsed(t).value));
    EXPECT_FALSE(p.card.unwrap_tlv(0x86, parsed(t).value));  // the chaining value moved on
  }
  {
    Pair p;
    const Bytes t = p.host.wrap_tlv(0x86, from_hex("00112233"));
    EXPECT_FALSE(p.card.unwrap_tlv(0x87, parsed(t).value));  // the tag is MACed
  }
  {
    Pair p;
    p.host.wrap_tlv(0x86, from_hex("00"));
    const Bytes skipped = p.host.wrap_tlv(0x86, from_hex("01"));
    EXPECT_FALSE(p.card.unwrap_tlv(0x86, parsed(skipped).value));  // counter and chaining of the first
  }
  {
    Pair p;
    const Bytes answer = p.card.protect_tlv_response(from_hex("01"));
    Bytes bad = answer;
    bad.back() ^= 0x01;
    p.host.wrap_tlv(0x86, from_hex("00"));
    EXPECT_FALSE(p.host.unwrap_tlv_response(bad));
  }
  Pair p;
  EXPECT_THROW(p.host.wrap_tlv(0x86, Bytes(SecureChannel::kMaxTlvData, 0x00)), std::invalid_argument);
  EXPECT_NO_THROW(p.host.wrap_tlv(0x86, Bytes(SecureChannel::kMaxTlvData - 16, 0x00)));
  // '85' before the '84' response, a TLV before '85'.
  HostSession fresh(keys(), from_hex("0807060504030201"));
  EXPECT_THROW(fresh.external_authenticate_tlv(), std::logic_error);
  EXPECT_THROW(fresh.wrap_tlv(0x86, from_hex("00")), std::logic_error);
  CardSession card;
  EXPECT_EQ(card.external_authenticate_tlv(Bytes(17, 0x00)), sw::kConditionsNotSatisfied);
  EXPECT_FALSE(card.unwrap_tlv(0x86, Bytes(24, 0x00)));
}

TEST(Scp03t, ExternalAuthenticateRefusals) {
  for (int fault = 0; fault < 3; ++fault) {
    HostSession host(keys(), from_hex("0807060504030201"));
    CardSession card;
    Bytes r;
    ASSERT_EQ(card.initialize_update_tlv(keys(), 5, kAid, parsed(host.initialize_update_tlv()).value, r), sw::kOk);
    ASSERT_TRUE(host.take_response(r));
    const Bytes whole = host.external_authenticate_tlv();
    const ByteView value = parsed(whole).value;
    Bytes ea(value.begin(), value.end());
    StatusWord expected = sw::kAuthenticationFailed;
    if (fault == 0) ea[1] ^= 0x01;  // host cryptogram
    if (fault == 1) ea.back() ^= 0x01;  // C-MAC
    if (fault == 2) {
      ea[0] = 0x03;  // another security level
      expected = sw::kIncorrectP1P2;
    }
    EXPECT_EQ(card.external_authenticate_tlv(ea), expected) << fault;
    EXPECT_FALSE(card.authenticated());
  }
  CardSession card;
  Bytes r;
  EXPECT_EQ(card.initialize_update_tlv(keys(), 5, kAid, from_hex("3000080706050403"), r), sw::kWrongLength);
  EXPECT_EQ(card.initialize_update_tlv(keys(), 5, kAid, from_hex("31000807060504030201"), r), sw::kReferencedDataNotFound);
}

}  // namespace test_scp03t
}  // namespace cardcore::gp::scp03
