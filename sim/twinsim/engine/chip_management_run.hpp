#pragma once
// The chip management platform in a run (platforms.chip_management; the
// source document §3.2.3): the chip registry (twinmodels::platform::
// ChipRegistry) behind its server (PlatformServer), following the cards of
// the populations it names: domestic cards (chip id: the ICCID) and
// international cards (eUICCs, GSMA SGP.02; chip id: the EID).
//
// - Before the run: every followed card's chip is produced by the chip
//   maker, goes through China Mobile's stock to the module maker (mounted)
//   and the OEM (integrated), and is sold to the population's customer
//   account (the module mode 1 of the source document §4.1), all stamped 0.
// - A population with a supply flow (supply[i].flow, supply_schedule.hpp)
//   instead: each unit's chip steps at their times in the run, the
//   partners' own records (no request at the server) — produced and into
//   the maker's stock, shipped and received, mounted, integrated, sold —
//   and a unit a stage scrapped a chip of its own ("<population>/unit-<u>",
//   its batch in its production record), scrapped by its holder where it
//   failed; the device's chip is the unit that went into service.
//   A number pool per followed population holds its cards' numbers (IMSI
//   = prefix + device, MSISDN +86 148 and the device on 8 digits, as the
//   write-card platform addresses it); one per write-card campaign on a
//   followed population holds its new numbers. For an eUICC population, one
//   pool per profile of euicc.profiles (id "<population>/<operator>"): its
//   numbers as the EuiccFactory personalises profile k (euicc_factory.hpp).
// - Number activation: at the device's first power-on the operator asks the
//   platform to open the number the card carries; OTA writing: each order a
//   write-card campaign completes is recorded (the card's new number from
//   the campaign's pool; the old one goes into quarantine). An eUICC's
//   activation opens the enabled factory profile's number, the other
//   installed profiles' numbers held besides it. Each is a
//   request at the server; one its server refuses (an outage, the admission
//   rate, a full queue) is made again after `retry_after`.
// - Suspension (停机), resumption (复机), deactivation (销户) and scrapping
//   (报废): each release of a chip-suspend, chip-resume, chip-deactivate or
//   chip-scrap campaign is the operator's request at the server, then the
//   registry's step for the device's chip (its audit trail; billing stops
//   while suspended and after deactivation, chip_registry.hpp). A step on a
//   chip whose activation has not been served yet waits for it (retried
//   like a refused request); one the chip's state refuses (a resumption of
//   a chip not suspended, a scrap before the chip is Recycled) is counted
//   failed.
// - An eUICC's profiles: what its SM-SR or SM-DP reports done on the card
//   (euicc_done()): a download-profile campaign's download (the OTA writing
//   of an eUICC: the profile's number held by the chip, the active one when
//   the campaign enables it), an enable-profile's enable (and a
//   disable-profile's enable of the fall-back profile), a delete-profile's
//   deletion (the number into quarantine, recycled as an OTA write's old
//   number), an smsr-change's handover to the new SM-SR. Each is a request
//   at the server as the others; one the registry refuses counts failed.
// - Number recycling: a released number is recycled to its pool once its
//   quarantine has passed (the platform's own job, not a request); a
//   deactivated chip's number by the chip's Recycle step (the chip then
//   Recycled, and may be scrapped).
// - Billing: the in-service days of every account up to the end.
// - Barring: a suspension or deactivation blocks the subscription, a
//   resumption lifts the block (take_barring(): what OneLink is told, the
//   source document §3.2.1's fault diagnosis); while blocked, the HSS bars
//   the subscriber and the device's attach is rejected (barred()). A
//   device attached when its subscription is blocked is detached by the
//   network (the HSS tells its MME; network_detach_cycle.cpp).
//
// - On the network (platform_routes.hpp): with its `node`, what the SM-DPs,
//   the SM-SRs and the write module report reaches it `latency` after they
//   sent it (the report functions' `latency`), and is a request at its
//   server then; its blocks and lifts leave at the step's time: the HSS
//   bars the subscriber a route later (barred_at_hss()) and tells the MME
//   then, and OneLink hears of them a route later (smsc_actor.cpp).
//
// - OneNET (platforms.onenet, onenet_run.hpp; the source document §3.2.3:
//   chip management integrated with OneNET): an activation registers the
//   device (with `registration: activation`), a suspension marks it, a
//   resumption lifts the mark, a deactivation or scrapping deletes it, each
//   told at the step's time (OneNetRun adds the route).
//
// No clock: the SMSC's actor gives every time.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "twinmodels/platform/chip_registry.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/supply_schedule.hpp"
#include "twinsim/recorder/run_file.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class OneNetRun;

