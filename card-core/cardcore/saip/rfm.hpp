#pragma once
// PE-RFM (PEDefinitions v3.3.1: PE-RFM, ADFRFMAccess; the RFM application
// parameters of TS 102 226 §8.2.1.3.2: TARs, minimum security level, access
// domains).
#include <optional>
#include <vector>

#include "cardcore/saip/profile_header.hpp"

namespace cardcore::saip {

struct AdfRfmAccess {
  Bytes adf_aid;                  // [0] 5..16
  Bytes adf_access_domain;        // [1]
  Bytes adf_admin_access_domain;  // [2]
  bool operator==(const AdfRfmAccess&) const = default;
};

struct PeRfm {
  PeHeader header;                          // [0]
  Bytes instance_aid;                       // [APPLICATION 15]
  std::optional<Bytes> security_domain_aid;  // [APPLICATION 15]
  std::optional<std::vector<Bytes>> tar_list;  // [0] SEQUENCE (1..MAX) OF OCTET STRING (3)
  std::uint8_t minimum_security_level = 0;  // [1] 1 byte (TS 102 226 §8.2.1.3.2.4.2)
  Bytes uicc_access_domain;                 // UNIVERSAL OCTET STRING
  Bytes uicc_admin_access_domain;           // UNIVERSAL OCTET STRING
  std::optional<AdfRfmAccess> adf_rfm_access;  // UNIVERSAL SEQUENCE
  bool operator==(const PeRfm&) const = default;
};

namespace codec {
PeRfm decode_rfm(der::Context& ctx, const der::Tlv& t);
Bytes encode_rfm(const PeRfm& pe);
}  // namespace codec

}  // namespace cardcore::saip
