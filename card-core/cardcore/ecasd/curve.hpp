#pragma once
// The elliptic curves of the SGP.02 ECASD (SGP.02 §2.3.3: NIST P-256 and
// brainpoolP256r1; FRP256V1 is not offered because OpenSSL does not carry
// it) and the key parameter reference that names them in a certificate's or
// an ephemeral key's '7F49' object (tag 'F0', GPC Amendment E, Table of key
// parameter references: '00' P-256, '03' brainpoolP256r1).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cardcore::ecasd {

enum class Curve : std::uint8_t {
  NistP256 = 0x00,
  BrainpoolP256r1 = 0x03,
};

// The curve a key parameter reference names; nullopt for any other value.
std::optional<Curve> curve_from_reference(std::uint8_t reference);
inline std::uint8_t key_parameter_reference(Curve c) { return static_cast<std::uint8_t>(c); }

// OpenSSL's group name ("prime256v1", "brainpoolP256r1"; a NUL-terminated
// literal) and NID.
std::string_view openssl_group_name(Curve c);
int openssl_nid(Curve c);

// Bytes of a field element and of the group order: 32 for both curves.
inline constexpr std::size_t kFieldBytes = 32;
// An uncompressed point '04' || X || Y.
inline constexpr std::size_t kPointBytes = 1 + 2 * kFieldBytes;
// A raw signature r || s.
inline constexpr std::size_t kSignatureBytes = 2 * kFieldBytes;

}  // namespace cardcore::ecasd
