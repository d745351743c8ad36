// SubscriptionStock::save_state() / parse_state(): the operators' stock at
// the SM-DP in its checkpoint (sm_dp_state.cpp has the whole layout),
// little-endian (state/state_bytes.hpp):
//
//   entries u32, in ICCID order; each: iccid, profile_type, imsi, K (blob,
//     16 bytes), OPc (blob, 16 bytes), msisdn, state u8 (Available 0,
//     Reserved 1, Installed 2, Withheld 3), order (the ES2 call id), eid
#include <string>

#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/platform/subscription_stock.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels::platform {

using namespace state_fields;

void SubscriptionStock::save_state(cardcore::Bytes& out) const {
  state::put_u32(out, static_cast<std::uint32_t>(entries_.size()));
  for (const auto& [iccid, e] : entries_) {
    for (const std::string* s : {&iccid, &e.profile_type, &e.values.imsi}) state::put_text(out, *s);
    state::put_blob(out, e.values.k);
    state::put_blob(out, e.values.opc);
    state::put_text(out, e.msisdn);
    state::put_u8(out, static_cast<std::uint8_t>(e.state));
    state::put_text(out, e.order);
    state::put_text(out, e.eid);
  }
}

SubscriptionStock SubscriptionStock::parse_state(state::Reader& r) {
  SubscriptionStock stock;
  const std::uint32_t n = r.count("stock entries", 33);
  for (std::uint32_t i = 0; i < n; ++i) {
    StockEntry e;
    e.values.iccid = read_text(r, "stock iccid");
    if (!stock.entries_.empty() && !(stock.entries_.rbegin()->first < e.values.iccid))
      r.fail("stock ICCID " + e.values.iccid + " out of order or repeated");
    e.profile_type = read_text(r, "stock profile_type");
    e.values.imsi = read_text(r, "stock imsi");
    e.values.k = r.blob("stock K", 16);
    e.values.opc = r.blob("stock OPc", 16);
    e.msisdn = read_text(r, "stock msisdn");
    const std::uint8_t st = r.u8("stock state");
    if (st > static_cast<std::uint8_t>(StockState::Withheld))
      r.fail("stock ICCID " + e.values.iccid + ": state " + std::to_string(st) + " unknown");
    e.state = static_cast<StockState>(st);
    e.order = read_text(r, "stock order");
    e.eid = read_text(r, "stock eid");
    // The ES2 call that holds it: none while available (release(),
    // return_to_stock()); an EID once installed.
    if ((e.state == StockState::Available) != e.order.empty())
      r.fail("stock ICCID " + e.values.iccid + ": " + to_string(e.state) + (e.order.empty() ? " without" : " with") +
             " an order");
    if (e.state == StockState::Installed && e.eid.empty())
      r.fail("stock ICCID " + e.values.iccid + ": installed on no eUICC");
    const std::string iccid = e.values.iccid;
    stock.entries_.emplace_hint(stock.entries_.end(), iccid, std::move(e));
  }
  return stock;
}

}  // namespace twinmodels::platform
