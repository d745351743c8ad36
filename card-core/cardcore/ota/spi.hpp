#pragma once
// Security Parameter Indication, the 2-byte SPI of a command packet:
// ETSI TS 102 225 §5.1.1, with b6 of the second byte from 3GPP TS 31.115 §4.1
// (PoR by SMS-DELIVER-REPORT or SMS-SUBMIT).
#include <array>
#include <cstdint>
#include <string>

namespace cardcore::ota {

// TS 102 225 §5.1.1, first byte b1-b2 (command) and second byte b3-b4 (PoR).
enum class Integrity : std::uint8_t {
  None = 0,                   // no RC, CC or DS
  RedundancyCheck = 1,        // RC
  CryptographicChecksum = 2,  // CC
  DigitalSignature = 3,       // DS
};

// TS 102 225 §5.1.1, first byte b4-b5.
enum class CounterPolicy : std::uint8_t {
  NoCounter = 0,      // "no counter available" (the CNTR field is still present)
  NoReplayCheck = 1,  // "counter available; no replay or sequence checking"
  Higher = 2,         // "process if and only if counter value is higher than the value in the RE"
  OneHigher = 3,      // "process if and only if counter value is one higher than the value in the RE"
};

// TS 102 225 §5.1.1, second byte b1-b2.
enum class PorRequest : std::uint8_t {
  None = 0,      // no PoR reply to the Sending Entity
  Always = 1,    // PoR required
  OnError = 2,   // PoR required only when an error has occurred
  Reserved = 3,  // treated as "no PoR"
};

struct Spi {
  // First byte. b6-b8 are reserved: ignored on parsing, zero when encoded.
  Integrity integrity = Integrity::None;
  bool ciphering = false;  // b3
  CounterPolicy counter = CounterPolicy::NoCounter;
  // Second byte. b7-b8 reserved likewise.
  PorRequest por = PorRequest::None;
  Integrity por_integrity = Integrity::None;  // b3-b4
  bool por_ciphering = false;                 // b5
  bool por_via_sms_submit = false;            // b6, TS 31.115 §4.1: 0 = SMS-DELIVER-REPORT, 1 = SMS-SUBMIT

  static Spi parse(std::uint8_t first, std::uint8_t second);
  std::array<std::uint8_t, 2> encode() const;
  bool operator==(const Spi&) const = default;
};

// "CC, ciphered, counter higher; PoR always, CC, ciphered, by SMS-DELIVER-REPORT"
std::string describe(const Spi& spi);

// TS 102 226 §8.2.1.3.2.4.2: the Minimum Security Level of a TAR is coded as
// the first SPI byte; a packet meets it when each of its fields is at least
// the MSL's (integrity none < RC < CC < DS, ciphering, counter policy in the
// order of its coding). MSL 0 accepts every packet.
bool meets_minimum_security_level(const Spi& spi, std::uint8_t msl);

}  // namespace cardcore::ota
