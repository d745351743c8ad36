// SmDpRun::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (twinmodels/state/state_bytes.hpp):
//
//   "DRUN", version u16 (5; 4 had no ES3 calls made again, 3 no orders
//     made again and no stock backups, 2 no ES2
//     notifications refused by their MNO, 1 no notification and EIS counters)
//   counters: orders, done, failed, refused u64, last_done_s (IEEE 754
//     bits, u64), notifications passed on (ES2), refused, EIS given,
//     profiles in them u64
//   the server's counters at the last /platforms row
//     (twinmodels::platform::put_server_counters)
//   the server's last time i64
//   stock loaded u32 x (profile u8, device u32), ascending
//   orders in the SM-DP u32 x (campaign u16, device u32), ascending
//   outcomes not yet taken u32 x (at i64, device u32, event u8, campaign u16)
//   ES2 notifications to the MNOs (MnoNotifications::save_state(),
//     mno_notifications.hpp): retries and given up u64 x 2, refused ones
//     u32 x (next send i64, attempt u8, notification), in that order
//   the MNOs' orders made again (CallRetries::save(), call_retries.hpp)
//   the stock's backups (SmDpBackups::save(), sm_dp_backups.hpp)
//   its ES3 calls sent and made again (Es3Retries::save(), es3_retries.hpp)
//   SmDp::save_state(), PlatformServer::save_state() (blobs)
//   CRC-32 u32 of everything before it
#include <algorithm>
#include <bit>
#include <stdexcept>

#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/sm_dp_run.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;

constexpr char kSmDpRunMagic[5] = "DRUN";
constexpr std::uint16_t kSmDpRunVersion = 5;
constexpr std::size_t kMaxSmDpBlob = std::size_t{1} << 31;

}  // namespace

cardcore::Bytes SmDpRun::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kSmDpRunMagic, kSmDpRunVersion);
  for (std::uint64_t v : {counters_.orders, counters_.done, counters_.failed, counters_.refused}) st::put_u64(out, v);
  st::put_u64(out, std::bit_cast<std::uint64_t>(counters_.last_done_s));
  for (std::uint64_t v : {counters_.notifications_es2, counters_.notifications_refused, counters_.eis_returned,
                          counters_.eis_profiles})
    st::put_u64(out, v);
  pf::put_server_counters(out, sampled_);
  st::put_u64(out, static_cast<std::uint64_t>(last_t_));
  std::vector<std::uint64_t> stocked(stocked_.begin(), stocked_.end());
  std::sort(stocked.begin(), stocked.end());
  st::put_u32(out, static_cast<std::uint32_t>(stocked.size()));
  for (std::uint64_t k : stocked) {
    st::put_u8(out, static_cast<std::uint8_t>(k >> 32));
    st::put_u32(out, static_cast<std::uint32_t>(k));
  }
  std::vector<std::pair<std::uint16_t, std::uint32_t>> orders;
  for (const auto& [id, o] : orders_) orders.emplace_back(o.campaign, o.device);
  std::sort(orders.begin(), orders.end());
  st::put_u32(out, static_cast<std::uint32_t>(orders.size()));
  for (const auto& [campaign, device] : orders) {
    st::put_u16(out, campaign);
    st::put_u32(out, device);
  }
  st::put_u32(out, static_cast<std::uint32_t>(outcomes_.size()));
  for (const Outcome& o : outcomes_) {
    st::put_u64(out, static_cast<std::uint64_t>(o.at));
    st::put_u32(out, o.device);
    st::put_u8(out, static_cast<std::uint8_t>(o.event));
    st::put_u16(out, o.campaign);
  }
  to_mnos_.save_state(out);
  retries_.save(out);
  backups_.save(out);
  es3_.save(out);
  st::put_blob(out, smdp_.save_state());
  st::put_blob(out, server_.save_state());
  st::put_crc(out);
  return out;
}

