#include "twinsim/engine/chip_management_run.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "twinsim/engine/campaign_platforms.hpp"
#include "twinsim/engine/chip_parties.hpp"
#include "twinsim/engine/euicc_factory.hpp"
#include "twinsim/engine/modem_world.hpp"
#include "twinsim/engine/onenet_run.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace twinsim {

namespace {

namespace pf = twinmodels::platform;
using pf::Party;
using pf::Role;
using namespace chip_parties;

std::uint64_t ms(SimTime t) { return static_cast<std::uint64_t>(std::max<SimTime>(t, 0) / 1000); }


}  // namespace

std::string chip_id(std::uint32_t device) { return printed_iccid(domestic_iccid(device)); }

std::string ChipManagementRun::chip_of(std::uint32_t device) const {
  return scenario_.populations[scenario_.population_of(device)].euicc_profiles.empty() ? chip_id(device)
                                                                                       : euicc_eid(device);
}

std::string ChipManagementRun::profile_pool(std::uint16_t p, std::size_t k) const {
  return scenario_.populations[p].name + "/" + scenario_.populations[p].euicc_profiles[k].operator_name;
}

pf::ServerConfig chip_management_server_config(const Scenario& s) {
  return server_config_of(s, s.chip_management.server, FaultTarget::ChipManagement);
}

ChipManagementRun::ChipManagementRun(const Scenario& s, const std::vector<std::uint32_t>& population_first,
                                     const std::function<double(std::uint32_t)>& first_power_on,
                                     const SupplySchedule& supply)
    : scenario_(s), followed_(s.populations.size(), false),
      registry_(pf::ChipRegistryConfig{s.chip_management.fee_per_day}), server_(chip_management_server_config(s)),
      supply_(supply) {
  hss_latency_ = to_simtime(PlatformRoutes(s).chip_management_hss_s());
  const auto quarantine_ms = static_cast<std::uint64_t>(s.chip_management.quarantine_s * 1000);
  auto add_pool = [&](const std::string& id, const std::string& first_imsi, const std::string& first_msisdn,
                      std::uint16_t p) {
    const pf::NumberPoolConfig c{id, first_imsi, first_msisdn, static_cast<std::uint32_t>(s.populations[p].count),
                                 quarantine_ms};
    const pf::Status st = registry_.add_pool(c);
    if (!st.ok()) throw ScenarioError(s.source + ": platforms.chip_management: number pool '" + id + "': " + st.refusal);
  };
  auto pool = [&](const std::string& id, const std::string& prefix, std::uint16_t p) {
    const std::uint32_t first = population_first[p];
    add_pool(id, imsi_for(prefix, first), device_msisdn(first), p);
  };
  for (std::uint16_t p : s.chip_management.populations) {
    followed_[p] = true;
    const PopulationSpec& spec = s.populations[p];
    if (spec.euicc_profiles.empty()) {
      pool(spec.name, spec.imsi_prefix, p);
    } else {
      // Profile k's numbers as the EuiccFactory personalises them.
      for (std::size_t k = 0; k < spec.euicc_profiles.size(); ++k)
        add_pool(profile_pool(p, k), imsi_for(spec.euicc_profiles[k].imsi_prefix, population_first[p]),
                 profile_msisdn(k, population_first[p]), p);
    }
    const auto supply_it = s.chip_management.supply.find(p);
    const ChipSupplySpec chain = supply_it == s.chip_management.supply.end() ? ChipSupplySpec{} : supply_it->second;
    const Party maker = chain.maker == Role::CardVendor ? kCardVendor : kChipMaker;
    const pf::ProductionInfo info{maker == kCardVendor ? maker.id : "", maker == kChipMaker ? maker.id : "", spec.name};
    if (chain.flow && !supply.outcome(p))
      throw std::logic_error("chip management: population " + spec.name + "'s supply flow was not simulated");
    if (chain.flow) plan_supply_steps(p, population_first[p]);
    for (std::uint64_t i = 0; i < spec.count; ++i) {
      const auto d = static_cast<std::uint32_t>(population_first[p] + i);
      activations_.emplace_back(to_simtime(first_power_on(d)), d);
      if (chain.flow) continue;
      const std::string id = chip_of(d);
      // Before the run, all stamped 0: the chip's way to the customer.
      must(registry_.produce(id, info, maker, 0), id);
      must(registry_.stock_in(id, maker, 0), id);
      must(registry_.ship(id, maker, kOperator, 0), id);
      must(registry_.receive(id, kOperator, 0), id);
      Party holder = kOperator;
      for (Role r : chain.via) {
        const Party next = party_of(r);
        must(registry_.ship(id, holder, next, 0), id);
        must(registry_.receive(id, next, 0), id);
        if (r == Role::ModuleMaker) must(registry_.mount(id, next, "module-" + std::to_string(d), 0), id);
        if (r == Role::Oem) must(registry_.integrate(id, next, "device-" + std::to_string(d), 0), id);
        holder = next;
      }
      must(registry_.sell(id, holder, customer_of(spec), account_of(spec), 0), id);
    }
  }
  for (const CampaignSpec& c : s.campaigns) {
    // A number migration writes numbers of the failed population's pool.
    if (c.kind == CampaignKind::WriteCard && !c.numbers_from && followed_[c.population])
      pool(c.name, c.imsi_prefix, c.population);
  }
  std::sort(activations_.begin(), activations_.end());
  // Ties in the order planned: by population, unit, then each unit's steps.
  std::stable_sort(supply_steps_.begin(), supply_steps_.end(),
                   [](const SupplyStep& a, const SupplyStep& b) { return a.at_ms < b.at_ms; });
}

