// OneLink::save_state() / restore_state(): OneLink's state for simulator
// checkpoints, little-endian (state/state_bytes.hpp); text is a u32 length
// and the bytes, an optional a u8 (0 none, 1 present) and the value:
//
//   "ONEL", version u16 (3; 2 had no PoR status in a result, 1 no account
//     calendars, plans or quota levels; both are refused)
//   next request number u64
//   accounts u32, in id order: id, name, thresholds, billing (optional
//     periods), plan (optional: quota u64, levels u32 x u16), card ICCIDs
//     u32 x text, usage, alerts fired
//   cards u32, in ICCID order: ICCID, EID, expected (ICCID, IMSI, MSISDN),
//     SM-SR id, thresholds, account id, events u32 x event, status, usage,
//     alerts fired, quota levels fired u32 x (percent u16, period i64)
//     ascending, offline alert raised for the spell since (optional i64)
//   alerts not taken u32 x (kind u8, account id, ICCID, period i64, at i64,
//     value u64, limit u64, percent u16)
//   foreign requests u32 x (id, kind u8, account id, card ICCID, EID,
//     platform, profile (ICCID, IMSI, MSISDN), status u8, sent i64, done
//     (optional i64), result (optional, sm_sr_state_fields.hpp))
//   CRC-32 u32 of everything before it
//
//   periods: origin i64, length i64, boundaries u32 x i64, monthly
//     (optional: cycle day u8, epoch i64, UTC offset i32 in minutes)
//   thresholds: data bytes (optional u64), SMS (optional u64), offline ms (optional i64)
//   usage: periods u32 x (period i64, data u64, SMS u64), ascending
//   alerts fired: u32 x (kind u8, period i64), ascending
//   event: kind u8, at i64, IMSI, ICCID, EMM cause u8, NVM worn u8, next reachable (optional i64)
//   status: status u8, last event (optional), since (optional i64),
//     expected back (optional i64), IMSI seen, block (optional event)
#include <stdexcept>
#include <string>

#include "twinmodels/platform/onelink.hpp"
#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinmodels/state/state_optional.hpp"

