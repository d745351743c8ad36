// PIN commands: VERIFY PIN (TS 102 221 §11.1.9), CHANGE PIN (§11.1.10),
// DISABLE PIN (§11.1.11), ENABLE PIN (§11.1.12), UNBLOCK PIN (§11.1.13).
#include "cardcore/card/pin_check.hpp"
#include "cardcore/card/session.hpp"
#include "cardcore/card/uicc.hpp"

namespace cardcore {

StatusWord Uicc::cmd_verify(const CommandApdu& c, Channel&, Response&) {
  if (c.p1 != 0x00) return sw::kWrongP1P2;
  const PinSpec* spec = profile_->find_pin(c.p2);
  if (!spec) return sw::kReferencedDataNotFound;
  PinCheck pin(*this, *spec);
  if (is_case1(c)) {
    // No data: report the verification status and the tries left.
    if (pin.tries() == 0) return sw::kAuthMethodBlocked;
    if (keys().has(c.p2) || !pin.enabled()) return sw::kOk;
    return retries_left(pin.tries());
  }
  if (c.kind != ApduCase::Case3 || c.data.size() != 8) return sw::kWrongLength;
  const StatusWord s = pin.check(c.data, PinRecord::kValue, PinRecord::kTries, spec->max_tries);
  keys().set(c.p2, s == sw::kOk);
  return s;
}

StatusWord Uicc::cmd_change_pin(const CommandApdu& c, Channel&, Response&) {
  if (c.p1 != 0x00) return sw::kWrongP1P2;
  const PinSpec* spec = profile_->find_pin(c.p2);
  if (!spec) return sw::kReferencedDataNotFound;
  if (c.kind != ApduCase::Case3 || c.data.size() != 16) return sw::kWrongLength;
  PinCheck pin(*this, *spec);
  if (!pin.enabled()) return sw::kConditionsNotSatisfied;  // a disabled PIN cannot be changed
  if (!well_formed_pin(c.data.subspan(8, 8))) return sw::kIncorrectData;
  const StatusWord s = pin.check(c.data.first(8), PinRecord::kValue, PinRecord::kTries, spec->max_tries);
  if (s != sw::kOk) {
    keys().set(c.p2, false);
    return s;
  }
  const StatusWord w = pin.store(PinRecord::kValue, c.data.subspan(8, 8));
  keys().set(c.p2, w == sw::kOk);
  return w;
}

static StatusWord set_enabled(Uicc& card, const CommandApdu& c, bool enable) {
  if (c.p1 != 0x00) return sw::kWrongP1P2;  // replacement by the universal PIN is not offered
  const PinSpec* spec = card.profile().find_pin(c.p2);
  if (!spec) return sw::kReferencedDataNotFound;
  if (c.kind != ApduCase::Case3 || c.data.size() != 8) return sw::kWrongLength;
  if (!enable && !spec->can_disable) return sw::kFunctionNotSupported;
  PinCheck pin(card, *spec);
  if (pin.enabled() == enable) return sw::kConditionsNotSatisfied;
  const StatusWord s = pin.check(c.data, PinRecord::kValue, PinRecord::kTries, spec->max_tries);
  if (s != sw::kOk) return s;
  const std::uint8_t flags = enable ? 0x01 : 0x00;
  const StatusWord w = pin.store(PinRecord::kFlags, ByteView(&flags, 1));
  if (w == sw::kOk) card.keys().set(c.p2, true);
  return w;
}

StatusWord Uicc::cmd_disable_pin(const CommandApdu& c, Channel&, Response&) { return set_enabled(*this, c, false); }
StatusWord Uicc::cmd_enable_pin(const CommandApdu& c, Channel&, Response&) { return set_enabled(*this, c, true); }

StatusWord Uicc::cmd_unblock_pin(const CommandApdu& c, Channel&, Response&) {
  if (c.p1 != 0x00) return sw::kWrongP1P2;
  const PinSpec* spec = profile_->find_pin(c.p2);
  if (!spec || spec->puk.empty()) return sw::kReferencedDataNotFound;
  PinCheck pin(*this, *spec);
  if (is_case1(c)) {
    if (pin.puk_tries() == 0) return sw::kAuthMethodBlocked;
    return retries_left(pin.puk_tries());
  }
  if (c.kind != ApduCase::Case3 || c.data.size() != 16) return sw::kWrongLength;
  if (!well_formed_pin(c.data.subspan(8, 8))) return sw::kIncorrectData;
  const StatusWord s = pin.check(c.data.first(8), PinRecord::kPuk, PinRecord::kPukTries, spec->puk_max_tries);
  if (s != sw::kOk) return s;
  const StatusWord w = pin.unblock(c.data.subspan(8, 8));
  keys().set(c.p2, w == sw::kOk);
  return w;
}

}  // namespace cardcore
