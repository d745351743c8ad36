#pragma once
// Remote Application Management against the domestic card: secured packets
// for the Issuer Security Domain (TAR '00 00 00', its key set: EF.OTA_KEYS
// record 4, AES key version 1) and for the write-card applet (TAR
// 'C0 00 01', which has no key set of its own and uses the ISD's).
#include <string>
#include <vector>

#include "cardcore/tlv/ber_tlv.hpp"
#include "ota_fixture.hpp"
#include "cardcore/remote/tar.hpp"

namespace cardcore::testing {

inline ota::OtaKeys isd_ota_keys() {
  ota::OtaKeys k;
  k.kic = ota::make_kic(ota::CipherAlgorithm::AesCbc, 1);
  k.kic_key = from_hex("3a8c1f0e5d2b47a9c6e0f1d2b3a49586");
  k.kid = ota::make_kid(ota::ChecksumAlgorithm::AesCmac, 1);
  k.kid_key = from_hex("7e1d2c3b4a5968778695a4b3c2d1e0f1");
  return k;
}

inline constexpr ota::Tar kTarWriteCard = {0xC0, 0x00, 0x01};
inline const std::string kIsdAid = "A000000151000000";
inline const std::string kWriteCardElf = "F04553494D5457494E01";
inline const std::string kWriteCardModule = "F04553494D5457494E0101";
inline const std::string kWriteCardInstance = "F04553494D5457494E010101C0000100";

// An expanded command scripting template 'AA' of C-APDU TLVs '22'.
inline std::string expanded_script(const std::vector<std::string>& capdus) {
  Bytes inner;
  for (const std::string& c : capdus) tlv::put_ber(inner, 0x22, from_hex(c));
  return upper_hex(tlv::make_ber(0xAA, inner));
}

// A CAP-file load file data block (Java Card VM §6): Header (package AID),
// Applet (the applet AIDs) and a Method component of `code` filler bytes.
inline Bytes cap_load_file(const std::string& package, const std::vector<std::string>& applets, std::size_t code) {
  Bytes out;
  auto component = [&](std::uint8_t tag, const Bytes& info) {
    out.push_back(tag);
    out.push_back(static_cast<std::uint8_t>(info.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(info.size()));
    out.insert(out.end(), info.begin(), info.end());
  };
  const Bytes pkg = from_hex(package);
  Bytes header = from_hex("DECAFFED" "01" "02" "04" "00" "01");
  header.push_back(static_cast<std::uint8_t>(pkg.size()));
  header.insert(header.end(), pkg.begin(), pkg.end());
  component(1, header);
  Bytes applet{static_cast<std::uint8_t>(applets.size())};
  for (const std::string& a : applets) {
    const Bytes aid = from_hex(a);
    applet.push_back(static_cast<std::uint8_t>(aid.size()));
    applet.insert(applet.end(), aid.begin(), aid.end());
    applet.push_back(0x00);
    applet.push_back(0x10);
  }
  if (!applets.empty()) component(3, applet);
  Bytes method(code);
  for (std::size_t i = 0; i < code; ++i) method[i] = static_cast<std::uint8_t>(i * 7 + 3);
  component(7, method);
  return tlv::make_ber(0xC4, out);
}

// The LOAD commands of a load file in blocks of `block` bytes.
inline std::vector<std::string> load_commands(const Bytes& c4, std::size_t block) {
  std::vector<std::string> out;
  for (std::size_t at = 0, n = 0; at < c4.size(); at += block, ++n) {
    const std::size_t len = std::min(block, c4.size() - at);
    const bool last = at + len == c4.size();
    out.push_back("80E8" + hex8(last ? 0x80 : 0x00) + hex8(static_cast<unsigned>(n)) + hex8(static_cast<unsigned>(len)) +
                  upper_hex(ByteView(c4).subspan(at, len)));
  }
  return out;
}

// INSTALL [for load] of `elf` (no SD AID, hash, parameters or token).
inline std::string install_for_load(const std::string& elf) {
  const std::string data = hex8(static_cast<unsigned>(elf.size() / 2)) + elf + "00000000";
  return "80E60200" + hex8(static_cast<unsigned>(data.size() / 2)) + data;
}

// INSTALL [for install and make selectable] with 'C9' = `c9` and toolkit
// parameters 'CA' giving `tars` (hex, 3 bytes each) and MSL `msl` (hex or
// empty); `quotas`: TLVs put before 'CA' in 'EF' (memory quotas 'C7'/'C8',
// TS 102 226 §8.2.1.3.2).
inline std::string install_for_install(const std::string& elf, const std::string& module, const std::string& instance,
                                       const std::string& c9, const std::string& tars, const std::string& msl = "",
                                       std::uint8_t p1 = 0x0C, const std::string& quotas = "") {
  auto lv = [](const std::string& h) { return hex8(static_cast<unsigned>(h.size() / 2)) + h; };
  // Access domain 00, priority 01, no timers, menu text 16, no menus,
  // no channels, MSL, TARs.
  const std::string ca = "0100" "01" "00" "10" "00" "00" + lv(msl) + lv(tars);
  const std::string ef = quotas + "CA" + lv(ca);
  const std::string params = "C9" + lv(c9) + "EF" + lv(ef);
  const std::string data = lv(elf) + lv(module) + lv(instance) + "0100" + lv(params) + "00";
  return "80E6" + hex8(p1) + "00" + hex8(static_cast<unsigned>(data.size() / 2)) + data;
}

inline std::string delete_aid(const std::string& aid, bool related = false) {
  const std::string data = "4F" + hex8(static_cast<unsigned>(aid.size() / 2)) + aid;
  return std::string("80E400") + (related ? "80" : "00") + hex8(static_cast<unsigned>(data.size() / 2)) + data;
}

// Runs `attempt` on a new card with the power cut at NVM program 1, 2, ...
// until one runs through; after each cut, `check(n)` on the restarted card.
template <class Attempt, class Check>
void at_every_power_loss(Uicc& card, Attempt attempt, Check check) {
  for (std::uint32_t n = 1;; ++n) {
    card = Uicc(domestic_profile());
    card.power_on();
    card.nvm().arm_power_loss(n);
    try {
      attempt();
      return;
    } catch (const PowerLoss&) {
    }
    card.power_on();
    check(n);
    ASSERT_LT(n, 500u);
  }
}

class RamCard : public OtaCard {
 protected:
  RamCard() { keys = isd_ota_keys(); }

  // Runs `script` through `tar` with the next counter and the ISD's keys;
  // returns the PoR (checked: secured, status Ok unless `expect_status`).
  ota::DecodedPor send_script(const ota::Tar& tar, const Bytes& script) {
    const auto sec = security(spi::kCcCipheredCounterHigher, spi::kPorAlwaysCcCipheredReport);
    ++counter;
    const std::string answer = run(packet(sec, tar, counter, script));
    last_sw = answer.substr(answer.size() - 4);
    return por_of(answer, sec, tar, counter);
  }
  // The additional response data of a successful script, in hex.
  std::string ram(const std::string& script) {
    const ota::DecodedPor por = send_script(remote::kTarIsd, from_hex(script));
    EXPECT_TRUE(por.secured);
    EXPECT_EQ(por.packet.status, ota::PorStatus::Ok);
    return upper_hex(por.packet.additional_data);
  }

  ota::Counter counter = 0;
  std::string last_sw;  // of the ENVELOPE's GET RESPONSE
};

}  // namespace cardcore::testing
