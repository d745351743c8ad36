#pragma once
// ECC key pairs on the ECASD curves (SGP.02 §2.3.3; BSI TR-03111 §3): the
// private scalar d, and the public point Q = d·G in the uncompressed form
// '04' || X || Y that GPC Amendment E carries in tag 'B0' of '7F49'.
//
// No key is ever drawn from a random source: the simulator is deterministic,
// so a caller gives either the scalar or a seed (private_key_from_seed).
#include <array>
#include <cstdint>
#include <optional>

#include "cardcore/ecasd/curve.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::ecasd {

// A point known to lie on its curve (never the point at infinity).
struct PublicKey {
  Curve curve = Curve::NistP256;
  Bytes point;  // '04' || X || Y, kPointBytes long
  bool operator==(const PublicKey&) const = default;
};

class PrivateKey {
 public:
  // Throws std::invalid_argument unless scalar is kFieldBytes long and
  // 1 <= d <= n - 1 for the curve's order n.
  PrivateKey(Curve curve, ByteView scalar);
  PrivateKey(const PrivateKey&) = default;
  PrivateKey& operator=(const PrivateKey&) = default;
  ~PrivateKey();  // wipes the scalar

  Curve curve() const { return curve_; }
  ByteView scalar() const { return d_; }

 private:
  Curve curve_;
  std::array<std::uint8_t, kFieldBytes> d_{};
};

// Q = d·G.
PublicKey public_key_of(const PrivateKey& key);

// The uncompressed point as a public key of `curve`, or nullopt when it is
// not kPointBytes long, does not start with '04', or is not on the curve.
std::optional<PublicKey> make_public_key(Curve curve, ByteView point);

// A deterministic private key from a seed (our choice, see README): the
// first SHA-256(seed || counter) with counter = 1, 2, ... (4 bytes, big
// endian) that lies in [1, n - 1]. Any seed length, empty included.
PrivateKey private_key_from_seed(Curve curve, ByteView seed);

}  // namespace cardcore::ecasd
