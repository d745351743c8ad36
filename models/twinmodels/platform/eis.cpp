#include "twinmodels/platform/eis.hpp"

#include <algorithm>

namespace twinmodels::platform {

const char* to_string(ProfileState s) {
  switch (s) {
    case ProfileState::Created: return "Created";
    case ProfileState::Disabled: return "Disabled";
    case ProfileState::Enabled: return "Enabled";
  }
  return "?";
}

const EisProfile* Eis::by_iccid(std::string_view iccid) const {
  for (const EisProfile& p : profiles) {
    if (p.iccid == iccid) return &p;
  }
  return nullptr;
}

const EisProfile* Eis::by_isdp(cardcore::ByteView aid) const {
  for (const EisProfile& p : profiles) {
    if (std::equal(p.isdp_aid.begin(), p.isdp_aid.end(), aid.begin(), aid.end())) return &p;
  }
  return nullptr;
}

const EisProfile* Eis::enabled() const {
  for (const EisProfile& p : profiles) {
    if (p.state == ProfileState::Enabled) return &p;
  }
  return nullptr;
}

bool Eis::set_enabled(cardcore::ByteView aid) {
  EisProfile* target = by_isdp(aid);
  if (!target) return false;
  for (EisProfile& p : profiles) {
    if (p.state == ProfileState::Enabled) p.state = ProfileState::Disabled;
  }
  target->state = ProfileState::Enabled;
  return true;
}

}  // namespace twinmodels::platform