ChipManagementRun::~ChipManagementRun() = default;

bool ChipManagementRun::follows(std::uint32_t device) const { return followed_[scenario_.population_of(device)]; }

MmeDetach* ChipManagementRun::mme_detach(std::uint32_t device) {
  const auto it = mme_detaches_.find(device);
  return it == mme_detaches_.end() ? nullptr : &it->second;
}

MmeDetach& ChipManagementRun::start_mme_detach(std::uint32_t device, bool withdrawn) {
  MmeDetach& d = mme_detaches_[device];
  d = MmeDetach{withdrawn, 0};
  return d;
}

bool ChipManagementRun::barred_at_hss(std::uint32_t device, SimTime t) const {
  const auto it = hss_views_.find(device);
  if (it == hss_views_.end()) return barred(device);
  bool b = it->second.before;
  for (const auto& [arrival, barred_then] : it->second.changes) {
    if (arrival > t) break;
    b = barred_then;
  }
  return b;
}

bool ChipManagementRun::tell_hss(SimTime t, std::uint32_t device, bool was) {
  if ((hss_latency_ == 0 && !hss_on_links_ && shard_lookahead_ == 0) || barred(device) == was) return false;
  auto it = hss_views_.find(device);
  // Changes that have all arrived by now are the HSS's view already.
  if (it != hss_views_.end() && it->second.changes.back().first <= t) {
    hss_views_.erase(it);
    it = hss_views_.end();
  }
  if (it == hss_views_.end()) it = hss_views_.emplace(device, HssView{was, {}}).first;
  SimTime arrival = hss_on_links_ ? twinmodels::kNever : t + hss_latency_;
  if (shard_lookahead_ > 0) {
    // Sharded: no MME may read it before it reached the other ranks.
    arrival = std::max(arrival, last_t_ + shard_lookahead_);
    views_out_.push_back({device, was, !was, arrival});
  }
  it->second.changes.emplace_back(arrival, !was);
  return true;
}

void ChipManagementRun::hss_view_heard(const HssViewChange& c) {
  // Kept whole: this rank's registry does not follow the platform's steps.
  auto it = hss_views_.find(c.device);
  if (it == hss_views_.end()) it = hss_views_.emplace(c.device, HssView{c.before, {}}).first;
  it->second.changes.emplace_back(c.arrival, c.barred);
}

ChipManagementCounters& ChipManagementCounters::operator+=(const ChipManagementCounters& o) {
  static_assert(sizeof(ChipManagementCounters) == 20 * sizeof(std::uint64_t), "every counter summed below");
  for (auto [a, b] : {std::pair{&activated, &o.activated}, {&ota_written, &o.ota_written}, {&recycled, &o.recycled},
                      {&suspended, &o.suspended}, {&resumed, &o.resumed}, {&deactivated, &o.deactivated},
                      {&scrapped, &o.scrapped}, {&attaches_barred, &o.attaches_barred},
                      {&profiles_downloaded, &o.profiles_downloaded}, {&profiles_enabled, &o.profiles_enabled},
                      {&profiles_deleted, &o.profiles_deleted}, {&sm_sr_changes, &o.sm_sr_changes},
                      {&detaches, &o.detaches}, {&detaches_local, &o.detaches_local},
                      {&detach_retransmissions, &o.detach_retransmissions}, {&isd_lifts, &o.isd_lifts},
                      {&hss_resends, &o.hss_resends}, {&units_scrapped, &o.units_scrapped}, {&retried, &o.retried},
                      {&failed, &o.failed}})
    *a += *b;
  return *this;
}

