// Page endurance in erase cycles: a Weibull life in equivalent cycles at the
// grade's rated temperature, each cycle at another temperature counting as
// an Arrhenius factor of them (docs/MODELS.md, "Environmental stress and
// wear": sources and which parameters are our assumptions).
#pragma once

#include "twinmodels/wear/grade.hpp"
#include "twinmodels/wear/weibull.hpp"

namespace twinmodels::wear {

struct EnduranceParams {
  // Wear-out shape: our assumption. β > 1 is wear-out (a rising hazard), as
  // EEPROM cells wear out under the tunnel oxide's field stress (Microchip
  // AN537); β = 3 makes the hazard grow with the square of the cycles.
  double beta = 3.0;
  // A page fails by its rated cycles with this probability at the rated
  // temperature: our assumption (a table 2-2 rating is a minimum, not a
  // median; 1 % per page).
  double f_at_rated = 0.01;
  // Activation energy of the temperature acceleration of wear: our
  // assumption. ST's M24C64-F figures (4 million cycles at ≤ 25 °C, 1.2
  // million at 85 °C) imply ≈ 0.18 eV; ST AN5866 finds its page EEPROMs'
  // 500 k budget independent of temperature (0 eV). 0.3 eV is a deliberately
  // pessimistic value above both.
  double ea_ev = 0.3;
  // Out of range: a program at a temperature above t_max (or below t_min)
  // fails with probability 1 − exp(−(excess / oor_scale_c)^oor_shape),
  // excess in °C beyond the range (our assumption).
  double oor_scale_c = 30.0;
  double oor_shape = 2.0;
};

class EnduranceModel {
 public:
  // Throws std::invalid_argument for parameters out of their domain (beta,
  // oor_scale_c, oor_shape > 0; f_at_rated in (0, 1); ea_ev >= 0; all finite),
  // naming the parameter.
  EnduranceModel(const GradeRating& g, const EnduranceParams& p = {});

  // Rated conditions: cycling at the grade's upper temperature t_max (the
  // rating holds across the whole operating range, so it must hold at its
  // hot end). Wear per cycle at t_c relative to that:
  // arrhenius_factor(ea, t_max, t_c) (< 1 below t_max, > 1 above).
  double acceleration(double t_c) const;
  // Page life in equivalent cycles at the rated temperature:
  // Weibull::calibrated(beta, rated_cycles, f_at_rated).
  const Weibull& life() const { return life_; }
  // The equivalent-cycle threshold of a page whose uniform draw is u in
  // (0, 1): life().quantile(u). (u = 0 gives 0, a page dead from the start.)
  double threshold(double u) const;
  // Median cycles to failure of a page cycled at constant t_c:
  // life().quantile(0.5) / acceleration(t_c).
  double median_cycles(double t_c) const;
  // Probability that a page cycled n times at constant t_c has failed:
  // life().cdf(n · acceleration(t_c)).
  double failure_probability(double cycles, double t_c) const;
  // Probability that one program at t_c fails because t_c is outside
  // [t_min, t_max] (0 inside).
  double out_of_range_probability(double t_c) const;
  const GradeRating& grade() const { return grade_; }
  const EnduranceParams& params() const { return params_; }

 private:
  GradeRating grade_;
  EnduranceParams params_;
  Weibull life_;
};

}  // namespace twinmodels::wear
