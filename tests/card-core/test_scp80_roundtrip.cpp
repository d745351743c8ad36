// Platform <-> card round trips of SCP80 packets for every SPI combination
// (no RC/CC, RC, CC; ciphered or not; the four counter policies; PoR never,
// always or on error, with no RC/CC, RC or CC, ciphered or not, by
// SMS-DELIVER-REPORT or SMS-SUBMIT) under each cipher suite: DES, two- and
// three-key triple DES, AES-128/192/256, and AES with a 4-byte CC.
#include <gtest/gtest.h>

#include <string>

#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {
namespace test_scp80_roundtrip {

struct Suite {
  const char* name;
  CipherAlgorithm cipher;
  ChecksumAlgorithm checksum;
  std::size_t key_bytes;
  std::size_t aes_cc_length;
};

const Suite kSuites[] = {
    {"DES", CipherAlgorithm::DesCbc, ChecksumAlgorithm::DesCbcMac, 8, 8},
    {"3DES-2", CipherAlgorithm::TripleDes2Keys, ChecksumAlgorithm::TripleDes2KeysCbcMac, 16, 8},
    {"3DES-3", CipherAlgorithm::TripleDes3Keys, ChecksumAlgorithm::TripleDes3KeysCbcMac, 24, 8},
    {"AES-128", CipherAlgorithm::AesCbc, ChecksumAlgorithm::AesCmac, 16, 8},
    {"AES-192", CipherAlgorithm::AesCbc, ChecksumAlgorithm::AesCmac, 24, 8},
    {"AES-256", CipherAlgorithm::AesCbc, ChecksumAlgorithm::AesCmac, 32, 8},
    {"AES-128 CC4", CipherAlgorithm::AesCbc, ChecksumAlgorithm::AesCmac, 16, 4},
};

OtaKeys keys_for(const Suite& s, std::uint8_t version) {
  OtaKeys k;
  k.kic = make_kic(s.cipher, version);
  k.kid = make_kid(s.checksum, version);
  for (std::size_t i = 0; i < s.key_bytes; ++i) {
    k.kic_key.push_back(static_cast<std::uint8_t>(0x11 * i + version));
    k.kid_key.push_back(static_cast<std::uint8_t>(0xA5 ^ (7 * i)));
  }
  return k;
}

// One KID byte cannot name a CC key and a CRC at once: a command with a CC
// whose PoR asks for an RC (or the reverse) works only when the CC's KID
// byte happens to read as a CRC coding too.
bool one_kid_for_both(const Spi& spi, const OtaKeys& keys) {
  if (spi.por == PorRequest::None) return true;
  const bool mixed = (spi.integrity == Integrity::CryptographicChecksum && spi.por_integrity == Integrity::RedundancyCheck) ||
                     (spi.integrity == Integrity::RedundancyCheck && spi.por_integrity == Integrity::CryptographicChecksum);
  if (!mixed) return true;
  return spi.integrity == Integrity::CryptographicChecksum && redundancy_algorithm(keys.kid).has_value();
}

TEST(Scp80RoundTrip, EverySpiCombinationUnderEverySuite) {
  const Integrity kinds[] = {Integrity::None, Integrity::RedundancyCheck, Integrity::CryptographicChecksum};
  const CounterPolicy policies[] = {CounterPolicy::NoCounter, CounterPolicy::NoReplayCheck, CounterPolicy::Higher,
                                    CounterPolicy::OneHigher};
  const PorRequest pors[] = {PorRequest::None, PorRequest::Always, PorRequest::OnError};
  const Tar tar{0xB0, 0x00, 0x11};
  const Bytes rfm_response = from_hex("019000");
  int packets = 0, pors_checked = 0, unsupported = 0;
  for (const Suite& suite : kSuites) {
    const OtaKeys keys = keys_for(suite, 5);
    for (Integrity integrity : kinds)
      for (bool ciphering : {false, true})
        for (CounterPolicy policy : policies)
          for (PorRequest por : pors)
            for (Integrity por_integrity : kinds)
              for (bool por_ciphering : {false, true})
                for (bool submit : {false, true}) {
                  CommandSecurity sec;
                  sec.spi = {integrity, ciphering, policy, por, por_integrity, por_ciphering, submit};
                  sec.aes_cc_length = suite.aes_cc_length;
                  const std::string trace = std::string(suite.name) + ": " + describe(sec.spi);
                  SCOPED_TRACE(trace);
                  // Data lengths 0..37 across the combinations: every padding count.
                  Bytes data(static_cast<std::size_t>(packets % 38));
                  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 3 + packets);
                  const Counter stored = 0x0000A0A0A0 + static_cast<Counter>(packets);
                  const Counter counter = stored + 1;
                  ++packets;

                  Bytes packet;
                  try {
                    packet = encode_command_packet(sec, keys, tar, counter, data);
                  } catch (const PacketError& e) {
                    ASSERT_EQ(e.reason, PacketError::Reason::Unsupported);
                    ASSERT_FALSE(one_kid_for_both(sec.spi, keys)) << e.what();
                    ++unsupported;
                    continue;
                  }
                  ASSERT_TRUE(one_kid_for_both(sec.spi, keys));
                  if (ciphering) {
                    const std::size_t bs = suite.cipher == CipherAlgorithm::AesCbc ? 16 : 8;
                    ASSERT_EQ((packet.size() - kCommandHeaderBytes) % bs, 0u);
                  }
                  EXPECT_EQ(be16(packet.data()), packet.size() - 2);

                  const CommandPacketResult r =
                      open_command_packet(packet, [&](const CommandHeader&) { return TarSecurity{&keys, stored, 0}; });
                  ASSERT_EQ(r.format, PacketFormat::Ok);
                  ASSERT_EQ(r.status, PorStatus::Ok) << describe(r.status);
                  ASSERT_EQ(r.data, data);
                  EXPECT_EQ(r.counter, counter);
                  EXPECT_EQ(r.header.spi, sec.spi);
                  EXPECT_EQ(r.header.tar, tar);
                  EXPECT_EQ(r.counter_to_store.has_value(),
                            policy == CounterPolicy::Higher || policy == CounterPolicy::OneHigher);
                  EXPECT_EQ(por_to_send(r.header.spi, r.status), por == PorRequest::Always);

                  if (por == PorRequest::None) continue;
                  const Bytes por_bytes = build_response_packet(r, PorStatus::Ok, rfm_response, &keys);
                  const DecodedPor d = decode_response_packet(por_bytes, sec, keys, tar, counter);
                  ++pors_checked;
                  EXPECT_TRUE(d.secured);
                  EXPECT_EQ(d.packet.status, PorStatus::Ok);
                  EXPECT_EQ(d.packet.counter, counter);
                  EXPECT_EQ(d.packet.additional_data, rfm_response);
                  const std::size_t field = por_integrity == Integrity::None            ? 0
                                            : por_integrity == Integrity::RedundancyCheck ? (r.header.kid & 0x0C ? 4 : 2)
                                            : suite.checksum == ChecksumAlgorithm::AesCmac
                                                ? (integrity == Integrity::CryptographicChecksum ? suite.aes_cc_length : 8)
                                                : 8;
                  EXPECT_EQ(por_bytes[2], kResponseRhlMin + field);  // RHL
                }
  }
  EXPECT_EQ(packets, 7 * 864);
  EXPECT_GT(pors_checked, 3000);
  EXPECT_GT(unsupported, 0);
}

