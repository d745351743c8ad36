#pragma once
// An SM-DP in a run (platforms.sm_dp; sm_dp_runs.hpp has them all): the
// SM-DP model (twinmodels::platform::SmDp) behind its server
// (PlatformServer). It carries the download-profile campaigns that name it
// (campaign key sm_dp; the first SM-DP by default): each release is the
// profile MNO's ES2.DownloadProfile order (SGP.02 §5.3.2) for one eUICC; once
// served, the SM-DP checks it (the EIS by ES3.GetEIS, the ECASD's
// certificate chain to the CI) and runs it as ES3 calls to the SM-SR
// (SmSrRun::submit, at the eUICC's SM-SR: CreateISDP, the ES8 key establishment and download
// as SendData, ProfileDownloadCompleted, EnableProfile when asked), each
// carried to the eUICC as SCP80 SMS like the SM-SR's own. A get-eis
// campaign's call (ES2.GetEIS, §5.3.1) is answered once the SM-SR answered
// the SM-DP's ES3.GetEIS (sm_dp_notices.cpp); the SM-SRs' ES3
// notifications go on to the MNOs over ES2 there too.
//
// The stock: the operator loads profile k of device d when it orders it —
// the subscription the HSS holds (EuiccFactory::subscription), so the
// device attaches with it once enabled. The profile type of profile k is
// its SAIP package (euicc.profiles[k].package), owned by its operator. The
// SM-DP's certificate (its own per SM-DP) and the eUICCs' ECASD come from
// the run's PKI (run_pki.hpp). The SM-SRs give each SM-DP the answers to
// its own ES3 calls (SmSrRun::sm_dp_caller). No clock: the actors give
// every time.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "twinmodels/platform/platform_server.hpp"
#include "twinmodels/platform/es2_relay.hpp"
#include "twinmodels/platform/function_json.hpp"
#include "twinmodels/platform/sm_dp.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/call_retries.hpp"
#include "twinsim/engine/es3_retries.hpp"
#include "twinsim/engine/sm_dp_backups.hpp"
#include "twinsim/engine/mno_notifications.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class EuiccFactory;
class PlatformLog;
class SmSrRuns;

struct SmDpCounters {
  std::uint64_t orders = 0;               // requests admitted by the server
  std::uint64_t done = 0, failed = 0, refused = 0;
  double last_done_s = 0;                 // when the last order succeeded
  // The SM-SRs' ES3 notifications passed on to the MNOs over ES2 (SGP.02
  // §5.3.8-§5.3.11), and those SmDp::on_notification refused.
  std::uint64_t notifications_es2 = 0, notifications_refused = 0;
  // get-eis campaigns (ES2.GetEIS, §5.3.1): the EIS given to the MNOs, and
  // the profiles in them (each MNO's own).
  std::uint64_t eis_returned = 0, eis_profiles = 0;
  // With its notification_retry: the ES2 ones an MNO in an outage refused
  // sent again, and those given up (mno_notifications.hpp).
  std::uint64_t notifications_es2_retries = 0, notifications_es2_given_up = 0;
  // The MNOs' orders made again after the server refused or failed them
  // (campaigns[i].retry; kept in CallRetries).
  std::uint64_t retried = 0;
  // Stock entries a restore of its records from an old backup changed
  // (SmDpBackups).
  std::uint64_t stock_restored = 0;
  // Its own ES3 calls made again after the SM-SR's server refused or
  // failed them (es3_retry; kept in Es3Retries).
  std::uint64_t es3_retried = 0;
};

class SmDpRun {
 public:
  struct Outcome {
    SimTime at = 0;
    std::uint32_t device = 0;
    SmDpEvent event = SmDpEvent::Done;
    std::uint16_t campaign = 0;
  };

  // SM-DP `index` of platforms.sm_dp. Reads the package of each profile its
  // campaigns download; throws ScenarioError naming the file when one
  // cannot be read or is no profile package.
  SmDpRun(const Scenario& s, std::uint8_t index, const EuiccFactory& factory, SmSrRuns& smsrs, std::uint64_t devices);
  ~SmDpRun();

  // Campaign `campaign`'s order for `device` reaches the server at t.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Orders served by t start; their ES3 calls go to the SM-SR.
  void poll(SimTime t);
  SimTime next_wakeup() const;
  // Its notifications to the MNOs of platforms.mno go to their servers
  // (mno_servers.hpp).
  void attach_mno_servers(MnoServers* servers) { to_mnos_.attach(servers); }
  // The SM-SRs' answers to the ES3 calls go back to the SM-DP, its next
  // calls to the SM-SRs, until neither has more; whether it took any. The
  // SM-SRs' ES3 notifications that reached it by then go to the MNOs over
  // ES2 (sm_dp_notices.cpp), each at its arrival.
  bool exchange(SimTime t);

