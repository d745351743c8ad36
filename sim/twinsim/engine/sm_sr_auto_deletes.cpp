// POL2's Auto-Delete in a run (GSMA SGP.02 Policy Rules, POL2's "Profile
// deletion is mandatory when its state is changed to disabled";
// twinmodels::platform::SmSr::kAutoDeleteCall): the SM-SR's own
// DeleteProfile's result becomes a row of /events and a count.
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace twinsim {

void SmSrRun::auto_deleted(SimTime t, const twinmodels::platform::FunctionResult& r) {
  const std::optional<std::uint32_t> device = device_of_eid(r.eid);
  if (!device) return;
  const std::optional<std::size_t> profile = profile_of_iccid(r.iccid, *device);
  const std::int64_t value = profile ? static_cast<std::int64_t>(*profile) : -1;
  if (r.ok()) {
    ++auto_deletes_.deleted;
    outcomes_.push_back({t, *device, SmSrEvent::AutoDeleted, value});
  } else {
    ++auto_deletes_.failed;
    outcomes_.push_back({t, *device, SmSrEvent::AutoDeleteFailed, value});
  }
}

}  // namespace twinsim