// A subscription blocked (suspension, deactivation) or its block lifted
// (resumption) at `at`, for device d's card. A deactivation withdraws the
// subscription (the HSS's Cancel Location, TS 29.272 §7.3.24
// SUBSCRIPTION_WITHDRAWAL); a suspension bars it (Insert Subscriber Data,
// §7.3.29-§7.3.30).
struct BarringChange {
  SimTime at = 0;
  std::uint32_t device = 0;
  bool blocked = true;
  bool withdrawn = false;
  // On the links (hss_on_links()): the change moves the HSS's view of the
  // subscription when it arrives (hss_heard()); a scrap's block is for
  // the HSS only, neither OneLink nor the MME hears of it.
  bool moves_view = false;
  bool hss_only = false;
  bool operator==(const BarringChange&) const = default;
};

// The MME's network-initiated detach of a barred or withdrawn subscriber
// under way (TS 24.301 §5.5.2.3.1; network_detach_cycle.cpp): its EMM cause
// (#8 for a withdrawal, else #7) and how many times the DETACH REQUEST was
// sent; T3422 runs from the last sending.
struct MmeDetach {
  bool withdrawn = false;
  std::uint8_t transmissions = 0;  // 1 the first sending, up to 5
  bool operator==(const MmeDetach&) const = default;
};

// A change of the HSS's view of device d's barring (ChipManagementRun::
// barred_at_hss), as a sharded run's rank 0 sends it to the other ranks,
// whose MMEs read the view: barred (or not) from `arrival`; `before`, the
// view before it for a rank with none of the device yet.
struct HssViewChange {
  std::uint32_t device = 0;
  bool before = false;
  bool barred = false;
  SimTime arrival = 0;
};

struct ChipManagementCounters {
  std::uint64_t activated = 0;     // numbers opened
  std::uint64_t ota_written = 0;   // OTA writes recorded
  std::uint64_t recycled = 0;      // numbers back in their pools
  std::uint64_t suspended = 0;     // chips suspended (停机)
  std::uint64_t resumed = 0;       // chips resumed (复机)
  std::uint64_t deactivated = 0;   // chips deactivated (销户), their numbers into quarantine
  std::uint64_t scrapped = 0;      // chips scrapped (报废)
  std::uint64_t attaches_barred = 0;  // attaches rejected for a barred subscriber
  std::uint64_t profiles_downloaded = 0;  // an eUICC's profile downloads recorded
  std::uint64_t profiles_enabled = 0;     // an eUICC's profile enables recorded (the active number switched)
  std::uint64_t profiles_deleted = 0;     // an eUICC's profile deletions recorded (the number into quarantine)
  std::uint64_t sm_sr_changes = 0;        // an eUICC's SM-SR changes recorded
  // Attached devices the network detached when their subscription was
  // barred or withdrawn (network_detach_cycle.cpp): by DETACH REQUEST
  // (TS 24.301 §5.5.2.3), or locally at the MME for a device it could not
  // page (TS 23.401 §5.3.8.1 implicit detach).
  std::uint64_t detaches = 0;
  std::uint64_t detaches_local = 0;
  // The MME's T3422 expiries that sent the DETACH REQUEST again (TS 24.301
  // §5.5.2.3.5 a: the first to the fourth expiry).
  std::uint64_t detach_retransmissions = 0;
  // The HSS's Insert Subscriber Data lifting a barring (a chip-resume) that
  // the MME answered (TS 29.272 §5.2.2.1.2), resends included.
  std::uint64_t isd_lifts = 0;
  // The HSS's IDR and CLR sent again for want of their answer (IDA, CLA)
  // within network.hss_answer_timeout (network_detach_cycle.cpp).
  std::uint64_t hss_resends = 0;
  std::uint64_t units_scrapped = 0;   // units the supply flows' stages scrapped
  std::uint64_t retried = 0;       // requests its server refused, made again
  std::uint64_t failed = 0;        // requests the registry refused (a chip's state, a number taken)
  ChipManagementCounters& operator+=(const ChipManagementCounters& o);
};

class ChipManagementRun {
 public:
  // `first_power_on(d)`: device d's first power-on (s); `supply`: the
  // populations' supply flows (kept by reference), needed by a scenario
  // with one.
  ChipManagementRun(const Scenario& s, const std::vector<std::uint32_t>& population_first,
                    const std::function<double(std::uint32_t)>& first_power_on,
                    const SupplySchedule& supply = SupplySchedule::none());
  ~ChipManagementRun();

