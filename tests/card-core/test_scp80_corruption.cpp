// SCP80 packets that fail: a corrupted CC, a replayed or skipped counter, an
// unknown key version or TAR, a Minimum Security Level not met, a bad padding
// count, truncation at every length, and random bytes. A failing packet
// changes nothing (no counter to store, no data), gets the status of the
// TS 102 225 table, and its PoR goes out unprotected when the packet was not
// authenticated (receiving_entity.hpp).
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "cardcore/ota/command_packet.hpp"
#include "cardcore/ota/packet_security.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {
namespace test_scp80_corruption {

const Tar kTar{0xB0, 0x00, 0x11};
const Bytes kApdu = from_hex("00a40004023f00");

OtaKeys aes_keys(std::uint8_t version = 2) {
  return {make_kic(CipherAlgorithm::AesCbc, version), from_hex("200102030405060708090a0b0c0d0e0f"),
          make_kid(ChecksumAlgorithm::AesCmac, version), from_hex("201102030405060708090a0b0c0d0e0f")};
}
OtaKeys tdes_keys() {
  return {make_kic(CipherAlgorithm::TripleDes2Keys, 3), from_hex("300102030405060708090a0b0c0d0e0f"),
          make_kid(ChecksumAlgorithm::TripleDes2KeysCbcMac, 3), from_hex("301102030405060708090a0b0c0d0e0f")};
}

// CC, ciphered, counter one higher; PoR always with CC, ciphered.
CommandSecurity strict() {
  CommandSecurity s;
  s.spi = Spi::parse(0x1E, 0x19);
  return s;
}

CommandPacketResult open_with(ByteView packet, const OtaKeys* keys, Counter stored, std::uint8_t msl = 0) {
  return open_command_packet(packet, [&](const CommandHeader&) { return TarSecurity{keys, stored, msl}; });
}

// Nothing to act on and nothing to persist.
void expect_unchanged(const CommandPacketResult& r) {
  EXPECT_FALSE(r.counter_to_store.has_value());
  EXPECT_TRUE(r.data.empty());
}

// The card's PoR for a failed packet, read by the platform.
DecodedPor por_of(const CommandPacketResult& r, const OtaKeys& keys, const CommandSecurity& sec, Counter counter) {
  return decode_response_packet(build_response_packet(r, r.status, {}, &keys), sec, keys, kTar, counter);
}

TEST(Scp80Corruption, FlippedCcByteFailsWithStatus01AndAnUnprotectedPor) {
  const OtaKeys keys = tdes_keys();
  CommandSecurity sec;
  sec.spi = Spi::parse(0x1A, 0x19);  // CC, not ciphered, one higher: the CC is in clear at bytes 16..23
  Bytes packet = encode_command_packet(sec, keys, kTar, 8, kApdu);
  ASSERT_EQ(open_with(packet, &keys, 7).status, PorStatus::Ok);
  for (std::size_t i = 16; i < 24; ++i) {
    Bytes bad = packet;
    bad[i] ^= 0x01;
    const CommandPacketResult r = open_with(bad, &keys, 7);
    EXPECT_EQ(r.status, PorStatus::RcCcDsFailed) << i;
    EXPECT_FALSE(r.secure_por);
    expect_unchanged(r);
    const Bytes por = build_response_packet(r, r.status, {}, &keys);
    EXPECT_EQ(por[2], kResponseRhlMin);  // no CC on the PoR
    const DecodedPor d = decode_response_packet(por, sec, keys, kTar, 8);
    EXPECT_FALSE(d.secured);
    EXPECT_EQ(d.packet.status, PorStatus::RcCcDsFailed);
    EXPECT_EQ(d.packet.counter, 8u);  // copied from the command
  }
}

TEST(Scp80Corruption, EveryFlippedBitOfACipheredPacketIsRejected) {
  const OtaKeys keys = aes_keys();
  const Bytes packet = encode_command_packet(strict(), keys, kTar, 42, kApdu);
  for (std::size_t i = 0; i < packet.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      Bytes bad = packet;
      bad[i] ^= static_cast<std::uint8_t>(1 << bit);
      const CommandPacketResult r = open_with(bad, &keys, 41);
      EXPECT_TRUE(r.format != PacketFormat::Ok || r.status != PorStatus::Ok) << i << "." << bit;
      expect_unchanged(r);
    }
}

TEST(Scp80Corruption, ReplayedCounterIsLowAndNotStored) {
  const OtaKeys keys = aes_keys();
  const Bytes packet = encode_command_packet(strict(), keys, kTar, 42, kApdu);
  Counter stored = 41;
  const CommandPacketResult first = open_with(packet, &keys, stored);
  ASSERT_EQ(first.status, PorStatus::Ok);
  ASSERT_EQ(first.counter_to_store, 42u);
  stored = *first.counter_to_store;
  const CommandPacketResult replay = open_with(packet, &keys, stored);
  EXPECT_EQ(replay.status, PorStatus::CounterLow);
  expect_unchanged(replay);
  EXPECT_TRUE(replay.secure_por);  // authenticated: the PoR is protected as asked
  const DecodedPor d = por_of(replay, keys, strict(), 42);
  EXPECT_TRUE(d.secured);
  EXPECT_EQ(d.packet.status, PorStatus::CounterLow);

  // Under "higher": a lower counter too.
  CommandSecurity higher = strict();
  higher.spi.counter = CounterPolicy::Higher;
  EXPECT_EQ(open_with(encode_command_packet(higher, keys, kTar, 30, kApdu), &keys, 42).status, PorStatus::CounterLow);
  EXPECT_EQ(open_with(encode_command_packet(higher, keys, kTar, 42, kApdu), &keys, 42).status, PorStatus::CounterLow);
}

TEST(Scp80Corruption, CounterTwoHigherUnderOneHigherIsHigh) {
  const OtaKeys keys = aes_keys();
  const Bytes packet = encode_command_packet(strict(), keys, kTar, 43, kApdu);
  const CommandPacketResult r = open_with(packet, &keys, 41);
  EXPECT_EQ(r.status, PorStatus::CounterHigh);
  expect_unchanged(r);
  // The same jump is fine under "higher".
  CommandSecurity higher = strict();
  higher.spi.counter = CounterPolicy::Higher;
  const CommandPacketResult ok = open_with(encode_command_packet(higher, keys, kTar, 43, kApdu), &keys, 41);
  EXPECT_EQ(ok.status, PorStatus::Ok);
  EXPECT_EQ(ok.counter_to_store, 43u);
  // No check at all under "no replay checking"; nothing to store either.
  CommandSecurity info = strict();
  info.spi.counter = CounterPolicy::NoReplayCheck;
  const CommandPacketResult any = open_with(encode_command_packet(info, keys, kTar, 3, kApdu), &keys, 41);
  EXPECT_EQ(any.status, PorStatus::Ok);
  EXPECT_FALSE(any.counter_to_store.has_value());
}

TEST(Scp80Corruption, CounterAtItsMaximumIsBlocked) {
  const OtaKeys keys = aes_keys();
  const Bytes packet = encode_command_packet(strict(), keys, kTar, kCounterMax, kApdu);
  EXPECT_EQ(open_with(packet, &keys, kCounterMax - 1).status, PorStatus::Ok);
  const CommandPacketResult r = open_with(packet, &keys, kCounterMax);
  EXPECT_EQ(r.status, PorStatus::CounterBlocked);
  expect_unchanged(r);
  EXPECT_THROW(encode_command_packet(strict(), keys, kTar, kCounterMax + 1, kApdu), std::invalid_argument);
}

TEST(Scp80Corruption, UnknownKeyVersionOrAlgorithmIsAnUnidentifiedSecurityError) {
  const OtaKeys keys = aes_keys(2);
  const Bytes packet = encode_command_packet(strict(), keys, kTar, 42, kApdu);
  const OtaKeys other_version = aes_keys(3);
  const OtaKeys other_algorithm = tdes_keys();
  OtaKeys short_key = aes_keys(2);
  short_key.kid_key.pop_back();
  for (const OtaKeys* card : {static_cast<const OtaKeys*>(nullptr), &other_version, &other_algorithm,
                              static_cast<const OtaKeys*>(&short_key)}) {
    const CommandPacketResult r = open_with(packet, card, 41);
    EXPECT_EQ(r.status, PorStatus::UnidentifiedSecurityError);
    EXPECT_FALSE(r.secure_por);
    EXPECT_EQ(r.counter, 0u);  // ciphered, never deciphered
    expect_unchanged(r);
    const Bytes por = build_response_packet(r, r.status, {}, card);
    // RPL 000b, RHL 0a, TAR, CNTR 0, PCNTR 0, status 06: no CC, not ciphered.
    EXPECT_EQ(to_hex(por), "000b0ab00011" "0000000000" "00" "06");
    EXPECT_EQ(por[2], kResponseRhlMin);
    const DecodedPor d = decode_response_packet(por, strict(), keys, kTar, 42);
    EXPECT_FALSE(d.secured);
    EXPECT_EQ(d.packet.status, PorStatus::UnidentifiedSecurityError);
  }
  // Reserved or unsupported codings: DES-ECB KIc, DS.
  Bytes ecb = packet;
  ecb[5] = 0x2D;
  EXPECT_EQ(open_with(ecb, &keys, 41).status, PorStatus::UnidentifiedSecurityError);
  CommandSecurity ds;
  ds.spi = Spi::parse(0x03, 0x00);
  EXPECT_THROW(encode_command_packet(ds, keys, kTar, 1, kApdu), PacketError);
  Bytes ds_packet = encode_command_packet(CommandSecurity{}, keys, kTar, 1, kApdu);
  ds_packet[3] = 0x03;  // SPI says DS
  EXPECT_EQ(open_with(ds_packet, &keys, 0).status, PorStatus::UnidentifiedSecurityError);
  // A key set that cannot protect the PoR as asked: refused before anything runs.
  CommandSecurity por_ds = strict();
  por_ds.spi.por_integrity = Integrity::DigitalSignature;
  EXPECT_THROW(encode_command_packet(por_ds, keys, kTar, 42, kApdu), PacketError);
  Bytes pd = packet;
  pd[4] = Spi{por_ds.spi}.encode()[1];
  EXPECT_EQ(open_with(pd, &keys, 41).status, PorStatus::UnidentifiedSecurityError);
}

TEST(Scp80Corruption, UnknownTarAnswers09Unprotected) {
  const OtaKeys keys = aes_keys();
  const Bytes packet = encode_command_packet(strict(), keys, kTar, 42, kApdu);
  const CommandPacketResult r = open_command_packet(packet, [](const CommandHeader&) { return std::nullopt; });
  EXPECT_EQ(r.format, PacketFormat::Ok);
  EXPECT_EQ(r.status, PorStatus::TarUnknown);
  expect_unchanged(r);
  // Unprotected PoR: RPL 000b, RHL 0a, TAR, CNTR 0 (unread), PCNTR 0, status 09.
  EXPECT_EQ(to_hex(build_response_packet(r, r.status, {}, nullptr)), "000b0ab00011" "0000000000" "00" "09");
}

TEST(Scp80Corruption, PacketBelowTheMinimumSecurityLevelIs0A) {
  const OtaKeys keys = aes_keys();
  CommandSecurity cc_only = strict();
  cc_only.spi.ciphering = false;
  cc_only.spi.por_ciphering = false;
  const Bytes packet = encode_command_packet(cc_only, keys, kTar, 42, kApdu);
  const CommandPacketResult r = open_with(packet, &keys, 41, /*msl=*/0x06);
  EXPECT_EQ(r.status, PorStatus::InsufficientSecurityLevel);
  EXPECT_EQ(r.counter, 42u);  // in clear
  expect_unchanged(r);
  EXPECT_EQ(open_with(packet, &keys, 41, 0x02).status, PorStatus::Ok);
}

TEST(Scp80Corruption, TruncationAtEveryLengthIsAParseError) {
  for (const OtaKeys& keys : {aes_keys(), tdes_keys()}) {
    const Bytes packet = encode_command_packet(strict(), keys, kTar, 42, kApdu);
    for (std::size_t n = 0; n < packet.size(); ++n) {
      const CommandPacketResult r = open_with(ByteView(packet).first(n), &keys, 41);
      EXPECT_EQ(r.format, PacketFormat::TooShort) << n;
      expect_unchanged(r);
      EXPECT_THROW(build_response_packet(r, PorStatus::Ok, {}, &keys), std::invalid_argument);
      // Truncated with a CPL that agrees: a consistent but short packet.
      if (n >= 2) {
        Bytes cut(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n));
        put_be16(cut.data(), static_cast<std::uint16_t>(n - 2));
        const CommandPacketResult c = open_with(cut, &keys, 41);
        EXPECT_TRUE(c.format != PacketFormat::Ok || c.status != PorStatus::Ok) << n;
        expect_unchanged(c);
      }
    }
    Bytes longer = packet;
    longer.push_back(0);
    EXPECT_EQ(open_with(longer, &keys, 41).format, PacketFormat::LengthMismatch);
  }
}

