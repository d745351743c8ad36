#pragma once
// Re-synchronisation token AUTS (TS 33.102 §6.3.3 and §6.3.5, computed with
// MILENAGE f1* and f5* of TS 35.206).
//
// AUTS = Conc(SQN_MS) || MAC-S, where Conc(SQN_MS) = SQN_MS xor f5*_K(RAND) and
// MAC-S = f1*_K(SQN_MS || RAND || AMF) with the dummy AMF 0x0000.
#include <array>
#include <cstddef>
#include <cstdint>

#include "cardcore/auth/milenage.hpp"

namespace cardcore {

inline constexpr std::size_t kAutsBytes = 14;
using Auts = std::array<std::uint8_t, kAutsBytes>;

// User side (§6.3.3): the token a USIM returns on a synchronisation failure.
// sqn_ms is 48 bits; throws std::invalid_argument above that.
Auts compute_auts(const Milenage& milenage, const std::uint8_t rand[16], std::uint64_t sqn_ms);

// Network side (§6.3.5): SQN_MS = Conc(SQN_MS) xor f5*_K(RAND), then MAC-S is
// checked (constant time). Only when mac_ok may the HE/AuC reset SQN_HE from
// sqn_ms; otherwise the token is not from this subscriber's USIM.
struct AutsCheck {
  bool mac_ok = false;
  std::uint64_t sqn_ms = 0;
};
AutsCheck verify_auts(const Milenage& milenage, const std::uint8_t rand[16], const std::uint8_t auts[kAutsBytes]);

}  // namespace cardcore
