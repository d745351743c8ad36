// The two-parameter Weibull distribution (W. Weibull, "A statistical
// distribution function of wide applicability", J. Appl. Mech. 18, 1951),
// the usual model of wear-out life: F(x) = 1 − exp(−(x/η)^β). Its weakest-
// link property — the minimum of n independent Weibull draws of shape β is
// Weibull with the same β and scale η·n^(−1/β) — gives a card's life from
// its pages' (R. B. Abernethy, "The New Weibull Handbook", 5th ed., §2).
#pragma once

namespace twinmodels::wear {

struct Weibull {
  double beta = 1, eta = 1;  // shape, scale (both > 0)

  // 1 − exp(−(x/eta)^beta); 0 for x <= 0.
  double cdf(double x) const;
  // 1 − cdf(x).
  double survival(double x) const;
  // The inverse of cdf: eta · (−ln(1 − p))^(1/beta) for p in [0, 1) (0 at
  // p = 0). Throws std::invalid_argument for p outside [0, 1).
  double quantile(double p) const;
  // eta · Γ(1 + 1/beta).
  double mean() const;
  // The Weibull of shape beta with cdf(x_rated) == f_rated:
  // eta = x_rated / (−ln(1 − f_rated))^(1/beta). Throws std::invalid_argument
  // unless beta > 0, x_rated > 0 and f_rated in (0, 1), all finite.
  static Weibull calibrated(double beta, double x_rated, double f_rated);
  // The distribution of the minimum of n independent draws: same beta,
  // eta · n^(−1/beta). Throws std::invalid_argument unless n >= 1 and finite.
  Weibull min_of(double n) const;
};

}  // namespace twinmodels::wear