TEST(Scp80Corruption, InconsistentChlOrCipheredLength) {
  const OtaKeys des = tdes_keys(), aes = aes_keys();
  const Bytes packet = encode_command_packet(strict(), des, kTar, 42, kApdu);
  for (int chl : {0x00, 0x0C, 0x0D, 0x11, 0x16, 0xFF}) {
    Bytes bad = packet;
    bad[2] = static_cast<std::uint8_t>(chl);
    const CommandPacketResult r = open_with(bad, &des, 41);
    EXPECT_EQ(r.format, PacketFormat::HeaderLengthInvalid) << int(chl);
  }
  // AES: CHL saying a 4-byte CC is a CC length, not a structure fault; the CC fails.
  Bytes aes_packet = encode_command_packet(strict(), aes, kTar, 42, kApdu);
  aes_packet[2] = 0x11;
  EXPECT_EQ(open_with(aes_packet, &aes, 41).status, PorStatus::RcCcDsFailed);
  // Ciphered part not a whole number of blocks: 05.
  Bytes cut = encode_command_packet(strict(), aes, kTar, 42, kApdu);
  cut.pop_back();
  put_be16(cut.data(), static_cast<std::uint16_t>(cut.size() - 2));
  const CommandPacketResult r = open_with(cut, &aes, 41);
  EXPECT_EQ(r.status, PorStatus::CipheringError);
  expect_unchanged(r);
}

