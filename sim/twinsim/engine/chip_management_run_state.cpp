// ChipManagementRun::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (twinmodels/state/state_bytes.hpp):
//
//   "CMRN", version u16 (8; 7 had no supply flows' steps nor their
//     counter; 6 had no barring changes' flag for the links
//     nor a scrap's block for the HSS only; 6 the MME's detaches under way
//     and their counters; 5 had neither, with the reports on their way; 4 had none,
//     with international cards' records and the network's detaches; 3 had
//     one or the other, 2 neither, 1 no lifecycle campaigns)
//   counters: activated, ota_written, recycled, retried, failed, suspended,
//     resumed, deactivated, scrapped, attaches_barred, detaches,
//     detaches_local, profiles_downloaded, profiles_enabled,
//     profiles_deleted, sm_sr_changes, detach_retransmissions, isd_lifts,
//     hss_resends, units_scrapped u64
//   the server's counters at the last /platforms row (put_server_counters)
//   the server's last time i64, activations made u64, supply flows' chip
//     steps taken u64, next request id u64
//   requests in the server u32 x (id u64, request), ascending
//   retries u32 x (at i64, request), in order
//   reports on their way u32 x (arrival i64, request), in order
//     request: kind u8, campaign u16, device u32, target u8 (the profile of
//     a profile kind, the new SM-SR of an SM-SR change, else 0)
//     kind: 0 activate, 1 OTA write, 2 suspend, 3 resume, 4 deactivate, 5 scrap,
//     6 profile download, 7 profile enable, 8 profile delete, 9 SM-SR change
//   numbers in quarantine u32 x (due i64, pool text, IMSI text, chip text:
//     a deactivated chip's id, empty for an OTA write's old number or a
//     deleted profile's), in order
//   barring changes not taken u32 x (at i64, device u32, change u8: 0 lifted,
//     1 barred, 2 withdrawn, 3 a scrap's block for the HSS only, moves
//     the HSS's view when it arrives u8), in order
//   the HSS's views of devices with changes on their way to it u32 x
//     (device u32, barred before u8, changes u32 x (arrival i64, barred
//     u8), in order), by device
//   the MME's detaches under way u32 x (device u32, withdrawn u8,
//     transmissions u8: 1-5), by device
//   ChipRegistry::save_state(), PlatformServer::save_state() (blobs)
//   CRC-32 u32 of everything before it
#include <stdexcept>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/chip_management_run.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

constexpr char kChipRunMagic[5] = "CMRN";
constexpr std::uint16_t kChipRunVersion = 8;
constexpr std::size_t kMaxBlob = std::size_t{1} << 31;
constexpr std::size_t kMaxText = 64;

}  // namespace

cardcore::Bytes ChipManagementRun::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kChipRunMagic, kChipRunVersion);
  for (std::uint64_t v : {counters_.activated, counters_.ota_written, counters_.recycled, counters_.retried, counters_.failed,
                         counters_.suspended, counters_.resumed, counters_.deactivated, counters_.scrapped,
                         counters_.attaches_barred, counters_.detaches, counters_.detaches_local,
                         counters_.profiles_downloaded, counters_.profiles_enabled, counters_.profiles_deleted,
                         counters_.sm_sr_changes, counters_.detach_retransmissions, counters_.isd_lifts,
                         counters_.hss_resends, counters_.units_scrapped})
    st::put_u64(out, v);
  pf::put_server_counters(out, sampled_);
  st::put_u64(out, static_cast<std::uint64_t>(last_t_));
  st::put_u64(out, activated_next_);
  st::put_u64(out, supply_next_);
  st::put_u64(out, next_request_);
  auto put_request = [&out](const Request& r) {
    st::put_u8(out, static_cast<std::uint8_t>(r.kind));
    st::put_u16(out, r.campaign);
    st::put_u32(out, r.device);
    st::put_u8(out, r.target);
  };
  st::put_u32(out, static_cast<std::uint32_t>(in_server_.size()));
  for (const auto& [id, r] : in_server_) {
    st::put_u64(out, id);
    put_request(r);
  }
  st::put_u32(out, static_cast<std::uint32_t>(retries_.size()));
  for (const auto& [at, r] : retries_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    put_request(r);
  }
  st::put_u32(out, static_cast<std::uint32_t>(arriving_.size()));
  for (const auto& [at, r] : arriving_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    put_request(r);
  }
  st::put_u32(out, static_cast<std::uint32_t>(quarantine_.size()));
  for (const Released& q : quarantine_) {
    st::put_u64(out, static_cast<std::uint64_t>(q.due));
    st::put_text(out, q.pool);
    st::put_text(out, q.imsi);
    st::put_text(out, q.chip);
  }
  st::put_u32(out, static_cast<std::uint32_t>(barring_.size()));
  for (const BarringChange& b : barring_) {
    st::put_u64(out, static_cast<std::uint64_t>(b.at));
    st::put_u32(out, b.device);
    st::put_u8(out, b.hss_only ? 3 : b.blocked ? (b.withdrawn ? 2 : 1) : 0);
    st::put_u8(out, b.moves_view ? 1 : 0);
  }
  st::put_u32(out, static_cast<std::uint32_t>(hss_views_.size()));
  for (const auto& [device, view] : hss_views_) {
    st::put_u32(out, device);
    st::put_u8(out, view.before ? 1 : 0);
    st::put_u32(out, static_cast<std::uint32_t>(view.changes.size()));
    for (const auto& [arrival, barred_then] : view.changes) {
      st::put_u64(out, static_cast<std::uint64_t>(arrival));
      st::put_u8(out, barred_then ? 1 : 0);
    }
  }
  st::put_u32(out, static_cast<std::uint32_t>(mme_detaches_.size()));
  for (const auto& [device, d] : mme_detaches_) {
    st::put_u32(out, device);
    st::put_u8(out, d.withdrawn ? 1 : 0);
    st::put_u8(out, d.transmissions);
  }
  st::put_blob(out, registry_.save_state());
  st::put_blob(out, server_.save_state());
  st::put_crc(out);
  return out;
}