  // Campaign `campaign` (write-card) wrote device d's card at t; the
  // write module's report reaches the platform `latency` later.
  void ota_written(SimTime t, std::uint16_t campaign, std::uint32_t device, SimTime latency = 0);
  // Campaign `campaign` (chip-suspend, chip-resume, chip-deactivate,
  // chip-scrap) released its request for device d's chip at t.
  void release(SimTime t, std::uint16_t campaign, std::uint32_t device);
  // Campaign `campaign` completed on device d's eUICC at t, as its SM-SR or
  // SM-DP reported it (SmSrEvent::Done, SmDpEvent::Done): download-profile,
  // enable-profile, disable-profile, delete-profile or smsr-change (the
  // others record nothing; nor does a card the platform does not follow);
  // `enabled`: the profile it left enabled (SmSrRuns::switched_to, for a
  // disable-profile the fall-back one; none: nothing to record). The
  // report reaches the platform `latency` later. Whether it makes a
  // request.
  bool euicc_done(SimTime t, std::uint16_t campaign, std::uint32_t device, std::optional<std::size_t> enabled,
                  SimTime latency = 0);
  // Device d switched its eUICC itself to or from the emergency profile
  // (SGP.02 v3.1 "Emergency Profile"), as the SM-SR learnt from the
  // eUICC's notification: profile `enabled` is enabled now, its number the
  // active one; the SM-SR's report reaches the platform `latency` later.
  // Whether it makes a request (not for a card it does not follow).
  bool local_switch(SimTime t, std::uint32_t device, std::size_t enabled, SimTime latency = 0);
  // The SM-SR deleted profile `profile` of device d's eUICC itself, for
  // POL2's Auto-Delete (SGP.02 Policy Rules; SmSr::kAutoDeleteCall): the
  // profile's record deleted as for a delete-profile campaign; the SM-SR's
  // report reaches the platform `latency` later. Whether it makes a
  // request (not for a card it does not follow).
  bool auto_deleted(SimTime t, std::uint32_t device, std::size_t profile, SimTime latency = 0);
  // The blocks and lifts since the last call, in the order of the steps.
  std::vector<BarringChange> take_barring();
  // From now on its blocks and lifts cross the SimGrid links of the route
  // to the HSS (platform_links.hpp): the HSS's view changes when one
  // arrives, hss_heard(), not a known latency after the step; a scrap
  // that blocks a subscription is a change of take_barring() too (hss_only).
  void hss_on_links() { hss_on_links_ = true; }
  // The first of device d's blocks and lifts on their way reached the HSS
  // at `at` (none on its way: nothing).
  void hss_heard(std::uint32_t device, SimTime at);
  // Everything due by t: the activations, the reports that arrived, the
  // retries, the services that ended, the quarantines that passed.
  void poll(SimTime t);
  SimTime next_wakeup() const;

  // OneNET, told of the chips' steps; none: not told.
  void set_onenet(OneNetRun* onenet) { onenet_ = onenet; }
  const ChipManagementCounters& counters() const { return counters_; }
  // The supply flows' chip steps taken so far.
  std::uint64_t supply_steps() const { return supply_next_; }
  const twinmodels::platform::ChipRegistry& registry() const { return registry_; }
  const twinmodels::platform::PlatformServer& server() const { return server_; }
  twinmodels::platform::ServerCounters& sampled() { return sampled_; }
  // The followed chips' numbers in quarantine, and the billable days of
  // every account up to `end` (whole days per activation, chip_billing.hpp).
  std::uint64_t quarantined() const;
  // Numbers migrated to replacement chips (the NumberMigrate steps taken).
  std::uint64_t numbers_migrated() const;
  std::uint64_t billable_days(SimTime end) const;
  std::uint64_t charge(SimTime end) const;
  // Whether device d's card is followed.
  bool follows(std::uint32_t device) const;
  // The audit trail of the followed chips (the run file's /chip_audit,
  // chip_audit_rows.cpp) in time order, ties in device order then in each
  // chip's order; after restore_state(), only the steps the checkpoint had
  // not recorded.
  void for_each_audit_row(const std::function<void(const ChipAuditRow&)>& f) const;
  // Whether device d's subscriber is barred at the HSS: its chip suspended,
  // deactivated, recycled or scrapped (Subscriber-Status
  // OPERATOR_DETERMINED_BARRING, TS 29.272 §7.3.29). attach_barred()
  // counts an attach the MME rejected for it.
  bool barred(std::uint32_t device) const;
  // Whether the HSS bars device d's subscriber at t: barred(), but a
  // suspension, resumption or deactivation reaches the HSS a route after
  // the platform's step (platforms.chip_management.node, platform_routes.hpp;
  // without a node, at once).
  bool barred_at_hss(std::uint32_t device, SimTime t) const;
  void attach_barred() { ++counters_.attaches_barred; }
  // The MME detached a device of a barred subscriber: by DETACH REQUEST
  // (the UE's DETACH ACCEPT came back), or locally.
  void detached(bool local) { ++(local ? counters_.detaches_local : counters_.detaches); }
  void detach_retransmitted() { ++counters_.detach_retransmissions; }
  void isd_lifted() { ++counters_.isd_lifts; }
  void hss_resent() { ++counters_.hss_resends; }
  // The MME's detaches under way, by device (MmeDetach): kept here, where
  // the barrings that start them come from, so that checkpoints hold them
  // (CMRN 6). mme_detach(): null when none.
  MmeDetach* mme_detach(std::uint32_t device);
  MmeDetach& start_mme_detach(std::uint32_t device, bool withdrawn);
  void end_mme_detach(std::uint32_t device) { mme_detaches_.erase(device); }