// A packet whose CC is right but whose PCNTR says more padding than there is
// data: built here by hand, since the platform side never makes one.
Bytes with_padding_count(const OtaKeys& keys, const CommandSecurity& sec, std::uint8_t pcntr) {
  Bytes packet = encode_command_packet(sec, keys, kTar, 42, kApdu);
  std::optional<BlockCipher> cipher = resolve_cipher(packet[5], &keys);
  Bytes plain(packet.begin() + kCommandCounterOffset, packet.end());
  if (sec.spi.ciphering) cipher->cbc_decrypt(plain.data(), plain.size());
  plain[5] = pcntr;
  auto cc = IntegrityField::resolve(sec.spi.integrity, packet[6], &keys, 8);
  Bytes input;
  command_integrity_input(ByteView(packet).first(kCommandHeaderBytes), plain, cc->length(), input);
  cc->compute(input, plain.data() + 6);
  if (sec.spi.ciphering) cipher->cbc_encrypt(plain.data(), plain.size());
  std::copy(plain.begin(), plain.end(), packet.begin() + kCommandCounterOffset);
  return packet;
}

TEST(Scp80Corruption, WrongPaddingCountIsACipheringError) {
  const OtaKeys keys = aes_keys();
  // 7 data bytes + 11 padding bytes: PCNTR 18 is one too many.
  const CommandPacketResult over = open_with(with_padding_count(keys, strict(), 19), &keys, 41);
  EXPECT_EQ(over.status, PorStatus::CipheringError);
  EXPECT_TRUE(over.secure_por);  // the CC held: the sender is authentic
  expect_unchanged(over);
  const CommandPacketResult all = open_with(with_padding_count(keys, strict(), 18), &keys, 41);
  EXPECT_EQ(all.status, PorStatus::Ok);
  EXPECT_TRUE(all.data.empty());
  const CommandPacketResult huge = open_with(with_padding_count(keys, strict(), 0xFF), &keys, 41);
  EXPECT_EQ(huge.status, PorStatus::CipheringError);
}

