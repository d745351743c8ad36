#pragma once
// TS 23.040 §9.2.3.24 TP-User-Data-Header: UDHL, then information elements
// (IEI, IEDL, IED). Also the concatenation elements of §9.2.3.24.1 (8-bit
// reference) and §9.2.3.24.8 (16-bit reference).
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/util/bytes.hpp"

namespace cardcore::sms {

inline constexpr std::uint8_t kIeiConcatenation8 = 0x00;   // §9.2.3.24.1
inline constexpr std::uint8_t kIeiPort8 = 0x04;            // §9.2.3.24.3
inline constexpr std::uint8_t kIeiPort16 = 0x05;           // §9.2.3.24.4
inline constexpr std::uint8_t kIeiConcatenation16 = 0x08;  // §9.2.3.24.8
// §9.2.3.24 / TS 31.115 §4: (U)SIM Toolkit Security Headers. Each has an
// empty IED; the secured packet itself follows the header in the TP-UD.
inline constexpr std::uint8_t kIeiCommandPacket = 0x70;   // CPI, TS 31.115 §4.1
inline constexpr std::uint8_t kIeiResponsePacket = 0x71;  // RPI, TS 31.115 §4.3

struct InformationElement {
  std::uint8_t iei = 0;
  Bytes data;
  bool operator==(const InformationElement&) const = default;
};

struct UserDataHeader {
  std::vector<InformationElement> elements;

  // §9.2.3.24: of a repeated non-repeatable element the last one counts.
  const InformationElement* find(std::uint8_t iei) const;
  bool has(std::uint8_t iei) const { return find(iei) != nullptr; }
  bool operator==(const UserDataHeader&) const = default;
};

// UDHL followed by the elements. Throws SmsError("TP-UDH") when an element's
// data exceeds 255 octets or the header 255 octets.
Bytes encode_udh(const UserDataHeader& h);
// `bytes` starts with UDHL and holds at least the whole header (octets after
// it are ignored). Throws SmsError("TP-UDH") for an element running past UDHL.
UserDataHeader decode_udh(ByteView bytes);

struct Concatenation {
  std::uint16_t reference = 0;
  std::uint8_t total = 0;     // maximum number of short messages
  std::uint8_t sequence = 0;  // 1..total
  bool sixteen_bit_reference = false;
  bool operator==(const Concatenation&) const = default;
};

// The last concatenation element (8- or 16-bit reference) of the header,
// values unchecked. Throws SmsError("TP-UDH") for an element of the wrong
// length (3 resp. 4 octets).
std::optional<Concatenation> concatenation_of(const UserDataHeader& h);
InformationElement concatenation_element(const Concatenation& c);
// The header without its concatenation elements.
UserDataHeader without_concatenation(const UserDataHeader& h);

}  // namespace cardcore::sms
