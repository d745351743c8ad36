#pragma once
// A scenario: what to simulate, read from a YAML file (docs/SCENARIOS.md).
// Every number of the model is a key here, not a constant in code. Times are
// in simulated seconds (double) once loaded; files give them with units.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "twinmodels/network/nas_congestion.hpp"
#include "twinmodels/network/power_saving.hpp"
#include "twinmodels/network/ran_cell.hpp"
#include "twinmodels/network/smsc.hpp"
#include "twinmodels/ota/write_module.hpp"
#include "twinmodels/platform/chip_lifecycle.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinmodels/platform/pol2.hpp"
#include "twinmodels/supply/supply_flow.hpp"
#include "twinmodels/topology/network_topology.hpp"
#include "twinmodels/wear/endurance.hpp"
#include "twinmodels/wear/grade.hpp"
#include "twinmodels/wear/retention.hpp"
#include "twinmodels/wear/temperature.hpp"

namespace twinsim {

// Thrown for a scenario file that cannot be used. The message names the file,
// the line and column (1-based) and the key: "s.yaml:12:5: populations[0].count: ..."
// Control characters the file put in it (a key or value of one) are written
// as \xNN, so that the message prints whole: a NUL would end what().
struct ScenarioError : std::runtime_error {
  explicit ScenarioError(const std::string& message);
};

// Source document table 2-2: the wear models' grades (twinmodels/wear/grade.hpp).
using CardGrade = twinmodels::wear::Grade;
// Source document table 2-1: MFF2 5x6 mm patch, 2x2 mm patch, eSIM chip.
enum class CardForm : std::uint8_t { Patch5x6, Patch2x2, EsimChip };
// Radio technology of the modem (TS 36.306 categories / TS 45.001).
enum class ModemProfile : std::uint8_t { Gsm, LteCat1, LteM, NbIot };
// How a population's power-on times are spread.
enum class StartProfile : std::uint8_t {
  AtOnce,       // all at `start.at`
  Uniform,      // uniform over [at, at + over)
  Exponential,  // each device after `at` + an exponential delay of mean `over`
};

struct StartSpec {
  StartProfile profile = StartProfile::Uniform;
  double at_s = 0;     // first power-on
  double over_s = 0;   // spread (Uniform/Exponential); 0 with AtOnce
};

// Periodic activity after attach: every period (+/- uniform jitter) the device
// wakes, re-authenticates (a tracking area update with AUTHENTICATE) and
// writes its EF.EPSLOCI.
struct ActivitySpec {
  double period_s = 3600;
  double jitter_s = 0;  // uniform in [-jitter, +jitter], jitter < period
};

// How the devices of a population are modelled (docs/MODELS.md).
enum class DeviceModel : std::uint8_t {
  // The light USIM client: power-up, AUTHENTICATE and EF.EPSLOCI against the
  // HSS, re-authenticating at every activity; no modem, RAN, PSM or SMS.
  Usim,
  // The full modem (twinmodels::modem::Modem) in its network: RAN cell
  // admission, the MME's attach and AKA, PSM/eDRX reachability, MT SMS
  // through the SMSC, REFRESH, power loss at any point.
  Modem,
};

// populations[i].euicc.profiles[k] of an international card: a profile the
// eUICC factory installs in the card's k-th ISD-P (SGP.02 §3.1 done by the
// EUM), made from the population's profile file.
struct EuiccProfileSpec {
  std::string operator_name;  // its MNO, as the SM-SR's EIS names it
  std::string imsi_prefix;    // MCC+MNC; MSIN = the device index
  bool enabled = false;       // exactly one profile is enabled
  bool fallback = false;      // at most one has the fall-back attribute (SGP.02 §3.4)
  // subscribers: the HSS has a subscriber for each device's IMSI of this
  // profile (hss), or none (none: the operator never provisioned them; an
  // attach is rejected #8, TS 29.272 Annex A).
  bool hss_subscribers = true;
  // state not-installed: not on the card from the factory; the SM-DP
  // downloads it (campaign download-profile) from this SAIP package.
  bool installed = true;
  std::string package = "profiles/saip/cmcc-m2m.der";
};

struct PopulationSpec {
  std::string name;
  std::uint64_t count = 0;
  // Card kind: "domestic" (a USIM, cardcore::Uicc) or "international" (an
  // SGP.02 M2M eUICC, cardcore::euicc::Euicc; device_model modem only).
  std::string card = "domestic";
  // Profile description file; default per card kind. For an international
  // card, the file its profiles are made from (the platform is
  // profiles/euicc-platform.prof).
  std::string profile;
  // card international: its factory profiles in ISD-P order (imsi_prefix is
  // then the first one's), and the eUICC platform's profile file.
  std::vector<EuiccProfileSpec> euicc_profiles;
  std::string euicc_platform = "profiles/euicc-platform.prof";
  // card international: the SM-SR the EUM registers the eUICCs with
  // (platforms.sm_sr index; euicc.sm_sr names it by id), and where the
  // name was written, for messages.
  std::uint8_t sm_sr = 0;
  std::string sm_sr_name;
  std::string sm_sr_where;
  // card international: the ISD-R has SCP81 keys and defaults naming its
  // SM-SR's admin server (euicc.scp81): ES5 over HTTPS.
  bool scp81 = false;
  std::string scp81_where;
  CardGrade grade = CardGrade::Consumer;
  CardForm form = CardForm::Patch5x6;
  ModemProfile modem = ModemProfile::NbIot;
  std::string region;             // free text label, e.g. "cn-north"
  StartSpec start;
  ActivitySpec activity;
  std::string imsi_prefix = "46004";  // MCC+MNC; MSIN = device index, zero padded
  // The access node of network.topology its devices attach through (a RAN/MME
  // site, or a foreign network when roaming); empty: spread over every
  // RAN/MME site.
  std::string node;
  std::string node_where;  // "file:line:column: populations[i].node", for messages

