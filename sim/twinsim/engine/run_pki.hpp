#pragma once
// The run's SGP.02 PKI: models/twinmodels/platform/sgp02_pki.hpp from the
// scenario seed.
#include "twinmodels/platform/sgp02_pki.hpp"

namespace twinsim {

using RunPki = twinmodels::platform::Sgp02Pki;

// The EUM of every run eUICC (its EIS's Eum-id).
inline constexpr const char* kRunEumId = "EUM-ESIMTWIN";

}  // namespace twinsim