  // A sharded run (docs/SCALING.md, "Sharded runs"): the platform runs on
  // rank 0, the MMEs on the devices' ranks, which read the HSS's view of a
  // barring a lookahead L after rank 0 made it at the soonest. shard(L):
  // every block and lift changes the view (none without it when the HSS
  // hears at once), from max(the HSS's arrival, the step's server time +
  // L); take_hss_views(): rank 0's changes since the last call, for the
  // other ranks' hss_view_heard(). The MMEs' detaches under way and their
  // counters are each rank's own: set_counters() and set_mme_detaches()
  // put the ranks' sums and detaches on rank 0 (the end, a checkpoint).
  void shard(SimTime lookahead) { shard_lookahead_ = lookahead; }
  std::vector<HssViewChange> take_hss_views() { return std::exchange(views_out_, {}); }
  void hss_view_heard(const HssViewChange& c);
  void set_counters(const ChipManagementCounters& c) { counters_ = c; }
  const std::map<std::uint32_t, MmeDetach>& mme_detaches() const { return mme_detaches_; }
  void set_mme_detaches(std::map<std::uint32_t, MmeDetach> d) { mme_detaches_ = std::move(d); }

  // Checkpoints (docs/CHECKPOINTS.md): the registry's state, the server's,
  // the requests under way and waiting, the quarantine queue, the counters
  // ("CMRN" 6, chip_management_run_state.cpp), with the blocks and lifts
  // on their way to the HSS and the MME's detaches under way. restore_state() takes it
  // into a run of the same scenario; throws std::invalid_argument
  // ("chip management run state: ...") for malformed input, leaving it
  // unchanged.
  cardcore::Bytes save_state() const;
  void restore_state(cardcore::ByteView state);

 private:
  // In the order of chip_management_functions() (scenario.hpp).
  enum class Kind : std::uint8_t {
    Activate, OtaWrite, Suspend, Resume, Deactivate, Scrap,
    ProfileDownload, ProfileEnable, ProfileDelete, SmSrChange,
  };
  // Request::campaign of a ProfileEnable the device made itself (no
  // campaign has this number: modem_world.hpp's SM-SR tags are above).
  static constexpr std::uint16_t kLocalSwitch = 0xFFFF;
  // Request::campaign of a ProfileDelete the SM-SR made for POL2's
  // Auto-Delete (no campaign has this number either).
  static constexpr std::uint16_t kAutoDelete = 0xFFFE;
  struct Request {
    Kind kind = Kind::Activate;
    std::uint16_t campaign = 0;  // all but Activate: the campaign (kLocalSwitch: the device's own switch)
    std::uint32_t device = 0;
    // The profile kinds: the profile (euicc.profiles index); SmSrChange:
    // the new SM-SR (platforms.sm_sr index); 0 for the others.
    std::uint8_t target = 0;
  };
  struct Released {
    SimTime due = 0;  // its quarantine ends
    std::string pool;
    std::string imsi;
    std::string chip;  // a deactivated chip's number: the chip; empty for an OTA write's old number
  };
  // The kind of the requests of campaign `campaign`; for a checkpoint's
  // request, whether it is one the campaign makes.
  static Kind kind_of(CampaignKind k);
  bool made_by(const Request& r) const;
  // A lifecycle step (Suspend .. Scrap) for the request's chip.
  void step(SimTime t, const Request& r);
  // A profile step (ProfileDownload .. SmSrChange) for the request's eUICC.
  void profile_step(SimTime t, const Request& r);
  // A number migration's OTA write done (write-card with numbers_from):
  // the failed terminal's chip's number to the replacement's chip
  // (ChipRegistry::migrate_number).
  void migrate(SimTime t, const Request& r);
  // The kind of request campaign kind `k` makes when done on an eUICC; none
  // for a kind that records nothing.
  static std::optional<Kind> euicc_kind_of(CampaignKind k);
  // Device d's chip id: its eUICC's EID or its domestic card's ICCID.
  std::string chip_of(std::uint32_t device) const;
  // The number pool of profile k of population p.
  std::string profile_pool(std::uint16_t p, std::size_t k) const;
  void submit(SimTime t, const Request& r);
  // A report's request at t, or `latency` later once it arrives.
  void report(SimTime t, const Request& r, SimTime latency);
  void run_served(SimTime t);
  void apply(SimTime t, const Request& r);
  // The number the chip had before an OTA write, into the quarantine queue.
  void released(SimTime t, const std::string& pool, const std::string& imsi, const std::string& chip = "");
  // A step at t that changed barred(device) from `was`: the HSS learns it
  // a route later (on the links, when it arrives). Whether it changed.
  bool tell_hss(SimTime t, std::uint32_t device, bool was);
  // A request made again after `retry_after` from t.
  void retry(SimTime t, const Request& r);
  // The next activation or retry to make; kNever for none.
  SimTime next_request() const;
  SimTime server_time(SimTime t) { return last_t_ = std::max(last_t_, t); }