TEST(Scp80Corruption, RandomBytesNeverCrashAndNeverStoreACounter) {
  std::mt19937 rng(102225);
  const OtaKeys keys = aes_keys();
  const Bytes valid = encode_command_packet(strict(), keys, kTar, 42, kApdu);
  int ok = 0;
  for (int round = 0; round < 20000; ++round) {
    Bytes b;
    if (round % 2 == 0) {  // pure noise, with a consistent CPL half of the time
      b.resize(rng() % 90);
      for (auto& x : b) x = static_cast<std::uint8_t>(rng());
      if (b.size() >= 2 && rng() % 2) put_be16(b.data(), static_cast<std::uint16_t>(b.size() - 2));
    } else {  // a valid packet with a few bytes changed
      b = valid;
      for (int k = 1 + static_cast<int>(rng() % 4); k > 0; --k) b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
      if (b == valid) continue;  // the changes happened to write the same bytes
    }
    const Counter stored = rng() % 50;
    const CommandPacketResult r = open_with(b, &keys, stored, static_cast<std::uint8_t>(rng() % 2 ? 0 : 0x06));
    if (r.format != PacketFormat::Ok || r.status != PorStatus::Ok) {
      expect_unchanged(r);
    } else {
      ++ok;  // noise can be an unprotected packet, which MSL 0 lets through
      EXPECT_NE(r.header.spi.integrity, Integrity::CryptographicChecksum);  // no forged CC
    }
    if (r.format == PacketFormat::Ok) {
      const Bytes por = build_response_packet(r, r.status, {}, &keys);
      EXPECT_EQ(be16(por.data()), por.size() - 2);
    }
  }
  EXPECT_LT(ok, 2000);
}

