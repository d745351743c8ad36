#pragma once
// The ISD-R's SCP81 PSK as an SM-SR holds it (GP Amendment B: PSK-TLS key
// versions '40'-'4F'; SGP.02 §2.4.4): the EUM's at registration, or the
// one a new SM-SR established at an SM-SR change (smsr_change.hpp).
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::platform {

struct Scp81Key {
  std::uint8_t key_version = 0x40;
  std::uint8_t key_id = 0x01;
  cardcore::Bytes psk;
  bool operator==(const Scp81Key&) const = default;
};

}  // namespace twinmodels::platform