  // populations[i].device_model and what only the modem model uses.
  DeviceModel device_model = DeviceModel::Usim;
  // populations[i].power_saving: what the network grants at attach (built
  // through the ATTACH ACCEPT IEs, so only encodable values load); its
  // paging channel follows `modem`.
  twinmodels::PowerSavingProfile power_saving;
  // populations[i].power_saving.card: the modem deactivates its card in PSM
  // (`off`, the default) or keeps it powered (`on`).
  bool card_off_in_psm = true;
  // populations[i].connected: the RRC connection is released this long
  // after the device's last activity (the eNB's inactivity timer).
  double connected_s = 10;
  // populations[i].activity_data: the user data (up and down together) of
  // each of the device's own activities; OneLink counts it as the card's
  // usage (0: none).
  std::uint64_t activity_data_bytes = 0;
  // populations[i].activity_sms: the MO SMS each of the device's own
  // activities sends through the SMSC once its RRC connection is up
  // (0: none); OneLink counts them as the card's SMS usage.
  std::uint32_t activity_sms = 0;
  // populations[i].pin: PIN1 the modem presents when the card asks (empty: none).
  std::string pin;
  // populations[i].card_retry (modem only): after a card failure the module
  // activates the card again this long after, s; 0: never (ModemConfig).
  std::uint32_t card_retry_s = 0;
  // populations[i].temperature: where its cards live (docs/SCENARIOS.md,
  // "Environment and wear"). Set: the environment wears its cards' NVM
  // (sim/twinsim/engine/card_wear.hpp); none: their pages never fail.
  std::optional<twinmodels::wear::TemperatureProfile> temperature;
  // populations[i].nvm_history: EF.EPSLOCI updates each card made before
  // the run (its field history), done on the card before its first
  // power-on; with a temperature, counted at the profile's mean
  // acceleration over a year and without failures (card_wear.hpp).
  std::uint64_t nvm_history = 0;
};

// The HSS/AuC server (TS 23.002 §4.1.1.1, TS 33.102 §6.3).
struct HssSpec {
  std::string host = "hss";
  double speed_flops = 1e9;        // SimGrid host speed per core
  int cores = 4;
  double flops_per_vector = 2e5;   // cost of one authentication vector
  double flops_per_resync = 2e5;   // cost of one AUTS check
  std::uint64_t queue_limit = 100000;  // requests waiting beyond this are rejected
};

// platforms.write_module: the write-card platform's domestic write module
// (twinmodels::ota::WriteModule), which carries the write-card campaigns.
struct WriteModuleSpec {
  std::string host = "write-module";          // its table in the run file: /platforms/<host>
  twinmodels::ota::WriteModuleConfig config;  // outages: from the faults, at run time
  // Its node of network.topology (kind platform); empty: with the SMSC
  // (its messages take no time).
  std::string node;
  std::string node_where;
};

// An SM-SR's admin server for ES5 over HTTPS (platforms.sm_sr[i].https;
// SGP.02 §2.4.4, GP Amendment B).
struct AdminServerSpec {
  std::array<std::uint8_t, 4> ipv4{};
  std::uint16_t port = 443;
  std::string host;                // the Host header
  std::string uri = "/gp/ram";     // the first POST's request-target
  // Connections it holds at once; more are refused (the card's channel
  // drops). 1 to 100 000: the seeded TLS endpoints share one library
  // context (cardcore/scp81/seeded_rand.hpp), so a run holds any number.
  std::uint32_t max_sessions = 100;
};

// platforms.sm_sr: an SM-SR (twinmodels::platform::SmSr) behind a
// PlatformServer, which carries the SM-SR's campaigns; a run has one or
// several (a list), each with its own id, host and number.
inline constexpr std::size_t kMaxSmSrs = 16;
// platforms.sm_sr[i].notification_retry, platforms.sm_dp[i].notification_retry:
// a notification its receiver could not take (an SM-DP down or with its
// queue full; an MNO in an `mno:<id>` outage) is sent again `retry_after`
// after the refusal came back, up to `max_attempts` sends (the first
// included); then the sender gives up. campaigns[i].retry: the same for
// the MNO's campaign calls (CampaignSpec::retry).
struct RetrySpec {
  double retry_after_s = 60;
  std::uint32_t max_attempts = 1;
};
using NotificationRetrySpec = RetrySpec;

struct SmSrSpec {
  std::string id = "SM-SR";                   // its SGP.02 identifier (the ES4/ES7 messages' SM-SR id)
  std::string host = "sm-sr";                 // its table in the run file: /platforms/<host>
  std::string address = "8613900200777";      // its E.164 number: TP-OA of its SMS, where notifications go
  std::uint32_t max_attempts = 3;             // sends of one function's packet before it expires
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
  // Its node of network.topology (kind sm_sr); empty: the HSS's node.
  std::string node;
  std::string node_where;  // "file:line:column: ...node", for messages
  std::optional<AdminServerSpec> https;  // none: ES5 over SMS only
  // notification_retry: its ES3 notifications' (to the SM-DPs) and ES4
  // ones' (to the MNOs) delivery with acknowledgement (SGP.02 §5.1.3: the
  // receiver's function execution response); none: each is sent once and
  // taken whatever the receiver's state.
  std::optional<NotificationRetrySpec> notification_retry;
  std::string notification_retry_where;  // "file:line:column: notification_retry", for messages
};

// platforms.sm_dp: an SM-DP (twinmodels::platform::SmDp) behind a
// PlatformServer, which carries the download-profile campaigns (ES2) over
// ES3 through the eUICC's SM-SR; a run has one or several (a list), each
// with its own id and host.
inline constexpr std::size_t kMaxSmDps = 16;
struct SmDpSpec {
  std::string id = "SM-DP";                   // its SGP.02 identifier (the ES2/ES3 messages' SM-DP id)
  std::string host = "sm-dp";                 // its table in the run file: /platforms/<host>
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
  // Its node of network.topology (kind platform); empty: the HSS's node.
  std::string node;
  std::string node_where;
  // notification_retry: its ES2 notifications' delivery to the MNOs with
  // acknowledgement (SGP.02 §5.1.3); none: each is sent once and taken
  // whatever the MNO's state.
  std::optional<NotificationRetrySpec> notification_retry;
  std::string notification_retry_where;
  // es3_retry: its own ES3 calls that the SM-SR's server refused or
  // failed before serving them made again (sim/twinsim/engine/
  // es3_retries.hpp); none: such a call fails its order.
  std::optional<RetrySpec> es3_retry;
};

// platforms.onelink: the connectivity-management platform
// (twinmodels::platform::OneLink) following the cards of the populations it
// names, one customer account per population, from the network's events.
struct OneLinkSpec {
  std::vector<std::uint16_t> populations;  // followed, by index
  std::optional<double> offline_alert_s;   // OfflineTooLong after this long offline; none: no alert
  std::size_t history = 16;                // events kept per card for diagnosis
  // Usage alerts (the source document §3.2.1, 阈值告警): a card's data in
  // one billing period at or above data_alert, an account's (a followed
  // population's) at or above account_data_alert; none: no such alert.
  std::optional<std::uint64_t> data_alert_bytes;
  std::optional<std::uint64_t> account_data_alert_bytes;
  // SMS usage alerts: a card's MO SMS in one billing period at or above
  // sms_alert, an account's at or above account_sms_alert; none: no alert.
  std::optional<std::uint64_t> sms_alert;
  std::optional<std::uint64_t> account_sms_alert;
  double billing_period_s = 30 * 86400.0;  // the periods start at 0 s
  // platforms.onelink.accounts: a followed population's account with its
  // own billing calendar (a monthly cycle day, or a period length from
  // 0 s) and data plan (each card's quota per period, alert levels in %).
  struct Account {
    std::uint16_t population = 0;
    std::optional<unsigned> cycle_day;        // 1 to 28
    std::optional<double> billing_period_s;   // instead of cycle_day
    std::optional<std::uint64_t> data_plan_bytes;
    std::vector<std::uint16_t> quota_alerts;  // ascending %, with data_plan
  };
  std::vector<Account> accounts;
  // The server in front of its customer API (onelink-query campaigns'
  // requests); its table /platforms/<host>.
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
  // Added to a request's service time per card it names.
  twinmodels::NetTime service_time_per_card = 0;
  std::string host = "onelink";
  // Its node of network.topology (kind platform); empty: its messages take
  // no time.
  std::string node;
  std::string node_where;
};

// platforms.chip_management: the chip management platform (the source
// document §3.2.3; twinmodels::platform::ChipRegistry) behind a
// PlatformServer, following the domestic cards of the populations it names:
// each chip's life before the run (production, circulation, sale to one
// customer account per population), the activation of its number when the
// device first powers up, the record of every OTA number write of a
// write-card campaign, the old numbers' quarantine and recycling, billing.
// platforms.chip_management.supply[i]: how a followed population's chips
// reached its customer before the run (the source document §3.2.3's
// circulation; the partners and modes of §4.1).
struct ChipSupplySpec {
  // Who made the chip: a card vendor (the eSIM card China Mobile buys,
  // §4.1.1) or a baseband chip maker (the eSIM chip with the modem's
  // chip, §4.1.2).
  twinmodels::platform::Role maker = twinmodels::platform::Role::ChipMaker;
  // The parties after China Mobile, in order: Agent, ModuleMaker (mounts
  // it in a module), Oem (integrates it in a device); the last sells it.
  std::vector<twinmodels::platform::Role> via = {twinmodels::platform::Role::ModuleMaker,
                                                 twinmodels::platform::Role::Oem};
  // The population's supply flow (docs/SUPPLY.md, "In a run"): its units
  // are the population's devices, each powered on first when its unit goes
  // into service, and the stages' chip steps are the chips' audit trail at
  // their times (maker and via then come from the flow). The party of
  // each stage as a role (none: a party the platform does not know).
  std::optional<twinmodels::supply::FlowSpec> flow;
  std::vector<std::optional<twinmodels::platform::Role>> stage_roles;
};

struct ChipManagementSpec {
  std::vector<std::uint16_t> populations;     // followed, by index; none: no chip management
  std::map<std::uint16_t, ChipSupplySpec> supply;  // by population; one not listed: the default chain
  std::string host = "chip-management";       // its table in the run file: /platforms/<host>
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
  double quarantine_s = 30 * 86400.0;         // a released number rests this long before it is recycled
  double retry_after_s = 60;                  // a request its server refused is made again after this
  std::uint64_t fee_per_day = 0;              // billing, in the smallest currency unit (no tariff published)
  // Its node of network.topology (kind platform); empty: its messages take
  // no time.
  std::string node;
  std::string node_where;
};

// platforms.onenet: OneNET, China Mobile's IoT open platform (the source
// document §3.2.3, §4.1.2; twinmodels::platform::OneNet), following the
// devices of the populations it names: one product per population (the
// customer's), a device per card, online while attached, the devices'
// activity_data as data points; chip management's steps reach it
// (onenet_run.hpp).
struct OneNetSpec {
  enum class Registration : std::uint8_t {
    Customer,    // the customer registered every device before the run
    Activation,  // chip management registers a device at its chip's activation
  };
  std::vector<std::uint16_t> populations;  // followed, by index; none: no OneNET
  Registration registration = Registration::Customer;
  // The server in front of it (data point uploads and chip management's
  // registrations as requests; onenet_run.hpp), its table /platforms/<host>:
  // only when one of host, workers, service_time, queue_limit,
  // admission_rate, burst or failure_ratio is given (`served`); without, the
  // uploads and registrations take no time, as before.
  bool served = false;
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
  std::string host = "onenet";
  // Its node of network.topology (kind platform); empty: its messages take
  // no time.
  std::string node;
  std::string node_where;
};

// network.smsc: the SMS centre MT SMS of campaigns go through.
struct SmscSpec {
  twinmodels::SmscConfig config;              // retry schedule, rate, burst, validity
  std::string address = "8613800100500";      // its E.164 number (RP-Originator, TP-RA)
  double delivery_latency_s = 0.5;            // SMSC -> MME/MSC -> eNB, one MT forward
  // Its node of network.topology (kind smsc); empty: the HSS's node.
  std::string node;
  std::string node_where;
};

// network.ran: the RAN cells at each access node (one tracking area per
// node), for devices with device_model modem.
struct RanSpec {
  twinmodels::RanCellConfig cell;  // capacity, admission delay, reject waitTime, BI (cell_id/tac set by the engine)
  int cells = 1;                   // cells per access node
};

// Core network between the device multiplexers (standing for the RAN and
// MME side) and the platform servers. Without a topology: a RAN/MME node per
// multiplexer (mux-<m>), each with one core link (core-<m>) to the HSS.
struct NetworkSpec {
  double core_latency_s = 0.005;
  double core_bandwidth_Bps = 100e6;
  std::optional<twinmodels::topology::NetworkTopology> topology;  // network.topology
  std::string topology_where;      // "file:line:column: network.topology", for messages
  double batch_window_s = 0.01;    // requests of one multiplexer per window travel as one message
  double request_bytes = 200;      // per authentication request or answer
  // Per report between platforms (platform_links.hpp): our estimate of an
  // SGP.02 notification or a OneLink status message, SOAP or JSON over
  // HTTPS with its headers and TLS record.
  double report_bytes = 2000;
  // Per SMPP PDU between the write module and the SMSC, with its TCP/IP
  // headers: our estimate of a submit_sm or deliver_sm carrying one OTA
  // packet (SMPP 3.4 §4.4.1: ~60 B of header and fields, up to 140 B of
  // short message; 40 B of TCP/IP).
  double smpp_bytes = 240;
  double retry_backoff_s = 5;      // mean back-off after a rejected request (exponential)
  double request_timeout_s = 15;   // a device whose request or answer was lost retries after this (T3410)
  // The HSS sends an Insert Subscriber Data or Cancel Location again when
  // its answer has not come after this (network_detach_cycle.cpp; TS 29.272
  // sets no timer, RFC 6733 §5.5.4 keeps the request pending until its
  // answer; the 10 s are RFC 4006 §13's Tx, our choice).
  double hss_answer_timeout_s = 10;
  SmscSpec smsc;
  RanSpec ran;
  // network.mme: NAS level congestion control of attaches at each access
  // node's MME (ATTACH REJECT #22 with T3346, TS 24.301 §5.3.9), for devices
  // with device_model modem; absent: the MME admits every attach.
  std::optional<twinmodels::NasCongestionConfig> mme_congestion;
};

struct EngineSpec {
  int multiplexers = 2;            // SimGrid actors sharing the population
};

// An expectation checked at the end of the run: metric op value, or, scale
// free, metric op value * rhs_metric ("ota.done >= 0.99 * devices").
struct Expectation {
  std::string metric;      // see docs/SCENARIOS.md for the metric names
  std::string op;          // one of: <, <=, ==, >=, >
  double value = 0;        // the number, or rhs_metric's factor (1 when none was written)
  std::string rhs_metric;  // empty: the right-hand side is the number alone
  int line = 0;            // where it was written, for the report
};

// A fault injected at a simulated time (docs/SCENARIOS.md, "faults").
enum class FaultTarget : std::uint8_t {
  Hss,         // "hss": the HSS/AuC platform
  WriteModule, // "write-module": the write-card platform's write module
  SmSr,        // "sm-sr" (the first), "sm-sr:<id>": an SM-SR (its server refuses requests and starts no service)
  SmDp,        // "sm-dp" (the first), "sm-dp:<id>": an SM-DP (likewise)
  CoreLinks,   // "core" (every core link), "core-<m>" (multiplexer m's), "link:<name>"; also network.topology's links
  Population,  // "population:<name>": every device of a population
  Device,      // "device:<n>"
  ChipManagement,  // "chip-management": the chip management platform (its server refuses requests)
  OneLink,         // "onelink": OneLink's customer API server (it refuses the queries' requests)
  OneNet,          // "onenet": OneNET's server (platforms.onenet's server keys; it refuses uploads and registrations)
  // "mno:<operator>": an MNO's endpoint for the notifications (SGP.02
  // §5.1.3; ES4 from the SM-SRs, ES2 from the SM-DPs): it refuses those
  // whose sender waits for the acknowledgement (notification_retry)
  Mno,
  // "region:<label>": every device of the populations whose `region` is the
  // label (a regional power cut, a storm): the device actions
  Region,
  // "smsc": the SMSC (network.smsc). Outage: its delivery side, no delivery
  // attempt starts; submissions are stored, validity runs on (TS 23.040 §3,
  // §9.2.3.12). Crash: the whole SMSC (smsc.hpp, "Crashes")
  Smsc,
};
enum class FaultAction : std::uint8_t {
  Outage,         // hss: every request is rejected (an error answer) for `for`; write-module: it stops for `for`; smsc: it delivers nothing for `for`
  Degrade,        // hss: fewer cores; links: another bandwidth, for `for`
  RestoreBackup,  // hss: SQN_HE of every subscriber back to its value at `backup_at`; write-module: its records of the campaigns (write ids, counters) back to `backup_at`; sm-sr: its OTA counter of each eUICC back to `backup_at`
  PowerCycle,     // devices: power off and on again, spread over `over`
  PowerLoss,      // devices: power is lost during the card's next NVM page program
  BrownOut,       // devices: a supply dip resets the module, the card loses power at once; up again after the module's restart
  // Devices with the modem model and an international card: the device
  // enables (disables) the emergency profile locally (SGP.02 v3.1
  // "Emergency Profile"), spread over `over`.
  EmergencyEnable,
  EmergencyDisable,
  // Devices with the modem model: an exception report (3GPP TR 45.820
  // Annex E, mobile autonomous reporting), the application's own report at
  // once, outside its period (an alarm), spread over `over`.
  ExceptionReport,
  // Devices with the modem model: switched off for good, spread over
  // `over` (a terminal that failed in the field): the modem detaches with
  // "switch off" (TS 24.301 §5.5.2.2) and deactivates its card; no later
  // step of the device happens, and one not powered up yet never does.
  PowerOff,
  // A platform's server process dies and is up again `restart` later
  // (write-module, sm-sr, sm-dp, chip-management, onelink, onenet, hss,
  // smsc): what it held in memory (its queue, the requests in service, the
  // packets not yet sent, the SMSC's dialogues of attempts) is lost, its
  // database kept (platform_server.hpp, write_module.hpp, smsc.hpp); down
  // until the restart.
  Crash,
  // Links (core, core-<m>, link:<name>): each message crossing the link is
  // lost with probability `loss` for `for` (Loss), or every one (Down, the
  // link cut), in place of the link's steady loss.
  Loss,
  Down,
  // Links: each message crossing the link takes `latency` longer, for
  // `for` (a rerouted or congested link).
  Delay,
  // The write module's clock is `skew` off the true time for `for`: the
  // time stamps it writes (an absolute TP-VP) are off as much.
  ClockSkew,
};

struct FaultSpec {
  double at_s = 0;
  FaultTarget target = FaultTarget::Hss;
  int link = -1;                 // CoreLinks: -1 every link, else the link's index (core-<m>: m)
  std::uint16_t population = 0;  // Population
  std::uint64_t device = 0;      // Device
  std::uint8_t sm_sr = 0;        // SmSr: platforms.sm_sr index
  std::uint8_t sm_dp = 0;        // SmDp: platforms.sm_dp index
  std::string mno;               // Mno: the operator, as the populations' profiles name it
  std::string region;            // Region: the populations' `region` label
  FaultAction action = FaultAction::Outage;
  double for_s = 0;              // Outage, Degrade: duration; 0 = until the end of the run
  int cores = 0;                 // Degrade of the HSS: cores left
  double bandwidth_Bps = -1;     // Degrade of links: new bandwidth
  double loss = 0;               // Loss of links: the probability (Down: 1)
  double latency_s = 0;          // Delay of links: the latency it adds, each way
  double skew_s = 0;             // ClockSkew: the clock's time minus the true time
  double backup_at_s = 0;        // RestoreBackup: when the backup was taken
  double over_s = 0;             // PowerCycle, BrownOut, Emergency*, ExceptionReport, PowerOff: the devices' times spread uniformly over this
  double restart_s = 10;         // PowerLoss: the device powers up again after this; Crash: the platform is up again after this
  int line = 0;                  // where it was written, for messages
  double end_s() const { return for_s > 0 ? at_s + for_s : 1e300; }
};

// campaigns[i]: a mass OTA campaign (docs/SCENARIOS.md, "campaigns").
enum class CampaignKind : std::uint8_t {
  // OTA number writing (docs/WRITE-CARD.md): the write-card platform sends
  // each device's card a new subscription over SMS-PP through the SMSC.
  WriteCard,
  // ES4.EnableProfile (SGP.02 §5.4.8) from the profile's MNO to the SM-SR
  // for every eUICC of an international population: the SM-SR's ES5 script
  // over SMS, the eUICC's REFRESH, the attach on the new profile, its
  // notification back (docs/SCENARIOS.md, "campaigns").
  EnableProfile,
  // The SM-SR's other ES4 functions for every eUICC of an international
  // population (SGP.02 §5.4): DisableProfile (the fall-back profile takes
  // over), DeleteProfile (of a disabled profile), SetFallbackAttribute and
  // AuditEIS, and SetEmergencyProfileAttribute below.
  DisableProfile,
  DeleteProfile,
  SetFallbackAttribute,
  AuditEis,
  // ES4.SetEmergencyProfileAttribute (SGP.02 v3.1 "Emergency Profile"): the
  // profile the device enables locally in an emergency (card-core's
  // emergency_profile.cpp); no switch.
  SetEmergencyProfileAttribute,
  // ES2.DownloadProfile (SGP.02 §5.3.2) from the profile's MNO to the SM-DP
  // for every eUICC of an international population: CreateISDP, the ES8
  // key establishment and download as ES3.SendData through the SM-SR,
  // ProfileDownloadCompleted, and EnableProfile when `enable`.
  DownloadProfile,
  // The SM-SR change (SGP.02 §3.8) for every eUICC of an international
  // population: the MNO of the enabled profile orders ES4.PrepareSMSRChange
  // at the new SM-SR (`to`) and ES4.SMSRChange at the current one; the
  // ES7 handover, the key establishment through the current SM-SR, the
  // new SM-SR's FinaliseISDRhandover and UpdateConnectivityParameters.
  SmSrChange,
  // The chip management platform's lifecycle steps (the source document
  // §3.2.3: 停机 suspension, 复机 resumption, 销户 deactivation, 报废
  // scrapping) for every chip of a domestic population it follows: the
  // operator's request at its server, then the ChipRegistry step.
  ChipSuspend,
  ChipResume,
  ChipDeactivate,
  ChipScrap,
  // ES2.GetEIS (SGP.02 §5.3.1) at the campaign's SM-DP (`sm_dp`, required)
  // for every eUICC of an international population: the SM-DP asks the
  // eUICC's SM-SR (ES3.GetEIS, §5.4.1) and answers the MNO with the EIS of
  // its profiles. The SM-SR answers from its EIS: no SMS but its first
  // script to an eUICC it had not registered (its address).
  GetEis,
  // The customer's query at OneLink (the source document §3.2.1: online
  // status query, fault diagnosis) for every card of a population OneLink
  // follows: OneLink answers with its diagnosis of the card then.
  OneLinkQuery,
  // ES4.UpdatePolicyRules (SGP.02 Policy Rules; with `sm_dp`,
  // ES2.UpdatePolicyRules relayed as ES3.UpdatePolicyRules) from the
  // profile's MNO for every eUICC of an international population: the
  // profile's POL2 in the SM-SR's EIS becomes `pol2`; no script goes to the
  // eUICC (but the SM-SR's first one to an eUICC it had not registered).
  UpdatePolicyRules,
};

// Whether the chip management platform takes campaigns of `k`.
// The chip management platform's requests by the function names its server
// sees (ours), in the order of ChipManagementRun's request kinds: activate,
// ota-write, suspend, resume, deactivate, scrap, then an eUICC's
// profile-download, profile-enable, profile-delete, smsr-change. The keys
// of platforms.chip_management.service_times.
const std::vector<std::string>& chip_management_functions();
// The functions OneNET's server serves in runs (ours): a data point upload, a
// registration by chip management.
const std::vector<std::string>& onenet_functions();

inline bool chip_management_step(CampaignKind k) {
  return k == CampaignKind::ChipSuspend || k == CampaignKind::ChipResume || k == CampaignKind::ChipDeactivate ||
         k == CampaignKind::ChipScrap;
}
// Whether the SM-SR carries campaigns of `k` (all but write-card, the
// chip management platform's and OneLink's queries; a download's ES3 calls
// from the SM-DP).
inline bool carried_by_sm_sr(CampaignKind k) {
  return k != CampaignKind::WriteCard && !chip_management_step(k) && k != CampaignKind::OneLinkQuery;
}

struct Scenario;
// The MNO that orders campaign `campaign` of the SM-SR's or the SM-DP's
// kinds: the operator of the profile it names; for one naming none (an
// audit, an SM-SR change), of the population's first profile.
const std::string& ordering_operator(const Scenario& s, std::uint16_t campaign);
// Write-card campaign `campaign`'s round on its population: 0 for the
// first write-card campaign on it (in file order, which is time order: the
// loader checks), 1 for the re-numbering after it, ...
std::size_t write_round(const Scenario& s, std::uint16_t campaign);
// The round the write module numbers campaign `campaign` by (its write id
// and counters, docs/WRITE-CARD.md): write_round(), less the earlier
// write-card campaigns on the population that a `write-module`
// `restore-backup` fault before it made the module forget (those started
// at or after its backup_at and before its at).
std::size_t write_module_round(const Scenario& s, std::uint16_t campaign);
// The most write-card campaigns on one population (0: none).
std::size_t write_rounds(const Scenario& s);
// Whether they name a profile (all the SM-SR's but audit-eis, smsr-change and get-eis).
inline bool names_a_profile(CampaignKind k) {
  return carried_by_sm_sr(k) && k != CampaignKind::AuditEis && k != CampaignKind::SmSrChange && k != CampaignKind::GetEis;
}

struct CampaignSpec {
  std::string name;
  CampaignKind kind = CampaignKind::WriteCard;
  std::uint16_t population = 0;   // whose devices (device_model modem; the chip kinds: one chip management follows)
  double at_s = 0;                // first submission
  // `at` counts from each device's unit going into service (its
  // population's supply flow, platforms.chip_management.supply[i].flow):
  // the commercial subscription written over the air after the line's
  // test profile (the source document §4.3). No batches then.
  bool after_in_service = false;
  double over_s = 0;              // submissions spread uniformly over [at, at + over)
  std::uint64_t batch_size = 0;   // or: released in batches of this many devices (0: no batches)
  double batch_interval_s = 0;    // batch k at at + k * batch_interval
  std::string imsi_prefix;        // write-card: MCC+MNC of the new subscriptions; MSIN = device index
  // write-card with `numbers_from`: the number migration of the source
  // document §2.4 (空中写号 to a replacement terminal): device i of
  // `population` gets the subscription (IMSI, K, OPc: the same HSS
  // subscriber) of device i of this population, whose terminals failed and
  // are switched off (a power-off fault, checked by the loader). No
  // imsi_prefix then.
  std::optional<std::uint16_t> numbers_from;
  std::string numbers_from_where;  // "file:line:column: campaigns[i].numbers_from", for later checks
  std::uint8_t profile = 0;       // the SM-SR's kinds: the profile (populations[i].euicc.profiles index)
  bool enable = true;             // download-profile: ES2.DownloadProfile's EnableProfile
  std::uint8_t to = 0;            // smsr-change: the new SM-SR (platforms.sm_sr index)
  std::uint8_t sm_dp = 0;         // download-profile: the SM-DP taking its orders (platforms.sm_dp index)
  // enable-profile, disable-profile, delete-profile, audit-eis and
  // update-policy-rules with sm_dp:
  // the MNO orders it at that SM-DP (ES2), which relays it over ES3.
  bool via_sm_dp = false;
  // update-policy-rules: the profile's new POL2 (empty: no rule).
  std::vector<twinmodels::platform::Pol2Rule> pol2;
  // download-profile, smsr-change with `onelink: true`: the customer's order
  // through OneLink, which sends it to the foreign platform (OneLink.
  // ProfileDownload / OneLink.SmSrSwitch, the source document §3.2.1) and
  // follows it to its result.
  bool via_onelink = false;
  // onelink-query: the cards one request of the customer API names
  // (twinmodels::platform::CardQuery, at most kMaxCardsPerQuery).
  std::uint32_t cards_per_request = 1;
  // TP-VP (relative) of its SMS (the SM-SR's kinds: of every SMS the SM-SR
  // sends its devices from the release on); none: the SMSC's default validity.
  std::optional<double> validity_s;
  // write-card: the TP-VP in the absolute format (TS 23.040 §9.2.3.12.2,
  // `validity_format: absolute`): the write module's clock at submission
  // plus validity_s, as a time stamp the SMSC reads with its own clock.
  bool validity_absolute = false;
  std::uint8_t refresh_mode = 0x04;  // REFRESH the applet asks for (TS 102 223 §8.6), 0xFF none
  // The campaigns whose MNO calls the SM-SR (ES4) or orders at the SM-DP
  // (ES2, download-profile): a call the platform's server refused (an
  // outage, its queue full, above its admission rate) or failed inside
  // the platform (lost in its crash, its failure_ratio) is made again
  // `retry_after` after that answer, up to `max_attempts` calls (the first
  // included). None: each call is made once.
  std::optional<RetrySpec> retry;
  int line = 0;                   // where it was written, for messages
};

// Whether the MNO orders campaign `c` at an SM-DP (ES2): a download, or
// one of the profile functions / the audit with `sm_dp`.
inline bool orders_at_sm_dp(const CampaignSpec& c) { return c.kind == CampaignKind::DownloadProfile || c.via_sm_dp; }

struct GeneralSpec {
  std::string name;
  std::uint64_t seed = 1;
  double stop_s = 3600;
  std::string time_unit = "s";  // unit of the time columns in the run file: "s"
};

// platforms.mno[i]: an MNO's endpoint for the SM-SRs' ES4 and the SM-DPs'
// ES2 notifications (SGP.02 §5.1.3) as a server: it admits or refuses each
// (down in its `mno:<operator>` outages, above its admission rate, its
// queue full) and acknowledges an admitted one when its service ends. An
// MNO not listed takes every notification as sent (outages aside).
struct MnoServerSpec {
  std::string operator_name;                  // as the populations' euicc.profiles name it
  std::string host;                           // its table /platforms/<host>; default "mno-<operator>"
  twinmodels::platform::ServerConfig server;  // outages: from the faults, at run time
};

// wear: the parameters of the NVM wear models (docs/MODELS.md,
// "Environmental stress and wear"), for every population with a temperature.
struct WearSpec {
  twinmodels::wear::EnduranceParams endurance;
  twinmodels::wear::RetentionParams retention;
};

struct Scenario {
  std::string source;  // file name, for messages
  std::string text;    // the whole file as read, stored in the run file
  GeneralSpec general;
  std::vector<PopulationSpec> populations;
  HssSpec hss;
  WriteModuleSpec write_module;
  std::vector<SmSrSpec> sm_srs{SmSrSpec{}};  // platforms.sm_sr: one or several, the first the default
  std::vector<SmDpSpec> sm_dps{SmDpSpec{}};  // platforms.sm_dp: one or several, the first the default
  OneLinkSpec onelink;
  ChipManagementSpec chip_management;
  OneNetSpec onenet;
  std::vector<MnoServerSpec> mno_servers;    // platforms.mno; none: no MNO is a server
  NetworkSpec network;
  EngineSpec engine;
  std::vector<Expectation> expectations;
  std::vector<FaultSpec> faults;
  std::vector<CampaignSpec> campaigns;
  std::vector<std::uint64_t> trace_devices;  // devices whose APDUs are recorded
  // trace.secrets: clear: their PINs and AUTHENTICATE's session keys as on
  // the card's interface; redact (the default): masked (apdu_redaction.hpp).
  bool trace_secrets = false;
  WearSpec wear;

