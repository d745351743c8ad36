#pragma once
// An SM-SR in a run (platforms.sm_sr; sm_sr_runs.hpp has them all): the SM-SR model
// (twinmodels::platform::SmSr) behind its server (PlatformServer: workers,
// service time, admission, queue limit, outages, internal failures). It
// carries the SM-SR's campaigns: each release is an MNO's ES4 call (SGP.02
// §5.4: EnableProfile, DisableProfile, DeleteProfile, SetFallbackAttribute,
// AuditEIS) for one eUICC; once served, the SM-SR turns it into an ES5
// script for the ISD-R sent as SCP80 secured SMS through the SMSC; the
// device's RP-ACK carries the PoR; the eUICC's notification after a switch
// comes back as MO SMS and is confirmed.
//
// The EUM registers every eUICC with the SM-SR (ES1.RegisterEIS); the run
// registers one when its first request is served (the EIS derives from the
// seed, euicc_factory.hpp, so nothing differs). No clock: the actors give
// every time.
//
// Messages between the SM-SR and the others cross the network
// (platform_routes.hpp): an SM-DP's ES3 call or an ES7 call of the other
// SM-SR of a change reaches the server `latency` after it was made and its
// answer goes back as long; the SM-SR's SMS reach the SMSC, and the
// SMSC's reports and MO SMS the SM-SR, `smsc_latency` later; on the
// SimGrid links of their route, each of these their transfer later
// (use_links(), use_es3_links(), use_es7_links(), platform_links.hpp). Until then they wait here, each at its time; with no
// latency nothing waits.
#include <cstdint>
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cardcore/sms/submit.hpp"
#include "twinmodels/network/smsc.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinmodels/platform/sm_sr.hpp"
#include "twinsim/engine/call_retries.hpp"
#include "twinsim/engine/event_kinds.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/mno_notifications.hpp"
#include "twinsim/engine/platform_links.hpp"
#include "twinsim/engine/sm_sr_backups.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class EuiccFactory;
class PlatformLog;

// The platforms' notifications in a run (SGP.02 §5.1.3): the SM-SRs'
// (SmSrRun) and the SM-DPs' (SmDpRun) counts, each its own.
struct NotificationCounters {
  std::uint64_t es4 = 0;      // SM-SR to an MNO (ES4, §5.5)
  std::uint64_t es3 = 0;      // SM-SR to an SM-DP (ES3, §5.4)
  std::uint64_t es2 = 0;      // SM-DP to an MNO (ES2, §5.3.8-§5.3.11)
  std::uint64_t refused = 0;  // ES3 ones the SM-DP refused (SmDp::on_notification)
  // With notification_retry: ES3 ones sent again after the SM-DP could not
  // take them, and those the SM-SR gave up after max_attempts sends.
  std::uint64_t retries = 0;
  std::uint64_t given_up = 0;
  // With notification_retry: ES4 ones an MNO in an outage refused sent
  // again, and those given up (mno_notifications.hpp; the SM-DPs' ES2 ones
  // are SmDpCounters').
  std::uint64_t es4_retries = 0, es4_given_up = 0;
};

struct SmSrCounters {
  std::uint64_t calls = 0;          // requests admitted by the server
  std::uint64_t done = 0, failed = 0, expired = 0, refused = 0;
  std::uint64_t notifications = 0;  // eUICC notifications taken
  double last_done_s = 0;           // when the last call succeeded
  // Of the failed: the calls a PoR's error failed, by its Response Status
  // Code (TS 102 225 §5.2; metrics smsr.por_*, por_status_metrics.hpp).
  std::array<std::uint64_t, 16> por_status{};
  // Of the done: the calls whose packet the card refused as "CNTR low" and
  // an audit found run (Executed-WithWarning; twinmodels' sm_sr_audit.cpp).
  std::uint64_t settled_by_audit = 0;
  // The MNOs' calls made again after the server refused or failed them
  // (campaigns[i].retry; kept in CallRetries, not in this record's state).
  std::uint64_t retried = 0;
};

// POL2's Auto-Delete in a run (sm_sr_auto_deletes.cpp; SGP.02 Policy
// Rules): the SM-SR's own DeleteProfiles of profiles disabled with the
// rule, done and failed.
struct AutoDeleteCounters {
  std::uint64_t deleted = 0;
  std::uint64_t failed = 0;
};

