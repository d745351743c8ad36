#include "cardcore/auth/gsm_conversion.hpp"

#include <stdexcept>
#include <string>

namespace cardcore {

GsmSres c2(ByteView res) {
  if (res.size() < 4 || res.size() > 16)
    throw std::invalid_argument("c2: RES must be 4 to 16 bytes, got " + std::to_string(res.size()));
  // Byte i of the zero-padded 128-bit XRES* lands in byte i mod 4 of SRES.
  GsmSres sres{};
  for (std::size_t i = 0; i < res.size(); ++i) sres[i % 4] ^= res[i];
  return sres;
}

GsmKc c3(const std::uint8_t ck[16], const std::uint8_t ik[16]) {
  GsmKc kc;
  for (std::size_t i = 0; i < 8; ++i) kc[i] = static_cast<std::uint8_t>(ck[i] ^ ck[i + 8] ^ ik[i] ^ ik[i + 8]);
  return kc;
}

Block128 c4(const std::uint8_t kc[8]) {
  Block128 ck;
  for (std::size_t i = 0; i < 8; ++i) ck[i] = ck[i + 8] = kc[i];
  return ck;
}

Block128 c5(const std::uint8_t kc[8]) {
  Block128 ik;
  for (std::size_t i = 0; i < 4; ++i) {
    const auto x = static_cast<std::uint8_t>(kc[i] ^ kc[i + 4]);  // Kc1 xor Kc2
    ik[i] = x;
    ik[i + 12] = x;
  }
  for (std::size_t i = 0; i < 8; ++i) ik[i + 4] = kc[i];
  return ik;
}

GsmTriplet gsm_milenage(const Milenage& milenage, const std::uint8_t rand[16], SresDerivation derivation) {
  const MilenageF2345 out = milenage.f2345(rand);
  GsmTriplet t;
  for (std::size_t i = 0; i < 4; ++i)
    t.sres[i] = derivation == SresDerivation::XorHalves ? static_cast<std::uint8_t>(out.res[i] ^ out.res[i + 4])
                                                        : out.res[i];
  t.kc = c3(out.ck.data(), out.ik.data());
  return t;
}

GsmTriplet gsm_milenage(const std::uint8_t ki[16], const std::uint8_t opc[16], const std::uint8_t rand[16],
                        SresDerivation derivation) {
  return gsm_milenage(Milenage(ki, opc), rand, derivation);
}

}  // namespace cardcore
