// Corrupt, replayed, misaddressed and incomplete command packets: each gets
// the PoR status TS 102 225 §5.2 gives (or none, when it cannot be
// attributed), and none changes anything on the card: save_state() is the
// same before and after (once the PoR, if any, has been fetched).
#include <random>

#include "cardcore/sms/deliver.hpp"
#include "ota_fixture.hpp"

namespace spi = cardcore::testing::spi;

namespace test_ota_corrupt {

using cardcore::testing::OtaCard;
using cardcore::testing::security;
using cardcore::testing::upper_hex;
using namespace cardcore;

const std::string kUpdateImsi = "00A4000C026F07" "00D6000009" "084906402143658709";

class Corrupt : public OtaCard {
 protected:
  void SetUp() override {
    OtaCard::SetUp();
    // One packet went through: counter 3 is stored.
    const std::string ok = run(packet(sec, remote::kTarUsimRfm, 3, from_hex("00A4000C026F07")));
    ASSERT_EQ(por_of(ok, sec, remote::kTarUsimRfm, 3).packet.status, ota::PorStatus::Ok);
    ASSERT_EQ(stored_counter(1), 3u);
  }

  // Sends `packet` (one SMS) and expects a PoR with `status` protected as
  // `sec` asks (the packet passed its key and CC checks), and the card
  // unchanged.
  void expect_secured_por(const Bytes& p, const ota::CommandSecurity& s, const ota::Tar& tar, ota::Counter counter,
                          ota::PorStatus status) {
    const Bytes before = card.save_state();
    const ota::DecodedPor por = por_of(run(p), s, tar, counter);
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, status);
    EXPECT_TRUE(por.packet.additional_data.empty());
    EXPECT_EQ(card.save_state(), before);
  }
  // Sends `packet` (one SMS) and expects an unprotected PoR with `status`
  // in the SMS-DELIVER-REPORT data, and the card unchanged.
  void expect_por(const Bytes& p, const ota::Tar& tar, ota::PorStatus status) {
    const Bytes before = card.save_state();
    const std::string answer = run(p);
    const Bytes data = from_hex(answer.substr(0, answer.size() - 4));
    ASSERT_GE(data.size(), 3u) << answer;
    ota::ResponsePacket por;
    ota::IntegrityField none;
    // Unprotected (RHL 10, not ciphered): readable without keys.
    ASSERT_EQ(ota::decode_response_packet(ByteView(data).subspan(3), none, nullptr, por), ota::ResponseCheck::Ok)
        << answer;
    EXPECT_EQ(por.status, status) << answer;
    EXPECT_EQ(por.tar, tar);
    EXPECT_TRUE(por.additional_data.empty());
    EXPECT_EQ(card.save_state(), before);
  }
  // Sends the TPDU and expects `sw` and the card unchanged.
  void expect_answer(const Bytes& tpdu, const std::string& sw) {
    const Bytes before = card.save_state();
    EXPECT_EQ(envelope(tpdu), sw);
    EXPECT_EQ(card.save_state(), before);
  }

  const ota::CommandSecurity sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
};

TEST_F(Corrupt, BadCryptographicChecksum) {
  Bytes p = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  p[20] ^= 0x01;  // inside the ciphered CC: deciphers to another CC
  expect_por(p, remote::kTarUsimRfm, ota::PorStatus::RcCcDsFailed);
  Bytes tail = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  tail.back() ^= 0x80;  // the last block: the data deciphers to something else
  expect_por(tail, remote::kTarUsimRfm, ota::PorStatus::RcCcDsFailed);
  // The header is covered too: KID's key version 3 has no key set ('06'),
  // an SPI that asks for no PoR ciphering does not match the CC.
  Bytes kid = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  kid[6] = 0x32;
  expect_por(kid, remote::kTarUsimRfm, ota::PorStatus::UnidentifiedSecurityError);
  Bytes spi2 = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  spi2[4] = 0x09;  // PoR CC, not ciphered
  expect_por(spi2, remote::kTarUsimRfm, ota::PorStatus::RcCcDsFailed);
  // The vector's packet with one bit flipped.
  Bytes vector_packet = from_hex("00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058");
  vector_packet[30] ^= 0x10;
  expect_por(vector_packet, remote::kTarUsimRfm, ota::PorStatus::RcCcDsFailed);
  EXPECT_EQ(stored_counter(1), 3u);
}

