#pragma once
// The modem's card contacts (TS 102 221 §6, §7): power, reset, and one
// APDU at a time. UiccPort connects a card-core card; tests connect cards
// that misbehave.
#include <cstddef>
#include <cstdint>
#include <span>

#include "cardcore/card/uicc.hpp"

namespace twinmodels::modem {

class CardPort {
 public:
  virtual ~CardPort() = default;
  // Cold reset (contacts activated); returns the ATR.
  virtual cardcore::ByteView power_on() = 0;
  virtual void power_off() = 0;
  // One C-APDU; writes the R-APDU into out and returns its length. May
  // throw cardcore::PowerLoss (the card is then unpowered).
  virtual std::size_t transmit(cardcore::ByteView capdu, std::span<std::uint8_t, cardcore::kMaxRapdu> out) = 0;
  // NVM page programs so far (to time writes); 0 if unknown.
  virtual std::uint64_t nvm_programs() const { return 0; }
};

class UiccPort final : public CardPort {
 public:
  explicit UiccPort(cardcore::Uicc& card) : card_(card) {}
  cardcore::ByteView power_on() override { return card_.power_on(); }
  void power_off() override { card_.power_off(); }
  std::size_t transmit(cardcore::ByteView capdu, std::span<std::uint8_t, cardcore::kMaxRapdu> out) override {
    return card_.transmit(capdu, out);
  }
  std::uint64_t nvm_programs() const override { return card_.nvm().program_count(); }

 private:
  cardcore::Uicc& card_;
};

}  // namespace twinmodels::modem
