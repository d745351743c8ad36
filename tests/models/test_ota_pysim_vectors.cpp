// The platform side of OTA against published bytes: pySim's SCP80 vectors
// (tests/data/scp80-aes.txt, scp80-3des.txt, from osmocom/pysim's OTA unit
// tests, whose PoRs came from real cards). OtaSmsLink builds exactly their
// command packets and SMS-DELIVER (with TP-UDL 2D where pySim wrote 03, see
// card-core/cardcore/sms/README.md), the card side opens them, and the
// link reads their PoRs as compact RFM responses (TS 102 226 §5.1.2).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/receiving_entity.hpp"
#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"
#include "twinmodels/ota/sms_pp_envelope.hpp"

namespace twinmodels::ota {
namespace test_ota_pysim_vectors {

using cardcore::from_hex;
using cardcore::to_hex;
namespace co = cardcore::ota;
namespace sms = cardcore::sms;

using Block = std::map<std::string, std::string>;

// Blocks of "NAME value  # comment" lines separated by blank lines.
std::vector<Block> load(const std::string& file) {
  std::ifstream in(std::string(ESIMTWIN_TEST_DATA_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::vector<Block> blocks(1);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {  // a blank line ends a block
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    std::string key, value;
    if (!(words >> key)) continue;  // a comment line
    words >> value;
    blocks.back()[key] = value;
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

co::Tar tar_of(const std::string& hex) {
  const Bytes b = from_hex(hex);
  return {b.at(0), b.at(1), b.at(2)};
}

// pySim's address and time stamp: originator 12345678 (TON unknown, ISDN),
// SCTS 22-07-25 00:00:00 +0.
sms::Address pysim_originator() { return {sms::TypeOfNumber::Unknown, sms::NumberingPlan::Isdn, "12345678"}; }
sms::Timestamp pysim_scts() { return {22, 7, 25, 0, 0, 0, 0}; }

// The configuration a platform holds for the vector's card: the key set,
// TAR and SPI the packet header names, counter 0 (pySim's OtaKeyset default).
OtaCardConfig config_of(const Block& b, std::uint8_t spi1, std::uint8_t spi2, std::uint8_t kic, std::uint8_t kid) {
  OtaCardConfig c;
  c.tar = tar_of(b.at("TAR"));
  c.keys.kic = kic;
  c.keys.kic_key = from_hex(b.at("KIC_KEY"));
  c.keys.kid = kid;
  c.keys.kid_key = from_hex(b.at("KID_KEY"));
  c.security.spi = co::Spi::parse(spi1, spi2);
  c.counter = 0;
  c.originator = pysim_originator();
  return c;
}

OtaCardConfig aes_config(const Block& b) {
  // KIc '22' AES-CBC key version 2, KID '22' AES-CMAC key version 2; SPI 06 19.
  const std::uint8_t kic = co::make_kic(co::CipherAlgorithm::AesCbc, 2);
  const std::uint8_t kid = co::make_kid(co::ChecksumAlgorithm::AesCmac, 2);
  EXPECT_EQ(kic, 0x22);
  EXPECT_EQ(kid, 0x22);
  return config_of(b, 0x06, 0x19, kic, kid);
}

TEST(OtaPySimVectors, AesPacketIsBuiltByteForByte) {
  const Block b = load("scp80-aes.txt").at(0);
  OtaSmsLink link(aes_config(b));
  EXPECT_EQ(link.next_counter(), 0u);  // SPI1 b4-b5 "no counter": CNTR stays 0
  EXPECT_EQ(to_hex(link.build_packet(from_hex(b.at("APDU")))), b.at("PACKET"));
  EXPECT_EQ(link.counter(), 0u);
  EXPECT_EQ(link.outstanding(), 1u);
}

TEST(OtaPySimVectors, AesTpduIsTheVectorsWithTheRightUserDataLength) {
  const Block b = load("scp80-aes.txt").at(0);
  OtaSmsLink link(aes_config(b));
  const std::vector<Bytes> tpdus = link.build(from_hex(b.at("APDU")), pysim_scts());
  ASSERT_EQ(tpdus.size(), 1u);
  // The vector's TPDU with TP-UDL (octet 16, after the SCTS) 03 -> 2D:
  // 3 header octets + 42 packet octets (TS 23.040 §9.2.3.16).
  std::string expected = b.at("TPDU");
  ASSERT_EQ(expected.substr(32, 2), "03");
  expected.replace(32, 2, "2d");
  EXPECT_EQ(to_hex(tpdus[0]), expected);

  // The card side reads it back: SMS-DELIVER, IEI 70, the packet, the APDU.
  const sms::SmsDeliver d = sms::decode_deliver(tpdus[0]);
  EXPECT_TRUE(sms::is_sim_data_download(d));
  EXPECT_EQ(d.oa, pysim_originator());
  EXPECT_EQ(d.scts, pysim_scts());
  const auto packet = sms::command_packet_of(d);
  ASSERT_TRUE(packet);
  EXPECT_EQ(to_hex(*packet), b.at("PACKET"));
  const OtaCardConfig cfg = aes_config(b);
  const co::CommandPacketResult r = co::open_command_packet(
      *packet, [&](const co::CommandHeader& h) -> std::optional<co::TarSecurity> {
        EXPECT_EQ(h.tar, cfg.tar);
        return co::TarSecurity{&cfg.keys, 0, 0};
      });
  ASSERT_EQ(r.format, co::PacketFormat::Ok);
  ASSERT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(to_hex(r.data), b.at("APDU"));
}

TEST(OtaPySimVectors, EnvelopeOfTheAesTpduIsTheFuzzCorpusSeed) {
  // fuzz/corpus/apdu/toolkit-sms-pp-download holds this ENVELOPE (TS 102 221
  // §11.2.2, TS 31.111 §7.1.1.2): D1, device identities 83 -> 81, the
  // address 12345678 as RP-OA, the TPDU with TP-UDL 2D.
  const Block b = load("scp80-aes.txt").at(0);
  OtaSmsLink link(aes_config(b));
  const Bytes tpdu = link.build(from_hex(b.at("APDU")), pysim_scts()).at(0);
  EXPECT_EQ(to_hex(envelope_sms_pp_download(tpdu, pysim_originator())),
            "80c200004d"
            "d14b"
            "82028381"
            "86058121436587"
            "8b3e" +
                to_hex(tpdu));
  std::ifstream seed(std::string(ESIMTWIN_SOURCE_DIR) + "/fuzz/corpus/apdu/toolkit-sms-pp-download",
                     std::ios::binary);
  const std::string seed_bytes((std::istreambuf_iterator<char>(seed)), std::istreambuf_iterator<char>());
  const Bytes envelope = envelope_sms_pp_download(tpdu, pysim_originator());
  EXPECT_NE(seed_bytes.find(std::string(envelope.begin(), envelope.end())), std::string::npos);
}

TEST(OtaPySimVectors, AesPorReadsAsOneCommandExecutedLastSw6132) {
  const Block b = load("scp80-aes.txt").at(0);
  OtaSmsLink link(aes_config(b));
  link.build(from_hex(b.at("APDU")), pysim_scts());
  // The vector's POR is the TP-UD as the card answers the ENVELOPE:
  // 02 71 00, then the packet from RPL.
  const PorResult por = link.read_por_from_user_data(from_hex(b.at("POR")));
  EXPECT_EQ(por.status, co::PorStatus::Ok);
  EXPECT_TRUE(por.ok());
  EXPECT_TRUE(por.secured);
  EXPECT_EQ(por.counter, 0u);
  EXPECT_EQ(to_hex(por.additional_data), "01" + b.at("POR_LAST_SW"));
  ASSERT_TRUE(por.response);
  ASSERT_TRUE(std::holds_alternative<CompactResponse>(*por.response));
  EXPECT_EQ(std::get<CompactResponse>(*por.response), (CompactResponse{1, 0x6132, {}}));
  EXPECT_EQ(executed_commands(*por.response), 1u);
  EXPECT_EQ(last_status_word(*por.response), 0x6132);
  EXPECT_TRUE(last_response_data(*por.response).empty());
  EXPECT_EQ(link.outstanding(), 0u);
}

TEST(OtaPySimVectors, AesPorInASmsDeliverReport) {
  // The modem puts the card's answer in the RP-ACK's SMS-DELIVER-REPORT
  // (TP-PI 07, TP-PID 7F, TP-DCS F6, TS 31.111 §7.1.1.1).
  const Block b = load("scp80-aes.txt").at(0);
  const Bytes por = from_hex(b.at("POR"));
  const Bytes report = sms::encode(sms::deliver_report_with_response_packet(ByteView(por).subspan(3)));
  // TP-MTI 00 with TP-UDHI, TP-PI 07, TP-PID 7F, TP-DCS F6, TP-UDL 29 (41).
  ASSERT_EQ(por.size(), 0x29u);
  EXPECT_EQ(to_hex(report), "40077ff629" + to_hex(por));
  OtaSmsLink link(aes_config(b));
  link.build_packet(from_hex(b.at("APDU")));
  const PorResult r = link.read_por_from_deliver_report(report);
  EXPECT_EQ(r.status, co::PorStatus::Ok);
  EXPECT_EQ(to_hex(r.additional_data), "016132");
}

TEST(OtaPySimVectors, TripleDesPacketsAndPors) {
  // SPI 06 19 (CC, ciphered), 06 09 (CC, PoR CC), 06 01 (CC; PoR without
  // security: read in clear); KIc = KID = '35' two-key triple DES v3.
  int count = 0;
  for (const Block& b : load("scp80-3des.txt")) {
    if (!b.count("POR") || !b.count("PACKET")) continue;
    SCOPED_TRACE(b.at("NAME"));
    ++count;
    const Bytes packet = from_hex(b.at("PACKET"));
    OtaSmsLink link(config_of(b, packet.at(3), packet.at(4), 0x35, 0x35));
    EXPECT_EQ(to_hex(link.build_packet(from_hex(b.at("APDU")))), b.at("PACKET"));
    const PorResult r = link.read_por_from_user_data(from_hex(b.at("POR")));
    EXPECT_EQ(r.status, co::PorStatus::Ok);
    EXPECT_TRUE(r.secured);
    EXPECT_EQ(to_hex(r.additional_data), b.at("POR_DATA"));
    ASSERT_TRUE(r.response);
    EXPECT_EQ(last_status_word(*r.response), 0x6132);
  }
  EXPECT_EQ(count, 3);
}

}  // namespace test_ota_pysim_vectors
}  // namespace twinmodels::ota
