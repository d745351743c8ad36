#pragma once
// One OTA key set: the ciphering key (KIc) and the checksum key (KID) of one
// key version, as the card keeps it for a TAR and the platform for a card.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore::ota {

struct OtaKeys {
  // The KIc coding of TS 102 225 §5.1.2 for this key: algorithm in b1-b4 (not
  // "implicit"), key version in b5-b8. make_kic() builds it.
  std::uint8_t kic = 0;
  Bytes kic_key;  // 8 (DES), 16 / 24 (triple DES), 16 / 24 / 32 (AES) bytes
  // The KID coding of §5.1.3 for a cryptographic checksum; make_kid().
  std::uint8_t kid = 0;
  Bytes kid_key;
};

}  // namespace cardcore::ota
