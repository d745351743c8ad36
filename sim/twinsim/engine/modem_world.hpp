#pragma once
// What a run keeps for the devices of the populations with device_model
// modem and for the network models around them (docs/MODELS.md, "The
// engine's use of the models"): a twinmodels::modem::Modem per device, the
// MME's reachability view per population (PSM, eDRX, implicit detach), the
// RAN cells of each multiplexer's access node and its MME's NAS congestion
// control, the MME's procedures in progress, the SMSC and the MT messages it
// holds, and the campaigns' submissions. Absent (World::modem null) when
// every population is usim.
#include <algorithm>
#include <array>
#include <functional>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cardcore/euicc/euicc.hpp"
#include "twinmodels/modem/modem.hpp"
#include "twinmodels/network/outage_windows.hpp"
#include "twinmodels/network/mme_attach.hpp"
#include "twinmodels/network/mme_reachability.hpp"
#include "twinmodels/network/nas_congestion.hpp"
#include "twinmodels/network/ran_cell.hpp"
#include "twinmodels/network/smsc.hpp"
#include "twinmodels/ota/write_module.hpp"
#include "twinmodels/platform/platform_server.hpp"
#include "twinsim/engine/bip_links.hpp"
#include "twinsim/engine/campaign_progress.hpp"
#include "twinsim/engine/event_queue.hpp"
#include "twinsim/engine/write_module_link.hpp"
#include "twinsim/engine/platform_links.hpp"
#include "twinsim/engine/supply_schedule.hpp"
#include "twinsim/scenario/platform_routes.hpp"
#include "twinsim/scenario/scenario.hpp"

namespace twinsim {

class Waker;
class CampaignPlatforms;
class EuiccFactory;
class SmSrRuns;
class SmDpRuns;
class OneLinkRun;
class OneNetRun;
class OneLinkApiRun;
class MnoServers;
class ChipManagementRun;
class HandoverTimes;

// An MME procedure a device is in (TS 23.401 §5.3.2.1 attach; AKA at a
// periodic TAU or a service request, TS 33.401 §6.1).
struct MmeProcedure {
  enum class Kind : std::uint8_t { Attach, Connection } kind = Kind::Attach;
  std::uint32_t subscriber = 0;          // the HSS's subscriber of the IMSI the device named
  std::array<std::uint8_t, 16> rand{};   // the last challenge
  std::array<std::uint8_t, 16> autn{};
  std::array<std::uint8_t, 8> xres{};
  std::uint8_t synch_failures = 0;       // in a row
  std::uint8_t reject_cause = 0;         // ATTACH REJECT's EMM cause when one is on its way
  std::optional<std::uint8_t> t3346;     // and its T3346 value octet (GPRS timer 2), #22 of NAS congestion
  std::uint8_t connection_kind = 0;      // Connected event value of a Connection
  bool resync = false;                   // the next HSS request is a resync with `auts`
  std::array<std::uint8_t, 14> auts{};
};

// One campaign release: the write module takes a device's order at t.
struct Submission {
  SimTime t = 0;
  std::uint32_t device = 0;
  std::uint16_t campaign = 0;
};

struct SmsCounters {
  std::uint64_t submitted = 0, attempts = 0, absent = 0, delivered = 0, failed = 0, expired = 0;
  double last_delivery_s = 0;  // when the last message was delivered
  std::uint64_t por_ok = 0, por_errors = 0;
  // Of the errors: PoRs by Response Status Code (por_status_metrics.hpp),
  // and those the platform could not read at all.
  std::array<std::uint64_t, 16> por_status{};
  std::uint64_t por_unreadable = 0;
  std::uint64_t mo = 0;  // the devices' own MO SMS the SMSC took (activity_sms)
  // MO SMS a crashed SMSC could not take (the eUICCs' notifications and
  // the devices' own).
  std::uint64_t mo_refused = 0;

