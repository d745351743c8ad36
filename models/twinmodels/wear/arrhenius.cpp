#include "twinmodels/wear/arrhenius.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace twinmodels::wear {

namespace {

double kelvin(double t_c, const char* what) {
  if (!std::isfinite(t_c) || t_c <= -kZeroCelsiusK) {
    throw std::invalid_argument(std::string("arrhenius_factor: ") + what + " must be finite and above −273.15 °C (got " +
                                std::to_string(t_c) + ")");
  }
  return t_c + kZeroCelsiusK;
}

}  // namespace

double arrhenius_factor(double ea_ev, double t_ref_c, double t_c) {
  if (!std::isfinite(ea_ev) || ea_ev < 0) {
    throw std::invalid_argument("arrhenius_factor: activation energy must be finite and >= 0 eV (got " +
                                std::to_string(ea_ev) + ")");
  }
  const double t_ref_k = kelvin(t_ref_c, "reference temperature");
  const double t_k = kelvin(t_c, "temperature");
  return std::exp(ea_ev / kBoltzmannEvPerK * (1.0 / t_ref_k - 1.0 / t_k));
}

}  // namespace twinmodels::wear
