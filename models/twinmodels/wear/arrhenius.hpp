// The Arrhenius law of thermally activated processes: rate ∝ exp(−Ea / kT).
// Its use for EEPROM data retention, and the time-weighted sum over an
// application's temperature ranges, is ST AN5866 ("EEPROM cycling and data
// retention performances", Rev 1, §3.3–3.4); JEDEC JESD22-A117 defines the
// high-temperature retention bakes that the law extrapolates from.
#pragma once

namespace twinmodels::wear {

// The Boltzmann constant in eV/K (CODATA 2018, exact in the 2019 SI).
inline constexpr double kBoltzmannEvPerK = 8.617333262e-5;
// 0 °C in kelvin.
inline constexpr double kZeroCelsiusK = 273.15;

// Rate of a thermally activated process at t_c relative to t_ref_c:
// exp(Ea/k (1/Tref − 1/T)), T in kelvin. 1 at t_ref_c, > 1 above it for
// Ea > 0. Throws std::invalid_argument for a non-finite or negative ea_ev or
// a temperature that is not finite or not above absolute zero.
double arrhenius_factor(double ea_ev, double t_ref_c, double t_c);

}  // namespace twinmodels::wear
