// The environmental stress and wear library in one include: grades (source
// document table 2-2), Arrhenius and Weibull, page endurance, card
// retention, temperature profiles, the thermal clock, fits and statistics.
#pragma once

#include "twinmodels/wear/arrhenius.hpp"
#include "twinmodels/wear/endurance.hpp"
#include "twinmodels/wear/fits.hpp"
#include "twinmodels/wear/grade.hpp"
#include "twinmodels/wear/retention.hpp"
#include "twinmodels/wear/statistics.hpp"
#include "twinmodels/wear/temperature.hpp"
#include "twinmodels/wear/thermal_clock.hpp"
#include "twinmodels/wear/weibull.hpp"
