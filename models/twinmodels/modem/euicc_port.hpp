#pragma once
// The modem's contacts to an SGP.02 M2M eUICC (card-core/cardcore/euicc/):
// the terminal talks to the enabled profile; the eUICC itself answers
// REFRESH, the ISD-R's local commands and its own proactive commands.
#include "cardcore/euicc/euicc.hpp"
#include "twinmodels/modem/card_port.hpp"

namespace twinmodels::modem {

class EuiccPort final : public CardPort {
 public:
  explicit EuiccPort(cardcore::euicc::Euicc& card) : card_(card) {}
  cardcore::ByteView power_on() override { return card_.power_on(); }
  void power_off() override { card_.power_off(); }
  std::size_t transmit(cardcore::ByteView capdu, std::span<std::uint8_t, cardcore::kMaxRapdu> out) override {
    return card_.transmit(capdu, out);
  }
  std::uint64_t nvm_programs() const override { return card_.nvm_programs(); }

 private:
  cardcore::euicc::Euicc& card_;
};

}  // namespace twinmodels::modem
