#pragma once
// Scenarios of the engine tests with the modem model (test_modem_runs.cpp,
// test_write_module_runs.cpp): NB-IoT meters and a write-card campaign.
#include <optional>

#include "twinmodels/network/gprs_timer.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim::testing {

// `count` NB-IoT meters with the modem model, all powered on in the first
// minute; PSM with the given active time, periodic TAU every hour.
inline twinsim::Scenario meters(std::uint64_t count, double stop_s, std::optional<twinmodels::NetTime> t3324) {
  twinsim::Scenario sc = twinsim::parse_scenario(R"(general: {name: modem-runs, seed: 11, stop: 1h}
populations:
  - name: meters
    count: 1
    start: {profile: uniform, at: 0s, over: 1min}
    activity: {period: 3h, jitter: 0s}
engine: {multiplexers: 2}
)",
                                                 "modem-runs.yaml");
  sc.general.stop_s = stop_s;
  twinsim::PopulationSpec& p = sc.populations[0];
  p.profile = ESIMTWIN_SOURCE_DIR "/profiles/cmcc-domestic-usim.prof";
  p.count = count;
  p.device_model = twinsim::DeviceModel::Modem;
  p.power_saving.mode = twinmodels::S1Mode::NbS1;
  p.power_saving.paging.channel = twinmodels::PagingChannel::Npdcch;
  p.power_saving.t3324 = t3324 ? twinmodels::NasTimerValue::of(*t3324) : twinmodels::NasTimerValue::off();
  p.power_saving.t3412 = twinmodels::NasTimerValue::of(60 * twinmodels::kMinute);
  twinmodels::validate(p.power_saving);
  return sc;
}

inline twinsim::CampaignSpec write_card_at(double at_s, double over_s) {
  twinsim::CampaignSpec c;
  c.name = "renumber";
  c.population = 0;
  c.at_s = at_s;
  c.over_s = over_s;
  c.imsi_prefix = "46007";
  return c;
}

}  // namespace twinsim::testing
