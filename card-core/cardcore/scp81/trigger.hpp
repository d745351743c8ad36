#pragma once
// The push that starts an SCP81 administration session, both ends: the
// card parses it, the SM-SR builds it.
//
// GP Amendment B (Remote Application Management over HTTP) Table 3-3, the
// administration session triggering parameters, as the secured data of a
// secured SMS to the security domain (the ISD-R for SGP.02 §2.4.4; OMA SCWS
// calls it the "remote administration request" sent by MT-SMS):
//
//   '81' L  administration session triggering parameters ('81 00': use the
//           defaults of the security domain for everything)
//     '83' L  administration session parameters, each optional:
//       '84' L  connection parameters: OPEN CHANNEL data objects (§3.8.1,
//               connection_params.hpp)
//       '85' L  security parameters (§3.8.2): L PSK identity, '02' KVN KID,
//               then optionally one byte (the SHA type; kept, not used)
//       '86' L  retry policy (§3.8.3): retry counter (2 bytes) then the
//               delay and failure report (kept raw: no retries here)
//       '89' L  HTTP POST parameters:
//         '8A' L  administration host (§3.8.4, the Host header)
//         '8B' L  agent ID (§3.8.5, the X-Admin-From header)
//         '8C' L  administration URI (§3.8.6, the first POST's URI)
//
// (Tags and the Table 3-3 / §3.8.x numbering as public SM-SR and card tool
// code reads them; we had no copy of Amendment B itself.) Refused with a
// reason: DNS resolution parameters 'B3', extended security parameters 'A5'
// and anything else this card does not do, duplicated or unknown TLVs,
// malformed lengths, bytes after the '81' TLV, strings with control
// characters.
#include <cstdint>
#include <optional>
#include <string>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/scp81/connection_params.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::scp81 {

namespace trigger_tag {
inline constexpr std::uint8_t kTriggeringParameters = 0x81;
inline constexpr std::uint8_t kSessionParameters = 0x83;
inline constexpr std::uint8_t kConnectionParameters = 0x84;
inline constexpr std::uint8_t kSecurityParameters = 0x85;
inline constexpr std::uint8_t kRetryPolicy = 0x86;
inline constexpr std::uint8_t kHttpPostParameters = 0x89;
inline constexpr std::uint8_t kAdminHost = 0x8A;
inline constexpr std::uint8_t kAgentId = 0x8B;
inline constexpr std::uint8_t kAdminUri = 0x8C;
}  // namespace trigger_tag

// §3.8.2: which PSK, and the identity the card sends in its ClientKeyExchange.
struct SecurityParams {
  Bytes psk_identity;  // 1..255 bytes, no NUL (OpenSSL passes it as a C string)
  std::uint8_t key_version = 0;
  std::uint8_t key_id = 0;
  std::optional<std::uint8_t> sha_type;
  bool operator==(const SecurityParams&) const = default;
};

// §3.8.3, kept for the integrator: this card does not retry.
struct RetryPolicy {
  std::uint16_t counter = 0;
  Bytes rest;  // the waiting delay and failure report, raw
  bool operator==(const RetryPolicy&) const = default;
};

struct HttpPostParams {
  std::optional<std::string> host;
  std::optional<std::string> agent_id;
  std::optional<std::string> uri;
  bool operator==(const HttpPostParams&) const = default;
};

struct AdminTrigger {
  std::optional<ConnectionParams> connection;
  std::optional<SecurityParams> security;
  std::optional<RetryPolicy> retry;
  std::optional<HttpPostParams> http;
  bool operator==(const AdminTrigger&) const = default;
  // '81 00': all defaults.
  bool uses_defaults() const { return *this == AdminTrigger{}; }
};

// The '81' TLV (and nothing after it).
Bytes encode(const AdminTrigger& t);
cat::Decoded<AdminTrigger> decode_admin_trigger(ByteView data);

// Whether secured data is a triggering message (starts with '81'), for the
// ISD-R's receiver to tell it from a script (an expanded script starts with
// 'AA' or 'AE', TS 102 226 §5.2; a compact one with a class byte, and '81'
// would be a proprietary class on channel 1: an ISD-R takes no such
// command, our reading).
inline bool is_admin_trigger(ByteView data) {
  return !data.empty() && data[0] == trigger_tag::kTriggeringParameters;
}

}  // namespace cardcore::scp81
