#include "cardcore/auth/auts.hpp"

#include <cstring>
#include <stdexcept>

#include "cardcore/auth/sqn_array.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore {

namespace {

constexpr std::uint8_t kResyncAmf[2] = {0x00, 0x00};  // TS 33.102 §6.3.3 dummy AMF

}  // namespace

Auts compute_auts(const Milenage& milenage, const std::uint8_t rand[16], std::uint64_t sqn_ms) {
  if (sqn_ms > kSqnMax) throw std::invalid_argument("compute_auts: SQN_MS above 48 bits");
  std::uint8_t sqn[kSqnBytes];
  store_sqn48(sqn, sqn_ms);
  const MilenageResync r = milenage.f1star_f5star(rand, sqn, kResyncAmf);
  Auts auts;
  for (std::size_t i = 0; i < kSqnBytes; ++i) auts[i] = static_cast<std::uint8_t>(sqn[i] ^ r.ak_star[i]);
  std::memcpy(auts.data() + kSqnBytes, r.mac_s.data(), r.mac_s.size());
  return auts;
}

AutsCheck verify_auts(const Milenage& milenage, const std::uint8_t rand[16], const std::uint8_t auts[kAutsBytes]) {
  const std::array<std::uint8_t, 6> ak_star = milenage.f5star(rand);
  std::uint8_t sqn[kSqnBytes];
  for (std::size_t i = 0; i < kSqnBytes; ++i) sqn[i] = static_cast<std::uint8_t>(auts[i] ^ ak_star[i]);
  const MilenageF1 f1 = milenage.f1(rand, sqn, kResyncAmf);
  return AutsCheck{equal_constant_time(f1.mac_s, ByteView(auts + kSqnBytes, f1.mac_s.size())), load_sqn48(sqn)};
}

}  // namespace cardcore
