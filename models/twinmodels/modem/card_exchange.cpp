#include "twinmodels/modem/card_exchange.hpp"

#include <algorithm>
#include <cstring>

#include "cardcore/util/bytes.hpp"

namespace twinmodels::modem {

using cardcore::ByteView;

cardcore::StatusWord sw_of(ByteView r) { return cardcore::be16(r.data() + r.size() - 2); }

ByteView CardExchange::power_on() {
  const ByteView atr = port_.power_on();
  if (trace_ && *trace_) (*trace_)(1, atr);
  fi_ = 372;
  di_ = 1;
  proactive_ = 0;
  // ISO/IEC 7816-3 §6.2.2: the ATR answer comes after 400..40000 clock
  // cycles; count the ATR characters at the default speed.
  elapsed_us_ += (atr.size() * 12ull * 372 * 1000) / timing_.clock_khz;
  return atr;
}

void CardExchange::account(std::size_t command_bytes, std::size_t response_bytes, std::uint8_t ins,
                           std::uint64_t programs) {
  // ISO/IEC 7816-3 §7.1: etu = F / (D f); a character is 12 etu (T=0,
  // guard time included). Plus the procedure byte.
  const std::uint64_t chars = command_bytes + response_bytes + 1;
  elapsed_us_ += (chars * 12ull * fi_ * 1000) / (static_cast<std::uint64_t>(di_) * timing_.clock_khz);
  elapsed_us_ += ins == 0x88 ? timing_.authenticate_us : timing_.command_us;
  elapsed_us_ += programs * timing_.nvm_program_us;
}

std::size_t CardExchange::raw(ByteView capdu) {
  if (trace_ && *trace_) (*trace_)(0, capdu);
  const std::uint64_t before = port_.nvm_programs();
  len_ = port_.transmit(capdu, buf_);
  if (len_ < 2) {
    len_ = 0;
    throw ModemCardError("response shorter than a status word");
  }
  if (trace_ && *trace_) (*trace_)(1, ByteView(buf_.data(), len_));
  account(capdu.size(), len_, capdu.size() > 1 ? capdu[1] : 0, port_.nvm_programs() - before);
  sw_ = sw_of(ByteView(buf_.data(), len_));
  return len_;
}

ByteView CardExchange::exchange(ByteView capdu) {
  if (capdu.size() < 4) throw std::invalid_argument("C-APDU shorter than its header");
  raw(capdu);
  // §7.3.1.1.4 case 4 / case 2 procedures. At most a few rounds: a card
  // that keeps asking is broken.
  for (int round = 0; round < 4; ++round) {
    const std::uint8_t sw1 = static_cast<std::uint8_t>(sw_ >> 8);
    const std::uint8_t sw2 = static_cast<std::uint8_t>(sw_);
    if ((sw1 == 0x61 || sw1 == 0x9F) && len_ == 2) {
      const std::uint8_t get_response[] = {static_cast<std::uint8_t>(capdu[0] == 0xA0 ? 0xA0 : 0x00), 0xC0, 0x00,
                                           0x00, sw2};
      raw(ByteView(get_response, 5));
      continue;
    }
    if (sw1 == 0x6C && len_ == 2) {
      std::uint8_t again[5 + 255 + 1];  // a short case 4 C-APDU at most
      if (capdu.size() < 5 || capdu.size() > sizeof again) throw ModemCardError("'6C XX' to a command without Le");
      std::memcpy(again, capdu.data(), capdu.size());
      again[capdu.size() - 1] = sw2;
      raw(ByteView(again, capdu.size()));
      continue;
    }
    if (sw1 == 0x91) {
      proactive_ = sw2 == 0 ? 256 : sw2;
    }
    return ByteView(buf_.data(), len_);
  }
  throw ModemCardError("the card keeps answering '61 XX' / '6C XX'");
}

}  // namespace twinmodels::modem