void ChipManagementRun::hss_heard(std::uint32_t device, SimTime at) {
  const auto it = hss_views_.find(device);
  if (it == hss_views_.end()) return;
  // The route keeps its order: the first still on its way.
  for (auto& [arrival, barred_then] : it->second.changes) {
    if (arrival != twinmodels::kNever) continue;
    arrival = at;
    return;
  }
}

bool ChipManagementRun::barred(std::uint32_t device) const {
  if (!follows(device)) return false;
  const pf::Chip* chip = registry_.chip(chip_of(device));
  if (!chip) return false;
  const pf::ChipState s = chip->state();
  return s == pf::ChipState::Suspended || s == pf::ChipState::Deactivated || s == pf::ChipState::Recycled ||
         s == pf::ChipState::Scrapped;
}

void ChipManagementRun::ota_written(SimTime t, std::uint16_t campaign, std::uint32_t device, SimTime latency) {
  if (!follows(device)) return;
  report(t, Request{Kind::OtaWrite, campaign, device}, latency);
}

ChipManagementRun::Kind ChipManagementRun::kind_of(CampaignKind k) {
  switch (k) {
    case CampaignKind::ChipSuspend: return Kind::Suspend;
    case CampaignKind::ChipResume: return Kind::Resume;
    case CampaignKind::ChipDeactivate: return Kind::Deactivate;
    case CampaignKind::ChipScrap: return Kind::Scrap;
    case CampaignKind::WriteCard: return Kind::OtaWrite;
    default: throw std::logic_error("chip management: a campaign of another platform");
  }
}

std::optional<ChipManagementRun::Kind> ChipManagementRun::euicc_kind_of(CampaignKind k) {
  switch (k) {
    case CampaignKind::DownloadProfile: return Kind::ProfileDownload;
    case CampaignKind::EnableProfile:
    case CampaignKind::DisableProfile: return Kind::ProfileEnable;
    case CampaignKind::DeleteProfile: return Kind::ProfileDelete;
    case CampaignKind::SmSrChange: return Kind::SmSrChange;
    default: return std::nullopt;
  }
}

bool ChipManagementRun::made_by(const Request& r) const {
  if (r.kind == Kind::Activate) return r.target == 0;
  if (r.campaign == kAutoDelete) {
    const PopulationSpec& p = scenario_.populations[scenario_.population_of(r.device)];
    return r.kind == Kind::ProfileDelete && p.card == "international" && r.target < p.euicc_profiles.size();
  }
  if (r.campaign == kLocalSwitch) {
    const PopulationSpec& p = scenario_.populations[scenario_.population_of(r.device)];
    return r.kind == Kind::ProfileEnable && p.card == "international" && r.target < p.euicc_profiles.size();
  }
  if (r.campaign >= scenario_.campaigns.size()) return false;
  const CampaignSpec& c = scenario_.campaigns[r.campaign];
  const PopulationSpec& p = scenario_.populations[scenario_.population_of(r.device)];
  if (c.population != scenario_.population_of(r.device)) return false;
  if (const std::optional<Kind> k = euicc_kind_of(c.kind))
    return *k == r.kind && (r.kind == Kind::SmSrChange ? r.target < scenario_.sm_srs.size()
                                                       : r.target < p.euicc_profiles.size());
  return (c.kind == CampaignKind::WriteCard || chip_management_step(c.kind)) && kind_of(c.kind) == r.kind &&
         r.target == 0;
}

bool ChipManagementRun::euicc_done(SimTime t, std::uint16_t campaign, std::uint32_t device,
                                   std::optional<std::size_t> enabled, SimTime latency) {
  if (!follows(device)) return false;
  const CampaignSpec& c = scenario_.campaigns.at(campaign);
  const std::optional<Kind> k = euicc_kind_of(c.kind);
  if (!k) return false;
  Request r{*k, campaign, device, c.profile};
  if (c.kind == CampaignKind::SmSrChange) r.target = c.to;
  if (c.kind == CampaignKind::DisableProfile) {
    // SGP.02 §3.4: the fall-back profile enabled in its place; without one
    // the card has no enabled profile, and no number switches.
    if (!enabled) return false;
    r.target = static_cast<std::uint8_t>(*enabled);
  }
  report(t, r, latency);
  return true;
}

