#pragma once
// Readers of the sections of a scenario file (docs/SCENARIOS.md), one per
// top-level key. parse_scenario() calls them in this order; campaigns,
// trace, expectations and faults come after populations, platforms, network
// and engine since they check against them.
#include <optional>
#include <string>
#include <vector>

#include "twinsim/scenario/scenario.hpp"
#include "twinsim/scenario/yaml_field.hpp"

namespace twinsim {

void read_general(const YamlSection& general, Scenario& s);
void read_populations(const YamlField& list, Scenario& s);
// populations[i].power_saving of a modem population (`m`: the map, if
// written; `population`: the item, for messages), its paging channel and S1
// mode following `modem`.
twinmodels::PowerSavingProfile read_power_saving(const YamlField& population, const std::optional<YamlSection>& m,
                                                 ModemProfile modem);
// populations[i].temperature (temperature_section.cpp): a preset or a
// profile, checked to stay within what the wear models cover up to the stop.
twinmodels::wear::TemperatureProfile read_temperature(const YamlField& f, double stop_s);
// wear (wear_section.cpp), after the populations.
void read_wear(const YamlSection& wear, Scenario& s);
void read_platforms(const YamlSection& platforms, Scenario& s);
// A platform's server keys (workers, service_time, service_times over
// `functions`, queue_limit, admission_rate, burst, failure_ratio), checked
// as PlatformServer checks them (platform_section.cpp).
void read_server(const YamlSection& m, twinmodels::platform::ServerConfig& c, const std::vector<std::string>& functions);
// A retry map ({retry_after, max_attempts}, both required): a
// notification_retry, a campaign's retry (platform_section.cpp).
RetrySpec read_retry(const YamlField& f);
// platforms.mno: the MNOs' notification endpoints as servers, once the
// populations and the other platforms are read (mno_section.cpp).
void read_mno_servers(const YamlField& list, Scenario& s);
// platforms.chip_management.supply, once its populations are read
// (chip_supply_section.cpp).
void read_chip_supply(const YamlField& list, ChipManagementSpec& spec, const Scenario& s);
// platforms.onenet.registration, once its populations and
// platforms.chip_management are read (onenet_section.cpp).
void read_onenet(const YamlSection& m, OneNetSpec& spec, const Scenario& s);
// populations[i].euicc.sm_sr by id, once platforms.sm_sr is read.
void resolve_population_sm_srs(Scenario& s);
// platforms.sm_dp[i].notification_retry, once the campaigns are read: an
// SM-DP's ES2 notifications come only after its download-profile campaigns.
void check_notification_retries(const Scenario& s);
void read_network(const YamlSection& network, Scenario& s);
// network.topology (called by read_network, after core: links default to its values).
void read_topology(const YamlSection& topology, Scenario& s);
// network.smsc, network.ran and network.mme (called by read_network).
void read_smsc(const YamlSection& smsc, SmscSpec& spec);
void read_ran(const YamlSection& ran, RanSpec& spec);
twinmodels::NasCongestionConfig read_mme(const YamlSection& mme);
// campaigns (after populations and network: checks their target
// populations and the SMSC's maximum validity).
void read_campaigns(const YamlField& list, Scenario& s);
// After the engine section: populations' nodes, multiplexers and routes
// against the topology.
void check_topology_use(Scenario& s);
void read_engine(const YamlSection& engine, Scenario& s);
void read_trace(const YamlSection& trace, Scenario& s);
void read_expectations(const YamlField& list, Scenario& s);
void read_faults(const YamlField& list, Scenario& s);
// Every write-card campaign with numbers_from has the failed population
// switched off (a power-off fault) by its start; after read_faults.
void check_number_migrations(const Scenario& s);

}  // namespace twinsim