// The eUICCs' notifications of switches they made on their own (SGP.02
// §4.1.1.11 types): 03 "profile change failed and roll-back" (§3.2.2) and
// 05 "profile change after fall-back" (§3.7), as the SM-SR took them.
struct EuiccSwitchCounters {
  std::uint64_t rollbacks = 0;
  std::uint64_t fallbacks = 0;
};

class SmSrRun {
 public:
  // Who made a call that did not come from a campaign of this SM-SR: an
  // SM-SR change (ES4/ES7/ES5, SGP.02 §3.8) or an SM-DP (ES3, §5.5): SmDp
  // is the first of platforms.sm_dp, SM-DP i is sm_dp_caller(i). Each
  // takes the answers to its own calls only.
  enum class Caller : std::uint8_t { SmSrChange, SmDp };
  static constexpr std::size_t kCallers = 1 + kMaxSmDps;
  static Caller sm_dp_caller(std::uint8_t i) {
    return static_cast<Caller>(static_cast<std::uint8_t>(Caller::SmDp) + i);
  }

  // The SMS the SM-SR hands the SMSC for a device.
  struct Sms {
    std::uint8_t sm_sr = 0;  // the sender's platforms.sm_sr index
    std::uint32_t device = 0;
    SimTime at = 0;          // when it reaches the SMSC
    cardcore::sms::SmsSubmit submit;          // what the SMSC stores (TP-DA, TP-VP)
    std::vector<cardcore::Bytes> delivers;    // what it forwards
  };
  // A row for /events.
  struct Outcome {
    SimTime at = 0;
    std::uint32_t device = 0;
    SmSrEvent event = SmSrEvent::Done;
    std::int64_t value = 0;
  };

  // SM-SR `index` of platforms.sm_sr; it has an ES7 agreement with every
  // other SM-SR of the run.
  SmSrRun(const Scenario& s, std::uint8_t index, const EuiccFactory& factory, std::uint64_t devices,
          SimTime smsc_latency = 0);
  ~SmSrRun();

  // From now on its SMPP with the SMSC crosses the links: each SMS a PDU
  // per SMS-DELIVER, each report or MO SMS back a PDU. The SMSC still
  // stamps an SMS-DELIVER (TP-SCTS) the route's latency after the SM-SR
  // sent it.
  void use_links(const SmppLinks& smpp) { smpp_ = smpp; }
  // From now on the SM-DPs' ES3 calls and their answers, and the SM-SR's
  // ES3 notifications and their refusals, cross the links:
  // SM-DP j's calls over from_sm_dps[j] (`bytes` and the call's script),
  // the answers over to_sm_dps[j] (`bytes`); a hop that crosses nothing
  // keeps its latency.
  void use_es3_links(PlatformLinks& links, std::vector<PlatformHop> from_sm_dps, std::vector<PlatformHop> to_sm_dps,
                     double bytes) {
    es3_links_ = &links;
    from_sm_dp_ = std::move(from_sm_dps);
    to_sm_dp_ = std::move(to_sm_dps);
    es3_bytes_ = bytes;
  }
  // From now on the ES7 calls of SM-SR changes and their answers cross the
  // links (with use_es3_links()'s links and size): SM-SR k's calls over
  // from_sm_srs[k], the answers over to_sm_srs[k].
  void use_es7_links(std::vector<PlatformHop> from_sm_srs, std::vector<PlatformHop> to_sm_srs) {
    from_sm_sr_ = std::move(from_sm_srs);
    to_sm_sr_ = std::move(to_sm_srs);
  }
  // Campaign `campaign`'s ES4 call for `device` reaches the server at t.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // The EUM's registration of device d's eUICC with the SM-SR
  // (ES1.RegisterEIS), once, with its first ES5 script (the SM-SR's address).
  void register_euicc(std::uint16_t population, std::uint32_t device);
  // Whether the eUICC of `device` was registered here (by register_euicc()
  // or, after an SM-SR change, by the handover: registered()).
  bool is_registered(std::uint32_t device) const { return registered_.count(device) != 0; }
  void registered(std::uint32_t device) { registered_.insert(device); }
  // The devices whose registration script (register_euicc()'s first ES5
  // script) ended since the last call, in order: what an SM-SR change
  // waits for (sm_sr_changes.hpp).
  std::vector<std::uint32_t> take_registrations() { return std::exchange(registrations_, {}); }
  // A call of `caller` made at t reaches the server `latency` later (or at
  // the server's last time, if later); once served it runs on the SM-SR;
  // its answer goes back as long. Its SMS carry the TP-VP of `campaign`,
  // if given. `es7_from`: an SM-SR change's ES7 call, made by that SM-SR
  // (platforms.sm_sr index): on the links of their route (use_es7_links()).
  void submit(SimTime t, Caller caller, twinmodels::platform::FunctionCall call,
              std::optional<std::uint16_t> campaign = std::nullopt, SimTime latency = 0,
              std::uint8_t es7_from = kNoSmSr);
  static constexpr std::uint8_t kNoSmSr = 0xFF;
  // An ES4 order of `caller` the caller runs on the SmSr itself once
  // served (an SM-SR change's PrepareSMSRChange and SMSRChange: the
  // handover makes both): a request named `function` at the server; its
  // answer is a Success result of that name, or the server's refusal or
  // failure.
  // `latency` (each way): as submit()'s (an SM-DP's ES3.GetEIS, SGP.02 §5.4.1).
  void submit_order(SimTime t, Caller caller, std::string function, std::string call_id, std::string eid,
                    SimTime latency = 0);
  // The answers to `caller`'s calls back by t: the SM-SR's results, and
  // the server's refusals (subject Platform, reason Unavailable or Busy)
  // and inside failures, oldest first.
  std::vector<twinmodels::platform::FunctionResult> take_results(Caller caller, SimTime t);
  // Services that end by t run their function on the SM-SR.
  void poll(SimTime t);
  SimTime next_wakeup() const;
  // Its notifications to the MNOs of platforms.mno go to their servers
  // (mno_servers.hpp).
  void attach_mno_servers(MnoServers* servers) { to_mnos_.attach(servers); }