bool ChipManagementRun::local_switch(SimTime t, std::uint32_t device, std::size_t enabled, SimTime latency) {
  if (!follows(device)) return false;
  report(t, Request{Kind::ProfileEnable, kLocalSwitch, device, static_cast<std::uint8_t>(enabled)}, latency);
  return true;
}

bool ChipManagementRun::auto_deleted(SimTime t, std::uint32_t device, std::size_t profile, SimTime latency) {
  if (!follows(device)) return false;
  report(t, Request{Kind::ProfileDelete, kAutoDelete, device, static_cast<std::uint8_t>(profile)}, latency);
  return true;
}

void ChipManagementRun::report(SimTime t, const Request& r, SimTime latency) {
  // On its way over the network: poll() makes it a request when it arrives.
  if (latency > 0) arriving_.emplace(t + latency, r);
  else submit(t, r);
}

void ChipManagementRun::release(SimTime t, std::uint16_t campaign, std::uint32_t device) {
  submit(t, Request{kind_of(scenario_.campaigns.at(campaign).kind), campaign, device});
}

namespace {

// The server's function names (per-function service times, /platforms).
const std::string& function_of(std::uint8_t kind) { return chip_management_functions().at(kind); }

}  // namespace

void ChipManagementRun::submit(SimTime t, const Request& r) {
  t = server_time(t);
  server_.poll(t);
  run_served(t);
  const std::uint64_t id = next_request_++;
  const std::string& function = function_of(static_cast<std::uint8_t>(r.kind));
  if (server_.submit(t, id, function) == pf::Admission::Accepted) {
    in_server_.emplace(id, r);
    return;
  }
  retry(t, r);
}

void ChipManagementRun::retry(SimTime t, const Request& r) {
  ++counters_.retried;
  retries_.emplace(t + to_simtime(scenario_.chip_management.retry_after_s), r);
}

SimTime ChipManagementRun::next_request() const {
  SimTime next = twinmodels::kNever;
  if (activated_next_ < activations_.size()) next = activations_[activated_next_].first;
  if (!retries_.empty()) next = std::min(next, retries_.begin()->first);
  if (!arriving_.empty()) next = std::min(next, arriving_.begin()->first);
  return next;
}

void ChipManagementRun::poll(SimTime t) {
  t = server_time(t);
  // The partners' steps first: a chip sold at t is there for its activation.
  for (; supply_next_ < supply_steps_.size() && static_cast<SimTime>(supply_steps_[supply_next_].at_ms) * 1000 <= t;
       ++supply_next_)
    take_supply_step(supply_steps_[supply_next_]);
  // The earliest of what is due first: an activation, a report that
  // arrived, a retry.
  for (SimTime next = next_request(); next <= t; next = next_request()) {
    if (activated_next_ < activations_.size() && activations_[activated_next_].first == next) {
      submit(next, Request{Kind::Activate, 0, activations_[activated_next_++].second});
      continue;
    }
    if (!arriving_.empty() && arriving_.begin()->first == next) {
      const Request r = arriving_.begin()->second;
      arriving_.erase(arriving_.begin());
      submit(next, r);
      continue;
    }
    const Request r = retries_.begin()->second;
    retries_.erase(retries_.begin());
    submit(next, r);
  }
  server_.poll(t);
  run_served(t);
  while (!quarantine_.empty() && quarantine_.front().due <= t) {
    const Released& q = quarantine_.front();
    // source document §3.2.3: 码号资源回收, the number back in its pool (a
    // deactivated chip's by its Recycle step).
    const pf::Status s = q.chip.empty() ? registry_.recycle_number(kOperator, q.pool, q.imsi, ms(q.due))
                                        : registry_.recycle(q.chip, kOperator, ms(q.due));
    if (s.ok()) ++counters_.recycled;
    else ++counters_.failed;
    quarantine_.pop_front();
  }
}

SimTime ChipManagementRun::next_wakeup() const {
  SimTime next = std::min(server_.next_wakeup(), next_request());
  if (supply_next_ < supply_steps_.size())
    next = std::min(next, static_cast<SimTime>(supply_steps_[supply_next_].at_ms) * 1000);
  if (!quarantine_.empty()) next = std::min(next, quarantine_.front().due);
  return next;
}

void ChipManagementRun::run_served(SimTime t) {
  for (const pf::ServedRequest& s : server_.take_done()) {
    const Request r = in_server_.at(s.id);
    in_server_.erase(s.id);
    const SimTime at = std::min(t, static_cast<SimTime>(s.done));
    if (s.failed) {
      // A failure inside the platform: the operator makes the request again.
      retry(at, r);
      continue;
    }
    apply(at, r);
  }
}

