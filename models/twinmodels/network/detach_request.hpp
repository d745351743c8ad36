#pragma once
// The network's DETACH REQUEST to the UE (TS 24.301 §8.2.11.2, UE
// terminated detach), plain NAS (security header type 0):
//
//   octet 1  protocol discriminator 7 (EMM, §9.2) | security header type 0 (§9.3.1)
//   octet 2  message type 0x45 (§9.8)
//   octet 3  bits 4..1 detach type (§9.9.3.7), bits 8..5 spare half octet
//   [0x53 EMM cause]  optional TV, §9.9.3.9
//
// Detach type, network to UE: 001 re-attach required, 010 re-attach not
// required, 011 IMSI detach; "all other values are interpreted as
// 're-attach not required'" (§9.9.3.7). An EMM cause the table does not
// list is "treated as #111 protocol error, unspecified" (§9.9.3.9). Other
// optional IEs are skipped by their format (TS 24.007 §11.2.4: IEI with
// bit 8 set, one octet; 0x7x, TLV-E; else TLV), and a repeated EMM cause
// is ignored (TS 24.301 §7.6.3).
#include <cstdint>
#include <optional>

#include "cardcore/util/bytes.hpp"

namespace twinmodels {

enum class DetachType : std::uint8_t { ReattachRequired = 1, ReattachNotRequired = 2, ImsiDetach = 3 };

struct DetachRequest {
  DetachType type = DetachType::ReattachNotRequired;
  std::optional<std::uint8_t> emm_cause;
  bool operator==(const DetachRequest&) const = default;
};

inline constexpr std::uint8_t kEmmProtocolDiscriminator = 0x07;
inline constexpr std::uint8_t kDetachRequestType = 0x45;
inline constexpr std::uint8_t kEmmCauseIei = 0x53;
// TS 24.301 §9.9.3.9: #7 EPS services not allowed, #8 EPS services and
// non-EPS services not allowed, #10 implicitly detached, #111 protocol
// error, unspecified.
inline constexpr std::uint8_t kEmmCauseEpsServicesNotAllowed = 7;
inline constexpr std::uint8_t kEmmCauseEpsAndNonEpsServicesNotAllowed = 8;
inline constexpr std::uint8_t kEmmCauseProtocolError = 111;
inline constexpr std::uint8_t kEmmCauseImplicitlyDetached = 10;

// Whether TS 24.301 Table 9.9.3.9.1 lists `cause`.
bool emm_cause_listed(std::uint8_t cause);

// Throws NetworkIeError for a detach type the network does not send
// (0, 4..7) or an EMM cause the table does not list.
cardcore::Bytes encode_detach_request(const DetachRequest& r);
// Throws NetworkIeError ("DETACH REQUEST: ...") for a message shorter than
// its mandatory part, another protocol discriminator, a security protected
// message, another message type, or an optional IE cut short.
DetachRequest decode_detach_request(cardcore::ByteView nas);

}  // namespace twinmodels
