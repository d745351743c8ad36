#include "twinviz/data/device_states.hpp"

#include <algorithm>

namespace twinviz {

AttachStates::AttachStates(const RunSource& run)
    : names_{"never attached", "attached", "detached", "card failed", "switched off"},
      authenticated_(run.kind("authenticated")),
      registered_(run.kind("modem_registered")),
      detached_(run.kind("detached")),
      deregistered_(run.kind("modem_deregistered")),
      card_failed_(run.kind("modem_card_failed")),
      power_off_(run.kind("power_off")) {}

std::uint8_t AttachStates::next(std::uint8_t current, std::uint8_t kind, std::int64_t) const {
  const int k = kind;
  // Switched off is for good: the modem's `detached` row that follows it
  // does not change it. A failed card stays failed until it attaches again.
  if (current == SwitchedOff) return current;
  if (k == power_off_) return SwitchedOff;
  if (k == authenticated_ || k == registered_) return Attached;
  if (k == card_failed_) return CardFailed;
  if ((k == detached_ || k == deregistered_) && current != CardFailed && current != Never) return Detached;
  return current;
}

ProfileStates::ProfileStates(const RunSource& run)
    : names_{"first profile", "profile changed", "rolled back", "fall-back", "emergency enabled",
             "emergency disabled"},
      notification_(run.kind("euicc_notification")),
      smdp_done_(run.kind("smdp_done")),
      emergency_on_(run.kind("modem_emergency_profile_enabled")),
      emergency_off_(run.kind("modem_emergency_profile_disabled")) {}

std::uint8_t ProfileStates::next(std::uint8_t current, std::uint8_t kind, std::int64_t value) const {
  const int k = kind;
  if (k == smdp_done_) return Changed;
  if (k == emergency_on_) return Emergency;
  if (k == emergency_off_) return EmergencyDisabled;
  if (k != notification_) return current;
  switch (value) {  // the notification's type (SGP.02 §4.1.1.11)
    case 2: return Changed;
    case 3: return RolledBack;
    case 5: return FallBack;
    case 6: return Emergency;
    case 7: return EmergencyDisabled;
    default: return current;
  }
}

WearStates::WearStates(const RunSource& run)
    : names_{"no NVM failure", "too hot", "charge lost", "worn out"},
      too_hot_(run.kind("nvm_too_hot")),
      charge_lost_(run.kind("nvm_charge_lost")),
      worn_out_(run.kind("nvm_worn_out")) {}

std::uint8_t WearStates::next(std::uint8_t current, std::uint8_t kind, std::int64_t) const {
  const int k = kind;
  std::uint8_t seen = Healthy;
  if (k == too_hot_) seen = TooHot;
  else if (k == charge_lost_) seen = ChargeLost;
  else if (k == worn_out_) seen = WornOut;
  return std::max(current, seen);
}

}  // namespace twinviz
