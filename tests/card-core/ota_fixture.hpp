#pragma once
// OTA over SMS-PP against the domestic card: a platform side that builds
// command packets with the domestic key set (ota::encode_command_packet),
// carries them in SMS-DELIVERs (sms::delivers_with_command_packet) inside
// ENVELOPE (SMS-PP DOWNLOAD), and reads the PoR back from the
// SMS-DELIVER-REPORT data or from the SEND SHORT MESSAGE the card queues.
#include <optional>
#include <string>
#include <vector>

#include "card_fixture.hpp"
#include "cardcore/cat/envelopes.hpp"
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/cat/terminal_profile.hpp"
#include "cardcore/cat/terminal_response.hpp"
#include "cardcore/ota/command_packet.hpp"
#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/ota/sending_entity.hpp"
#include "cardcore/remote/tar.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/secured_packet_sms.hpp"
#include "cardcore/sms/submit.hpp"

namespace cardcore::testing {

// The domestic profile's key set (EF.OTA_KEYS records 1 and 2): AES-CBC and
// AES-CMAC, key version 2, the keys of the pySim vector.
inline ota::OtaKeys domestic_ota_keys() {
  ota::OtaKeys k;
  k.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 2);
  k.kic_key = from_hex("200102030405060708090a0b0c0d0e0f");
  k.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 2);
  k.kid_key = from_hex("201102030405060708090a0b0c0d0e0f");
  return k;
}

// TS 102 225 §5.1.1 SPI bytes used by the tests.
namespace spi {
inline constexpr std::uint8_t kCcCipheredNoCounter = 0x06;      // the pySim vector's first byte
inline constexpr std::uint8_t kCcCipheredCounterHigher = 0x16;  // counter must be higher
inline constexpr std::uint8_t kCcCipheredCounterOneHigher = 0x1E;
inline constexpr std::uint8_t kCcOnlyCounterHigher = 0x12;      // below the MSL (not ciphered)
inline constexpr std::uint8_t kPorAlwaysCcCipheredReport = 0x19;  // the vector's second byte
inline constexpr std::uint8_t kPorAlwaysCcCipheredSubmit = 0x39;
inline constexpr std::uint8_t kPorOnErrorReport = 0x1A;
inline constexpr std::uint8_t kNoPor = 0x00;
}  // namespace spi

inline ota::CommandSecurity security(std::uint8_t spi1, std::uint8_t spi2) {
  ota::CommandSecurity s;
  s.spi = ota::Spi::parse(spi1, spi2);
  return s;
}

inline sms::Address ota_platform() { return sms::Address{sms::TypeOfNumber::International, sms::NumberingPlan::Isdn, "8613800100999"}; }
inline sms::Timestamp ota_scts() { return sms::Timestamp{24, 5, 17, 10, 30, 0, 32}; }
// The SMSC address of the ENVELOPE's Address object: +8613800100500.
inline cat::Address ota_smsc() { return cat::Address{0x91, from_hex("683108100005F0")}; }

// The ENVELOPE (SMS-PP DOWNLOAD) data for one SMS-DELIVER TPDU.
inline Bytes sms_pp_envelope(const Bytes& tpdu) {
  cat::SmsPpDownload e;
  e.address = ota_smsc();
  e.tpdu.tpdu = tpdu;
  return cat::encode(e);
}

// The SMS-DELIVER TPDUs carrying a command packet (one, or the segments).
inline std::vector<Bytes> command_tpdus(const Bytes& packet, std::uint16_t reference = 0x42) {
  std::vector<Bytes> out;
  for (const sms::SmsDeliver& d : sms::delivers_with_command_packet(ota_platform(), ota_scts(), packet, reference))
    out.push_back(sms::encode(d));
  return out;
}

class OtaCard : public CardTest {
 protected:
  // A terminal that takes SEND SHORT MESSAGE and SMS-PP download.
  void send_terminal_profile() {
    using F = cat::Facility;
    const Bytes tp = cat::TerminalProfile::with({F::kProfileDownload, F::kSmsPpDataDownload, F::kCommandResult,
                                                 F::kSendShortMessage})
                         .bytes();
    ASSERT_EQ(send("80100000" + hex8(static_cast<unsigned>(tp.size())) + upper_hex(tp)), "9000");
  }

  // Sends ENVELOPE (SMS-PP DOWNLOAD) with `tpdu`; returns the R-APDU in hex.
  std::string envelope(const Bytes& tpdu) {
    const Bytes data = sms_pp_envelope(tpdu);
    return send("80C20000" + hex8(static_cast<unsigned>(data.size())) + upper_hex(data));
  }

  // Sends the ENVELOPE and fetches its response data when it answers
  // '61 XX' (the PoR for the SMS-DELIVER-REPORT): data + SW in hex.
  std::string envelope_and_response(const Bytes& tpdu) {
    const std::string r = envelope(tpdu);
    if (r.size() == 4 && r.substr(0, 2) == "61") return send("00C00000" + r.substr(2, 2));
    return r;
  }

