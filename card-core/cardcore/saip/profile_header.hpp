#pragma once
// PEHeader and the ProfileHeader element (TCA eUICC Profile Package,
// ASN.1 module PEDefinitions v3.3.1: PEHeader, ProfileHeader, ServicesList).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardcore/saip/der.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::saip {

// PEHeader: the first component ([0]) of every PE but the ProfileHeader.
struct PeHeader {
  bool mandated = false;            // [0] NULL OPTIONAL: support of this PE is mandatory
  std::uint16_t identification = 0;  // [1] UInt15
  bool operator==(const PeHeader&) const = default;
};

// ServicesList: one optional NULL per service, [0] contactless .. [29] eaka.
// Held as a bit mask by tag number; names as in the ASN.1 module.
struct ServicesList {
  std::uint32_t bits = 0;
  static constexpr std::uint32_t kCount = 30;
  static std::string_view name(std::uint32_t index);  // "" past kCount
  // Throws std::invalid_argument for a name not in the list.
  static std::uint32_t index(std::string_view name);
  bool has(std::string_view n) const { return (bits >> index(n)) & 1u; }
  void set(std::string_view n) { bits |= 1u << index(n); }
  bool operator==(const ServicesList&) const = default;
};

struct MandatoryAid {
  Bytes aid;      // ApplicationIdentifier, 5..16 bytes
  Bytes version;  // 2 bytes
  bool operator==(const MandatoryAid&) const = default;
};

struct ProfileHeader {
  std::uint8_t major_version = 2;           // [0] UInt8
  std::uint8_t minor_version = 3;           // [1] UInt8
  std::optional<std::string> profile_type;  // [2] UTF8String (1..100)
  Bytes iccid;                              // [3] 10 bytes, BCD as in EF.ICCID
  std::optional<Bytes> pol;                 // [4]
  ServicesList mandatory_services;          // [5]
  std::vector<std::string> mandatory_gfste; // [6] SEQUENCE OF OBJECT IDENTIFIER (dotted)
  std::optional<Bytes> connectivity_parameters;           // [7]
  std::optional<std::vector<MandatoryAid>> mandatory_aids;  // [8]
  std::optional<Bytes> iot_pix;             // [9] iotOptions.pix, 7..11 bytes
  bool operator==(const ProfileHeader&) const = default;
};

namespace codec {
PeHeader decode_pe_header(der::Context& ctx, const der::Tlv& t);
Bytes encode_pe_header(const PeHeader& h);  // the whole [0] TLV
ProfileHeader decode_profile_header(der::Context& ctx, const der::Tlv& t);
Bytes encode_profile_header(const ProfileHeader& h);  // contents
}  // namespace codec

}  // namespace cardcore::saip