  // What the SM-SR sends at t (stamped with the time it reaches the SMSC)
  // and what reached the SMSC by then.
  std::vector<Sms> take_sms(SimTime t);
  // The device's SMS-DELIVER-REPORT for the SM-SR's packet, or none at
  // all (the SMSC gave up: undelivered or expired), at the SMSC at t.
  void on_delivery_report(SimTime t, std::uint32_t device, cardcore::ByteView report, bool ack);
  void on_delivery_failed(SimTime t, std::uint32_t device);
  // An MO SMS-SUBMIT from the device's number `msisdn` to the SM-SR's, at
  // the SMSC at t.
  void on_mo_sms(SimTime t, std::uint32_t device, const std::string& msisdn, cardcore::ByteView tpdu);
  // ES5 over HTTPS (SmSr::https_accept and the like, bip_links.hpp): a
  // device's connection to the admin server, its bytes at t and the
  // answer, its end at t.
  std::uint32_t https_accept(cardcore::Bytes tls_seed) { return smsr_.https_accept(std::move(tls_seed)); }
  cardcore::Bytes https_receive(SimTime t, std::uint32_t connection, cardcore::ByteView bytes);
  void https_closed(SimTime t, std::uint32_t connection);
  // The admin server refused device d's connection at t (SmSr::https_refused).
  void https_refused(SimTime t, std::uint32_t device);
  // The admin server in the SM-SR's crashes (SmSr::https_crash and
  // https_restart, run at each crash and restart): whether it listens at
  // t (nothing does while the process is down), and whether the crash cut
  // `connection` — the device's bytes reaching it at t meet a TCP reset
  // (true once per cut connection).
  bool admin_server_up(SimTime t) const { return !twinmodels::down_at(server_.config().crashes, t); }
  bool https_cut(SimTime t, std::uint32_t connection);
  // The TP-DA of the SM-SR's number: MO SMS to it go to on_mo_sms().
  const cardcore::sms::Address& address() const { return config_.address; }

  std::vector<Outcome> take_outcomes();