  // A sharded run's ranks' counters summed (the last delivery: the latest).
  SmsCounters& operator+=(const SmsCounters& o) {
    submitted += o.submitted;
    attempts += o.attempts;
    absent += o.absent;
    delivered += o.delivered;
    failed += o.failed;
    expired += o.expired;
    last_delivery_s = std::max(last_delivery_s, o.last_delivery_s);
    por_ok += o.por_ok;
    por_errors += o.por_errors;
    for (std::size_t i = 0; i < por_status.size(); ++i) por_status[i] += o.por_status[i];
    por_unreadable += o.por_unreadable;
    mo += o.mo;
    mo_refused += o.mo_refused;
    return *this;
  }
};

struct ModemCounters {
  std::uint64_t rrc_rejected = 0;
  std::uint64_t refreshes = 0;
  std::uint64_t auth_rejects = 0;
  std::uint64_t unknown_imsi = 0;
  std::uint64_t congestion_rejects = 0;  // ATTACH REJECT #22 with T3346 of the MMEs' NAS congestion control

  ModemCounters& operator+=(const ModemCounters& o) {
    rrc_rejected += o.rrc_rejected;
    refreshes += o.refreshes;
    auth_rejects += o.auth_rejects;
    unknown_imsi += o.unknown_imsi;
    congestion_rejects += o.congestion_rejects;
    return *this;
  }
};

struct ModemWorld {
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFFu;
  // What a modem device costs beside its Modem: next_activity, proc_seq,
  // conn_seq, connected, and its MmeReachability entry.
  static constexpr std::size_t kBytesPerDevice =
      sizeof(SimTime) + 2 * sizeof(std::uint16_t) + 1 + twinmodels::MmeReachability::kBytesPerUe;

  // Per population: its modem configuration (null for usim ones) and the
  // slot of its first device in the per-device vectors below.
  std::vector<std::unique_ptr<twinmodels::modem::ModemConfig>> configs;
  std::vector<std::uint32_t> slot_first;
  std::vector<std::unique_ptr<twinmodels::MmeReachability>> reach;  // per population, null for usim

  // Per modem device (by slot).
  std::vector<twinmodels::modem::Modem> modems;
  std::vector<SimTime> next_activity;     // its next own activity (0: none drawn yet)
  std::vector<std::uint16_t> proc_seq;    // MME procedure number: steps of older ones are void
  std::vector<std::uint16_t> conn_seq;    // RRC connection number: releases and wakes of older ones are void
  std::vector<std::uint8_t> connected;    // 1 while its RRC connection is up

  std::vector<twinmodels::TrackingArea> areas;  // per multiplexer: its access node's cells
  // Per multiplexer: its access node's MME's NAS level congestion control
  // of attaches (network.mme); empty without one.
  std::vector<twinmodels::NasCongestionControl> congestion;
  twinmodels::AttachLatencyConfig latency;      // the MME's message times (mme_attach.hpp)
  std::unordered_map<std::uint32_t, MmeProcedure> procedures;  // by device

