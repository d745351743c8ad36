#include "cardcore/euicc/sgp02.hpp"

#include <algorithm>

namespace cardcore::euicc {

// SGP.02 §2.2.3: 'A0 00 00 05 59 10 10 FF FF FF FF 89 00', an application
// number from '00 10' to 'FF FF', then '00'.
bool is_isdp_aid(ByteView aid) {
  if (aid.size() != 16 || !std::equal(kIsdRAid.begin(), kIsdRAid.begin() + 13, aid.begin())) return false;
  const unsigned number = aid[13] << 8 | aid[14];
  return number >= 0x0010 && aid[15] == 0x00;
}

}  // namespace cardcore::euicc
