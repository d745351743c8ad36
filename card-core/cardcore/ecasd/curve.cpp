#include "cardcore/ecasd/curve.hpp"

#include <openssl/obj_mac.h>

namespace cardcore::ecasd {

std::optional<Curve> curve_from_reference(std::uint8_t reference) {
  switch (reference) {
    case 0x00: return Curve::NistP256;
    case 0x03: return Curve::BrainpoolP256r1;
    default: return std::nullopt;
  }
}

std::string_view openssl_group_name(Curve c) {
  return c == Curve::NistP256 ? "prime256v1" : "brainpoolP256r1";
}

int openssl_nid(Curve c) { return c == Curve::NistP256 ? NID_X9_62_prime256v1 : NID_brainpoolP256r1; }

}  // namespace cardcore::ecasd
