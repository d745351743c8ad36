#pragma once
// The retry-counted comparison behind every PIN command, for the UICC
// (TS 102 221 §9.5) and the GSM SIM (TS 51.011 §9.2.9-13) alike.

#include "cardcore/card/uicc.hpp"
#include "cardcore/util/constant_time.hpp"

namespace cardcore {

// §9.5.2: 4 to 8 ASCII digits, padded with 'FF' to 8 bytes.
inline bool well_formed_pin(ByteView v) {
  if (v.size() != 8) return false;
  std::size_t digits = 0;
  while (digits < 8 && v[digits] >= '0' && v[digits] <= '9') ++digits;
  for (std::size_t i = digits; i < 8; ++i) {
    if (v[i] != 0xFF) return false;
  }
  return digits >= 4;
}

inline StatusWord retries_left(std::uint8_t n) {
  return static_cast<StatusWord>(sw::kWarnCounter | (n & 0x0F));
}

// A PIN operation on the NVM record of one PIN (see PinRecord). The retry
// counter is decremented in NVM *before* the comparison and restored after a
// match, so cutting power after a wrong guess can never give an extra try.
class PinCheck final {
 public:
  PinCheck(Uicc& card, const PinSpec& spec) : card_(card), spec_(spec) {}

  std::uint8_t tries() const { return read(PinRecord::kTries); }
  std::uint8_t puk_tries() const { return read(PinRecord::kPukTries); }
  bool enabled() const { return (read(PinRecord::kFlags) & 0x01) != 0; }

  // Compares `given` with the value at `field` (PIN or PUK), counting the try
  // in the counter at `counter`. Returns kOk, a '63CX' or an NVM error.
  StatusWord check(ByteView given, std::uint32_t field, std::uint32_t counter, std::uint8_t max) {
    const std::uint8_t left = read(counter);
    if (left == 0) return sw::kAuthMethodBlocked;
    const std::uint8_t dec = static_cast<std::uint8_t>(left - 1);
    if (StatusWord s = store(counter, ByteView(&dec, 1)); s != sw::kOk) return s;
    std::uint8_t stored[8];
    card_.nvm().read(spec_.state_addr + field, stored);
    if (!equal_constant_time(ByteView(stored, 8), given.first(8))) return retries_left(dec);
    if (dec != max) return store(counter, ByteView(&max, 1));
    return sw::kOk;
  }

  // After a matching unblock key: the new PIN value, full tries and the PIN
  // enabled again, in one transaction (TS 102 221 §11.1.13).
  StatusWord unblock(ByteView new_value) {
    std::uint8_t rec[PinRecord::kSize];
    card_.nvm().read(spec_.state_addr, rec);
    std::copy(new_value.begin(), new_value.end(), rec + PinRecord::kValue);
    rec[PinRecord::kTries] = spec_.max_tries;
    rec[PinRecord::kFlags] |= 0x01;
    card_.nvm().begin();
    card_.nvm().write(spec_.state_addr, rec);
    return card_.commit();
  }

  // Writes one field of the record in its own transaction.
  StatusWord store(std::uint32_t field, ByteView v) {
    card_.nvm().begin();
    card_.nvm().write(spec_.state_addr + field, v);
    return card_.commit();
  }

 private:
  std::uint8_t read(std::uint32_t field) const { return card_.nvm().read_u8(spec_.state_addr + field); }
  Uicc& card_;
  const PinSpec& spec_;
};

}  // namespace cardcore
