#pragma once
// SCP03t, the TLV form of SCP03 (GSMA SGP.02 §2.5.2, §4.1.3.3): the SM-DP's
// profile download to an ISD-P over HTTPS (ES8 carried by ES3.SendData and
// the SM-SR's SCP81 session). The command TLVs travel in a command scripting
// template (TS 102 226 §5.2, 'AA' / 'AE'), their tags chosen not to clash
// with the template's own; the ISD-P answers each with a response TLV in
// the response scripting template. No status words: an error is a response
// TLV of its own (scp03t_error_tag()).
//
//   '84' { KVN, key identifier '00', host challenge (8) }    INITIALIZE UPDATE
//      -> '84' { the INITIALIZE UPDATE response data (GP Amd D §7.1.2) }
//   '85' { security level '33', host cryptogram (8), C-MAC (8) }   EXTERNAL AUTHENTICATE
//      -> '85' 00
//   '86' { profile data segment ciphered, C-MAC (8) }        the package in segments
//      -> '86' 00 (no response data: no R-MAC), or '86' { data ciphered, R-MAC }
//
// The profile package is one transparent block cut into '86' segments of
// at most 1024 bytes with tag and length (§4.1.3.3); the ISD-P installs it
// once the segments end with its PE-End. Codings ours where marked.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::euicc::scp03t {

inline constexpr std::uint8_t kInitializeUpdate = 0x84;
inline constexpr std::uint8_t kExternalAuthenticate = 0x85;
inline constexpr std::uint8_t kProfileData = 0x86;
// §4.1.3.3: a segment, tag and length included.
inline constexpr std::size_t kMaxSegmentBytes = 1024;

inline bool is_command_tag(std::uint16_t tag) {
  return tag == kInitializeUpdate || tag == kExternalAuthenticate || tag == kProfileData;
}
// The error response TLV's tag: '9F' then the command tag less '40' ('9F44',
// '9F45', '9F46'). Ours, after a public report of an eUICC answering a
// failed '86' with '9F46' 01 02; the SGP.02 table was not at hand.
inline std::uint16_t error_tag(std::uint8_t command_tag) {
  return static_cast<std::uint16_t>(0x9F00 | (command_tag - 0x40));
}

// The error TLV's one-byte value (ours).
enum class Error : std::uint8_t {
  Security = 0x01,             // wrong cryptogram or C-MAC: the session ends
  Structure = 0x02,            // a value of the wrong length or padding, a segment over 1024 bytes
  Sequence = 0x03,             // no session, '85' without '84', '86' before '85', the ISD-P's state
  KeyNotFound = 0x04,          // '84' for a key set the ISD-P does not have
  InstallationFailed = 0x05,   // the package did not decode or install
  InsufficientMemory = 0x06,   // the package exceeds the ISD-P's quota, the free memory or 64 KB
};

}  // namespace cardcore::euicc::scp03t
