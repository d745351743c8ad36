#pragma once
// The SM-SRs of a run (platforms.sm_sr: one or several), each an SmSrRun
// behind its own server, and which one manages each eUICC: the one its
// population names (euicc.sm_sr) until an SM-SR change (smsr-change
// campaigns, SGP.02 §3.8) hands it to another (sm_sr_changes.hpp). The
// campaigns' ES4 calls and the SM-DP's ES3 calls go to the eUICC's SM-SR;
// the SMS of SM-SR i are SMSC messages tagged ModemWorld::sm_sr_message(i);
// an eUICC's MO SMS goes to the SM-SR whose number it is sent to.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "twinsim/engine/sm_sr_run.hpp"
#include "twinsim/scenario/platform_routes.hpp"

namespace twinsim {

class EuiccFactory;
class PlatformLog;
class SmSrChanges;

class SmSrRuns {
 public:
  SmSrRuns(const Scenario& s, const EuiccFactory& factory, std::uint64_t devices);
  ~SmSrRuns();

  std::size_t size() const { return runs_.size(); }
  // The run's platform log (platform_log.hpp) for every SM-SR and the SM-SR
  // changes; none: no log.
  void set_log(PlatformLog* log);
  PlatformLog* log() const { return log_; }
  // The latencies between the platforms (platform_routes.hpp).
  const PlatformRoutes& routes() const { return routes_; }
  // The SM-SRs away from the SMSC send their SMPP over `links`
  // (SmSrRun::use_links), `smpp_bytes` a PDU; the SM-DPs' ES3 calls to
  // those away from them and the answers cross them too
  // (SmSrRun::use_es3_links), `report_bytes` and a call's script each.
  void use_links(PlatformLinks& links, double smpp_bytes, double report_bytes);
  SmSrRun& at(std::uint8_t i) { return *runs_.at(i); }
  const SmSrRun& at(std::uint8_t i) const { return *runs_.at(i); }
  // The SM-SR of the SGP.02 identifier `id`; nullptr for none.
  SmSrRun* by_id(const std::string& id);
  // The SM-SR whose E.164 number is `digits`; nullopt for none.
  std::optional<std::uint8_t> by_address(const std::string& digits) const;

  // The SM-SR that manages device d's eUICC now, and its index.
  std::uint8_t manager(std::uint32_t device) const;
  SmSrRun& of(std::uint32_t device) { return *runs_[manager(device)]; }
  const SmSrRun& of(std::uint32_t device) const { return *runs_[manager(device)]; }
  // An SM-SR change handed device d's eUICC to SM-SR `to`.
  void handed_over(std::uint32_t device, std::uint8_t to);

  // Campaign `campaign`'s release for `device` at t: an SM-SR change
  // starts; the other calls go to the device's SM-SR.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Every SM-SR serves what is due by t; the SM-SR changes go on.
  void poll(SimTime t);
  // The SM-SR changes take their answers and make their next calls.
  void pump(SimTime t);
  SimTime next_wakeup() const;
  // The campaigns' outcomes of every SM-SR and of the SM-SR changes.
  std::vector<SmSrRun::Outcome> take_outcomes();
  // The profile campaign `campaign` leaves enabled (SmSrRun::switched_to,
  // on the device's SM-SR).
  std::optional<std::size_t> switched_to(std::uint16_t campaign, std::uint32_t device) const {
    return of(device).switched_to(campaign, device);
  }
  // The profile enabled on device d in its SM-SR's EIS (SmSrRun::enabled_profile).
  std::optional<std::size_t> enabled_profile(std::uint32_t device) const { return of(device).enabled_profile(device); }
  // The counters of all SM-SRs' campaign calls together; those of the
  // SM-SR changes (smsr-change campaigns: calls, done, failed, expired,
  // refused; zero without).
  SmSrCounters counters() const;
  SmSrCounters change_counters() const;
  // POL2's Auto-Delete, all SM-SRs together.
  AutoDeleteCounters auto_delete_counters() const;
  // The eUICCs' roll-back and fall-back notifications, all SM-SRs together.
  EuiccSwitchCounters euicc_switch_counters() const;
  // The SM-SRs' notifications sent, all SM-SRs together (es4, es3).
  NotificationCounters notification_counters() const;

  // Checkpoints (docs/CHECKPOINTS.md): every SM-SR's state, the eUICCs
  // moved and the SM-SR changes in flight. restore_state() takes it into
  // an SmSrRuns of the same scenario; throws std::invalid_argument ("SM-SR
  // runs state: ...") for malformed input.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  const Scenario& scenario_;
  std::uint64_t devices_;
  PlatformRoutes routes_;
  PlatformLog* log_ = nullptr;
  std::vector<std::unique_ptr<SmSrRun>> runs_;
  std::unordered_map<std::uint32_t, std::uint8_t> moved_;  // by device: its SM-SR after an SM-SR change
  std::unique_ptr<SmSrChanges> changes_;                   // with smsr-change campaigns
};

}  // namespace twinsim