  // The SM-SR's notifications (sm_sr_notices.cpp; SGP.02 §5.1.3, ES3 §5.4,
  // ES4 §5.5, SmSr::notify_to) go to the profiles' owners as they happen,
  // stamped with their CompletionTimestamp (the SMSC clock's calendar) and
  // written to the platform log when sent. A profile an SM-DP of the run
  // installed is the SM-DP's to tell its MNO of (ES3, then its ES2
  // notification): the MNO is not told over ES4 too (ours: SGP.02 lets the
  // parties choose the path). The MNOs have no node: an ES4 one is there
  // when sent; an ES3 one reaches SM-DP j `latency` later (set_sm_dp_latencies,
  // platform_routes.hpp), or its transfer later on the links
  // (use_es3_links(): report_size bytes each way, its refusal back too),
  // and waits here until take_notifications().
  struct Notice {
    SimTime at = 0;  // its arrival
    std::uint8_t sm_dp = 0;
    twinmodels::platform::PlatformNotification notification;
    std::uint8_t attempt = 1;  // its send: 1 the first
  };
  void set_sm_dp_latencies(std::vector<SimTime> latencies) { sm_dp_latency_ = std::move(latencies); }
  // The notifications the SM-SR made since the last call, sent at t.
  void pass_notifications(SimTime t);
  // SM-DP `sm_dp`'s ES3 notifications that arrived by t, in arrival order;
  // first, those refused before whose next send (or giving up) is due by t.
  std::vector<Notice> take_notifications(std::uint8_t sm_dp, SimTime t);
  // With notification_retry (sm_sr_notice_retries.cpp; SGP.02 §5.1.3: the
  // notification is a function call the receiver acknowledges): SM-DP
  // `n.sm_dp` could not take `n` at its arrival (down, its queue full). The
  // refusal comes back across the route; the SM-SR sends it again
  // retry_after later, or gives up after max_attempts sends.
  void notification_refused(Notice n);
  // Its counts, the ES4 ones' retries (to_mnos_) with them.
  NotificationCounters notification_counters() const;

  // The profile (euicc.profiles index) campaign `campaign` leaves enabled
  // on `device` when it succeeds: the one enable-profile names; after
  // disable-profile the one with the fall-back attribute in the SM-SR's EIS
  // (SGP.02 §3.4), if any; none for the other kinds.
  std::optional<std::size_t> switched_to(std::uint16_t campaign, std::uint32_t device) const;
  // The eUICC's EIS as the SM-SR has it once it manages it; the EUM's before.
  twinmodels::platform::Eis eis_of(std::uint32_t device) const;
  // The profile enabled on `device` in the SM-SR's EIS (after an eUICC's
  // notification of a local switch, say); none before it manages the eUICC.
  std::optional<std::size_t> enabled_profile(std::uint32_t device) const;

  // The SMS-DELIVERs of the SM-SR's message `id` in the SMSC, kept until
  // the device answers it or the SMSC gives up; drop_delivers() says
  // whether they were still kept (no RP answer came).
  void keep_delivers(twinmodels::SmscMessageId id, std::vector<cardcore::Bytes> delivers);
  const std::vector<cardcore::Bytes>& delivers(twinmodels::SmscMessageId id) const { return delivers_.at(id); }
  bool drop_delivers(twinmodels::SmscMessageId id) { return delivers_.erase(id) != 0; }
  // The server's counters at the last /platforms row.
  twinmodels::platform::ServerCounters& sampled() { return sampled_; }

  // Checkpoints (docs/CHECKPOINTS.md): the SM-SR's and its server's states
  // and the run's side (eUICCs registered, calls in the SM-SR, the devices'
  // campaigns, messages' SMS-DELIVERs, counters). restore_state() takes it
  // into an SmSrRun of the same scenario; throws std::invalid_argument
  // ("SM-SR run state: ...") for malformed input, leaving it unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);
  const SmSrCounters& counters() const { return counters_; }
  const AutoDeleteCounters& auto_delete_counters() const { return auto_deletes_; }
  const EuiccSwitchCounters& euicc_switch_counters() const { return euicc_switches_; }
  const twinmodels::platform::PlatformServer& server() const { return server_; }
  // eUICCs whose OTA counter a restore of the SM-SR's records from an old
  // backup set back (sm_sr_backups.hpp).
  std::uint64_t counters_restored() const { return backups_.counters_restored(); }
  std::uint64_t calls_retried() const { return retries_.retried(); }
  const twinmodels::platform::SmSr& model() const { return smsr_; }
  twinmodels::platform::SmSr& model() { return smsr_; }
  const SmSrSpec& spec() const { return scenario_.sm_srs[index_]; }
  std::uint8_t index() const { return index_; }
  // The run's platform log (platform_log.hpp), or none: the MNOs' ES4
  // calls and every result the SM-SR gives go there.
  void set_log(PlatformLog* log) { log_ = log; }
  // Campaign `campaign`'s ES4 call for `device` (SGP.02 §5.4).
  twinmodels::platform::FunctionCall campaign_call(std::uint16_t campaign, std::uint32_t device) const;
  SimTime smsc_latency() const { return smsc_latency_; }

