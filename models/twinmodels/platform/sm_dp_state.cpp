// SmDp::save_state() / restore_state(): the SM-DP's state for simulator
// checkpoints (docs/CHECKPOINTS.md), little-endian (state/state_bytes.hpp);
// text and bytes are a u32 length and the bytes, an optional a u8 (0 none,
// 1 present) and the value:
//
//   "SMDP", version u16 (1)
//   id (the config's: checked)
//   stock (subscription_stock_state.cpp): entries u32, in ICCID order, each
//     iccid, profile_type, imsi, K, OPc, msisdn, state u8, order, eid
//   orders in progress u32, oldest first; each (download_order_state.cpp):
//     the request, required memory, package, imsi, msisdn, host challenge,
//     the key establishment (PK.ECASD.ECKA, eSK.DP.ECKA, CRT, SIN/SDIN),
//     step u8, calls made u32, the call in flight, ISD-P AID, the ES8 job
//     (optional; es8_download_state.cpp: step, script waiting, '3A02' data,
//     SCP03 host session — card-core's HostSession::save_state() —,
//     blocks wrapped, carried and accepted, result), failure, result,
//     outcome u8
//   results not yet taken u32 x (function, call_id, eid, iccid, status u8,
//     subject, reason, message, data), oldest first
//   CRC-32 u32 of everything before it
//
// Not in it: the configuration (certificate, keys, CI and EUM
// certificates, key version, random seed), the profile types and the
// SM-SRs connected — the caller's, made again before restoring. An order's
// plan takes the SM-DP's id, certificate and signing key from it.
#include <set>
#include <stdexcept>
#include <string>

#include "twinmodels/platform/sm_dp.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
using namespace state_fields;

constexpr char kMagic[5] = "SMDP";
constexpr std::uint16_t kVersion = 1;

}  // namespace

Bytes SmDp::save_state() const {
  using namespace state;
  Bytes b;
  put_header(b, kMagic, kVersion);
  put_text(b, config_.id);
  stock_.save_state(b);
  put_u32(b, static_cast<std::uint32_t>(orders_.size()));
  for (const auto& [seq, o] : orders_) o.save_state(b);
  put_u32(b, static_cast<std::uint32_t>(results_.size()));
  for (const FunctionResult& x : results_) put_result(b, x);
  put_crc(b);
  return b;
}

void SmDp::restore_state(ByteView in) {
  state::Reader r(in, "SM-DP");
  r.sealed_header(kMagic, kVersion);
  const std::string id = read_text(r, "id");
  if (id != config_.id) r.fail("saved by SM-DP \"" + id + "\", this one is \"" + config_.id + "\"");
  SubscriptionStock stock = SubscriptionStock::parse_state(r);
  for (const auto& [iccid, e] : stock.entries()) {
    if (!store_.find(e.profile_type)) r.fail("stock ICCID " + iccid + " of profile type '" + e.profile_type + "', which this SM-DP does not have");
  }
  std::vector<DownloadOrder> orders;
  std::set<std::string, std::less<>> call_ids;
  const std::uint32_t no = r.count("orders", 64);
  for (std::uint32_t i = 0; i < no; ++i) {
    DownloadOrder o = DownloadOrder::parse_state(r, config_.id, config_.certificate, config_.signing_key);
    const DownloadProfileRequest& q = o.plan().request;
    if (!call_ids.insert(q.call_id).second) r.fail("order " + q.call_id + " repeated");
    if (!store_.find(q.profile_type)) r.fail("order " + q.call_id + " of profile type '" + q.profile_type + "', which this SM-DP does not have");
    if (smsrs_.count(q.smsr_id) == 0) r.fail("order " + q.call_id + " for SM-SR " + q.smsr_id + ", which is not connected");
    const StockEntry* s = stock.find(q.iccid);
    if (!s || s->state != StockState::Reserved || s->order != q.call_id)
      r.fail("order " + q.call_id + ": its ICCID " + q.iccid + " is not reserved for it in the stock");
    orders.push_back(std::move(o));
  }
  std::size_t reserved = 0;
  for (const auto& [iccid, e] : stock.entries()) reserved += e.state == StockState::Reserved ? 1 : 0;
  if (reserved != orders.size())
    r.fail(std::to_string(reserved) + " ICCIDs reserved in the stock for " + std::to_string(orders.size()) + " orders in progress");
  std::vector<FunctionResult> results(r.count("results", 33));
  for (FunctionResult& x : results) x = read_result(r);
  r.expect_end();
  stock_ = std::move(stock);
  orders_.clear();
  by_eid_.clear();
  ready_.clear();
  order_ids_.clear();
  in_flight_.clear();
  next_order_ = 0;
  for (DownloadOrder& o : orders) add_order(std::move(o));
  results_ = std::move(results);
}

}  // namespace twinmodels::platform