  // SMS: the SMSC, what each stored message is (by SMSC id: device and
  // campaign), the message being delivered to each device, the campaigns'
  // releases to the write module in time order and how far they got.
  twinmodels::Smsc smsc;
  struct Message {
    std::uint32_t device = 0;
    std::uint16_t campaign = 0;
    // A write-card message: the write module's attempt it carries (its OTA
    // counter); an earlier attempt's may still be in the SMSC when the
    // module sends the order again after a crash. 0 for an SM-SR's.
    std::uint8_t attempt = 0;
  };
  std::unordered_map<twinmodels::SmscMessageId, Message> messages;
  std::unordered_map<std::uint32_t, twinmodels::SmscMessageId> delivering;
  // A sharded run's device rank: the SMS-DELIVERs of an SM-SR's message
  // under way to a device here, as they crossed with the SMSC's forward
  // (sms_crossing.hpp); taken by the delivery.
  std::unordered_map<twinmodels::SmscMessageId, std::vector<cardcore::Bytes>> sm_sr_delivers;
  std::vector<Submission> submissions;
  std::size_t submitted = 0;
  std::unique_ptr<CampaignPlatforms> platforms;
  // The write-card platform's write module (with campaigns): one order per
  // device of each campaign, campaign c's from order_first[c] on.
  std::unique_ptr<twinmodels::ota::WriteModule> write_module;
  std::vector<std::uint32_t> order_first;
  twinmodels::ota::WriteModuleCounters write_sampled;  // at the last platform sample
  // The write-card campaigns' completion table (with a write module).
  std::unique_ptr<CampaignProgress> progress;
  // The latencies between the platforms (platform_routes.hpp).
  PlatformRoutes routes;
  // The platforms' reports on the SimGrid links of their routes, when one
  // crosses a route (platform_links.hpp); null otherwise.
  std::unique_ptr<PlatformLinks> links;
  // The write module's messages on their way to and from the SMSC, when
  // the two sit apart (write_module_link.hpp); null otherwise.
  std::unique_ptr<WriteModuleLink> write_link;
  // International cards (card international): the eUICC of each modem
  // slot (null for a domestic card, whose card is its Device's), the
  // factory that made them, and the SM-SRs (with their campaigns). An SMSC
  // message of SM-SR i has campaign sm_sr_message(i) (its SMS-DELIVERs:
  // SmSrRun::delivers()).
  static constexpr std::uint16_t kSmSrMessage = 0xFFFF;
  static std::uint16_t sm_sr_message(std::uint8_t sm_sr) { return static_cast<std::uint16_t>(kSmSrMessage - sm_sr); }
  // The SM-SR of an SMSC message's campaign tag; nullopt for a campaign's.
  static std::optional<std::uint8_t> sm_sr_of_message(std::uint16_t campaign) {
    if (campaign <= kSmSrMessage - kMaxSmSrs) return std::nullopt;
    return static_cast<std::uint8_t>(kSmSrMessage - campaign);
  }
  std::vector<std::unique_ptr<cardcore::euicc::Euicc>> euiccs;
  std::unique_ptr<EuiccFactory> euicc_factory;
  std::unique_ptr<SmSrRuns> sm_srs;
  // The SM-DPs (with download-profile campaigns): their ES3 calls go to the eUICC's SM-SR.
  std::unique_ptr<SmDpRuns> sm_dps;
  // The MNOs' notification endpoints as servers (platforms.mno), shared by
  // the SM-SRs and the SM-DPs; null without.
  std::unique_ptr<MnoServers> mno_servers;
  // OneLink, following the populations platforms.onelink names; null without.
  std::unique_ptr<OneLinkRun> onelink;
  // OneLink's customer API behind its server (with onelink-query campaigns); null without.
  std::unique_ptr<OneLinkApiRun> onelink_api;
  // The chip management platform, following the populations
  // platforms.chip_management names; null without.
  std::unique_ptr<ChipManagementRun> chip_management;
  // OneNET, following the populations platforms.onenet names; null without.
  std::unique_ptr<OneNetRun> onenet;
  // The devices' switches of the handover campaigns (handover_times.hpp);
  // null without such campaigns.
  std::unique_ptr<HandoverTimes> handover;
  Waker* smsc_waker = nullptr;  // set by the SMSC actor while it runs
  // The eUICCs' BIP channels to the SM-SRs' admin servers (ES5 over HTTPS).
  BipLinks bip;
  BipServers bip_servers;  // a sharded run's rank 0: the admin servers' side

  SmsCounters sms;
  ModemCounters counters;

  // `supply`: the populations' supply flows, for the campaigns released
  // after the devices' going into service (CampaignSpec::after_in_service).
  ModemWorld(const Scenario& s, const std::vector<std::uint32_t>& population_first, int multiplexers,
             const SupplySchedule& supply);
  ~ModemWorld();

