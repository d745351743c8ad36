// Changing the enabled profile (GSMA SGP.02 §3.2 enabling, §3.4 disabling,
// §3.7 fall-back, §3.2.2 roll-back): the registry states of both ISD-Ps and
// the change awaiting connectivity (and whether the emergency profile is
// enabled locally, emergency_profile.cpp) in one NVM transaction of the platform
// card, so that a power loss leaves either the old or the new profile
// enabled, never both or none; then a REFRESH (TS 102 223 §6.4.7, UICC
// reset) makes the terminal restart the card on the new one.
#include "cardcore/euicc/euicc.hpp"
#include "cardcore/euicc/sgp02.hpp"
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/registry.hpp"

namespace cardcore::euicc {

StatusWord Euicc::switch_profiles(std::uint8_t from, std::uint8_t to, std::uint8_t awaiting, bool rollback,
                                  std::uint8_t emergency_return) {
  const std::vector<gp::Slot> used = gp::read_registry(platform_);
  platform_.nvm().begin();
  for (const auto& [record, state] : {std::pair{from, isdp_state::kDisabled}, std::pair{to, isdp_state::kEnabled}}) {
    if (record == 0) continue;
    gp::RegistryEntry e = gp::find_record(used, record)->entry;
    e.life_cycle = state;
    gp::stage_entry(platform_, record, e);
  }
  std::optional<AwaitedChange> change;
  if (awaiting != 0) change = AwaitedChange{rollback ? from : std::uint8_t{0}, awaiting, to};
  stage_awaited_change(platform_, change);
  stage_emergency_return(platform_, emergency_return);
  const StatusWord s = gp::commit_registry(platform_);
  if (s == sw::kOk) refresh_queued_ = true;
  return s;
}

}  // namespace cardcore::euicc
