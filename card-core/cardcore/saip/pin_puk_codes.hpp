#pragma once
// PE-PINCodes and PE-PUKCodes (PEDefinitions v3.3.1: PINConfiguration,
// PUKConfiguration; key references as TS 102 221 §9.5.1).
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

struct PinConfiguration {
  std::uint8_t key_reference = 1;           // [0] PINKeyReferenceValue
  Bytes pin_value;                          // [1] 8 bytes
  std::optional<std::uint8_t> unblocking_reference;  // [2] PUKKeyReferenceValue
  std::uint8_t pin_attributes = 7;          // [3] UInt8 DEFAULT 7
  std::uint8_t max_attempts_retries = 0x33;  // [4] DEFAULT 51: max (b8-b5), left (b4-b1)
  bool operator==(const PinConfiguration&) const = default;
};

struct PePinCodes {
  PeHeader header;
  // [1] CHOICE { pinconfig [0] SEQUENCE (1..26) OF PINConfiguration,
  //              filePath [1] OCTET STRING (0..8) }: the PINs shared with
  // another DF/ADF.
  std::variant<std::vector<PinConfiguration>, Bytes> pin_codes;
  bool operator==(const PePinCodes&) const = default;
};

struct PukConfiguration {
  std::uint8_t key_reference = 1;           // [0] PUKKeyReferenceValue
  Bytes puk_value;                          // [1] 8 bytes
  std::uint8_t max_attempts_retries = 0xAA;  // [2] DEFAULT 170
  bool operator==(const PukConfiguration&) const = default;
};

struct PePukCodes {
  PeHeader header;
  std::vector<PukConfiguration> puk_codes;  // [1] SEQUENCE (1..16)
  bool operator==(const PePukCodes&) const = default;
};

// The named values of PINKeyReferenceValue / PUKKeyReferenceValue.
bool valid_pin_reference(std::int64_t v);
bool valid_puk_reference(std::int64_t v);

namespace codec {
PePinCodes decode_pin_codes(der::Context& ctx, const der::Tlv& t);
Bytes encode_pin_codes(const PePinCodes& pe);
PePukCodes decode_puk_codes(der::Context& ctx, const der::Tlv& t);
Bytes encode_puk_codes(const PePukCodes& pe);
}  // namespace codec

}  // namespace cardcore::saip