 private:
  struct Call {
    std::uint16_t campaign = 0;
    std::uint32_t device = 0;
  };
  // Served requests run on the SM-SR; the others fail.
  void run_served(SimTime t);
  // The server at t (or its last time, if later), what it served by then
  // run: that time.
  SimTime catch_up(SimTime t);
  // The SM-SR's results of the campaigns' calls become outcomes.
  void collect_results(SimTime t);
  // The result of the SM-SR's own DeleteProfile for POL2's Auto-Delete
  // (SmSr::kAutoDeleteCall): a row and a count (sm_sr_auto_deletes.cpp).
  void auto_deleted(SimTime t, const twinmodels::platform::FunctionResult& r);
  AutoDeleteCounters auto_deletes_;
  EuiccSwitchCounters euicc_switches_;
  // The euicc.profiles index of a profile of `device` by its ICCID in the
  // EIS (a downloaded profile's ISD-P is the one the SM-SR chose).
  std::optional<std::size_t> profile_of_iccid(const std::string& iccid, std::uint32_t device) const;
  static std::uint64_t request_id(std::uint16_t campaign, std::uint32_t device) {
    return static_cast<std::uint64_t>(campaign) << 32 | device;
  }
  // The other callers' requests: bit 63 and a sequence number.
  static constexpr std::uint64_t kCallerRequest = 1ull << 63;
  struct CallerCall {
    Caller caller = Caller::SmSrChange;
    twinmodels::platform::FunctionCall call;
    std::string order;    // submit_order()'s function; empty for a call the SM-SR runs
    SimTime latency = 0;  // each way between the caller and the SM-SR
    std::uint8_t es7_from = kNoSmSr;  // an ES7 call's SM-SR (submit())
  };
  // A call on its way to the server.
  struct Arriving {
    CallerCall call;
    std::optional<std::uint16_t> campaign;
  };
  // An answer on its way back: there at `back` (0: at once).
  struct Answer {
    SimTime back = 0;
    twinmodels::platform::FunctionResult result;
  };
  struct CallerOf {
    Caller caller = Caller::SmSrChange;
    SimTime latency = 0;
    std::uint8_t es7_from = kNoSmSr;
  };
  // From the SMSC, on its way.
  struct SmscInput {
    enum class Kind : std::uint8_t { Report, Failed, MoSms };
    Kind kind = Kind::Report;
    std::uint32_t device = 0;
    std::string msisdn;  // MoSms: the sender's number
    cardcore::Bytes tpdu;  // Report: the SMS-DELIVER-REPORT; MoSms: the SMS-SUBMIT
    bool ack = false;
  };
  // An SMS on its way to the SMSC (its TP-VP from `campaign`'s validity).
  struct Outgoing {
    Sms sms;
    std::optional<std::uint16_t> campaign;
  };
  void admit(SimTime t, CallerCall c, const std::string& function);
  // The result of an order the SM-SR answers itself (`order`: ES3.GetEIS
  // with its EIS, SGP.02 §5.4.1).
  twinmodels::platform::FunctionResult served_order(const std::string& order,
                                                    const twinmodels::platform::FunctionCall& f) const;
  void arrive(SimTime at, Arriving a);
  // An input from the SMSC at t: waits `smsc_latency`, and a crash of the
  // SM-SR until its restart, then applies.
  void take_input(SimTime t, SmscInput in);
  void apply_input(SimTime t, const SmscInput& in);
  // The earliest of the calls and SMSC inputs on their way.
  SimTime next_arrival() const;
  Sms make_sms(std::uint32_t device, const std::string& msisdn, std::optional<std::uint16_t> campaign) const;
  // The server's time: never back (platform_server.hpp).
  SimTime server_time(SimTime t) { return last_t_ = std::max(last_t_, t); }

