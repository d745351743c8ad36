// The card's data retention: the time to its first lost page is a Weibull
// in equivalent years at a reference temperature, time at another
// temperature counting as an Arrhenius factor of it — the time-weighted sum
// of ST AN5866 §3.4 (docs/MODELS.md, "Environmental stress and wear").
#pragma once

#include <optional>

#include "twinmodels/wear/grade.hpp"
#include "twinmodels/wear/weibull.hpp"

namespace twinmodels::wear {

struct RetentionParams {
  // Shape of the time to the first lost page: our assumption (β > 1: charge
  // loss accumulates; 2 is a mild wear-out).
  double beta = 2.0;
  // The card loses a page by its rated years at its rated temperature with
  // this probability: our assumption (1 % per card).
  double f_at_rated = 0.01;
  // Activation energy of charge loss: our assumption. JEDEC JEP122 lists
  // floating-gate charge loss (dielectric leakage, detrapping) as thermally
  // activated and JESD22-A117 retention bakes extrapolate with it; 1.1 eV is
  // a value often used for intrinsic charge loss — we could not check it
  // against the JEDEC tables.
  double ea_ev = 1.1;
  // Temperature the rated years refer to; none: the grade's,
  // rated_retention_temperature().
  std::optional<double> rated_t_c;
};

// The temperature a grade's rated retention years refer to: our assumption.
// Table 2-2 gives none. EEPROM data sheets state retention at 55 °C (e.g.
// Microchip's "Data Retention: TA = 55 °C, 100 years"): consumer and
// industrial. The automotive grades at 85 °C: a card sold for −40..+105 or
// +125 °C is expected to keep its 17 years in hot service, and at 55 °C an
// automotive II card would lose data within a year in its own range
// (docs/MODELS.md, "Data retention").
double rated_retention_temperature(Grade g);

class RetentionModel {
 public:
  // Throws std::invalid_argument for parameters out of their domain (beta
  // > 0; f_at_rated in (0, 1); ea_ev >= 0; rated_t_c above absolute zero;
  // all finite), naming the parameter.
  RetentionModel(const GradeRating& g, const RetentionParams& p = {});

  // The temperature the rated years refer to: rated_t_c, or the grade's.
  double rated_temperature() const { return rated_t_c_; }
  // arrhenius_factor(ea, rated_temperature(), t_c).
  double acceleration(double t_c) const;
  // Time to the card's first lost page, in equivalent years at rated_t_c:
  // Weibull::calibrated(beta, retention_years, f_at_rated).
  const Weibull& card_life_years() const { return life_; }
  // Probability that the card has lost a page after `equivalent_years` at
  // rated_t_c: card_life_years().cdf(equivalent_years).
  double failure_probability(double equivalent_years) const;
  const GradeRating& grade() const { return grade_; }
  const RetentionParams& params() const { return params_; }

 private:
  GradeRating grade_;
  RetentionParams params_;
  double rated_t_c_;
  Weibull life_;
};

}  // namespace twinmodels::wear