  std::uint64_t device_count() const;
  // platforms.sm_sr's index of the SM-SR `id`; nullopt for none. The ids,
  // comma separated, for messages.
  std::optional<std::uint8_t> sm_sr_index(const std::string& id) const;
  std::string sm_sr_ids() const;
  // Likewise for platforms.sm_dp.
  std::optional<std::uint8_t> sm_dp_index(const std::string& id) const;
  std::string sm_dp_ids() const;
  // The population of device d (devices are numbered population after
  // population); throws std::out_of_range past the last.
  std::uint16_t population_of(std::uint64_t device) const;
};

// The access nodes of `t` that serve devices, in node order: every ran_mme
// node when some population names no node, and the nodes populations name.
// Each needs a multiplexer (docs/SCENARIOS.md, network.topology).
std::vector<twinmodels::topology::NodeId> serving_access_nodes(const Scenario& s,
                                                               const twinmodels::topology::NetworkTopology& t);
// Whether devices of population p attach at node n of `t`.
bool attaches_at(const PopulationSpec& p, const twinmodels::topology::NetworkTopology& t,
                 twinmodels::topology::NodeId n);

// Reads and validates a scenario. Throws ScenarioError.
Scenario load_scenario(const std::string& path);
Scenario parse_scenario(const std::string& text, const std::string& source);

}  // namespace twinsim