  // A packet for `tar` with the domestic keys.
  Bytes packet(const ota::CommandSecurity& sec, const ota::Tar& tar, ota::Counter counter, const Bytes& script) {
    return ota::encode_command_packet(sec, keys, tar, counter, script);
  }

  // Sends a packet (over several SMS when it needs them, each but the last
  // answered '90 00'); the last R-APDU with the response data fetched.
  std::string run(const Bytes& command_packet) {
    const std::vector<Bytes> tpdus = command_tpdus(command_packet);
    for (std::size_t i = 0; i + 1 < tpdus.size(); ++i) EXPECT_EQ(envelope(tpdus[i]), "9000") << i;
    return envelope_and_response(tpdus.back());
  }

  // The PoR in the data of "<data>9000" (DELIVER-REPORT TP-UD), decoded.
  ota::DecodedPor por_of(const std::string& answer, const ota::CommandSecurity& sec, const ota::Tar& tar,
                         ota::Counter counter) {
    EXPECT_GE(answer.size(), 10u) << answer;
    // '90 00', or '91 XX' when the card also has a proactive command for
    // the terminal (an eUICC's REFRESH after a profile switch).
    const std::string sw = answer.substr(answer.size() - 4);
    EXPECT_TRUE(sw == "9000" || sw.substr(0, 2) == "91") << answer;
    const Bytes data = from_hex(answer.substr(0, answer.size() - 4));
    EXPECT_EQ(upper_hex(ByteView(data).first(3)), "027100");
    return ota::decode_response_packet(ByteView(data).subspan(3), sec, keys, tar, counter);
  }

  // FETCHes the announced proactive command ('91 XX' in `sw`).
  Bytes fetch_announced(const std::string& sw) {
    EXPECT_EQ(sw.substr(0, 2), "91") << sw;
    const std::string r = send("80120000" + sw.substr(2, 2));
    EXPECT_EQ(r.substr(r.size() - 4), "9000");
    return from_hex(r.substr(0, r.size() - 4));
  }

  // The TERMINAL RESPONSE "performed" to a fetched command.
  std::string terminal_response_to(const Bytes& command) {
    cat::TerminalResponse r;
    r.details = cat::check_proactive_command(command).value;
    r.result.general = cat::result::kPerformed;
    const Bytes b = cat::encode(r);
    return send("80140000" + hex8(static_cast<unsigned>(b.size())) + upper_hex(b));
  }

  // FETCHes the SEND SHORT MESSAGEs announced from `sw` on, answers each
  // "performed", and returns the response packet their SMS-SUBMITs carry
  // (reassembled as the platform would); `sw` is then the last answer.
  std::optional<Bytes> fetch_submitted_por(std::string& sw) {
    sms::Reassembler platform;
    while (sw.substr(0, 2) == "91") {
      const Bytes command = fetch_announced(sw);
      const cat::Decoded<cat::ProactiveCommand> decoded = cat::decode_proactive_command(command);
      EXPECT_TRUE(decoded.ok()) << decoded.error;
      if (!decoded.ok()) return std::nullopt;
      const auto* m = std::get_if<cat::SendShortMessage>(&decoded.value);
      EXPECT_NE(m, nullptr);
      if (!m) return std::nullopt;
      const sms::SmsSubmit s = sms::decode_submit(m->tpdu.tpdu);
      const auto r = platform.add(s.da, s.ud, 0);
      sw = terminal_response_to(command);
      if (r.message) return sms::response_packet_of(*r.message);
    }
    return std::nullopt;
  }

  // The stored counter of EF.OTA_CNTR record n, read from the NVM.
  ota::Counter stored_counter(unsigned n) {
    const FileNode& f = card.node(card.profile().ota->counters);
    Bytes c(5);
    card.nvm().read(f.body_addr + (n - 1) * f.record_length, c);
    return ota::read_counter(c.data());
  }

  ota::OtaKeys keys = domestic_ota_keys();
};

// EF.IMSI of the domestic profile (460040123456789) and the one RFM tests
// write (460041234567890).
inline const std::string kImsi = "084906401032547698";
inline const std::string kNewImsi = "084906402143658709";

// RFM scripts with the domestic keys: CC, ciphering, counter higher; PoR
// always, CC, ciphered, in the DELIVER-REPORT.
class RfmCard : public OtaCard {
 protected:
  // Runs `script` through `tar` with the next counter; returns the PoR's
  // additional response data in hex (the PoR checked: secured, status Ok).
  std::string rfm(const ota::Tar& tar, const std::string& script) {
    ++counter;
    const ota::DecodedPor por = por_of(run(packet(sec, tar, counter, from_hex(script))), sec, tar, counter);
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return upper_hex(por.packet.additional_data);
  }
  // EF.IMSI as the terminal reads it.
  std::string read_imsi() {
    select_usim();
    EXPECT_EQ(send("00A4000C026F07"), "9000");
    return send("00B0000009");
  }
  const ota::CommandSecurity sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
  ota::Counter counter = 0;
};

}  // namespace cardcore::testing
