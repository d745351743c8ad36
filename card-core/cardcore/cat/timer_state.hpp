#pragma once
// The card's record of the terminal's timers 1..8 (TS 102 223 §6.4.21):
// the terminal runs them; the card learns of them from the terminal
// responses to its TIMER MANAGEMENT commands and from TIMER EXPIRATION
// envelopes (§7.4).
#include <cstdint>

#include "cardcore/cat/objects.hpp"

namespace cardcore::cat {

struct TimerState {
  enum State : std::uint8_t {
    kOff = 0,      // never started, deactivated, or its expiration handled
    kRunning = 1,  // started; value = the value it was started with
    kExpired = 2,  // TIMER EXPIRATION came; value = the one it carried
  };
  std::uint8_t state = kOff;
  TimerValue value;
  bool operator==(const TimerState&) const = default;
};

}  // namespace cardcore::cat