// A PoR answering an error status keeps the SPI's security when the packet
// was authenticated (here: a counter error).
TEST(Scp80RoundTrip, SecuredErrorPorCarriesTheStatus) {
  const OtaKeys keys = keys_for(kSuites[3], 2);
  CommandSecurity sec;
  sec.spi = Spi::parse(0x1E, 0x39);  // CC, ciphered, one higher; PoR always, CC, ciphered, SMS-SUBMIT
  const Tar tar{0xB0, 0x00, 0x10};
  const Bytes packet = encode_command_packet(sec, keys, tar, 9, from_hex("a0a40000023f00"));
  const CommandPacketResult r = open_command_packet(packet, [&](const CommandHeader&) { return TarSecurity{&keys, 9, 0}; });
  ASSERT_EQ(r.status, PorStatus::CounterLow);
  EXPECT_TRUE(r.secure_por);
  EXPECT_TRUE(r.header.spi.por_via_sms_submit);
  const DecodedPor d = decode_response_packet(build_response_packet(r, r.status, {}, &keys), sec, keys, tar, 9);
  EXPECT_TRUE(d.secured);
  EXPECT_EQ(d.packet.status, PorStatus::CounterLow);
  EXPECT_TRUE(d.packet.additional_data.empty());
}

}  // namespace test_scp80_roundtrip
}  // namespace cardcore::ota
