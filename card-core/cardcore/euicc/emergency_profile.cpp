// The emergency profile (GSMA SGP.02 from v3.1, "Emergency Profile"; the
// codings are ours, sgp02.hpp): one profile at a time may carry the
// emergency attribute (ES5.SetEmergencyProfileAttribute from the SM-SR);
// the device enables it locally — an eCall module in a crash — whatever the
// enabled profile's POL1, and disables it again, which returns to the
// profile enabled before. Each switch is one NVM transaction with REFRESH
// and a notification to the SM-SR once the new profile has service. While
// the emergency profile is enabled locally the SM-SR cannot switch profiles
// and the eUICC neither rolls back nor falls back (ours).
#include "cardcore/cat/proactive_commands.hpp"
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"

namespace cardcore::euicc {

std::uint8_t Euicc::emergency_record() const {
  for (const gp::Slot& s : gp::read_registry(platform_)) {
    if (s.entry.kind == gp::EntryKind::Application && is_isdp_aid(s.entry.aid) && slot(s.record) &&
        read_attributes(platform_, s.record).emergency) {
      return s.record;
    }
  }
  return 0;
}

bool Euicc::emergency_active() const { return read_emergency_return(platform_) != 0; }

// ES5.SetEmergencyProfileAttribute: '3A0A' { '4F' ISD-P AID } (isd_r.cpp's
// attribute rules).
StatusWord Euicc::set_emergency_profile_attribute(ByteView data) {
  return move_attribute(data, &IsdpAttributes::emergency, &IsdpAttributes::fallback);
}

// The device's local enable: '6A88' without an emergency profile, '6985'
// when it is enabled already.
StatusWord Euicc::local_enable_emergency_profile() {
  const std::uint8_t to = emergency_record();
  if (to == 0) return sw::kReferencedDataNotFound;
  const std::uint8_t from = enabled_record();
  if (from == to || emergency_active()) return sw::kConditionsNotSatisfied;
  return local_switch(from, to, from, notification::kEmergencyProfileEnabled);
}

// The device's local disable: back to the profile enabled before (the
// fall-back profile if that one was deleted meanwhile: it cannot be, the
// SM-SR's functions are refused, but a factory install could); '6985' when
// the emergency profile is not enabled locally.
StatusWord Euicc::local_disable_emergency_profile() {
  const std::uint8_t back = read_emergency_return(platform_);
  const std::uint8_t enabled = enabled_record();
  if (back == 0 || enabled == 0) return sw::kConditionsNotSatisfied;
  return local_switch(enabled, slot(back) ? back : std::uint8_t{0}, 0, notification::kEmergencyProfileDisabled);
}

// One transaction: the switch, the return record, then REFRESH on the
// terminal session (the local command came through it).
StatusWord Euicc::local_switch(std::uint8_t from, std::uint8_t to, std::uint8_t return_to, std::uint8_t awaiting) {
  if (to == 0) return sw::kConditionsNotSatisfied;
  if (const StatusWord s = switch_profiles(from, to, awaiting, false, return_to); s != sw::kOk) return s;
  refresh_queued_ = false;  // REFRESH goes out here, not after a packet
  cat::Refresh refresh;
  refresh.mode = cat::Refresh::kUiccReset;
  if (session_) session_->queue_proactive(cat::ProactiveCommand{refresh});
  return sw::kOk;
}

}  // namespace cardcore::euicc