TEST(Scp80Corruption, PlatformRejectsBadPors) {
  const OtaKeys keys = aes_keys();
  const CommandSecurity sec = strict();
  const Bytes packet = encode_command_packet(sec, keys, kTar, 42, kApdu);
  const CommandPacketResult r = open_with(packet, &keys, 41);
  ASSERT_EQ(r.status, PorStatus::Ok);
  const Bytes por = build_response_packet(r, PorStatus::Ok, from_hex("016132"), &keys);
  ASSERT_NO_THROW(decode_response_packet(por, sec, keys, kTar, 42));
  auto reason = [&](ByteView bytes, const Tar& tar, Counter counter) {
    try {
      decode_response_packet(bytes, sec, keys, tar, counter);
    } catch (const PacketError& e) {
      return e.reason;
    }
    ADD_FAILURE() << "accepted";
    return PacketError::Reason::Unsupported;
  };
  for (std::size_t i = kResponseHeaderBytes; i < por.size(); ++i) {
    Bytes bad = por;
    bad[i] ^= 0x80;
    EXPECT_EQ(reason(bad, kTar, 42), PacketError::Reason::IntegrityFailed) << i;
  }
  EXPECT_EQ(reason(por, Tar{0xB0, 0x00, 0x10}, 42), PacketError::Reason::TarMismatch);
  EXPECT_EQ(reason(por, kTar, 43), PacketError::Reason::CounterMismatch);
  for (std::size_t n = 0; n < por.size(); ++n) {
    const auto why = reason(ByteView(por).first(n), kTar, 42);
    EXPECT_TRUE(why == PacketError::Reason::Malformed || why == PacketError::Reason::CipheringError) << n;
  }
  // A "PoR OK" sent without the protection asked for is not believed.
  CommandPacketResult unprotected = r;
  unprotected.secure_por = false;
  EXPECT_EQ(reason(build_response_packet(unprotected, PorStatus::Ok, {}, &keys), kTar, 42),
            PacketError::Reason::NotSecured);
  // Noise.
  std::mt19937 rng(31115);
  for (int round = 0; round < 5000; ++round) {
    Bytes b(rng() % 60);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    if (b.size() >= 3 && rng() % 2) {
      put_be16(b.data(), static_cast<std::uint16_t>(b.size() - 2));
      b[2] = rng() % 2 ? 0x12 : 0x0A;
    }
    try {
      decode_response_packet(b, sec, keys, kTar, 42);
    } catch (const PacketError&) {
    }
  }
}

}  // namespace test_scp80_corruption
}  // namespace cardcore::ota
