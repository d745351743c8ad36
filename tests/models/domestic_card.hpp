#pragma once
// The domestic profile shared by the models tests that run a real card.
#include <memory>

#include "cardcore/profile/profile_parser.hpp"

namespace twinmodels::testing {

inline std::shared_ptr<const cardcore::ProfileTemplate> domestic_profile() {
  static auto p = std::make_shared<const cardcore::ProfileTemplate>(
      cardcore::load_profile(ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof"));
  return p;
}

}  // namespace twinmodels::testing