// The counter is checked after the CC: a replayed packet is authentic, so
// its PoR carries the protection the SPI asks for.
TEST_F(Corrupt, ReplayedAndStaleCounters) {
  expect_secured_por(packet(sec, remote::kTarUsimRfm, 3, from_hex(kUpdateImsi)), sec, remote::kTarUsimRfm, 3,
                     ota::PorStatus::CounterLow);
  expect_secured_por(packet(sec, remote::kTarUiccRfm, 2, from_hex(kUpdateImsi)), sec, remote::kTarUiccRfm, 2,
                     ota::PorStatus::CounterLow);
  const auto one_higher = security(spi::kCcCipheredCounterOneHigher, spi::kPorAlwaysCcCipheredReport);
  expect_secured_por(packet(one_higher, remote::kTarUsimRfm, 5, from_hex(kUpdateImsi)), one_higher,
                     remote::kTarUsimRfm, 5, ota::PorStatus::CounterHigh);
  EXPECT_EQ(stored_counter(1), 3u);
}

TEST_F(Corrupt, UnknownTarsAndMissingKeySets) {
  // Not an application of this card; in the USIM RFM range without a key
  // set ('B0 00 12'); no applet has it ('C0 00 02').
  for (const ota::Tar tar : {ota::Tar{0xB0, 0x00, 0x99}, ota::Tar{0xB0, 0x00, 0x12}, ota::Tar{0xC0, 0x00, 0x02}}) {
    SCOPED_TRACE(upper_hex(tar));
    expect_por(packet(sec, tar, 4, from_hex(kUpdateImsi)), tar, ota::PorStatus::TarUnknown);
  }
}

TEST_F(Corrupt, BelowTheMinimumSecurityLevelAndUnknownKeyVersions) {
  // MSL 06 needs CC and ciphering: CC alone is not enough.
  const auto cc_only = security(spi::kCcOnlyCounterHigher, spi::kPorAlwaysCcCipheredReport);
  expect_por(packet(cc_only, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi)), remote::kTarUsimRfm,
             ota::PorStatus::InsufficientSecurityLevel);
  // Key version 3: no key set of the TAR has it.
  ota::OtaKeys v3 = keys;
  v3.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 3);
  v3.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 3);
  expect_por(ota::encode_command_packet(sec, v3, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi)), remote::kTarUsimRfm,
             ota::PorStatus::UnidentifiedSecurityError);
  // Ciphered part not whole blocks: one byte dropped, CPL made to agree.
  Bytes p = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  p.pop_back();
  put_be16(p.data(), static_cast<std::uint16_t>(p.size() - 2));
  expect_por(p, remote::kTarUsimRfm, ota::PorStatus::CipheringError);
}

// Faults that leave the packet unattributable: no PoR, '6F 00' (data
// download error: the ME answers RP-ERROR), the card unchanged.
TEST_F(Corrupt, TruncatedPacketsGetNoPor) {
  const Bytes p = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  for (std::size_t n : {std::size_t{2}, std::size_t{9}, std::size_t{16}, p.size() - 1}) {
    SCOPED_TRACE(n);
    const std::vector<Bytes> t = cardcore::testing::command_tpdus(Bytes(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n)));
    expect_answer(t.at(0), "6F00");
  }
  // One byte more than CPL says; CHL too small.
  Bytes longer = p;
  longer.push_back(0);
  expect_answer(cardcore::testing::command_tpdus(longer).at(0), "6F00");
  Bytes chl = p;
  chl[2] = 0x05;
  expect_answer(cardcore::testing::command_tpdus(chl).at(0), "6F00");
}