void ChipManagementRun::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "chip management run");
  r.sealed_header(kChipRunMagic, kChipRunVersion);
  ChipManagementCounters counters;
  for (std::uint64_t* v : {&counters.activated, &counters.ota_written, &counters.recycled, &counters.retried, &counters.failed,
                           &counters.suspended, &counters.resumed, &counters.deactivated, &counters.scrapped,
                           &counters.attaches_barred, &counters.detaches, &counters.detaches_local,
                           &counters.profiles_downloaded, &counters.profiles_enabled, &counters.profiles_deleted,
                           &counters.sm_sr_changes, &counters.detach_retransmissions, &counters.isd_lifts,
                           &counters.hss_resends, &counters.units_scrapped})
    *v = r.u64("counter");
  const pf::ServerCounters sampled = pf::read_server_counters(r);
  const auto last_t = static_cast<SimTime>(r.u64("server time"));
  const std::uint64_t activated_next = r.u64("activations made");
  if (activated_next > activations_.size())
    r.fail(std::to_string(activated_next) + " activations made, the run has " + std::to_string(activations_.size()));
  const std::uint64_t supply_next = r.u64("supply steps taken");
  if (supply_next > supply_steps_.size())
    r.fail(std::to_string(supply_next) + " supply steps taken, the run has " + std::to_string(supply_steps_.size()));
  const std::uint64_t next_request = r.u64("next request");
  auto request = [&] {
    Request q;
    const std::uint8_t kind = r.u8("request kind");
    if (kind > static_cast<std::uint8_t>(Kind::SmSrChange)) r.fail("request kind " + std::to_string(kind) + " is not one");
    q.kind = static_cast<Kind>(kind);
    q.campaign = r.u16("request's campaign");
    q.device = r.u32("request's device");
    q.target = r.u8("request's target");
    if (q.device >= scenario_.device_count() || !follows(q.device))
      r.fail("device " + std::to_string(q.device) + " is not one the platform follows");
    if (!made_by(q))
      r.fail("campaign " + std::to_string(q.campaign) + " is not one of the scenario's that makes a request of kind " +
             std::to_string(kind) + " (target " + std::to_string(q.target) + ") for device " + std::to_string(q.device));
    return q;
  };
  std::map<std::uint64_t, Request> in_server;
  for (std::uint32_t i = 0, n = r.count("requests in the server", 16); i < n; ++i) {
    const std::uint64_t id = r.u64("request id");
    if (id >= next_request) r.fail("request id " + std::to_string(id) + " is not one the run gave");
    if (!in_server.emplace(id, request()).second) r.fail("request " + std::to_string(id) + " saved twice");
  }
  std::multimap<SimTime, Request> retries;
  for (std::uint32_t i = 0, n = r.count("retries", 16); i < n; ++i) {
    const auto at = static_cast<SimTime>(r.u64("retry time"));
    retries.emplace_hint(retries.end(), at, request());
  }
  std::multimap<SimTime, Request> arriving;
  for (std::uint32_t i = 0, n = r.count("reports on their way", 16); i < n; ++i) {
    const auto at = static_cast<SimTime>(r.u64("report arrival"));
    if (!arriving.empty() && at < arriving.rbegin()->first) r.fail("reports on their way out of arrival order");
    arriving.emplace_hint(arriving.end(), at, request());
  }
  std::deque<Released> quarantine(r.count("numbers in quarantine", 16));
  for (Released& q : quarantine) {
    q.due = static_cast<SimTime>(r.u64("quarantine end"));
    q.pool = r.text("pool", kMaxText);
    q.imsi = r.text("IMSI", kMaxText);
    q.chip = r.text("chip", kMaxText);
  }
  std::vector<BarringChange> barring(r.count("barring changes", 13));
  for (BarringChange& b : barring) {
    b.at = static_cast<SimTime>(r.u64("barring time"));
    b.device = r.u32("barring's device");
    if (b.device >= scenario_.device_count() || !follows(b.device))
      r.fail("barring of device " + std::to_string(b.device) + ", not one the platform follows");
    const std::uint8_t change = r.u8("barring change");
    if (change > 3) r.fail("barring change " + std::to_string(change) + " is not 0, 1, 2 or 3");
    b.blocked = change != 0;
    b.withdrawn = change == 2;
    b.hss_only = change == 3;
    b.moves_view = r.flag("barring change moves the HSS's view");
    if (b.hss_only && !b.moves_view) r.fail("a scrap's block for the HSS only that does not move its view");
  }
  std::map<std::uint32_t, HssView> hss_views;
  for (std::uint32_t i = 0, n = r.count("HSS views", 9); i < n; ++i) {
    const std::uint32_t device = r.u32("HSS view's device");
    if (device >= scenario_.device_count() || !follows(device))
      r.fail("HSS view of device " + std::to_string(device) + ", not one the platform follows");
    if (!hss_views.empty() && device <= hss_views.rbegin()->first) r.fail("HSS views out of device order");
    HssView v;
    v.before = r.flag("HSS view's barred before");
    const std::uint32_t changes = r.count("HSS view's changes", 9);
    if (changes == 0) r.fail("HSS view of device " + std::to_string(device) + " without changes");
    for (std::uint32_t k = 0; k < changes; ++k) {
      const auto arrival = static_cast<SimTime>(r.u64("HSS change arrival"));
      if (!v.changes.empty() && arrival < v.changes.back().first) r.fail("HSS changes out of arrival order");
      v.changes.emplace_back(arrival, r.flag("HSS change barred"));
    }
    hss_views.emplace_hint(hss_views.end(), device, std::move(v));
  }
  std::map<std::uint32_t, MmeDetach> mme_detaches;
  for (std::uint32_t i = 0, n = r.count("MME detaches", 6); i < n; ++i) {
    const std::uint32_t device = r.u32("MME detach's device");
    if (device >= scenario_.device_count() || !follows(device))
      r.fail("MME detach of device " + std::to_string(device) + ", not one the platform follows");
    if (!mme_detaches.empty() && device <= mme_detaches.rbegin()->first) r.fail("MME detaches out of device order");
    MmeDetach d;
    d.withdrawn = r.flag("MME detach's withdrawn");
    d.transmissions = r.u8("MME detach's transmissions");
    if (d.transmissions < 1 || d.transmissions > 5)
      r.fail("MME detach of device " + std::to_string(device) + " sent " + std::to_string(d.transmissions) +
             " times, not 1 to 5 (TS 24.301 §5.5.2.3.5)");
    mme_detaches.emplace_hint(mme_detaches.end(), device, d);
  }
  const cardcore::Bytes registry_state = r.blob("registry", kMaxBlob);
  const cardcore::Bytes server_state = r.blob("server", kMaxBlob);
  r.expect_end();
  // The models check their own parts, into copies: a refusal leaves this
  // run as it was.
  pf::ChipRegistry registry(pf::ChipRegistryConfig{scenario_.chip_management.fee_per_day});
  pf::PlatformServer server(chip_management_server_config(scenario_));
  try {
    registry.restore_state(registry_state);
    server.restore_state(server_state);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  registry_ = std::move(registry);
  server_ = std::move(server);
  counters_ = counters;
  sampled_ = sampled;
  last_t_ = last_t;
  activated_next_ = activated_next;
  supply_next_ = supply_next;
  next_request_ = next_request;
  in_server_ = std::move(in_server);
  retries_ = std::move(retries);
  arriving_ = std::move(arriving);
  quarantine_ = std::move(quarantine);
  barring_ = std::move(barring);
  hss_views_ = std::move(hss_views);
  mme_detaches_ = std::move(mme_detaches);
  audit_restored_.assign(scenario_.device_count(), 0);
  for (std::uint32_t d = 0; d < audit_restored_.size(); ++d) {
    const pf::Chip* chip = follows(d) ? registry_.chip(chip_of(d)) : nullptr;
    if (chip) audit_restored_[d] = static_cast<std::uint32_t>(chip->audit().size());
  }
  scrapped_restored_.assign(scrapped_.size(), 0);
  for (std::size_t k = 0; k < scrapped_.size(); ++k)
    if (const pf::Chip* chip = registry_.chip(scrapped_[k].second))
      scrapped_restored_[k] = static_cast<std::uint32_t>(chip->audit().size());
}

}  // namespace twinsim
