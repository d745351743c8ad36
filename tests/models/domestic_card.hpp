#pragma once
// The domestic profile shared by the models tests that run a real card, and
// the platform's view of its factory ISD key set.
#include <cstdint>
#include <memory>

#include "cardcore/ota/key_identifier.hpp"
#include "cardcore/profile/profile_parser.hpp"
#include "twinmodels/ota/ota_sms_link.hpp"

namespace twinmodels::testing {

inline std::shared_ptr<const cardcore::ProfileTemplate> domestic_profile() {
  static auto p = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

// The factory key set of the domestic card's Issuer Security Domain
// (EF.OTA_KEYS record 4: AES-CBC / AES-CMAC key version 1), which the
// write-card applet shares, for a platform speaking to `tar`: CC,
// ciphering and counter higher (SPI1 16), PoR as `spi2` asks (default 19:
// always, CC, ciphered, in the DELIVER-REPORT), from +8613800100999.
// A platform's view of one AES key set of a card (AES-CBC / AES-CMAC, key
// version `kvn`) for `tar`: CC, ciphering and counter higher (SPI1 16), PoR
// as `spi2` asks, from `originator`.
inline ota::OtaCardConfig aes_card_config(cardcore::ota::Tar tar, std::uint8_t kvn, const char* kic_key,
                                          const char* kid_key, const cardcore::sms::Address& originator,
                                          std::uint8_t spi2 = 0x19) {
  ota::OtaCardConfig c;
  c.tar = tar;
  c.keys.kic = cardcore::ota::make_kic(cardcore::ota::CipherAlgorithm::AesCbc, kvn);
  c.keys.kic_key = cardcore::from_hex(kic_key);
  c.keys.kid = cardcore::ota::make_kid(cardcore::ota::ChecksumAlgorithm::AesCmac, kvn);
  c.keys.kid_key = cardcore::from_hex(kid_key);
  c.security.spi = cardcore::ota::Spi::parse(0x16, spi2);
  c.originator = originator;
  return c;
}

// The OTA platform's address in the domestic tests.
inline const cardcore::sms::Address kOtaPlatform{cardcore::sms::TypeOfNumber::International,
                                                 cardcore::sms::NumberingPlan::Isdn, "8613800100999"};

inline ota::OtaCardConfig domestic_isd_config(cardcore::ota::Tar tar, std::uint8_t spi2 = 0x19) {
  return aes_card_config(tar, 1, "3a8c1f0e5d2b47a9c6e0f1d2b3a49586", "7e1d2c3b4a5968778695a4b3c2d1e0f1", kOtaPlatform, spi2);
}

}  // namespace twinmodels::testing
