#pragma once
// GSM interworking: the conversion functions between UMTS and GSM security
// contexts (TS 33.102 §6.8.1.2) and GSM-MILENAGE, A3/A8 built on MILENAGE
// (TS 55.205 §4).
#include <array>
#include <cstdint>

#include "cardcore/auth/milenage.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore {

using GsmSres = std::array<std::uint8_t, 4>;
using GsmKc = std::array<std::uint8_t, 8>;

// c2: SRES = XRES*1 xor XRES*2 xor XRES*3 xor XRES*4, the 32-bit words of RES
// (or XRES) padded with zero bits to 128 bits. RES is 4..16 bytes; any other
// length throws std::invalid_argument.
GsmSres c2(ByteView res);
// c3: Kc = CK1 xor CK2 xor IK1 xor IK2, the 64-bit halves of CK and IK.
GsmKc c3(const std::uint8_t ck[16], const std::uint8_t ik[16]);
// c4: CK = Kc || Kc.
Block128 c4(const std::uint8_t kc[8]);
// c5: IK = (Kc1 xor Kc2) || Kc || (Kc1 xor Kc2), Kc1 and Kc2 the 32-bit halves.
Block128 c5(const std::uint8_t kc[8]);

// TS 55.205 §4: the operator-selected SRES derivation from MILENAGE RES.
enum class SresDerivation : std::uint8_t {
  XorHalves = 1,  // #1: RES[0..31] xor RES[32..63] (equals c2 of the 64-bit RES)
  FirstWord = 2,  // #2: RES[0..31]
};

struct GsmTriplet {
  GsmSres sres{};
  GsmKc kc{};  // c3(CK, IK)
};

// TS 55.205 §4 GSM-MILENAGE: RES, CK, IK = f2, f3, f4 (K = Ki, RAND), then
// SRES by the chosen derivation and Kc = c3(CK, IK).
GsmTriplet gsm_milenage(const Milenage& milenage, const std::uint8_t rand[16],
                        SresDerivation derivation = SresDerivation::XorHalves);
GsmTriplet gsm_milenage(const std::uint8_t ki[16], const std::uint8_t opc[16], const std::uint8_t rand[16],
                        SresDerivation derivation = SresDerivation::XorHalves);

}  // namespace cardcore
