// The faults section: what goes wrong, when, to what. Each item is a map
// with `at`, `target`, `action` and the action's own keys.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>

#include "twinmodels/network/sms_clock.hpp"
#include "twinsim/scenario/scenario_sections.hpp"
#include "twinsim/scenario/scenario_values.hpp"

namespace twinsim {

namespace {

const std::vector<std::string> kFaultKeys = {"at",        "target",    "action", "for",     "cores",
                                             "bandwidth", "backup_at", "over",   "restart", "loss", "skew",
                                             "latency"};

bool has_campaign(const Scenario& s, CampaignKind kind) {
  return std::any_of(s.campaigns.begin(), s.campaigns.end(), [kind](const CampaignSpec& c) { return c.kind == kind; });
}

// The platform of the target "<kind>" (the first of `list`) or
// "<kind>:<id>": its index in platforms.<list>, found by index_of(id).
template <class IndexOf>
std::uint8_t platform_of(const YamlField& f, const std::string& kind, const std::string& what, const std::string& list,
                         IndexOf index_of, const std::string& ids) {
  if (f.text() == kind) return 0;
  const std::string id = f.text().substr(kind.size() + 1);
  const std::optional<std::uint8_t> found = index_of(id);
  if (!found) f.fail("no " + what + " with id '" + id + "' (platforms." + list + ": " + ids + ")");
  return *found;
}

// "mno:<operator>": an operator of the populations' profiles whose
// notifications a sender waits to have acknowledged (SGP.02 §5.1.3): with
// no notification_retry anywhere every MNO takes every notification, and
// the outage would change nothing.
void read_mno_target(const YamlField& f, const Scenario& s, const std::string& mno) {
  std::vector<std::string> operators;
  for (const PopulationSpec& p : s.populations) {
    for (const EuiccProfileSpec& e : p.euicc_profiles) {
      if (std::find(operators.begin(), operators.end(), e.operator_name) == operators.end())
        operators.push_back(e.operator_name);
    }
  }
  if (std::find(operators.begin(), operators.end(), mno) == operators.end()) {
    std::string names;
    for (const std::string& o : operators) names += (names.empty() ? "" : ", ") + o;
    f.fail("no MNO '" + mno + "' among the populations' profiles (" +
           (names.empty() ? std::string("none has an eUICC profile") : "their operators: " + names) + ")");
  }
  const bool waits = std::any_of(s.sm_srs.begin(), s.sm_srs.end(), [](const SmSrSpec& x) { return x.notification_retry.has_value(); }) ||
                     std::any_of(s.sm_dps.begin(), s.sm_dps.end(), [](const SmDpSpec& x) { return x.notification_retry.has_value(); });
  if (!waits)
    f.fail("'mno:" + mno + "': an MNO's outage refuses only the notifications whose sender waits for the "
           "acknowledgement, and no SM-SR or SM-DP has notification_retry (platforms.sm_sr[i], platforms.sm_dp[i])");
}

// "onelink": its server is in front of the customer API only (faults come
// after campaigns): an outage or a crash needs onelink-query campaigns; its
// records (restore-backup) need cards it follows.
void check_onelink_target(const YamlField& target, const Scenario& s, FaultAction action) {
  if (action == FaultAction::RestoreBackup) {
    if (s.onelink.populations.empty())
      target.fail("'onelink': OneLink keeps records only of the populations it follows (platforms.onelink); this "
                  "scenario has none");
  } else if (!has_campaign(s, CampaignKind::OneLinkQuery)) {
    target.fail("'onelink': OneLink's server takes the customers' queries, which run only with onelink-query campaigns; "
                "this scenario has none");
  }
}

// "smsc": the SMSC model (network.smsc) delivers the campaigns' SMS
// (write-card, the SM-SRs') to devices of device_model modem; without them
// the run has no SMSC whose delivery could stop. A crash stops its whole
// process: the devices' own MO SMS (activity_sms) meet it too.
void check_smsc_target(const YamlField& f, const Scenario& s, FaultAction action) {
  if (std::none_of(s.populations.begin(), s.populations.end(),
                   [](const PopulationSpec& p) { return p.device_model == DeviceModel::Modem; }))
    f.fail("'smsc': the SMSC (network.smsc) delivers to devices of device_model modem only; this scenario has no "
           "population with device_model modem");
  const bool mt = std::any_of(s.campaigns.begin(), s.campaigns.end(), [](const CampaignSpec& c) {
    return c.kind == CampaignKind::WriteCard || carried_by_sm_sr(c.kind);
  });
  const bool mo = std::any_of(s.populations.begin(), s.populations.end(), [](const PopulationSpec& p) {
    return p.device_model == DeviceModel::Modem && p.activity_sms > 0;
  });
  if (action == FaultAction::Crash && !mt && !mo)
    f.fail("'smsc': the SMSC (network.smsc) carries the campaigns' SMS (write-card, the SM-SRs' campaigns) and the "
           "devices' own (activity_sms); this scenario has neither");
  if (action != FaultAction::Crash && !mt)
    f.fail("'smsc': the SMSC (network.smsc) carries the campaigns' SMS (write-card, the SM-SRs' campaigns); this "
           "scenario has none");
}

void read_target(const YamlField& f, const Scenario& s, FaultSpec& x) {
  const std::string& t = f.text();
  const auto after = [&t](const std::string& prefix) { return t.substr(prefix.size()); };
  // The core links are those of the default topology (core-<m> per
  // multiplexer); a network.topology names its own links.
  if (s.network.topology && (t == "core" || t.rfind("core-", 0) == 0))
    f.fail("'" + t + "': the core links core-<m> exist only without network.topology; name a link as link:<name>");
  if (t == "hss") {
    x.target = FaultTarget::Hss;
  } else if (t == "write-module") {
    x.target = FaultTarget::WriteModule;
    // It runs only for write-card campaigns (faults come after campaigns).
    if (!has_campaign(s, CampaignKind::WriteCard))
      f.fail("'write-module': the write module runs only with write-card campaigns; this scenario has none");
  } else if (t == "smsc") {
    x.target = FaultTarget::Smsc;  // what it needs depends on the action (check_smsc_target)
  } else if (t == "chip-management") {
    x.target = FaultTarget::ChipManagement;
    if (s.chip_management.populations.empty())
      f.fail("'chip-management': the chip management platform runs only with platforms.chip_management; this scenario has none");
  } else if (t == "onelink") {
    x.target = FaultTarget::OneLink;  // what it needs depends on the action (check_onelink_target)
  } else if (t == "onenet") {
    x.target = FaultTarget::OneNet;
    if (!s.onenet.served)
      f.fail("'onenet': OneNET's server runs only with one of platforms.onenet's server keys (host, workers, "
             "service_time, queue_limit, admission_rate, burst, failure_ratio); this scenario has none");
  } else if (t == "sm-sr" || t.rfind("sm-sr:", 0) == 0) {
    x.target = FaultTarget::SmSr;
    if (std::none_of(s.campaigns.begin(), s.campaigns.end(), [](const CampaignSpec& c) { return carried_by_sm_sr(c.kind); }))
      f.fail("'" + t + "': the SM-SRs run only with their campaigns (enable-profile, ...); this scenario has none");
    x.sm_sr = platform_of(f, "sm-sr", "SM-SR", "sm_sr", [&s](const std::string& id) { return s.sm_sr_index(id); },
                          s.sm_sr_ids());
  } else if (t == "sm-dp" || t.rfind("sm-dp:", 0) == 0) {
    x.target = FaultTarget::SmDp;
    if (std::none_of(s.campaigns.begin(), s.campaigns.end(), orders_at_sm_dp))
      f.fail("'" + t + "': the SM-DPs run only with download-profile campaigns; this scenario has none");
    x.sm_dp = platform_of(f, "sm-dp", "SM-DP", "sm_dp", [&s](const std::string& id) { return s.sm_dp_index(id); },
                          s.sm_dp_ids());
  } else if (t.rfind("mno:", 0) == 0) {
    x.target = FaultTarget::Mno;
    x.mno = after("mno:");
    read_mno_target(f, s, x.mno);
  } else if (t == "core") {
    x.target = FaultTarget::CoreLinks;
  } else if (t.rfind("core-", 0) == 0) {
    x.target = FaultTarget::CoreLinks;
    const std::string m = after("core-");
    if (m.empty() || m.find_first_not_of("0123456789") != std::string::npos || m.size() > 3 ||
        std::stoi(m) >= s.engine.multiplexers)
      f.fail("'" + t + "': the core links are core-0 to core-" + std::to_string(s.engine.multiplexers - 1) +
             " (one per multiplexer), or 'core' for all");
    x.link = std::stoi(m);
  } else if (t.rfind("link:", 0) == 0) {
    // A link by name: of network.topology, or core-<m> of the default network
    // (whose links are numbered as their multiplexers).
    x.target = FaultTarget::CoreLinks;
    const std::string name = after("link:");
    if (s.network.topology) {
      const auto& topology = *s.network.topology;
      std::string names;
      for (std::size_t l = 0; l < topology.link_count(); ++l) {
        if (topology.link(l).name == name) {
          x.link = static_cast<int>(l);
          return;
        }
        names += (l ? ", " : "") + topology.link(l).name;
      }
      f.fail("no link named '" + name + "' in network.topology (the links: " + names + ")");
    }
    for (int m = 0; m < s.engine.multiplexers; ++m) {
      if (name == "core-" + std::to_string(m)) {
        x.link = m;
        return;
      }
    }
    f.fail("no link named '" + name + "': the links are core-0 to core-" + std::to_string(s.engine.multiplexers - 1) +
           " (no network.topology)");
  } else if (t.rfind("population:", 0) == 0) {
    x.target = FaultTarget::Population;
    const std::string name = after("population:");
    std::string names;
    for (std::size_t i = 0; i < s.populations.size(); ++i) {
      if (s.populations[i].name == name) {
        x.population = static_cast<std::uint16_t>(i);
        return;
      }
      names += (i ? ", " : "") + s.populations[i].name;
    }
    f.fail("no population named '" + name + "' (the populations: " + names + ")");
  } else if (t.rfind("region:", 0) == 0) {
    // Every device of the populations of that region (populations[i].region).
    x.target = FaultTarget::Region;
    x.region = after("region:");
    if (std::none_of(s.populations.begin(), s.populations.end(),
                     [&x](const PopulationSpec& p) { return !x.region.empty() && p.region == x.region; })) {
      std::vector<std::string> regions;
      for (const PopulationSpec& p : s.populations) {
        if (!p.region.empty() && std::find(regions.begin(), regions.end(), p.region) == regions.end())
          regions.push_back(p.region);
      }
      std::string names;
      for (const std::string& r : regions) names += (names.empty() ? "" : ", ") + r;
      f.fail("no population has region '" + x.region + "' (" +
             (names.empty() ? std::string("no population has a region") : "the regions: " + names) + ")");
    }
  } else if (t.rfind("device:", 0) == 0) {
    x.target = FaultTarget::Device;
    const std::string n = after("device:");
    if (n.empty() || n.size() > 10 || n.find_first_not_of("0123456789") != std::string::npos)
      f.fail("'" + t + "': a device target is device:<index>, e.g. device:17");
    x.device = std::stoull(n);
    if (x.device >= s.device_count())
      f.fail("device " + n + " does not exist: the populations have " + std::to_string(s.device_count()) + " devices");
  } else {
    f.fail("unknown fault target '" + t + "' (allowed: hss, write-module, smsc, chip-management, onelink, onenet, sm-sr, sm-sr:<id>, sm-dp, sm-dp:<id>, mno:<operator>, core, core-<m>, link:<name>, population:<name>, region:<label>, device:<n>)");
  }
}

FaultAction read_action(const YamlField& f, FaultTarget target) {
  using A = FaultAction;
  switch (target) {
    case FaultTarget::Hss:
      return read_word<A>(f, "action for the HSS",
                          {{"outage", A::Outage}, {"degrade", A::Degrade}, {"restore-backup", A::RestoreBackup}, {"crash", A::Crash}});
    case FaultTarget::WriteModule:
      return read_word<A>(f, "action for the write module",
                          {{"outage", A::Outage},
                           {"crash", A::Crash},
                           {"restore-backup", A::RestoreBackup},
                           {"clock-skew", A::ClockSkew}});
    case FaultTarget::ChipManagement:
      return read_word<A>(f, "action for the chip management platform", {{"outage", A::Outage}, {"crash", A::Crash}});
    case FaultTarget::SmSr:
      return read_word<A>(f, "action for the SM-SR",
                          {{"outage", A::Outage}, {"crash", A::Crash}, {"restore-backup", A::RestoreBackup}});
    case FaultTarget::OneLink:
      return read_word<A>(f, "action for OneLink",
                          {{"outage", A::Outage}, {"crash", A::Crash}, {"restore-backup", A::RestoreBackup}});
    case FaultTarget::OneNet: return read_word<A>(f, "action for OneNET", {{"outage", A::Outage}, {"crash", A::Crash}});
    case FaultTarget::SmDp:
      return read_word<A>(f, "action for the SM-DP",
                          {{"outage", A::Outage}, {"crash", A::Crash}, {"restore-backup", A::RestoreBackup}});
    case FaultTarget::Mno: return read_word<A>(f, "action for an MNO", {{"outage", A::Outage}});
    case FaultTarget::Smsc: return read_word<A>(f, "action for the SMSC", {{"outage", A::Outage}, {"crash", A::Crash}});
    case FaultTarget::CoreLinks:
      return read_word<A>(f, "action for a link",
                          {{"degrade", A::Degrade}, {"loss", A::Loss}, {"down", A::Down}, {"delay", A::Delay}});
    case FaultTarget::Population:
    case FaultTarget::Region:
    case FaultTarget::Device:
      return read_word<A>(f, "action for devices",
                          {{"power-cycle", A::PowerCycle}, {"power-loss", A::PowerLoss}, {"brown-out", A::BrownOut},
                           {"emergency-enable", A::EmergencyEnable}, {"emergency-disable", A::EmergencyDisable},
                           {"exception-report", A::ExceptionReport},
                           {"power-off", A::PowerOff}});
  }
  f.fail("unknown action");
}

// The keys an action takes besides at, target and action.
std::vector<std::string> action_keys(const FaultSpec& x) {
  switch (x.action) {
    case FaultAction::Outage: return {"for"};
    case FaultAction::Degrade:
      if (x.target == FaultTarget::Hss) return {"for", "cores"};
      return {"for", "bandwidth"};
    case FaultAction::RestoreBackup: return {"backup_at"};
    case FaultAction::PowerCycle: return {"over"};
    case FaultAction::PowerLoss: return {"restart"};
    case FaultAction::BrownOut: return {"over"};
    case FaultAction::EmergencyEnable:
    case FaultAction::EmergencyDisable: return {"over"};
    case FaultAction::ExceptionReport: return {"over"};
    case FaultAction::PowerOff: return {"over"};
    case FaultAction::Crash: return {"restart"};
    case FaultAction::Loss: return {"for", "loss"};
    case FaultAction::Down: return {"for"};
    case FaultAction::Delay: return {"for", "latency"};
    case FaultAction::ClockSkew: return {"skew", "for"};
  }
  return {};
}

// Each population a device fault hits (its own, a region's, the device's),
// with how messages name the target.
template <class F>
void for_each_target_population(const Scenario& s, const FaultSpec& x, F&& f) {
  for (std::size_t p = 0; p < s.populations.size(); ++p) {
    const PopulationSpec& spec = s.populations[p];
    const bool hit = x.target == FaultTarget::Population ? static_cast<std::size_t>(x.population) == p
                     : x.target == FaultTarget::Region   ? spec.region == x.region
                                                         : static_cast<std::size_t>(s.population_of(x.device)) == p;
    if (!hit) continue;
    f(spec, x.target == FaultTarget::Device ? "device " + std::to_string(x.device) + " (population '" + spec.name + "')"
                                            : "population '" + spec.name + "'");
  }
}

// The actions that go through the modem (the emergency profile's local
// switch, an exception report, a switch-off) need device_model modem;
// `why` ends the message.
void check_modem_target(const YamlField& action, const Scenario& s, const FaultSpec& x, const std::string& why) {
  for_each_target_population(s, x, [&](const PopulationSpec& spec, const std::string& who) {
    if (spec.device_model != DeviceModel::Modem) action.fail("'" + action.text() + "': " + who + " has device_model usim" + why);
  });
}

// The emergency profile's local enable / disable (SGP.02 v3.1 "Emergency
// Profile") goes from the modem to an eUICC's ISD-R: devices with the modem
// model and an international card only.
void check_emergency_target(const YamlField& action, const Scenario& s, const FaultSpec& x) {
  check_modem_target(action, s, x, "; the local switch needs device_model modem");
  for_each_target_population(s, x, [&](const PopulationSpec& spec, const std::string& who) {
    if (spec.card != "international")
      action.fail("'" + action.text() + "': " + who + " has card " + spec.card +
                  "; the emergency profile needs card international (an eUICC)");
  });
}

FaultSpec read_fault(const YamlField& item, const Scenario& s) {
  const YamlSection m(item, kFaultKeys);
  FaultSpec x;
  x.line = item.line();
  x.at_s = read_duration(m.need("at"));
  read_target(m.need("target"), s, x);
  const YamlField action = m.need("action");
  x.action = read_action(action, x.target);
  if (x.target == FaultTarget::OneLink) check_onelink_target(m.need("target"), s, x.action);
  if (x.target == FaultTarget::Smsc) check_smsc_target(m.need("target"), s, x.action);
  if (x.action == FaultAction::EmergencyEnable || x.action == FaultAction::EmergencyDisable)
    check_emergency_target(action, s, x);
  // An exception report is the application's own activity on the modem
  // (TR 45.820 Annex E); a terminal switched off for good detaches through
  // its modem (TS 24.301 §5.5.2.2).
  if (x.action == FaultAction::ExceptionReport)
    check_modem_target(action, s, x, ", which has no user data; an exception report needs device_model modem");
  if (x.action == FaultAction::PowerOff)
    check_modem_target(action, s, x, "; switching a terminal off (its detach) needs device_model modem");
  const std::vector<std::string> keys = action_keys(x);
  for (const std::string& k : kFaultKeys) {
    if (k == "at" || k == "target" || k == "action") continue;
    const auto f = m.find(k);
    if (f && std::find(keys.begin(), keys.end(), k) == keys.end()) {
      std::string list;
      for (const std::string& a : keys) list += (list.empty() ? "" : ", ") + a;
      f->fail("does not apply to the action '" + action.text() + "' (its keys: " + list + ")");
    }
  }
  if (const auto f = m.find("for")) x.for_s = read_duration(*f);
  if (const auto f = m.find("cores")) x.cores = static_cast<int>(read_whole(*f, 1, static_cast<std::uint64_t>(s.hss.cores)));
  if (const auto f = m.find("bandwidth")) {
    x.bandwidth_Bps = read_bandwidth(*f);
    if (x.bandwidth_Bps <= 0) f->fail("a link needs a bandwidth above 0Bps, found " + f->text());
  }
  if (const auto f = m.find("over")) x.over_s = read_duration(*f);
  if (x.action == FaultAction::Crash) {
    const YamlField r = m.need("restart");
    x.restart_s = read_duration(r);
    if (x.restart_s <= 0) r.fail("a platform needs some time to restart: above 0s, found " + r.text());
  } else if (const auto f = m.find("restart")) {
    x.restart_s = read_duration(*f);
    if (x.restart_s <= 0) f->fail("a device needs some time to power up again: above 0s, found " + f->text());
  }
  if (x.action == FaultAction::Degrade && x.target == FaultTarget::Hss && x.cores == 0)
    m.field().fail("degrading the HSS needs `cores`: how many of its " + std::to_string(s.hss.cores) + " keep working");
  if (x.action == FaultAction::Degrade && x.target == FaultTarget::CoreLinks && x.bandwidth_Bps < 0)
    m.field().fail("degrading a link needs `bandwidth`");
  if (x.action == FaultAction::Loss) x.loss = read_loss(m.need("loss"));
  if (x.action == FaultAction::Down) x.loss = 1;
  if (x.action == FaultAction::Delay) {
    const YamlField l = m.need("latency");
    x.latency_s = read_duration(l);
    if (x.latency_s <= 0) l.fail("a delay of 0s changes nothing");
    // The engine does not time out a request that is only late
    // (multiplexer.cpp): a round trip this late would have.
    if (2 * x.latency_s >= s.network.request_timeout_s) {
      char timeout[32];
      std::snprintf(timeout, sizeof timeout, "%gs", s.network.request_timeout_s);
      l.fail("a round trip " + l.text() + " later each way reaches network.request_timeout (" + timeout +
             "): every request would time out; model that as `down`");
    }
  }
  if (x.action == FaultAction::ClockSkew) {
    const YamlField k = m.need("skew");
    x.skew_s = read_signed_duration(k);
    if (x.skew_s == 0) k.fail("a clock skew of 0 changes nothing");
    // TS 23.040 §9.2.3.11: a time stamp's year has two digits, 2000 to 2099
    // on the run's calendar (twinmodels::SmsClock): the skewed clock plus
    // the longest validity it writes must stay within them.
    double longest = 0;
    for (const CampaignSpec& c : s.campaigns)
      if (c.kind == CampaignKind::WriteCard && c.validity_s) longest = std::max(longest, *c.validity_s);
    const auto epoch = static_cast<double>(twinmodels::SmsClock{}.epoch_unix_seconds);
    constexpr double k2000 = 946684800, k2100 = 4102444800;  // 2000-01-01, 2100-01-01 UTC
    if (epoch + std::min(0.0, x.skew_s) < k2000 || epoch + s.general.stop_s + std::max(0.0, x.skew_s) + longest >= k2100)
      k.fail("the write module's clock would leave the years an SMS time stamp can say (2000 to 2099, TS 23.040 "
             "§9.2.3.11) during the run");
  }
  if (x.action == FaultAction::RestoreBackup) {
    const YamlField b = m.need("backup_at");
    x.backup_at_s = read_duration(b);
    if (x.backup_at_s >= x.at_s) b.fail("the backup must be older than the restore (at " + m.need("at").text() + ")");
  }
  return x;
}

}  // namespace

void read_faults(const YamlField& list, Scenario& s) {
  for (const YamlField& item : list.items()) s.faults.push_back(read_fault(item, s));
  if (s.faults.size() > 65535) list.fail("at most 65535 faults");
}

void check_number_migrations(const Scenario& s) {
  // The source document §2.4: the number goes to the new terminal when the
  // old one failed. Both attaching with one IMSI would have the HSS move
  // the subscriber's location between them (TS 29.272 §5.2.1.1: Cancel
  // Location to the old MME) and the two cards share one SQN_HE, each
  // desynchronising the other (TS 33.102 §6.3.5): the failed terminals are
  // off, all of them, before the first write.
  for (const CampaignSpec& c : s.campaigns) {
    if (!c.numbers_from) continue;
    // The HSS bars a number by the subscriber it is (its first device's):
    // a replacement chip's suspension would not reach the migrated number.
    for (const CampaignSpec& step : s.campaigns) {
      if ((step.kind == CampaignKind::ChipSuspend || step.kind == CampaignKind::ChipResume ||
           step.kind == CampaignKind::ChipDeactivate) &&
          (step.population == c.population || step.population == *c.numbers_from))
        throw ScenarioError(c.numbers_from_where + ": not supported yet: chip management's suspension, resumption "
                            "or deactivation (campaign '" + step.name + "', line " + std::to_string(step.line) +
                            ") of a population a number migration moves numbers from or to");
    }
    const std::string& failed = s.populations[*c.numbers_from].name;
    const bool off = std::any_of(s.faults.begin(), s.faults.end(), [&](const FaultSpec& f) {
      return f.action == FaultAction::PowerOff && f.target == FaultTarget::Population &&
             f.population == *c.numbers_from && f.at_s + f.over_s <= c.at_s;
    });
    if (!off)
      throw ScenarioError(c.numbers_from_where + ": the terminals of population '" + failed +
                          "' must be out of service before their numbers move (two terminals attaching with one "
                          "IMSI): give a fault {target: population:" + failed +
                          ", action: power-off} whose at + over is at or before the campaign's at");
  }
}

}  // namespace twinsim
