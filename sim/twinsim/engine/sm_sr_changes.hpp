#pragma once
// The SM-SR changes of a run's smsr-change campaigns (SGP.02 §3.8): per
// eUICC, the MNO of its enabled profile orders ES4.PrepareSMSRChange at the
// new SM-SR and, once that is served, ES4.SMSRChange at the current one
// (each a request at that SM-SR's server: admission, queue, service time,
// outages); then the whole change runs as twinmodels::platform::SmSrHandover
// between the two SmSr models: ES7.HandoverEUICC, ES7.AuthenticateSMSR and
// CreateAdditionalKeySet as SendData the current SM-SR carries to the
// ISD-R over SMS, the new SM-SR's FinaliseISDRhandover and
// UpdateConnectivityParameters — each call a request at the server of the
// SM-SR it goes to. A call refused by the current SM-SR's server (an
// outage, a full queue) is the ES7 link unreachable (on_unreachable()).
//
// The new SM-SR's certificate and the key establishment's ephemeral keys
// come from the run's PKI (run_pki.hpp); the new key set's version is the
// next after the current one (1..15, then 1 again). An eUICC on HTTPS
// (euicc.scp81) going to an SM-SR with an admin server gets that SM-SR's
// own SCP81 PSK in the same change (the next PSK version, '40'-'4F'
// round), and the new SM-SR reaches it over HTTPS after.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/smsr_handover.hpp"
#include "twinsim/engine/run_pki.hpp"
#include "twinsim/engine/sm_sr_run.hpp"

namespace twinsim {

class EuiccFactory;
class SmSrRuns;

class SmSrChanges {
 public:
  SmSrChanges(const Scenario& s, const EuiccFactory& factory, SmSrRuns& runs);
  ~SmSrChanges();

  // Campaign `campaign`'s order for `device` at t (one change per eUICC at
  // a time: a second order while one runs fails at once).
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Takes the SM-SRs' answers to the changes' calls and makes the next ones.
  void pump(SimTime t);
  std::vector<SmSrRun::Outcome> take_outcomes() { return std::exchange(outcomes_, {}); }
  const SmSrCounters& counters() const { return counters_; }
  std::size_t in_flight() const { return changes_.size(); }

  // Checkpoints: the changes in flight (each with its handover's state),
  // the outcomes not taken and the counters (layout in sm_sr_changes.cpp).
  void save_state(cardcore::Bytes& out) const;
  // Throws std::invalid_argument ("SM-SR changes state: ...").
  void restore_state(twinmodels::state::Reader& r);

 private:
  enum class Phase : std::uint8_t {
    Prepare,      // ES4.PrepareSMSRChange at the new SM-SR's server
    Order,        // ES4.SMSRChange at the current SM-SR's server
    Registering,  // the current SM-SR's first script to the eUICC (its registration) runs
    Handover,     // the SmSrHandover's calls
  };
  struct Change {
    std::uint16_t campaign = 0;
    std::uint8_t from = 0, to = 0;  // platforms.sm_sr indexes
    Phase phase = Phase::Prepare;
    std::string waiting;            // the call id of the answer awaited ("": none)
    bool es7_send_data = false;     // the call awaited is an ES7 SendData to the current SM-SR
    // From the current SM-SR when the handover starts: the MNO of the
    // enabled profile, and the new key set's version.
    std::string mno_id;
    std::uint8_t key_version = 0;
    // The new SM-SR's SCP81 PSK version ('40'-'4F'), when the eUICC is on
    // HTTPS and the new SM-SR has an admin server; 0: none.
    std::uint8_t psk_version = 0;
    std::unique_ptr<twinmodels::platform::SmSrHandover> handover;
  };

  twinmodels::platform::SmSrHandoverConfig handover_config(std::uint32_t device, const Change& c) const;
  // The answer awaited arrived.
  void on_answer(SimTime t, std::uint32_t device, Change& c, const twinmodels::platform::FunctionResult& r);
  // The MNO's orders are served: the handover starts (or waits for the
  // current SM-SR's registration script first).
  void start(SimTime t, std::uint32_t device, Change& c);
  // The handover's next call, if any; the end when it finished.
  void advance(SimTime t, std::uint32_t device, Change& c);
  void finish(SimTime t, std::uint32_t device, Change& c, SmSrEvent event);
  // The MNO's ES4.PrepareSMSRChange (prepare) or ES4.SMSRChange into the
  // run's platform log, if any.
  void log_order(SimTime t, std::uint32_t device, const Change& c, bool prepare) const;
  std::string call_id(const Change& c, std::uint32_t device) const;

  const Scenario& scenario_;
  const EuiccFactory& factory_;
  SmSrRuns& runs_;
  std::vector<RunPki::Party> parties_;  // per SM-SR: its CERT.SR.ECDSA and key
  std::map<std::uint32_t, Change> changes_;  // by device, in flight
  std::vector<SmSrRun::Outcome> outcomes_;
  SmSrCounters counters_;
};

}  // namespace twinsim