  const Scenario& scenario_;
  std::uint8_t index_;
  const EuiccFactory& factory_;
  std::uint64_t devices_;
  twinmodels::platform::SmSrConfig config_;
  twinmodels::platform::SmSr smsr_;
  twinmodels::platform::PlatformServer server_;
  SmSrBackups backups_;
  CallRetries retries_;  // the MNOs' calls refused or failed by the server, made again
  // The MNO's call of campaign `campaign` for `device` at the server at t.
  void call(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // The admin server's crash steps run (a crash, then its restart: two per
  // crash of server_.config().crashes) and the connections a crash cut
  // whose devices have not met the reset yet (none when no BIP link is
  // open, so not in a checkpoint, which waits for that).
  std::uint32_t https_steps_done_ = 0;
  std::set<std::uint32_t> cut_;
  SimTime next_https_step() const;
  void run_https_step();
  std::unordered_set<std::uint32_t> registered_;
  std::unordered_map<std::string, Call> calls_;  // by call id: calls the SM-SR has
  // The other callers': in the server by request id, then in the SM-SR by
  // call id; their answers not taken.
  std::uint64_t caller_sequence_ = 0;
  std::unordered_map<std::uint64_t, CallerCall> caller_waiting_;
  std::unordered_map<std::string, CallerOf> caller_calls_;
  std::array<std::vector<Answer>, kCallers> caller_results_;
  SimTime smsc_latency_ = 0;
  SmppLinks smpp_;  // no links: smsc_latency_
  // The SM-DPs' ES3 calls and answers on the links (use_es3_links()).
  PlatformLinks* es3_links_ = nullptr;
  std::vector<PlatformHop> from_sm_dp_, to_sm_dp_, from_sm_sr_, to_sm_sr_;
  double es3_bytes_ = 0;
  // The hop of `caller`'s calls to this SM-SR (from) or of its answers
  // (to) when it crosses the links; null otherwise. An SM-SR change's:
  // that of the SM-SR `es7_from` of its ES7 calls, none for its orders.
  const PlatformHop* call_hop(Caller caller, std::uint8_t es7_from, bool from) const;
  // A call's answer, given at t, back to its caller: `latency` later or on
  // the links.
  void answer(SimTime t, const CallerOf& to, twinmodels::platform::FunctionResult r);
  static CallerOf caller_of(const CallerCall& c) { return {c.caller, c.latency, c.es7_from}; }
  std::multimap<SimTime, Arriving> arriving_;   // by arrival, in the order made
  std::multimap<SimTime, SmscInput> inputs_;    // by arrival, in the order sent
  std::multimap<SimTime, Outgoing> outbox_;     // by arrival at the SMSC
  SimTime last_t_ = 0;
  std::unordered_map<std::uint32_t, std::uint16_t> campaign_of_;  // by device: its last call's campaign
  std::vector<Outcome> outcomes_;
  std::vector<std::uint32_t> registrations_;  // registration scripts ended, not yet taken
  SmSrCounters counters_;
  std::unordered_map<twinmodels::SmscMessageId, std::vector<cardcore::Bytes>> delivers_;
  twinmodels::platform::ServerCounters sampled_;
  PlatformLog* log_ = nullptr;
  void log_result(SimTime t, const twinmodels::platform::FunctionResult& r);
  // Notifications (sm_sr_notices.cpp): the model's, kept or not as they
  // come (take_notification), not yet sent; the ES3 ones on their way.
  void take_notification(const twinmodels::platform::PlatformNotification& n);
  bool heard_through_sm_dp(const twinmodels::platform::PlatformNotification& n) const;
  std::vector<twinmodels::platform::PlatformNotification> notified_;
  std::multimap<SimTime, Notice> notices_;  // by arrival, in the order sent
  // Refused ones by when the SM-SR acts on the refusal: its next send, or
  // (the last attempt refused) its giving up; in the order refused.
  std::multimap<SimTime, Notice> refused_;
  // SM-DP `sm_dp`'s refused notifications due by t: sent again or given up.
  void resend_refused(std::uint8_t sm_dp, SimTime t);
  // An ES3 notification sent at t across the route to its SM-DP (its
  // latency, or on the links); n.at set to its arrival.
  void send_notice(SimTime t, Notice n);
  // The SM-DP's refusal of `n` back at the SM-SR at `back`: sent again
  // retry_after later, or given up.
  void refusal_back(SimTime back, Notice n);
  SimTime sm_dp_latency(std::uint8_t sm_dp) const { return sm_dp < sm_dp_latency_.size() ? sm_dp_latency_[sm_dp] : 0; }
  std::vector<SimTime> sm_dp_latency_;      // by platforms.sm_dp index
  NotificationCounters notices_sent_;
  // The ES4 ones to the MNOs, with their retries (mno_notifications.hpp).
  MnoNotifications to_mnos_;
};

// SM-SR `index`'s server configuration: platforms.sm_sr with the outages
// of the faults that target it; the failure draws from the run's seed.
twinmodels::platform::ServerConfig sm_sr_server_config(const Scenario& s, std::uint8_t index);

// The device of an EID the factory gave out; nullopt for another.
std::optional<std::uint32_t> device_of_eid(std::string_view eid);

}  // namespace twinsim