  std::vector<Outcome> take_outcomes();
  // Checkpoints (docs/CHECKPOINTS.md): the SM-DP's and its server's states
  // and the run's side (stock loaded, orders in the SM-DP, counters).
  // restore_state() takes it into an SmDpRun of the same scenario; throws
  // std::invalid_argument ("SM-DP run state: ...") for malformed input,
  // leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);
  twinmodels::platform::ServerCounters& sampled() { return sampled_; }
  // Its counts, the ES2 notifications' retries (to_mnos_) with them.
  SmDpCounters counters() const;
  const twinmodels::platform::PlatformServer& server() const { return server_; }
  const twinmodels::platform::SmDp& model() const { return smdp_; }
  const SmDpSpec& spec() const { return scenario_.sm_dps[index_]; }
  // The run's platform log (platform_log.hpp): the MNOs' ES2 orders, the
  // SM-DP's ES3 calls and its ES2 results go there; none: no log.
  void set_log(PlatformLog* log) { log_ = log; }

 private:
  struct Order {
    std::uint16_t campaign = 0;
    std::uint32_t device = 0;
  };
  void start_served(SimTime t);
  // The SM-DP's ES3 calls to the SM-SR; its ES2 results become outcomes.
  void pump(SimTime t);
  // Order `o`'s ES2 result `r` to the MNO at t: logged, counted, an outcome.
  void answered(SimTime t, const Order& o, const twinmodels::platform::FunctionResult& r);
  static std::uint64_t request_id(std::uint16_t campaign, std::uint32_t device) {
    return static_cast<std::uint64_t>(campaign) << 32 | device;
  }
  SimTime server_time(SimTime t) { return last_t_ = std::max(last_t_, t); }

  const Scenario& scenario_;
  std::uint8_t index_;
  const EuiccFactory& factory_;
  SmSrRuns& smsrs_;
  std::uint64_t devices_;  // the run's devices
  twinmodels::platform::SmDp smdp_;
  twinmodels::platform::PlatformServer server_;
  std::unordered_set<std::uint64_t> stocked_;           // (population's profile k, device) loaded: k << 32 | d
  std::unordered_map<std::string, Order> orders_;       // by ES2 call id: orders in the SM-DP
  std::vector<Outcome> outcomes_;
  SmDpCounters counters_;
  twinmodels::platform::ServerCounters sampled_;
  SimTime last_t_ = 0;
  PlatformLog* log_ = nullptr;
  // Its ES2 notifications to the MNOs, with their retries.
  MnoNotifications to_mnos_;
  // The MNOs' orders refused or failed by the server, made again
  // (campaigns[i].retry): those due by t, and one order at the server at t.
  CallRetries retries_;
  SmDpBackups backups_;  // its stock backed up and restored (restore-backup faults)
  Es3Retries es3_;       // its ES3 calls the SM-SR's server refused or failed, made again (es3_retry)
  // Its backups and restores due by t, then the ES3 calls and the orders
  // due again.
  void catch_up(SimTime t);
  // An ES3 call to its SM-SR, over the network between the two.
  void send_es3(SimTime t, twinmodels::platform::Es3Call c);
  void order(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Campaign `campaign`'s ES2.DownloadProfile order for `device` (SGP.02 §5.3.2).
  twinmodels::platform::DownloadProfileRequest order_of(std::uint16_t campaign, std::uint32_t device) const;
  // A relayed campaign's (CampaignSpec::via_sm_dp) ES2 function and request
  // for `device` (SGP.02 §5.3.5-§5.3.7, §5.3.12).
  twinmodels::platform::Es2Relay relay_of(std::uint16_t campaign) const;
  twinmodels::platform::Es2Request es2_request(std::uint16_t campaign, std::uint32_t device) const;
  // The request the MNO sends, for the platform log.
  twinmodels::platform::FunctionRequest logged_request(std::uint16_t campaign, std::uint32_t device) const;
  // The ES2 function of campaign `campaign`'s orders.
  std::string function_of(std::uint16_t campaign) const;
  // sm_dp_notices.cpp: an SM-SR's ES3 notification passed on (SGP.02
  // §5.3.8-§5.3.11); a get-eis campaign's ES3.GetEIS (§5.4.1) to the
  // eUICC's SM-SR and its answer, the ES2.GetEIS result (§5.3.1).
  void pass_on(SimTime at, const twinmodels::platform::PlatformNotification& n);
  // Whether the SM-DP can take a notification arriving at `at`: not in an
  // outage and its queue not full (as its server would admit a request).
  bool takes_notification(SimTime at) const;
  void ask_eis(SimTime t, const Order& o);
  void eis_answered(SimTime t, const twinmodels::platform::FunctionResult& r);
};

// SM-DP `index`'s server configuration: platforms.sm_dp with the outages
// of the faults that target it; the failure draws from the run's seed.
twinmodels::platform::ServerConfig sm_dp_server_config(const Scenario& s, std::uint8_t index);

// ES3.GetEIS (SGP.02 §5.4.1): the SM-DP's request at the SM-SR's server.
inline constexpr const char* kEs3GetEis = "ES3.GetEIS";

// The ES2 call id of campaign `campaign`'s order for `device`.
std::string download_call_id(const Scenario& s, std::uint16_t campaign, std::uint32_t device);

// The SM-DP's profile type of profile k of population p's eUICCs.
std::string profile_type_of(const Scenario& s, std::uint16_t population, std::size_t k);

}  // namespace twinsim
