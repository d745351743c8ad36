// SmDp::save_state() / restore_state(): the SM-DP's state for simulator
// checkpoints (docs/CHECKPOINTS.md), little-endian (state/state_bytes.hpp);
// text and bytes are a u32 length and the bytes, an optional a u8 (0 none,
// 1 present) and the value:
//
//   "SMDP", version u16 (4; 3 had no PoR status in a result)
//   id (the config's: checked)
//   stock (subscription_stock_state.cpp): entries u32, in ICCID order, each
//     iccid, profile_type, imsi, K, OPc, msisdn, state u8, order, eid
//   orders in progress u32, oldest first, each a u8 (0 ES2.DownloadProfile,
//     1 an ES2 function relayed: es2_relay_state.cpp) and the order; a
//     download (download_order_state.cpp): the request, required memory,
//     package, imsi, msisdn, host challenge, the key establishment
//     (PK.ECASD.ECKA, eSK.DP.ECKA, CRT, SIN/SDIN), step u8, calls made u32, the call in flight, ISD-P AID, the ES8 job
//     (optional; es8_download_state.cpp: step, script waiting, '3A02' data,
//     SCP03 host session — card-core's HostSession::save_state() —,
//     blocks wrapped, carried and accepted, result), failure, result,
//     outcome u8
//   results not yet taken u32 x (function, call_id, eid, iccid, status u8,
//     subject, reason, message, PoR status u8, data), oldest first
//   ES2.AuditEIS's EISs not yet taken u32 x (call_id, the EIS as
//     sm_sr_state_fields.cpp writes it), oldest first
//   CRC-32 u32 of everything before it
//
// Version 1 had no relays and no audited EISs (SMDP 2 came with the ES2
// relays), version 2 no POL2 in the EIS (SMDP 3); older states are refused.
//
// Not in it: the configuration (certificate, keys, CI and EUM
// certificates, key version, random seed), the profile types and the
// SM-SRs connected — the caller's, made again before restoring. An order's
// plan takes the SM-DP's id, certificate and signing key from it.
#include <set>
#include <stdexcept>
#include <string>
#include <variant>

#include "twinmodels/platform/sm_dp.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using cardcore::ByteView;
using namespace state_fields;

constexpr char kSmDpMagic[5] = "SMDP";
constexpr std::uint16_t kSmDpVersion = 4;
constexpr std::uint8_t kDownload = 0, kRelay = 1;

}  // namespace

Bytes SmDp::save_state() const {
  using namespace state;
  Bytes b;
  put_header(b, kSmDpMagic, kSmDpVersion);
  put_text(b, config_.id);
  stock_.save_state(b);
  put_u32(b, static_cast<std::uint32_t>(orders_.size() + relays_.size()));
  // Both kinds in their sequence: the eUICCs' queues come back as they were.
  auto o = orders_.begin();
  auto q = relays_.begin();
  while (o != orders_.end() || q != relays_.end()) {
    if (q == relays_.end() || (o != orders_.end() && o->first < q->first)) {
      put_u8(b, kDownload);
      (o++)->second.save_state(b);
    } else {
      put_u8(b, kRelay);
      (q++)->second.save_state(b);
    }
  }
  put_u32(b, static_cast<std::uint32_t>(results_.size()));
  for (const FunctionResult& x : results_) put_result(b, x);
  put_u32(b, static_cast<std::uint32_t>(audited_.size()));
  for (const AuditedEis& a : audited_) {
    put_text(b, a.call_id);
    put_eis(b, a.eis);
  }
  put_crc(b);
  return b;
}

void SmDp::restore_state(ByteView in) {
  state::Reader r(in, "SM-DP");
  r.sealed_header(kSmDpMagic, kSmDpVersion);
  const std::string id = read_text(r, "id");
  if (id != config_.id) r.fail("saved by SM-DP \"" + id + "\", this one is \"" + config_.id + "\"");
  SubscriptionStock stock = SubscriptionStock::parse_state(r);
  for (const auto& [iccid, e] : stock.entries()) {
    if (!store_.find(e.profile_type)) r.fail("stock ICCID " + iccid + " of profile type '" + e.profile_type + "', which this SM-DP does not have");
  }
  std::vector<std::variant<DownloadOrder, RelayOrder>> in_progress;
  std::size_t downloads = 0;
  std::set<std::string, std::less<>> call_ids;
  const std::uint32_t no = r.count("orders", 24);
  for (std::uint32_t i = 0; i < no; ++i) {
    const std::uint8_t kind = r.u8("order kind");
    if (kind == kRelay) {
      RelayOrder q = RelayOrder::parse_state(r);
      if (!call_ids.insert(q.request().call_id).second) r.fail("order " + q.request().call_id + " repeated");
      if (smsrs_.count(q.request().smsr_id) == 0)
        r.fail("relay " + q.request().call_id + " for SM-SR " + q.request().smsr_id + ", which is not connected");
      if (q.finished()) r.fail("relay " + q.request().call_id + " finished but still in progress");
      in_progress.emplace_back(std::move(q));
      continue;
    }
    if (kind != kDownload) r.fail("order kind " + std::to_string(kind) + " unknown");
    DownloadOrder o = DownloadOrder::parse_state(r, config_.id, config_.certificate, config_.signing_key);
    const DownloadProfileRequest& q = o.plan().request;
    if (!call_ids.insert(q.call_id).second) r.fail("order " + q.call_id + " repeated");
    if (!store_.find(q.profile_type)) r.fail("order " + q.call_id + " of profile type '" + q.profile_type + "', which this SM-DP does not have");
    if (smsrs_.count(q.smsr_id) == 0) r.fail("order " + q.call_id + " for SM-SR " + q.smsr_id + ", which is not connected");
    const StockEntry* s = stock.find(q.iccid);
    if (!s || s->state != StockState::Reserved || s->order != q.call_id)
      r.fail("order " + q.call_id + ": its ICCID " + q.iccid + " is not reserved for it in the stock");
    in_progress.emplace_back(std::move(o));
    ++downloads;
  }
  std::size_t reserved = 0;
  for (const auto& [iccid, e] : stock.entries()) reserved += e.state == StockState::Reserved ? 1 : 0;
  if (reserved != downloads)
    r.fail(std::to_string(reserved) + " ICCIDs reserved in the stock for " + std::to_string(downloads) + " downloads in progress");
  std::vector<FunctionResult> results(r.count("results", 33));
  for (FunctionResult& x : results) x = read_result(r);
  std::vector<AuditedEis> audited(r.count("audited EISs", 8));
  for (AuditedEis& a : audited) {
    a.call_id = read_text(r, "audited EIS call_id");
    a.eis = read_eis(r);
  }
  r.expect_end();
  stock_ = std::move(stock);
  orders_.clear();
  relays_.clear();
  by_eid_.clear();
  ready_.clear();
  order_ids_.clear();
  in_flight_.clear();
  next_order_ = 0;
  for (auto& o : in_progress) {
    if (DownloadOrder* d = std::get_if<DownloadOrder>(&o))
      add_order(std::move(*d));
    else
      add_relay(std::move(std::get<RelayOrder>(o)));
  }
  results_ = std::move(results);
  audited_ = std::move(audited);
}

}  // namespace twinmodels::platform