  const Scenario& scenario_;
  std::vector<bool> followed_;  // by population
  twinmodels::platform::ChipRegistry registry_;
  twinmodels::platform::PlatformServer server_;
  // Activations in time order (t, device) and how far they went.
  std::vector<std::pair<SimTime, std::uint32_t>> activations_;
  std::size_t activated_next_ = 0;
  std::uint64_t next_request_ = 0;
  std::map<std::uint64_t, Request> in_server_;            // by request id
  std::multimap<SimTime, Request> retries_;               // by retry time, in order of refusal
  std::multimap<SimTime, Request> arriving_;              // reports on their way: by arrival, in order sent
  std::deque<Released> quarantine_;                       // by due time
  std::vector<BarringChange> barring_;                    // not taken yet
  // The HSS's view of a device's barring while changes are on their way
  // to it: barred before the first, then each change from its arrival.
  struct HssView {
    bool before = false;
    std::vector<std::pair<SimTime, bool>> changes;  // (arrival, barred from then), in order
  };
  SimTime hss_latency_ = 0;
  bool hss_on_links_ = false;  // a change on its way has arrival kNever until hss_heard()
  std::map<std::uint32_t, HssView> hss_views_;  // by device
  std::map<std::uint32_t, MmeDetach> mme_detaches_;  // by device
  SimTime shard_lookahead_ = 0;                      // a sharded run's L (shard())
  std::vector<HssViewChange> views_out_;             // rank 0's, not taken yet
  ChipManagementCounters counters_;
  twinmodels::platform::ServerCounters sampled_;
  SimTime last_t_ = 0;
  // By device: the steps of its chip's audit trail a restored checkpoint
  // held (empty: the run was not restored); the same for scrapped_.
  std::vector<std::uint32_t> audit_restored_;
  std::vector<std::uint32_t> scrapped_restored_;

  // The supply flows' chip steps (supply_chip_steps.cpp), in time order.
  struct SupplyStep {
    enum What : std::uint8_t { Produce, StockIn, Ship, Receive, Mount, Integrate, Sell, Scrap };
    std::uint64_t at_ms = 0;
    std::uint32_t device = 0;
    std::uint32_t unit = 0;  // in the population's SupplyOutcome::units
    std::uint16_t stage = 0;
    What what = Produce;
  };
  void plan_supply_steps(std::uint16_t p, std::uint32_t first);
  void take_supply_step(const SupplyStep& s);
  // The chip of the step's unit: the device's own (the unit that went into
  // service), or a scrapped unit's "<population>/unit-<u>".
  std::string unit_chip(const SupplyStep& s) const;
  const SupplySchedule& supply_;
  std::vector<SupplyStep> supply_steps_;
  std::size_t supply_next_ = 0;
  // The chips of scrapped units (device, chip id), by device then unit.
  std::vector<std::pair<std::uint32_t, std::string>> scrapped_;
  OneNetRun* onenet_ = nullptr;
};

// The platform's server configuration: platforms.chip_management with the
// outages of the faults that target it; the failure draws from the seed.
twinmodels::platform::ServerConfig chip_management_server_config(const Scenario& s);

// The chip id of device d's domestic card: its ICCID as printed.
std::string chip_id(std::uint32_t device);

}  // namespace twinsim
