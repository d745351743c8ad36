#pragma once
// The test terminal's APDU exchange with a card on T=0 (TS 102 221
// §7.3.1.1): '61XX' is followed by GET RESPONSE, '6CXX' by the command again
// with P3 = XX; the data of all and the last status word come back.
#include <cstdint>

#include "cardcore/card/uicc.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::certification {

struct CardAnswer {
  cardcore::Bytes data;
  std::uint16_t sw = 0;
  bool ok() const { return sw == 0x9000 || (sw >> 8) == 0x91; }  // '91XX': a proactive command waits (TS 102 221 §10.2.1.1)
};

CardAnswer exchange(cardcore::Uicc& card, cardcore::ByteView apdu);

}  // namespace twinmodels::certification
