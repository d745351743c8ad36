#pragma once
// The example profile packages of profiles/saip/ (TCA format, card-core's
// tools/saip/example_packages.cpp) as an SM-DP stores them, and the
// subscription values of an HSS subscriber of the modem rigs.
#include <fstream>
#include <iterator>
#include <string>

#include "cardcore/usim/identifiers.hpp"
#include "cardcore/util/bytes.hpp"
#include "modem_harness.hpp"
#include "twinmodels/platform/profile_preparation.hpp"

namespace twinmodels::testing {

inline cardcore::Bytes saip_package(const std::string& name) {
  std::ifstream in(ESIMTWIN_SOURCE_DIR "/profiles/saip/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return cardcore::Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A modem with PIN1 "1234" configured: the PIN of the example packages'
// profiles, which start with PIN1 enabled (card-core saip/README.md).
inline ModemConfig modem_with_pin() {
  ModemConfig c;
  c.pin = "1234";
  return c;
}

// 19 digits and their Luhn check digit.
inline std::string full_iccid(const std::string& nineteen) { return nineteen + cardcore::luhn_digit(nineteen); }

// Subscriber `n` of ModemRig's HSS (its IMSI and keys), ICCID 898604…n.
inline platform::SubscriptionValues subscription_of(std::uint64_t n) {
  const SubscriberKeys k = derive_subscriber_keys(ModemRig::kSeed, n);
  std::string digits = std::to_string(n);
  digits = std::string(13 - digits.size(), '0') + digits;
  return {full_iccid("898604" + digits), imsi_of(n), cardcore::Bytes(k.k.begin(), k.k.end()),
          cardcore::Bytes(k.opc.begin(), k.opc.end())};
}

}  // namespace twinmodels::testing
