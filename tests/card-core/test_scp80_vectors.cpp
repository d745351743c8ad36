// SCP80 secured packets (ETSI TS 102 225, TS 31.115) against known answers:
// the pySim AES and triple-DES vectors (tests/data/scp80-aes.txt,
// scp80-3des.txt) and the reference packets for DES, three-key triple DES,
// AES-192/256, a 4-byte CC and an RC (scp80-reference-kat.txt). Each packet is
// built by the platform side byte for byte, opened by the card side, and its
// PoR built by the card and read back by the platform.
#include <gtest/gtest.h>

#include "vector_file.hpp"

#include <algorithm>
#include <string>

#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/ota/response_packet.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {
namespace test_scp80_vectors {

using testdata::VectorBlock;

Tar tar_of(const std::string& hex) {
  const Bytes b = from_hex(hex);
  return {b.at(0), b.at(1), b.at(2)};
}

std::string field(const VectorBlock& b, const std::string& name, const std::string& fallback = "") {
  const auto it = b.find(name);
  return it == b.end() ? fallback : it->second;
}

// The UDH 02 71 00 that pySim keeps in front of a PoR.
Bytes strip_response_udh(const Bytes& por) {
  EXPECT_TRUE(std::equal(kResponsePacketUdh.begin(), kResponsePacketUdh.end(), por.begin()));
  return Bytes(por.begin() + 3, por.end());
}

// One packet: platform encodes it, card opens it and answers, platform reads
// the answer.
struct Case {
  std::string name;
  OtaKeys keys;
  CommandSecurity security;
  Tar tar{};
  Counter counter = 0;
  Bytes apdu;
  Bytes packet;           // empty: a PoR-only case
  PorStatus por_status = PorStatus::Ok;
  Bytes por_data;
  Bytes por;              // from RPL; empty: no PoR given
};

void run_case(const Case& c) {
  SCOPED_TRACE(c.name);
  if (!c.packet.empty()) {
    // Platform side: the same bytes.
    EXPECT_EQ(to_hex(encode_command_packet(c.security, c.keys, c.tar, c.counter, c.apdu)), to_hex(c.packet));

    // Card side: the APDU back, and the counter to store under a checking policy.
    const TarSecurity state{&c.keys, c.counter == 0 ? 0 : c.counter - 1, 0};
    int lookups = 0;
    const CommandPacketResult r = open_command_packet(c.packet, [&](const CommandHeader& h) -> std::optional<TarSecurity> {
      ++lookups;
      EXPECT_EQ(h.tar, c.tar);
      return state;
    });
    EXPECT_EQ(lookups, 1);
    ASSERT_EQ(r.format, PacketFormat::Ok);
    ASSERT_EQ(r.status, PorStatus::Ok) << describe(r.status);
    EXPECT_EQ(to_hex(r.data), to_hex(c.apdu));
    EXPECT_EQ(r.counter, c.counter);
    EXPECT_EQ(r.header.spi, c.security.spi);
    EXPECT_TRUE(r.secure_por);
    const CounterPolicy policy = c.security.spi.counter;
    if (policy == CounterPolicy::Higher || policy == CounterPolicy::OneHigher)
      EXPECT_EQ(r.counter_to_store, c.counter);
    else
      EXPECT_FALSE(r.counter_to_store.has_value());

    if (!c.por.empty()) {
      EXPECT_EQ(to_hex(build_response_packet(r, c.por_status, c.por_data, &c.keys)), to_hex(c.por));
    }
  } else if (!c.por.empty()) {
    // A PoR without its command: rebuild the card's view of the command.
    CommandPacketResult r;
    r.header.spi = c.security.spi;
    r.header.kic = c.keys.kic;
    r.header.kid = c.keys.kid;
    r.header.tar = c.tar;
    r.counter = c.counter;
    r.secure_por = true;
    EXPECT_EQ(to_hex(build_response_packet(r, c.por_status, c.por_data, &c.keys)), to_hex(c.por));
  }
  if (!c.por.empty()) {
    const DecodedPor d = decode_response_packet(c.por, c.security, c.keys, c.tar, c.counter);
    EXPECT_TRUE(d.secured);
    EXPECT_EQ(d.packet.status, c.por_status);
    EXPECT_EQ(d.packet.tar, c.tar);
    EXPECT_EQ(d.packet.counter, c.counter);
    EXPECT_EQ(to_hex(d.packet.additional_data), to_hex(c.por_data));
  }
}

// pySim's packets: SPI, KIc and KID are read from the packet itself.
Case pysim_case(const VectorBlock& b) {
  Case c;
  c.name = field(b, "NAME", "scp80-aes");
  c.keys.kic_key = from_hex(b.at("KIC_KEY"));
  c.keys.kid_key = from_hex(b.at("KID_KEY"));
  c.tar = tar_of(b.at("TAR"));
  c.counter = 0;  // pySim's OtaKeyset counter
  if (b.count("PACKET")) {
    c.packet = from_hex(b.at("PACKET"));
    c.apdu = from_hex(b.at("APDU"));
    c.security.spi = Spi::parse(c.packet.at(3), c.packet.at(4));
    c.keys.kic = c.packet.at(5);
    c.keys.kid = c.packet.at(6);
  } else {
    const Bytes spi = from_hex(b.at("SPI"));
    c.security.spi = Spi::parse(spi.at(0), spi.at(1));
    c.keys.kic = c.keys.kid = 0x35;  // the Test_SMS_3DES key set
  }
  if (b.count("POR")) {
    c.por = strip_response_udh(from_hex(b.at("POR")));
    c.por_data = b.count("POR_DATA") ? from_hex(b.at("POR_DATA")) : Bytes{0x01};
    if (b.count("POR_LAST_SW")) {  // scp80-aes.txt: 1 command executed, its SW, no data (TS 102 226 §5.1.2)
      const Bytes sw = from_hex(b.at("POR_LAST_SW"));
      c.por_data.insert(c.por_data.end(), sw.begin(), sw.end());
    }
  }
  return c;
}

TEST(Scp80Vectors, PySimAesPacketAndPor) {
  const auto blocks = testdata::load_vector_blocks("scp80-aes.txt");
  ASSERT_EQ(blocks.size(), 1u);
  const Case c = pysim_case(blocks[0]);
  // The vector's SPI 06 19 and key set '22' (AES, key version 2).
  EXPECT_EQ(describe(c.security.spi),
            "CC, ciphered, no counter; PoR always, CC, ciphered, by SMS-DELIVER-REPORT");
  EXPECT_EQ(c.keys.kic, 0x22);
  EXPECT_EQ(to_hex(c.por_data), "016132");
  run_case(c);
}

TEST(Scp80Vectors, PySimTripleDesPacketsAndPors) {
  int count = 0;
  for (const auto& b : testdata::load_vector_blocks("scp80-3des.txt")) {
    ++count;
    run_case(pysim_case(b));
  }
  EXPECT_EQ(count, 9);
}

TEST(Scp80Vectors, ReferencePacketsForDesTdes3AesKeyLengthsAndRc) {
  int count = 0;
  for (const auto& b : testdata::load_vector_blocks("scp80-reference-kat.txt")) {
    ++count;
    Case c;
    c.name = b.at("NAME");
    const Bytes spi = from_hex(b.at("SPI"));
    c.security.spi = Spi::parse(spi.at(0), spi.at(1));
    c.security.aes_cc_length = std::stoul(b.at("CC_LENGTH"));
    c.keys.kic = from_hex(b.at("KIC")).at(0);
    c.keys.kic_key = from_hex(b.at("KIC_KEY"));
    c.keys.kid = from_hex(b.at("KID")).at(0);
    c.keys.kid_key = from_hex(b.at("KID_KEY"));
    if (b.count("RC_KID")) c.security.rc_kid = from_hex(b.at("RC_KID")).at(0);
    c.tar = tar_of(b.at("TAR"));
    c.counter = std::stoull(b.at("CNTR"), nullptr, 16);
    c.apdu = from_hex(b.at("APDU"));
    c.packet = from_hex(b.at("PACKET"));
    c.por_status = static_cast<PorStatus>(from_hex(b.at("POR_STATUS")).at(0));
    c.por_data = from_hex(b.at("POR_DATA"));
    c.por = from_hex(b.at("POR"));
    run_case(c);
  }
  EXPECT_EQ(count, 6);
}

// The vector's TPDU carries the same packet after the UDH 02 70 00 (the SMS
// layer's part; checked here only so the two files stay consistent).
TEST(Scp80Vectors, AesTpduCarriesThePacketAfterTheCommandPacketUdh) {
  const auto b = testdata::load_vector_blocks("scp80-aes.txt").at(0);
  const std::string tpdu = b.at("TPDU"), packet = b.at("PACKET");
  ASSERT_GE(tpdu.size(), packet.size() + 6);
  EXPECT_EQ(tpdu.substr(tpdu.size() - packet.size() - 6), "027000" + packet);
}

}  // namespace test_scp80_vectors
}  // namespace cardcore::ota