void ChipManagementRun::apply(SimTime t, const Request& r) {
  const std::string id = chip_of(r.device);
  const std::uint16_t p = scenario_.population_of(r.device);
  if (r.kind == Kind::Activate) {
    // source document §3.2.3: 码号开通, the number the card carries: an
    // eUICC's enabled factory profile's, its other installed profiles'
    // numbers held besides it (euicc_factory.hpp: profile k's IMSI).
    const PopulationSpec& spec = scenario_.populations[p];
    pf::Status s;
    if (spec.euicc_profiles.empty()) {
      s = registry_.activate(id, kOperator, spec.name, ms(t), imsi_for(spec.imsi_prefix, r.device));
    } else {
      std::size_t enabled = 0;
      std::vector<pf::GivenNumber> others;
      for (std::size_t k = 0; k < spec.euicc_profiles.size(); ++k) {
        const EuiccProfileSpec& q = spec.euicc_profiles[k];
        if (q.enabled) enabled = k;
        else if (q.installed) others.push_back({profile_pool(p, k), imsi_for(q.imsi_prefix, r.device)});
      }
      s = registry_.activate(id, kOperator, profile_pool(p, enabled), ms(t),
                             imsi_for(spec.euicc_profiles[enabled].imsi_prefix, r.device), others);
    }
    if (!s.ok()) {
      ++counters_.failed;
      return;
    }
    ++counters_.activated;
    // The source document §3.2.3: integrated with OneNET, the device is registered there.
    if (onenet_) onenet_->chip_step(r.device, OneNetStep::Register, t);
    return;
  }
  if (r.kind >= Kind::ProfileDownload) {
    profile_step(t, r);
    return;
  }
  if (r.kind != Kind::OtaWrite) {
    step(t, r);
    return;
  }
  const pf::Chip* chip = registry_.chip(id);
  const std::string old_pool = chip ? chip->pool() : std::string();
  const std::string old_imsi = chip ? chip->imsi() : std::string();
  const CampaignSpec& c = scenario_.campaigns.at(r.campaign);
  if (c.numbers_from) {
    migrate(t, r);
    return;
  }
  if (!registry_.ota_write(id, kOperator, c.name, "write-card", ms(t), imsi_for(c.imsi_prefix, r.device)).ok()) {
    // The card was written before its activation was served (the latter
    // refused and waiting): the record waits for it.
    if (chip && chip->state() == pf::ChipState::Sold) {
      retry(t, r);
      return;
    }
    ++counters_.failed;
    return;
  }
  ++counters_.ota_written;
  released(t, old_pool, old_imsi);
}

std::uint64_t ChipManagementRun::numbers_migrated() const {
  return registry_.steps_taken(pf::ChipAction::NumberMigrate);
}

void ChipManagementRun::migrate(SimTime t, const Request& r) {
  const std::string to = chip_of(r.device);
  const std::string from = chip_of(migrated_from(scenario_, r.campaign, r.device));
  const pf::Chip* new_chip = registry_.chip(to);
  const pf::Chip* old_chip = registry_.chip(from);
  const std::string released_pool = new_chip ? new_chip->pool() : std::string();
  const std::string released_imsi = new_chip ? new_chip->imsi() : std::string();
  if (!registry_.migrate_number(from, to, kOperator, ms(t)).ok()) {
    // Written before the activation of either chip was served (refused
    // and waiting): the record waits for it.
    if ((new_chip && new_chip->state() == pf::ChipState::Sold) ||
        (old_chip && old_chip->state() == pf::ChipState::Sold)) {
      retry(t, r);
      return;
    }
    ++counters_.failed;
    return;
  }
  ++counters_.ota_written;
  released(t, released_pool, released_imsi);
}