  std::uint32_t slot(std::uint16_t population, std::uint32_t device, const std::vector<std::uint32_t>& population_first) const {
    return slot_first[population] + (device - population_first[population]);
  }
  // The device's index in its population (its MmeReachability UE).
  static std::uint64_t ue(std::uint16_t population, std::uint32_t device, const std::vector<std::uint32_t>& population_first) {
    return device - population_first[population];
  }
  // The eUICC of `device` of `population`; nullptr for a domestic card.
  cardcore::euicc::Euicc* euicc(std::uint16_t population, std::uint32_t device,
                                const std::vector<std::uint32_t>& population_first) const {
    if (euiccs.empty() || slot_first[population] == kNoSlot) return nullptr;
    return euiccs[slot(population, device, population_first)].get();
  }
  // Wakes the SMSC actor if it sleeps past t.
  void poke_smsc(SimTime t);
  // A message of `bytes` from the network (an MME, the SMSC) to a platform
  // of the SMSC actor over hop h, sent at t: on the links of its route
  // (platform_links.hpp), else its latency; `deliver` takes its time on
  // the way, and the SMSC actor wakes at its arrival. A template: the
  // devices' events take it, and without links nothing is wrapped.
  template <class Deliver>
  void to_platform(const PlatformHop& h, SimTime t, double bytes, Deliver deliver) {
    if (links && h.crosses) {
      links->send(h, t, bytes, [this, t, deliver = std::move(deliver)](SimTime l) {
        deliver(l);
        poke_smsc(t + l);
      });
      return;
    }
    const SimTime l = to_simtime(h.latency_s);
    deliver(l);
    if (l > 0) poke_smsc(t + l);
  }
  // The write module's order of `device` in `campaign`, and back.
  std::uint32_t order_of(std::uint16_t campaign, std::uint32_t device, const std::vector<std::uint32_t>& population_first,
                         const Scenario& s) const {
    return order_first[campaign] + (device - population_first[s.campaigns[campaign].population]);
  }
  std::pair<std::uint16_t, std::uint32_t> campaign_device(std::uint32_t order,
                                                           const std::vector<std::uint32_t>& population_first,
                                                           const Scenario& s) const;
};

// The outages of the faults that target `t` (of an SmSr or SmDp target:
// those of platform `index` of its list), merged where they overlap (the
// platform models take them sorted and disjoint); with action Crash, the
// crashes as [crash, restart).
// When campaign c releases the i-th device of its population, before its
// spread or batch: `at`, or `at` after the device's going into service.
double release_base_s(const CampaignSpec& c, const SupplySchedule& supply, std::uint32_t i);

twinmodels::OutageWindows outages_of(const Scenario& s, FaultTarget t, std::uint8_t index = 0,
                                     FaultAction action = FaultAction::Outage);
// A platform's server as its scenario section gives it, with the outages of
// the faults naming `t` and the run's seed (OneLink's, chip management's,
// OneNET's: one server each; the SM-SRs and SM-DPs draw their own seeds).
twinmodels::platform::ServerConfig server_config_of(const Scenario& s, const twinmodels::platform::ServerConfig& spec,
                                                    FaultTarget t);
// The SMSC's configuration: network.smsc with the outages of the `smsc`
// faults (its delivery side down).
twinmodels::SmscConfig smsc_config(const Scenario& s);
// The write module's configuration: platforms.write_module with the outages
// of the faults that target it.
twinmodels::ota::WriteModuleConfig write_module_config(const Scenario& s);

// The M-TMSI the MME gives device d (unique per device, TS 23.003 §2.8).
inline std::uint32_t m_tmsi_of(std::uint32_t device) { return 0xC0000000u | (device & 0x3FFFFFFFu); }

// An IMSI's digits as a number (paging's UE_ID, TS 36.304 §7.1).
inline std::uint64_t imsi_value(const std::string& imsi) {
  std::uint64_t v = 0;
  for (char c : imsi) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// The HSS subscriber of an IMSI (digits): device d of a population is
// subscriber d under its population's prefix; under a write-card campaign's
// prefix, the new subscription written to device d is subscriber devices + d.
// Nothing for an IMSI no population or campaign gives out.
std::optional<std::uint32_t> subscriber_of_imsi(const Scenario& s, const std::vector<std::uint32_t>& population_first,
                                                std::uint64_t devices, const std::string& imsi);
// The IMSI (digits) of subscriber `subscriber` under `prefix`: MSIN = its
// device index, zero padded to 15 digits (TS 23.003 §2.2).
std::string imsi_for(const std::string& prefix, std::uint32_t device);

}  // namespace twinsim