// A concatenated packet with a segment missing: the others are held
// ('90 00' each), nothing runs, and a power-off drops them. Segment 2 alone
// after that is held again and never completes.
TEST_F(Corrupt, MissingConcatenationSegment) {
  card.power_off();
  card.power_on();
  const Bytes fresh = card.save_state();
  const std::string big = "00A4000C026F3C" "00DC0104B0" + std::string(352, 'E') + "00DC0204B0" + std::string(352, 'D');
  const std::vector<Bytes> t = cardcore::testing::command_tpdus(packet(sec, remote::kTarUsimRfm, 4, from_hex(big)));
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(envelope(t[0]), "9000");
  EXPECT_EQ(envelope(t[2]), "9000");
  EXPECT_EQ(card.held_segments()->size(), 2u);
  EXPECT_EQ(stored_counter(1), 3u);
  card.power_off();
  card.power_on();
  EXPECT_EQ(card.save_state(), fresh);
  EXPECT_EQ(envelope(t[1]), "9000");
  EXPECT_EQ(card.held_segments()->size(), 1u);
  EXPECT_EQ(stored_counter(1), 3u);
  select_usim();
  ASSERT_EQ(send("00A4000C026F3C"), "9000");
  EXPECT_EQ(send("00B20104B0"), "00" + std::string(350, 'F') + "9000");  // record 1 as the factory left it
}

// Segments that contradict the held ones (another total for the same
// reference, the same number with other contents): refused with '6F 00'
// and nothing held changes (TS 23.040 §9.2.3.24.1).
TEST_F(Corrupt, InconsistentSegments) {
  const std::string big = kUpdateImsi + "00A4000C026F3C" "00DC0104B0" + std::string(352, 'E');
  const std::vector<Bytes> t = cardcore::testing::command_tpdus(packet(sec, remote::kTarUsimRfm, 4, from_hex(big)));
  ASSERT_EQ(t.size(), 2u);
  ASSERT_EQ(envelope(t[0]), "9000");
  sms::SmsDeliver d = sms::decode_deliver(t[1]);
  // Concatenation element "00 03 ref total seq" first in the header.
  ASSERT_EQ(d.ud.header->elements.at(0).iei, sms::kIeiConcatenation8);
  sms::SmsDeliver other_total = d;
  other_total.ud.header->elements[0].data[1] = 3;
  expect_answer(sms::encode(other_total), "6F00");
  sms::SmsDeliver other_body = sms::decode_deliver(t[0]);
  other_body.ud.body.back() ^= 1;
  expect_answer(sms::encode(other_body), "6F00");
  EXPECT_EQ(card.held_segments()->size(), 1u);
}

// No room in the proactive queue for the SEND SHORT MESSAGEs a PoR may
// take: '93 00' (toolkit busy; the ME retries), nothing done.
TEST_F(Corrupt, BusyWhenThePorCouldNotBeQueued) {
  while (card.proactive_queued() < Uicc::kMaxQueuedProactive - 2) ASSERT_NE(card.queue_proactive(cat::MoreTime{}), 0);
  const Bytes p = packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi));
  expect_answer(cardcore::testing::command_tpdus(p).at(0), "9300");
  EXPECT_EQ(stored_counter(1), 3u);
  // With no PoR asked for, there is nothing to queue.
  const auto no_por = security(spi::kCcCipheredCounterHigher, spi::kNoPor);
  EXPECT_EQ(envelope(cardcore::testing::command_tpdus(packet(no_por, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi))).at(0)),
            "9000");
  EXPECT_EQ(stored_counter(1), 4u);
}

// Random damage to a packet that already went through: whatever the answer,
// no NVM page is programmed again (the counter refuses the original, the
// CC any change), and the card keeps answering.
TEST_F(Corrupt, RandomDamageNeverChangesTheCard) {
  const Bytes good = cardcore::testing::command_tpdus(packet(sec, remote::kTarUsimRfm, 4, from_hex(kUpdateImsi))).at(0);
  ASSERT_EQ(por_of(envelope_and_response(good), sec, remote::kTarUsimRfm, 4).packet.status, ota::PorStatus::Ok);
  const std::uint64_t programs = card.nvm().program_count();
  std::mt19937 rng(80);
  for (int i = 0; i < 3000; ++i) {
    Bytes t = good;
    const unsigned mode = rng() % 3;
    if (mode == 0) {
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) t[rng() % t.size()] = static_cast<std::uint8_t>(rng());
    } else if (mode == 1) {
      t.resize(rng() % t.size());
    } else {
      t.resize(1 + rng() % 150);
      for (auto& b : t) b = static_cast<std::uint8_t>(rng());
    }
    if (t.empty()) continue;
    const std::string r = envelope_and_response(t);
    ASSERT_GE(r.size(), 4u);
  }
  EXPECT_EQ(card.nvm().program_count(), programs);
}

}  // namespace test_ota_corrupt