void ChipManagementRun::profile_step(SimTime t, const Request& r) {
  const std::string id = chip_of(r.device);
  const pf::Chip* chip = registry_.chip(id);
  // Done on the card before the chip's activation was served (the latter
  // refused and waiting): the record waits for it.
  if (chip && chip->state() == pf::ChipState::Sold) {
    retry(t, r);
    return;
  }
  const std::uint16_t p = scenario_.population_of(r.device);
  const PopulationSpec& spec = scenario_.populations[p];
  pf::Status s;
  std::uint64_t* done = nullptr;
  if (r.kind == Kind::SmSrChange) {
    // SGP.02 §3.8: the EUM registered it with the population's SM-SR.
    const std::string from = chip && !chip->sm_sr().empty() ? chip->sm_sr() : scenario_.sm_srs.at(spec.sm_sr).id;
    s = registry_.change_sm_sr(id, kOperator, from, scenario_.sm_srs.at(r.target).id, ms(t));
    done = &counters_.sm_sr_changes;
  } else {
    const std::string pool = profile_pool(p, r.target);
    const std::string imsi = imsi_for(spec.euicc_profiles.at(r.target).imsi_prefix, r.device);
    const std::string iccid = printed_iccid(profile_iccid(r.target, r.device));
    switch (r.kind) {
      case Kind::ProfileDownload:
        s = registry_.download_profile(id, kOperator, pool, imsi, iccid, scenario_.campaigns.at(r.campaign).enable, ms(t));
        done = &counters_.profiles_downloaded;
        break;
      case Kind::ProfileEnable:
        s = registry_.enable_profile(id, kOperator, imsi, iccid, ms(t));
        done = &counters_.profiles_enabled;
        break;
      default:
        s = registry_.delete_profile(id, kOperator, imsi, iccid, ms(t));
        done = &counters_.profiles_deleted;
        if (s.ok()) released(t, pool, imsi);
        break;
    }
  }
  if (!s.ok()) {
    ++counters_.failed;
    return;
  }
  ++*done;
}

void ChipManagementRun::step(SimTime t, const Request& r) {
  const std::string id = chip_of(r.device);
  const pf::Chip* chip = registry_.chip(id);
  // The step came before the chip's activation was served (the latter
  // refused and waiting): it waits for it.
  if (chip && chip->state() == pf::ChipState::Sold) {
    retry(t, r);
    return;
  }
  const std::string pool = chip ? chip->pool() : std::string();
  const std::string imsi = chip ? chip->imsi() : std::string();
  const bool was_barred = barred(r.device);
  // The source document §3.2.3: 停机, 复机, 销户, 报废; the operator's.
  pf::Status s;
  std::uint64_t* done = nullptr;
  switch (r.kind) {
    case Kind::Suspend: s = registry_.suspend(id, kOperator, ms(t)); done = &counters_.suspended; break;
    case Kind::Resume: s = registry_.resume(id, kOperator, ms(t)); done = &counters_.resumed; break;
    case Kind::Deactivate: s = registry_.deactivate(id, kOperator, ms(t)); done = &counters_.deactivated; break;
    case Kind::Scrap: s = registry_.scrap(id, kOperator, ms(t)); done = &counters_.scrapped; break;
    default: throw std::logic_error("chip management: not a lifecycle step");
  }
  if (!s.ok()) {
    ++counters_.failed;
    return;
  }
  ++*done;
  const bool hss_told = tell_hss(t, r.device, was_barred);
  if (onenet_) {
    onenet_->chip_step(r.device,
                       r.kind == Kind::Suspend  ? OneNetStep::Suspend
                       : r.kind == Kind::Resume ? OneNetStep::Resume
                                                : OneNetStep::Remove,
                       t);
  }
  if (r.kind == Kind::Deactivate) released(t, pool, imsi, id);
  const bool moves_view = hss_told && hss_on_links_;
  if (r.kind != Kind::Scrap)
    barring_.push_back({t, r.device, r.kind != Kind::Resume, r.kind == Kind::Deactivate, moves_view});
  else if (moves_view)
    barring_.push_back({t, r.device, true, false, true, true});
}

std::vector<BarringChange> ChipManagementRun::take_barring() { return std::exchange(barring_, {}); }

void ChipManagementRun::released(SimTime t, const std::string& pool, const std::string& imsi, const std::string& chip) {
  quarantine_.push_back({t + to_simtime(scenario_.chip_management.quarantine_s), pool, imsi, chip});
}

std::uint64_t ChipManagementRun::quarantined() const { return quarantine_.size(); }

std::uint64_t ChipManagementRun::billable_days(SimTime end) const {
  std::uint64_t days = 0;
  for (std::uint16_t p : scenario_.chip_management.populations)
    days += registry_.billable_days(account_of(scenario_.populations[p]), 0, ms(end));
  return days;
}

std::uint64_t ChipManagementRun::charge(SimTime end) const {
  std::uint64_t sum = 0;
  for (std::uint16_t p : scenario_.chip_management.populations)
    sum += registry_.charge(account_of(scenario_.populations[p]), 0, ms(end));
  return sum;
}

}  // namespace twinsim
