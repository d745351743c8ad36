#include "twinsim/engine/modem_world.hpp"

#include <algorithm>

#include "twinmodels/random/random_stream.hpp"
#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/mno_servers.hpp"
#include "twinsim/engine/onelink_api_run.hpp"
#include "twinsim/engine/onelink_run.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/engine/chip_management_run.hpp"
#include "twinsim/engine/handover_times.hpp"
#include "twinsim/engine/sm_dp_runs.hpp"
#include "twinsim/engine/sm_sr_runs.hpp"
#include "twinsim/engine/waker.hpp"
#include "twinsim/engine/world.hpp"

namespace twinsim {

namespace {

twinmodels::modem::Technology technology_of(ModemProfile m) {
  switch (m) {
    case ModemProfile::Gsm: return twinmodels::modem::Technology::Gsm;
    case ModemProfile::LteCat1: return twinmodels::modem::Technology::LteCat1;
    case ModemProfile::LteM: return twinmodels::modem::Technology::LteM;
    case ModemProfile::NbIot: return twinmodels::modem::Technology::NbIot;
  }
  return twinmodels::modem::Technology::NbIot;
}

// IMEI of device d: TAC 35000000 (our choice, no real model's) and the
// device index as the serial (TS 23.003 §6.2.1).
constexpr std::uint64_t kImeiBase = 35000000000000ull;

}  // namespace

std::string imsi_for(const std::string& prefix, std::uint32_t device) {
  std::string msin = std::to_string(device);
  const std::size_t msin_len = 15 - prefix.size();
  if (msin.size() < msin_len) msin.insert(0, msin_len - msin.size(), '0');
  return prefix + msin;
}

std::optional<std::uint32_t> subscriber_of_imsi(const Scenario& s, const std::vector<std::uint32_t>& population_first,
                                                std::uint64_t devices, const std::string& imsi) {
  auto msin_of = [&](const std::string& prefix) -> std::optional<std::uint64_t> {
    if (imsi.size() != 15 || imsi.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = prefix.size(); i < imsi.size(); ++i) {
      if (imsi[i] < '0' || imsi[i] > '9') return std::nullopt;
      v = v * 10 + static_cast<std::uint64_t>(imsi[i] - '0');
    }
    return v;
  };
  auto in_population = [&](std::size_t p, std::uint64_t d) {
    return d >= population_first[p] && d < population_first[p] + s.populations[p].count;
  };
  // A profile with `subscribers: none` has none at the HSS.
  auto unprovisioned = [&](std::size_t p, std::size_t k) {
    return k < s.populations[p].euicc_profiles.size() && !s.populations[p].euicc_profiles[k].hss_subscribers;
  };
  for (std::size_t p = 0; p < s.populations.size(); ++p) {
    const auto d = msin_of(s.populations[p].imsi_prefix);
    if (d && in_population(p, *d)) return unprovisioned(p, 0) ? std::nullopt : std::optional<std::uint32_t>(*d);
  }
  for (std::uint16_t i = 0; i < s.campaigns.size(); ++i) {
    const CampaignSpec& c = s.campaigns[i];
    // A number migration's IMSIs are the failed population's (above).
    if (c.kind != CampaignKind::WriteCard || c.numbers_from) continue;
    const auto d = msin_of(c.imsi_prefix);
    // Round r's subscriptions: block 1 + r (campaign_platforms.hpp).
    if (d && in_population(c.population, *d)) return static_cast<std::uint32_t>(devices * (1 + write_round(s, i)) + *d);
  }
  // An eUICC's other profiles (euicc_factory.hpp).
  for (std::size_t p = 0; p < s.populations.size(); ++p) {
    const std::vector<EuiccProfileSpec>& profiles = s.populations[p].euicc_profiles;
    for (std::size_t k = 1; k < profiles.size(); ++k) {
      const auto d = msin_of(profiles[k].imsi_prefix);
      if (d && in_population(p, *d) && unprovisioned(p, k)) return std::nullopt;
      if (d && in_population(p, *d)) return profile_subscriber(s, devices, k, static_cast<std::uint32_t>(*d));
    }
  }
  return std::nullopt;
}

ModemWorld::ModemWorld(const Scenario& s, const std::vector<std::uint32_t>& population_first, int multiplexers,
                       const SupplySchedule& supply)
    : smsc(smsc_config(s)), routes(s) {
  std::uint32_t slots = 0;
  for (std::size_t p = 0; p < s.populations.size(); ++p) {
    const PopulationSpec& spec = s.populations[p];
    if (spec.device_model != DeviceModel::Modem) {
      configs.emplace_back();
      slot_first.push_back(kNoSlot);
      reach.emplace_back();
      continue;
    }
    auto cfg = std::make_unique<twinmodels::modem::ModemConfig>();
    cfg->tech = twinmodels::modem::default_timings(technology_of(spec.modem));
    cfg->pin = spec.pin;
    cfg->card_off_in_psm = spec.card_off_in_psm;
    cfg->card_retry_s = spec.card_retry_s;
    configs.push_back(std::move(cfg));
    slot_first.push_back(slots);
    slots += static_cast<std::uint32_t>(spec.count);
    reach.push_back(std::make_unique<twinmodels::MmeReachability>(spec.count, spec.power_saving));
  }
  modems.reserve(slots);
  for (std::size_t p = 0; p < s.populations.size(); ++p) {
    if (!configs[p]) continue;
    for (std::uint64_t i = 0; i < s.populations[p].count; ++i)
      modems.emplace_back(*configs[p], kImeiBase + population_first[p] + i);
  }
  next_activity.assign(slots, 0);
  proc_seq.assign(slots, 0);
  conn_seq.assign(slots, 0);
  connected.assign(slots, 0);

  // One tracking area per multiplexer's access node, TAC 1 + m; its cells
  // numbered m << 8 | i (28-bit cell identities, TS 36.413 §9.2.1.38).
  for (int m = 0; m < multiplexers; ++m) {
    std::vector<twinmodels::RanCellConfig> cells;
    for (int i = 0; i < s.network.ran.cells; ++i) {
      twinmodels::RanCellConfig c = s.network.ran.cell;
      c.tac = static_cast<std::uint32_t>(1 + m);
      c.cell_id = static_cast<std::uint32_t>(m) << 8 | static_cast<std::uint32_t>(i);
      cells.push_back(c);
    }
    areas.emplace_back(static_cast<std::uint32_t>(1 + m), std::move(cells));
  }
  // One NAS congestion control per access node's MME (TS 24.301 §5.3.9).
  if (s.network.mme_congestion)
    congestion.assign(static_cast<std::size_t>(multiplexers), twinmodels::NasCongestionControl(*s.network.mme_congestion));

  // Every campaign's releases to the write module: in batches of batch_size
  // devices (population order) every batch_interval, or each device at its
  // own draw in [at, at + over); `at` counted from the device's going into
  // service for a campaign after_in_service.
  // Write-card campaigns are orders of the write module; the others none.
  std::uint64_t orders = 0;
  for (std::size_t c = 0; c < s.campaigns.size(); ++c) {
    const CampaignSpec& spec = s.campaigns[c];
    const std::uint32_t first = population_first[spec.population];
    order_first.push_back(static_cast<std::uint32_t>(orders));
    if (spec.kind == CampaignKind::WriteCard) orders += s.populations[spec.population].count;
    for (std::uint64_t i = 0; i < s.populations[spec.population].count; ++i) {
      const auto d = static_cast<std::uint32_t>(first + i);
      double t = release_base_s(spec, supply, static_cast<std::uint32_t>(i));
      if (spec.batch_size > 0) {
        t += static_cast<double>(i / spec.batch_size) * spec.batch_interval_s;
      } else if (spec.over_s > 0) {
        twinmodels::RandomStream rng(s.general.seed, d, stream::kCampaign | static_cast<std::uint32_t>(c));
        t += rng.uniform(0.0, spec.over_s);
      }
      submissions.push_back({to_simtime(t), d, static_cast<std::uint16_t>(c)});
    }
  }
  std::sort(submissions.begin(), submissions.end(), [](const Submission& a, const Submission& b) {
    return a.t != b.t ? a.t < b.t : a.device != b.device ? a.device < b.device : a.campaign < b.campaign;
  });
  if (orders > 0) {
    write_module = std::make_unique<twinmodels::ota::WriteModule>(write_module_config(s), static_cast<std::uint32_t>(orders));
    if (routes.write_module_to_smsc().crosses)
      write_link = std::make_unique<WriteModuleLink>(to_simtime(routes.write_module_smsc_s()),
                                                     static_cast<std::uint32_t>(orders));
    std::vector<bool> write_card;
    for (const CampaignSpec& spec : s.campaigns) write_card.push_back(spec.kind == CampaignKind::WriteCard);
    progress = std::make_unique<CampaignProgress>(write_card, to_simtime(s.general.stop_s));
  }
}

double release_base_s(const CampaignSpec& c, const SupplySchedule& supply, std::uint32_t i) {
  return c.after_in_service ? supply.in_service(c.population, i).value() + c.at_s : c.at_s;
}

twinmodels::OutageWindows outages_of(const Scenario& s, FaultTarget t, std::uint8_t index, FaultAction action) {
  twinmodels::OutageWindows all;
  for (const FaultSpec& f : s.faults) {
    if (f.target != t || f.action != action) continue;
    if ((t == FaultTarget::SmSr && f.sm_sr != index) || (t == FaultTarget::SmDp && f.sm_dp != index)) continue;
    if (action == FaultAction::Crash)
      all.emplace_back(to_simtime(f.at_s), to_simtime(f.at_s + f.restart_s));
    else
      all.emplace_back(to_simtime(f.at_s), f.for_s > 0 ? to_simtime(f.end_s()) : twinmodels::kNever);
  }
  return twinmodels::merge_windows(std::move(all));
}

twinmodels::platform::ServerConfig server_config_of(const Scenario& s, const twinmodels::platform::ServerConfig& spec,
                                                    FaultTarget t) {
  twinmodels::platform::ServerConfig c = spec;
  c.outages = outages_of(s, t);
  c.crashes = outages_of(s, t, 0, FaultAction::Crash);
  c.seed = s.general.seed;
  return c;
}

twinmodels::SmscConfig smsc_config(const Scenario& s) {
  twinmodels::SmscConfig c = s.network.smsc.config;
  c.outages = outages_of(s, FaultTarget::Smsc);
  c.crashes = outages_of(s, FaultTarget::Smsc, 0, FaultAction::Crash);
  return c;
}

twinmodels::ota::WriteModuleConfig write_module_config(const Scenario& s) {
  twinmodels::ota::WriteModuleConfig c = s.write_module.config;
  c.outages = outages_of(s, FaultTarget::WriteModule);
  c.crashes = outages_of(s, FaultTarget::WriteModule, 0, FaultAction::Crash);
  return c;
}

std::pair<std::uint16_t, std::uint32_t> ModemWorld::campaign_device(std::uint32_t order,
                                                                     const std::vector<std::uint32_t>& population_first,
                                                                     const Scenario& s) const {
  const auto c = static_cast<std::uint16_t>(std::upper_bound(order_first.begin(), order_first.end(), order) -
                                            order_first.begin() - 1);
  return {c, population_first[s.campaigns[c].population] + (order - order_first[c])};
}

ModemWorld::~ModemWorld() = default;

void ModemWorld::poke_smsc(SimTime t) {
  if (smsc_waker) smsc_waker->poke(to_seconds(t));
}

}  // namespace twinsim
