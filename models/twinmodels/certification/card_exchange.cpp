#include "twinmodels/certification/card_exchange.hpp"

namespace twinmodels::certification {

CardAnswer exchange(cardcore::Uicc& card, cardcore::ByteView apdu) {
  CardAnswer a;
  cardcore::Bytes command(apdu.begin(), apdu.end());
  for (int round = 0; round < 32; ++round) {
    const cardcore::Bytes r = card.transmit(command);
    a.data.insert(a.data.end(), r.begin(), r.end() - 2);
    a.sw = static_cast<std::uint16_t>(r[r.size() - 2] << 8 | r[r.size() - 1]);
    if ((a.sw >> 8) == 0x61) {
      command = {static_cast<std::uint8_t>(apdu[0] & 0x03), 0xC0, 0x00, 0x00, static_cast<std::uint8_t>(a.sw & 0xFF)};
    } else if ((a.sw >> 8) == 0x6C && command.size() == 5) {
      command[4] = static_cast<std::uint8_t>(a.sw & 0xFF);
    } else {
      break;
    }
  }
  return a;
}

}  // namespace twinmodels::certification
