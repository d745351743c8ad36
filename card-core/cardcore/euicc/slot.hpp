#pragma once
// An ISD-P's profile card (euicc.hpp, private to the eUICC's files).
#include <cstdint>
#include <memory>
#include <string>

#include "cardcore/card/uicc.hpp"
#include "cardcore/euicc/euicc.hpp"

namespace cardcore::euicc {

struct Euicc::Slot {
  std::uint8_t record = 0;  // the ISD-P's registry record
  std::unique_ptr<Uicc> card;
  // A downloaded profile's text (saip::plan_install), from which a restored
  // eUICC rebuilds its template (euicc_state.cpp); null for a profile the
  // factory installed (install_profile: its template is the caller's).
  std::shared_ptr<const std::string> profile_text;
};

}  // namespace cardcore::euicc