namespace twinmodels::platform {

namespace {

using cardcore::Bytes;
using state_fields::read_text;

constexpr char kOneLinkMagic[5] = "ONEL";
constexpr std::uint16_t kOneLinkVersion = 3;

using state::put_optional;
using state::read_optional;

void put_thresholds(Bytes& out, const Thresholds& t) {
  put_optional(out, t.data_bytes);
  put_optional(out, t.sms_count);
  put_optional(out, t.offline_ms);
}
Thresholds read_thresholds(state::Reader& r) {
  Thresholds t;
  t.data_bytes = read_optional<std::uint64_t>(r, "data threshold");
  t.sms_count = read_optional<std::uint64_t>(r, "SMS threshold");
  t.offline_ms = read_optional<std::int64_t>(r, "offline threshold");
  return t;
}

void put_periods(Bytes& out, const BillingPeriods& p) {
  state::put_u64(out, static_cast<std::uint64_t>(p.origin_ms));
  state::put_u64(out, static_cast<std::uint64_t>(p.length_ms));
  state::put_u32(out, static_cast<std::uint32_t>(p.boundaries.size()));
  for (const std::int64_t b : p.boundaries) state::put_u64(out, static_cast<std::uint64_t>(b));
  state::put_u8(out, p.monthly ? 1 : 0);
  if (!p.monthly) return;
  state::put_u8(out, static_cast<std::uint8_t>(p.monthly->cycle_day));
  state::put_u64(out, static_cast<std::uint64_t>(p.monthly->epoch_unix_ms));
  state::put_u32(out, static_cast<std::uint32_t>(p.monthly->utc_offset_min));
}
BillingPeriods read_periods(state::Reader& r) {
  BillingPeriods p;
  p.origin_ms = static_cast<std::int64_t>(r.u64("billing origin"));
  p.length_ms = static_cast<std::int64_t>(r.u64("billing period length"));
  p.boundaries.resize(r.count("billing boundaries", 8));
  for (std::int64_t& b : p.boundaries) b = static_cast<std::int64_t>(r.u64("billing boundary"));
  if (r.flag("monthly cycle")) {
    MonthlyCycle c;
    c.cycle_day = r.u8("cycle day");
    c.epoch_unix_ms = static_cast<std::int64_t>(r.u64("calendar epoch"));
    c.utc_offset_min = static_cast<std::int32_t>(r.u32("UTC offset"));
    p.monthly = c;
  }
  try {
    check_periods(p);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  return p;
}

void put_plan(Bytes& out, const std::optional<QuotaPlan>& plan) {
  state::put_u8(out, plan ? 1 : 0);
  if (!plan) return;
  state::put_u64(out, plan->data_bytes);
  state::put_u32(out, static_cast<std::uint32_t>(plan->alert_percent.size()));
  for (const std::uint16_t p : plan->alert_percent) state::put_u16(out, p);
}
std::optional<QuotaPlan> read_plan(state::Reader& r) {
  if (!r.flag("plan")) return std::nullopt;
  QuotaPlan plan;
  plan.data_bytes = r.u64("plan quota");
  plan.alert_percent.resize(r.count("quota levels", 2));
  for (std::uint16_t& p : plan.alert_percent) p = r.u16("quota level");
  try {
    check_plan(plan);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  return plan;
}

void put_quota_fired(Bytes& out, const std::set<std::pair<std::uint16_t, std::int64_t>>& fired) {
  state::put_u32(out, static_cast<std::uint32_t>(fired.size()));
  for (const auto& [percent, period] : fired) {
    state::put_u16(out, percent);
    state::put_u64(out, static_cast<std::uint64_t>(period));
  }
}
std::set<std::pair<std::uint16_t, std::int64_t>> read_quota_fired(state::Reader& r) {
  std::set<std::pair<std::uint16_t, std::int64_t>> fired;
  for (std::uint32_t i = 0, n = r.count("quota levels fired", 10); i < n; ++i) {
    const std::uint16_t percent = r.u16("quota level fired");
    if (!fired.emplace(percent, static_cast<std::int64_t>(r.u64("quota level period"))).second)
      r.fail("a quota level fired twice");
  }
  return fired;
}

void put_subscription(Bytes& out, const Subscription& s) {
  state::put_text(out, s.iccid);
  state::put_text(out, s.imsi);
  state::put_text(out, s.msisdn);
}
Subscription read_subscription(state::Reader& r) {
  Subscription s;
  s.iccid = read_text(r, "subscription ICCID");
  s.imsi = read_text(r, "subscription IMSI");
  s.msisdn = read_text(r, "subscription MSISDN");
  return s;
}

void put_usage(Bytes& out, const UsageLedger& u) {
  state::put_u32(out, static_cast<std::uint32_t>(u.periods().size()));
  for (const auto& [period, use] : u.periods()) {
    state::put_u64(out, static_cast<std::uint64_t>(period));
    state::put_u64(out, use.data_bytes);
    state::put_u64(out, use.sms_count);
  }
}
UsageLedger read_usage(state::Reader& r) {
  std::map<std::int64_t, Usage> periods;
  for (std::uint32_t i = 0, n = r.count("usage periods", 24); i < n; ++i) {
    const auto period = static_cast<std::int64_t>(r.u64("usage period"));
    Usage u;
    u.data_bytes = r.u64("data used");
    u.sms_count = r.u64("SMS used");
    if (!periods.empty() && periods.rbegin()->first >= period) r.fail("usage periods out of order");
    periods.emplace_hint(periods.end(), period, u);
  }
  UsageLedger ledger;
  ledger.restore(std::move(periods));
  return ledger;
}

AlertKind read_alert_kind(state::Reader& r) {
  const std::uint8_t k = r.u8("alert kind");
  if (k > static_cast<std::uint8_t>(AlertKind::QuotaLevel)) r.fail("alert kind " + std::to_string(k) + " is not one");
  return static_cast<AlertKind>(k);
}

void put_fired(Bytes& out, const std::set<std::pair<AlertKind, std::int64_t>>& fired) {
  state::put_u32(out, static_cast<std::uint32_t>(fired.size()));
  for (const auto& [kind, period] : fired) {
    state::put_u8(out, static_cast<std::uint8_t>(kind));
    state::put_u64(out, static_cast<std::uint64_t>(period));
  }
}
std::set<std::pair<AlertKind, std::int64_t>> read_fired(state::Reader& r) {
  std::set<std::pair<AlertKind, std::int64_t>> fired;
  for (std::uint32_t i = 0, n = r.count("alerts fired", 9); i < n; ++i) {
    const AlertKind k = read_alert_kind(r);
    if (!fired.emplace(k, static_cast<std::int64_t>(r.u64("alert period"))).second) r.fail("an alert fired twice");
  }
  return fired;
}

void put_event(Bytes& out, const CardEvent& e) {
  state::put_u8(out, static_cast<std::uint8_t>(e.kind));
  state::put_u64(out, static_cast<std::uint64_t>(e.at_ms));
  state::put_text(out, e.imsi);
  state::put_text(out, e.iccid);
  state::put_u8(out, e.emm_cause);
  state::put_u8(out, e.nvm_worn ? 1 : 0);
  put_optional(out, e.next_reachable_ms);
}
CardEvent read_event(state::Reader& r) {
  CardEvent e;
  const std::uint8_t k = r.u8("event kind");
  if (k > static_cast<std::uint8_t>(CardEventKind::Unblocked)) r.fail("event kind " + std::to_string(k) + " is not one");
  e.kind = static_cast<CardEventKind>(k);
  e.at_ms = static_cast<std::int64_t>(r.u64("event time"));
  e.imsi = read_text(r, "event IMSI");
  e.iccid = read_text(r, "event ICCID");
  e.emm_cause = r.u8("EMM cause");
  e.nvm_worn = r.flag("NVM worn");
  e.next_reachable_ms = read_optional<std::int64_t>(r, "next reachable");
  return e;
}

void put_optional_event(Bytes& out, const std::optional<CardEvent>& e) {
  state::put_u8(out, e ? 1 : 0);
  if (e) put_event(out, *e);
}
std::optional<CardEvent> read_optional_event(state::Reader& r, const char* what) {
  if (!r.flag(what)) return std::nullopt;
  return read_event(r);
}

void put_status(Bytes& out, const CardStatus& s) {
  state::put_u8(out, static_cast<std::uint8_t>(s.status));
  put_optional_event(out, s.last_event);
  put_optional(out, s.since_ms);
  put_optional(out, s.expected_back_ms);
  state::put_text(out, s.imsi_seen);
  put_optional_event(out, s.block);
}
CardStatus read_status(state::Reader& r) {
  CardStatus s;
  const std::uint8_t v = r.u8("online status");
  if (v > static_cast<std::uint8_t>(OnlineStatus::Sleeping)) r.fail("online status " + std::to_string(v) + " is not one");
  s.status = static_cast<OnlineStatus>(v);
  s.last_event = read_optional_event(r, "last event");
  s.since_ms = read_optional<std::int64_t>(r, "status since");
  s.expected_back_ms = read_optional<std::int64_t>(r, "expected back");
  s.imsi_seen = read_text(r, "IMSI seen");
  s.block = read_optional_event(r, "block");
  return s;
}

void put_alert(Bytes& out, const Alert& a) {
  state::put_u8(out, static_cast<std::uint8_t>(a.kind));
  state::put_text(out, a.account_id);
  state::put_text(out, a.iccid);
  state::put_u64(out, static_cast<std::uint64_t>(a.period));
  state::put_u64(out, static_cast<std::uint64_t>(a.at_ms));
  state::put_u64(out, a.value);
  state::put_u64(out, a.limit);
  state::put_u16(out, a.percent);
}
Alert read_alert(state::Reader& r) {
  Alert a;
  a.kind = read_alert_kind(r);
  a.account_id = read_text(r, "alert's account");
  a.iccid = read_text(r, "alert's ICCID");
  a.period = static_cast<std::int64_t>(r.u64("alert period"));
  a.at_ms = static_cast<std::int64_t>(r.u64("alert time"));
  a.value = r.u64("alert value");
  a.limit = r.u64("alert limit");
  a.percent = r.u16("alert percent");
  return a;
}

void put_request(Bytes& out, const ForeignRequest& q) {
  state::put_text(out, q.id);
  state::put_u8(out, static_cast<std::uint8_t>(q.kind));
  state::put_text(out, q.account_id);
  state::put_text(out, q.card_iccid);
  state::put_text(out, q.eid);
  state::put_text(out, q.platform);
  put_subscription(out, q.profile);
  state::put_u8(out, static_cast<std::uint8_t>(q.status));
  state::put_u64(out, static_cast<std::uint64_t>(q.sent_ms));
  put_optional(out, q.done_ms);
  state::put_u8(out, q.result ? 1 : 0);
  if (q.result) state_fields::put_result(out, *q.result);
}
ForeignRequest read_request(state::Reader& r) {
  ForeignRequest q;
  q.id = read_text(r, "request id");
  const std::uint8_t k = r.u8("request kind");
  if (k > static_cast<std::uint8_t>(ForeignRequestKind::SmSrSwitch)) r.fail("request kind " + std::to_string(k) + " is not one");
  q.kind = static_cast<ForeignRequestKind>(k);
  q.account_id = read_text(r, "request's account");
  q.card_iccid = read_text(r, "request's card");
  q.eid = read_text(r, "request's EID");
  q.platform = read_text(r, "request's platform");
  q.profile = read_subscription(r);
  const std::uint8_t st = r.u8("request status");
  if (st > static_cast<std::uint8_t>(ForeignRequestStatus::Failed)) r.fail("request status " + std::to_string(st) + " is not one");
  q.status = static_cast<ForeignRequestStatus>(st);
  q.sent_ms = static_cast<std::int64_t>(r.u64("request sent"));
  q.done_ms = read_optional<std::int64_t>(r, "request done");
  if (r.flag("request result")) q.result = state_fields::read_result(r);
  return q;
}

}  // namespace

struct OneLink::StateCodec {
  static void put_card(Bytes& out, const std::string& iccid, const CardRecord& c) {
    state::put_text(out, iccid);
    state::put_text(out, c.card.eid);
    put_subscription(out, c.card.expected);
    state::put_text(out, c.card.smsr_id);
    put_thresholds(out, c.card.thresholds);
    state::put_text(out, c.account_id);
    state::put_u32(out, static_cast<std::uint32_t>(c.events.size()));
    for (const CardEvent& e : c.events) put_event(out, e);
    put_status(out, c.status);
    put_usage(out, c.usage);
    put_fired(out, c.fired);
    put_quota_fired(out, c.quota_fired);
    put_optional(out, c.offline_alerted_since);
  }
  static CardRecord read_card(state::Reader& r, std::string iccid) {
    CardRecord c;
    c.card.iccid = std::move(iccid);
    c.card.eid = read_text(r, "card EID");
    c.card.expected = read_subscription(r);
    c.card.smsr_id = read_text(r, "card SM-SR");
    c.card.thresholds = read_thresholds(r);
    c.account_id = read_text(r, "card's account");
    c.events.resize(r.count("card events", 20));
    for (CardEvent& e : c.events) e = read_event(r);
    c.status = read_status(r);
    c.usage = read_usage(r);
    c.fired = read_fired(r);
    c.quota_fired = read_quota_fired(r);
    c.offline_alerted_since = read_optional<std::int64_t>(r, "offline alert");
    return c;
  }
};

Bytes OneLink::save_state() const {
  Bytes out;
  state::put_header(out, kOneLinkMagic, kOneLinkVersion);
  state::put_u64(out, next_request_);
  state::put_u32(out, static_cast<std::uint32_t>(accounts_.size()));
  for (const auto& [id, a] : accounts_) {
    state::put_text(out, id);
    state::put_text(out, a.account.name);
    put_thresholds(out, a.account.thresholds);
    state::put_u8(out, a.account.billing ? 1 : 0);
    if (a.account.billing) put_periods(out, *a.account.billing);
    put_plan(out, a.account.plan);
    state::put_u32(out, static_cast<std::uint32_t>(a.account.cards.size()));
    for (const std::string& iccid : a.account.cards) state::put_text(out, iccid);
    put_usage(out, a.usage);
    put_fired(out, a.fired);
  }
  state::put_u32(out, static_cast<std::uint32_t>(cards_.size()));
  for (const auto& [iccid, c] : cards_) StateCodec::put_card(out, iccid, c);
  state::put_u32(out, static_cast<std::uint32_t>(alerts_.size()));
  for (const Alert& a : alerts_) put_alert(out, a);
  state::put_u32(out, static_cast<std::uint32_t>(requests_.size()));
  for (const ForeignRequest& q : requests_) put_request(out, q);
  state::put_crc(out);
  return out;
}

void OneLink::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "OneLink");
  r.sealed_header(kOneLinkMagic, kOneLinkVersion);
  const std::uint64_t next_request = r.u64("next request");
  if (next_request == 0) r.fail("the next request number is 0 (they start at 1)");
  std::map<std::string, AccountRecord, std::less<>> accounts;
  for (std::uint32_t i = 0, n = r.count("accounts", 16); i < n; ++i) {
    AccountRecord a;
    a.account.id = read_text(r, "account id");
    a.account.name = read_text(r, "account name");
    a.account.thresholds = read_thresholds(r);
    if (r.flag("account billing")) a.account.billing = read_periods(r);
    a.account.plan = read_plan(r);
    a.account.cards.resize(r.count("account's cards", 4));
    for (std::string& iccid : a.account.cards) iccid = read_text(r, "account's card");
    a.usage = read_usage(r);
    a.fired = read_fired(r);
    if (!accounts.empty() && !(accounts.rbegin()->first < a.account.id))
      r.fail("account " + a.account.id + " out of order or repeated");
    const std::string id = a.account.id;
    accounts.emplace_hint(accounts.end(), id, std::move(a));
  }
  std::map<std::string, CardRecord, std::less<>> cards;
  std::map<std::string, std::string, std::less<>> iccid_by_eid;
  for (std::uint32_t i = 0, n = r.count("cards", 40); i < n; ++i) {
    std::string iccid = read_text(r, "card ICCID");
    if (!cards.empty() && !(cards.rbegin()->first < iccid)) r.fail("card " + iccid + " out of order or repeated");
    CardRecord c = StateCodec::read_card(r, iccid);
    if (accounts.count(c.account_id) == 0) r.fail("card " + iccid + " of account " + c.account_id + ", which is not saved");
    if (!c.card.eid.empty() && !iccid_by_eid.emplace(c.card.eid, iccid).second)
      r.fail("EID " + c.card.eid + " on two cards");
    cards.emplace_hint(cards.end(), iccid, std::move(c));
  }
  for (const auto& [id, a] : accounts) {
    for (const std::string& iccid : a.account.cards) {
      const auto c = cards.find(iccid);
      if (c == cards.end() || c->second.account_id != id) r.fail("account " + id + " lists card " + iccid + ", not its own");
    }
  }
  std::vector<Alert> alerts(r.count("alerts", 40));
  for (Alert& a : alerts) a = read_alert(r);
  std::vector<ForeignRequest> requests(r.count("requests", 40));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    ForeignRequest& q = requests[i];
    q = read_request(r);
    // submit(): request "OL-n" is the n-th, each card has at most one Sent.
    if (q.id != "OL-" + std::to_string(i + 1)) r.fail("request " + q.id + " is not OL-" + std::to_string(i + 1));
    if (q.status != ForeignRequestStatus::Sent) continue;
    const auto c = cards.find(q.card_iccid);
    if (c == cards.end()) r.fail("request " + q.id + " in flight for card " + q.card_iccid + ", which is not saved");
    if (c->second.in_flight) r.fail("card " + q.card_iccid + " has two requests in flight");
    c->second.in_flight = i;
  }
  if (next_request != requests.size() + 1) r.fail("the next request number is not the one after the saved requests");
  r.expect_end();
  accounts_ = std::move(accounts);
  cards_ = std::move(cards);
  iccid_by_eid_ = std::move(iccid_by_eid);
  alerts_ = std::move(alerts);
  requests_ = std::move(requests);
  next_request_ = next_request;
}

}  // namespace twinmodels::platform