void SmDpRun::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "SM-DP run");
  r.sealed_header(kSmDpRunMagic, kSmDpRunVersion);
  SmDpCounters counters;
  for (std::uint64_t* v : {&counters.orders, &counters.done, &counters.failed, &counters.refused}) *v = r.u64("counter");
  counters.last_done_s = std::bit_cast<double>(r.u64("last_done_s"));
  for (std::uint64_t* v : {&counters.notifications_es2, &counters.notifications_refused, &counters.eis_returned,
                           &counters.eis_profiles})
    *v = r.u64("counter");
  const pf::ServerCounters sampled = pf::read_server_counters(r);
  const SimTime last_t = r.i64("server time");
  const std::uint64_t devices = devices_;
  auto device = [&](const char* what) {
    const std::uint32_t d = r.u32(what);
    if (d >= devices) r.fail(std::string(what) + " " + std::to_string(d) + " is not a device of the run");
    return d;
  };
  auto campaign = [&](const char* what) {
    const std::uint16_t c = r.u16(what);
    if (c >= scenario_.campaigns.size() ||
        !orders_at_sm_dp(scenario_.campaigns[c]) ||
        scenario_.campaigns[c].sm_dp != index_)
      r.fail(std::string(what) + " " + std::to_string(c) + " is not a campaign of SM-DP '" + spec().id + "'");
    return c;
  };
  std::unordered_set<std::uint64_t> stocked;
  for (std::uint32_t i = 0, n = r.count("stock loaded", 5); i < n; ++i) {
    const std::uint8_t k = r.u8("stock's profile");
    const std::uint32_t d = device("stock's device");
    if (!stocked.insert(static_cast<std::uint64_t>(k) << 32 | d).second) r.fail("stock loaded twice");
  }
  std::unordered_map<std::string, Order> orders;
  for (std::uint32_t i = 0, n = r.count("orders", 6); i < n; ++i) {
    Order o;
    o.campaign = campaign("order's campaign");
    o.device = device("order's device");
    if (!orders.emplace(download_call_id(scenario_, o.campaign, o.device), o).second) r.fail("an order saved twice");
  }
  std::vector<Outcome> outcomes(r.count("outcomes", 15));
  for (Outcome& o : outcomes) {
    o.at = r.i64("outcome time");
    o.device = device("outcome's device");
    const std::uint8_t e = r.u8("outcome");
    if (e > static_cast<std::uint8_t>(SmDpEvent::Refused)) r.fail("outcome " + std::to_string(e) + " is not one");
    o.event = static_cast<SmDpEvent>(e);
    o.campaign = campaign("outcome's campaign");
  }
  MnoNotifications to_mnos = to_mnos_.parsed(r);
  CallRetries retries;
  retries.restore(r, scenario_, devices_,
                  [this](const CampaignSpec& c) { return orders_at_sm_dp(c) && c.sm_dp == index_; },
                  "SM-DP '" + spec().id + "'");
  SmDpBackups backups = backups_;
  backups.restore(r);
  Es3Retries es3 = es3_;
  std::vector<std::string> smsr_ids;
  for (const SmSrSpec& s : scenario_.sm_srs) smsr_ids.push_back(s.id);
  es3.restore(r, smsr_ids);
  const cardcore::Bytes smdp_state = r.blob("SM-DP", kMaxSmDpBlob);
  const cardcore::Bytes server_state = r.blob("server", kMaxSmDpBlob);
  r.expect_end();
  // The models check their own parts: the server into a copy, then the
  // SM-DP, whose restore changes nothing when it refuses.
  pf::PlatformServer server(sm_dp_server_config(scenario_, index_));
  try {
    server.restore_state(server_state);
    smdp_.restore_state(smdp_state);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  server_ = std::move(server);
  stocked_ = std::move(stocked);
  orders_ = std::move(orders);
  outcomes_ = std::move(outcomes);
  counters_ = counters;
  sampled_ = sampled;
  last_t_ = last_t;
  to_mnos_ = std::move(to_mnos);
  retries_ = std::move(retries);
  backups_ = std::move(backups);
  es3_ = std::move(es3);
}

}  // namespace twinsim
