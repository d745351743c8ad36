#pragma once
// The card's volatile state while powered (RAM): lost at power-off.
#include <vector>

#include "cardcore/card/uicc.hpp"

namespace cardcore {

struct Uicc::Session {
  std::vector<Channel> channels;  // index = logical channel number
  KeySet verified;                // key references verified since reset
  // GET RESPONSE buffer (TS 102 221 §7.3.1.1.4 / TS 51.011 §9.2.18).
  Bytes pending;
  StatusWord pending_sw = sw::kOk;
  std::uint8_t pending_channel = 0;
  bool pending_gsm = false;
  // GSM application state (TS 51.011 §8): its own current file.
  std::uint32_t gsm_df = 0;
  std::uint32_t gsm_ef = kNoFile;
  std::uint16_t gsm_record = 0;
};

}  // namespace cardcore
