#pragma once
// An ISD-P's profile card (euicc.hpp, private to the eUICC's files).
#include <cstdint>
#include <memory>

#include "cardcore/card/uicc.hpp"
#include "cardcore/euicc/euicc.hpp"

namespace cardcore::euicc {

struct Euicc::Slot {
  std::uint8_t record = 0;  // the ISD-P's registry record
  std::unique_ptr<Uicc> card;
};

}  // namespace cardcore::euicc
