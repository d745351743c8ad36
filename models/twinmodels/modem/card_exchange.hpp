#pragma once
// One sitting of the modem at its card: the T=0 transport of TS 102 221
// §7.3.1.1 ('61 XX' -> GET RESPONSE, '6C XX' -> the command again with
// Le = XX), the '91 XX' proactive announcement (§7.4.2.2, TS 102 223 §6.3),
// and the time the exchanges take (ISO/IEC 7816-3 §7.1: one character is
// 12 etu of F/D clock cycles; the card's processing time per command and
// per NVM page program from the modem's card timing).
#include <array>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "cardcore/apdu/status_word.hpp"
#include "twinmodels/modem/card_port.hpp"

namespace twinmodels::modem {

// The card answered what no UICC may answer (TS 102 221 §10.2): a response
// shorter than a status word, a GET RESPONSE loop, data where none belongs.
class ModemCardError : public std::runtime_error {
 public:
  explicit ModemCardError(const std::string& what) : std::runtime_error("card: " + what) {}
};

struct CardTiming {
  std::uint32_t clock_khz = 3250;         // the modem's CLK to the card
  std::uint32_t command_us = 2000;        // card processing per command
  std::uint32_t authenticate_us = 40000;  // AUTHENTICATE (Milenage in the card)
  std::uint32_t nvm_program_us = 3000;    // one NVM page program
};

// Sees every APDU: direction 0 = command to the card, 1 = response.
using ApduTrace = std::function<void(std::uint8_t direction, cardcore::ByteView bytes)>;

class CardExchange {
 public:
  CardExchange(CardPort& port, const CardTiming& timing, const ApduTrace* trace)
      : port_(port), timing_(timing), trace_(trace) {}

  // The speed the interface runs at after PPS (default Fi/Di 372/1).
  void set_speed(std::uint16_t fi, std::uint8_t di) { fi_ = fi; di_ = di; }
  cardcore::ByteView power_on();
  void power_off() { port_.power_off(); }

  // One command with the T=0 procedures; the response (data and SW) stays
  // valid until the next call. Throws ModemCardError on a malformed answer.
  cardcore::ByteView exchange(cardcore::ByteView capdu);
  // The last response's status word and data.
  cardcore::StatusWord sw() const { return sw_; }
  cardcore::ByteView data() const { return cardcore::ByteView(buf_.data(), len_ >= 2 ? len_ - 2 : 0); }

  // '91 XX' seen: XX bytes of a proactive command wait (0 = none; '91 00'
  // is 256 bytes, FETCH's Le '00': TS 102 221 §10.2.1.1, §11.2.3 — card-core
  // fills a SEND DATA to that size, cat::kMaxProactiveCommand).
  std::uint16_t proactive_pending() const { return proactive_; }
  void clear_proactive() { proactive_ = 0; }
  // Microseconds the exchanges took so far.
  std::uint64_t elapsed_us() const { return elapsed_us_; }

 private:
  std::size_t raw(cardcore::ByteView capdu);
  void account(std::size_t command_bytes, std::size_t response_bytes, std::uint8_t ins, std::uint64_t programs);

  CardPort& port_;
  const CardTiming& timing_;
  const ApduTrace* trace_;
  std::uint16_t fi_ = 372;
  std::uint8_t di_ = 1;
  std::array<std::uint8_t, cardcore::kMaxRapdu> buf_{};
  std::size_t len_ = 0;
  cardcore::StatusWord sw_ = 0;
  std::uint16_t proactive_ = 0;
  std::uint64_t elapsed_us_ = 0;
};

cardcore::StatusWord sw_of(cardcore::ByteView r);

}  // namespace twinmodels::modem
