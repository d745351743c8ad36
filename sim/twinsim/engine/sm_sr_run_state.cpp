// SmSrRun::save_state() / restore_state() (docs/CHECKPOINTS.md),
// little-endian (twinmodels/state/state_bytes.hpp):
//
//   "SRUN", version u16 (15; 14 had no ES7 calls' SM-SR; 13 had no calls settled by an audit in the
//     counters, no admin server crash steps and no calls made again, 12 no PoR status in the counters and the
//     results and no backups, 11 no roll-back and fall-back counters,
//     10 no ES4 notifications refused by their
//     MNO or no Auto-Delete counters (two layouts of December 2026), 9
//     neither, 8 no POL2 in the calls' and the
//     notifications' EISs, 7 no notifications' retries, 6 no
//     notifications and no order in the
//     calls on their way, 5 had no messages on their way between the
//     platforms, 4 either the registrations or the SM-DPs' callers, 3 one
//     SM-DP, 2 the SM-DP's calls only, 1 none)
//   counters: calls, done, failed, expired, refused, notifications u64,
//     last_done_s (IEEE 754 bits, u64), failed by PoR status u64 x 16,
//     settled by an audit u64
//   POL2's Auto-Delete counters: deleted, failed u64
//   the eUICCs' roll-back (type 03) and fall-back (05) notifications u64 x 2
//   the restores of the SM-SR's records from old backups (sm_sr_backups.hpp)
//   the admin server's crash steps run u32 (a crash, then its restart)
//   the MNOs' calls made again (CallRetries::save(), call_retries.hpp)
//   the server's counters at the last /platforms row: admitted, down,
//     rate_limited, queue_full, served, failed, max_queue u64, busy i64
//   eUICCs registered u32 x device u32, ascending
//   calls in the SM-SR u32 x (campaign u16, device u32), ascending
//   the devices' last campaigns u32 x (device u32, campaign u16), ascending
//   outcomes not yet taken u32 x (at i64, device u32, event u8, value i64)
//   messages' SMS-DELIVERs u32 x (SMSC message id u64, TPDUs u32 x blob),
//     ascending
//   the server's last time i64; the other callers' calls (SM-SR change 0,
//     SM-DP i of platforms.sm_dp 1 + i): next sequence number u64, in the
//     server u32 x (request id u64, caller u8, call, order text, latency
//     i64, ES7 call's SM-SR u8 or FF), ascending; in the SM-SR u32 x (call
//     id, caller u8, latency i64, ES7 call's SM-SR u8 or FF), ascending; per caller (17: SmSrRun::kCallers) the answers not
//     taken u32 x (back i64, result), oldest first (calls and results as
//     in the SM-SR's state, twinmodels/platform/sm_sr_state_fields.hpp)
//   registration scripts ended, not yet taken u32 x device u32, in order
//   calls on their way u32 x (at i64, caller u8, call, order text, latency
//     i64, ES7 call's SM-SR u8 or FF, campaign u16 or FFFF), in arrival order
//   SMSC inputs on their way u32 x (at i64, kind u8 (report 0, failed 1,
//     MO SMS 2), device u32, sender text, TPDU blob, ack u8), in arrival order
//   SMS on their way to the SMSC u32 x (at i64, device u32, TP-DA digits
//     text, campaign u16 or FFFF, TPDUs u32 x blob), in arrival order
//   notifications (SGP.02 §5.1.3): sent u64 x 2 (ES4, ES3), retries and
//     given up u64 x 2; made, not yet sent u32 x notification; ES3 ones on
//     their way u32 x (at i64, SM-DP index u8, attempt u8, notification),
//     in arrival order; ES3 ones refused (notification_retry) u32 x (when
//     the SM-SR acts i64, SM-DP index u8, attempt u8, notification), in
//     that order (notification_state.hpp); ES4 ones to the MNOs
//     (MnoNotifications::save_state(), mno_notifications.hpp): retries and
//     given up u64 x 2, refused ones u32 x (next send i64, attempt u8,
//     notification), in that order
//   SmSr::save_state(), PlatformServer::save_state() (blobs)
//   CRC-32 u32 of everything before it
#include <algorithm>
#include <stdexcept>

#include "twinmodels/platform/sm_sr_state_fields.hpp"
#include "twinmodels/state/state_bytes.hpp"
#include "twinsim/engine/notification_state.hpp"
#include "twinsim/engine/sm_sr_run.hpp"
#include "twinsim/engine/sm_sr_state_parts.hpp"

namespace twinsim {

namespace {

namespace st = twinmodels::state;
namespace pf = twinmodels::platform;
namespace fields = twinmodels::platform::state_fields;

constexpr char kSmSrRunMagic[5] = "SRUN";
constexpr std::uint16_t kSmSrRunVersion = 15;
constexpr std::uint16_t kNoCampaign = 0xFFFF;
constexpr std::size_t kMaxSmSrBlob = std::size_t{1} << 31;
constexpr std::size_t kMaxTpdu = 200;  // an SMS-DELIVER TPDU is at most 164 octets (TS 23.040 §9.2.2.1)

template <class K>
std::vector<K> sorted(const auto& keyed) {
  std::vector<K> keys;
  for (const auto& [k, v] : keyed) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  return keys;
}

}  // namespace

cardcore::Bytes SmSrRun::save_state() const {
  cardcore::Bytes out;
  st::put_header(out, kSmSrRunMagic, kSmSrRunVersion);
  put_sm_sr_counters(out, counters_);
  st::put_u64(out, auto_deletes_.deleted);
  st::put_u64(out, auto_deletes_.failed);
  st::put_u64(out, euicc_switches_.rollbacks);
  st::put_u64(out, euicc_switches_.fallbacks);
  backups_.save(out);
  // A connection a crash cut is a BIP link still open: the checkpoint
  // waits for none (checkpointer.cpp).
  if (!cut_.empty()) throw std::logic_error("SmSrRun::save_state: a connection cut by a crash is still open");
  st::put_u32(out, https_steps_done_);
  retries_.save(out);
  pf::put_server_counters(out, sampled_);
  std::vector<std::uint32_t> registered(registered_.begin(), registered_.end());
  std::sort(registered.begin(), registered.end());
  st::put_u32(out, static_cast<std::uint32_t>(registered.size()));
  for (std::uint32_t d : registered) st::put_u32(out, d);
  std::vector<std::pair<std::uint16_t, std::uint32_t>> calls;
  for (const auto& [id, c] : calls_) calls.emplace_back(c.campaign, c.device);
  std::sort(calls.begin(), calls.end());
  st::put_u32(out, static_cast<std::uint32_t>(calls.size()));
  for (const auto& [campaign, device] : calls) {
    st::put_u16(out, campaign);
    st::put_u32(out, device);
  }
  const std::vector<std::uint32_t> devices = sorted<std::uint32_t>(campaign_of_);
  st::put_u32(out, static_cast<std::uint32_t>(devices.size()));
  for (std::uint32_t d : devices) {
    st::put_u32(out, d);
    st::put_u16(out, campaign_of_.at(d));
  }
  put_sm_sr_outcomes(out, outcomes_);
  const std::vector<twinmodels::SmscMessageId> ids = sorted<twinmodels::SmscMessageId>(delivers_);
  st::put_u32(out, static_cast<std::uint32_t>(ids.size()));
  for (twinmodels::SmscMessageId id : ids) {
    st::put_u64(out, id);
    const std::vector<cardcore::Bytes>& tpdus = delivers_.at(id);
    st::put_u32(out, static_cast<std::uint32_t>(tpdus.size()));
    for (const cardcore::Bytes& t : tpdus) st::put_blob(out, t);
  }
  st::put_u64(out, static_cast<std::uint64_t>(last_t_));
  st::put_u64(out, caller_sequence_);
  const std::vector<std::uint64_t> waiting = sorted<std::uint64_t>(caller_waiting_);
  st::put_u32(out, static_cast<std::uint32_t>(waiting.size()));
  for (std::uint64_t id : waiting) {
    const CallerCall& c = caller_waiting_.at(id);
    st::put_u64(out, id);
    st::put_u8(out, static_cast<std::uint8_t>(c.caller));
    fields::put_call(out, c.call);
    st::put_text(out, c.order);
    st::put_u64(out, static_cast<std::uint64_t>(c.latency));
    st::put_u8(out, c.es7_from);
  }
  const std::vector<std::string> in_smsr = sorted<std::string>(caller_calls_);
  st::put_u32(out, static_cast<std::uint32_t>(in_smsr.size()));
  for (const std::string& id : in_smsr) {
    st::put_text(out, id);
    st::put_u8(out, static_cast<std::uint8_t>(caller_calls_.at(id).caller));
    st::put_u64(out, static_cast<std::uint64_t>(caller_calls_.at(id).latency));
    st::put_u8(out, caller_calls_.at(id).es7_from);
  }
  for (const std::vector<Answer>& answers : caller_results_) {
    st::put_u32(out, static_cast<std::uint32_t>(answers.size()));
    for (const Answer& a : answers) {
      st::put_u64(out, static_cast<std::uint64_t>(a.back));
      fields::put_result(out, a.result);
    }
  }
  st::put_u32(out, static_cast<std::uint32_t>(registrations_.size()));
  for (std::uint32_t d : registrations_) st::put_u32(out, d);
  st::put_u32(out, static_cast<std::uint32_t>(arriving_.size()));
  for (const auto& [at, a] : arriving_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, static_cast<std::uint8_t>(a.call.caller));
    fields::put_call(out, a.call.call);
    st::put_text(out, a.call.order);
    st::put_u64(out, static_cast<std::uint64_t>(a.call.latency));
    st::put_u8(out, a.call.es7_from);
    st::put_u16(out, a.campaign.value_or(kNoCampaign));
  }
  st::put_u32(out, static_cast<std::uint32_t>(inputs_.size()));
  for (const auto& [at, in] : inputs_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u8(out, static_cast<std::uint8_t>(in.kind));
    st::put_u32(out, in.device);
    st::put_text(out, in.msisdn);
    st::put_blob(out, in.tpdu);
    st::put_u8(out, in.ack ? 1 : 0);
  }
  st::put_u32(out, static_cast<std::uint32_t>(outbox_.size()));
  for (const auto& [at, o] : outbox_) {
    st::put_u64(out, static_cast<std::uint64_t>(at));
    st::put_u32(out, o.sms.device);
    st::put_text(out, o.sms.submit.da.value);
    st::put_u16(out, o.campaign.value_or(kNoCampaign));
    st::put_u32(out, static_cast<std::uint32_t>(o.sms.delivers.size()));
    for (const cardcore::Bytes& t : o.sms.delivers) st::put_blob(out, t);
  }
  st::put_u64(out, notices_sent_.es4);
  st::put_u64(out, notices_sent_.es3);
  st::put_u64(out, notices_sent_.retries);
  st::put_u64(out, notices_sent_.given_up);
  st::put_u32(out, static_cast<std::uint32_t>(notified_.size()));
  for (const pf::PlatformNotification& n : notified_) put_notification(out, n);
  for (const std::multimap<SimTime, Notice>* q : {&notices_, &refused_}) {
    st::put_u32(out, static_cast<std::uint32_t>(q->size()));
    for (const auto& [at, n] : *q) {
      st::put_u64(out, static_cast<std::uint64_t>(at));
      st::put_u8(out, n.sm_dp);
      st::put_u8(out, n.attempt);
      put_notification(out, n.notification);
    }
  }
  to_mnos_.save_state(out);
  st::put_blob(out, smsr_.save_state());
  st::put_blob(out, server_.save_state());
  st::put_crc(out);
  return out;
}

void SmSrRun::restore_state(cardcore::ByteView in) {
  st::Reader r(in, "SM-SR run");
  r.sealed_header(kSmSrRunMagic, kSmSrRunVersion);
  const SmSrCounters counters = read_sm_sr_counters(r);
  AutoDeleteCounters auto_deletes;
  auto_deletes.deleted = r.u64("Auto-Delete deletions");
  auto_deletes.failed = r.u64("Auto-Delete failures");
  EuiccSwitchCounters euicc_switches;
  euicc_switches.rollbacks = r.u64("roll-back notifications");
  euicc_switches.fallbacks = r.u64("fall-back notifications");
  SmSrBackups backups = backups_;
  backups.restore(r);
  const std::uint32_t https_steps_done = r.u32("admin server crash steps");
  if (https_steps_done > 2 * server_.config().crashes.size())
    r.fail("admin server crash steps " + std::to_string(https_steps_done) + " for " +
           std::to_string(server_.config().crashes.size()) + " crashes");
  CallRetries retries;
  retries.restore(r, scenario_, devices_,
                  [](const CampaignSpec& c) { return carried_by_sm_sr(c.kind) && !orders_at_sm_dp(c); },
                  "SM-SR '" + config_.id + "'");
  const pf::ServerCounters sampled = pf::read_server_counters(r);
  auto device = [&](const char* what) {
    const std::uint32_t d = r.u32(what);
    if (d >= devices_) r.fail(std::string(what) + " " + std::to_string(d) + " is not a device of the run");
    return d;
  };
  auto campaign = [&](const char* what) {
    const std::uint16_t c = r.u16(what);
    if (c >= scenario_.campaigns.size() || !carried_by_sm_sr(scenario_.campaigns[c].kind))
      r.fail(std::string(what) + " " + std::to_string(c) + " is not an SM-SR campaign of the scenario");
    return c;
  };
  std::unordered_set<std::uint32_t> registered;
  for (std::uint32_t i = 0, n = r.count("eUICCs registered", 4); i < n; ++i) {
    if (!registered.insert(device("registered device")).second) r.fail("a device registered twice");
  }
  std::unordered_map<std::string, Call> calls;
  for (std::uint32_t i = 0, n = r.count("calls", 6); i < n; ++i) {
    Call c;
    c.campaign = campaign("call's campaign");
    c.device = device("call's device");
    if (!calls.emplace(scenario_.campaigns[c.campaign].name + "-" + std::to_string(c.device), c).second)
      r.fail("a call saved twice");
  }
  std::unordered_map<std::uint32_t, std::uint16_t> campaign_of;
  for (std::uint32_t i = 0, n = r.count("devices' campaigns", 6); i < n; ++i) {
    const std::uint32_t d = device("campaign's device");
    if (!campaign_of.emplace(d, campaign("device's campaign")).second) r.fail("a device's campaign saved twice");
  }
  std::vector<Outcome> outcomes = read_sm_sr_outcomes(r, "outcomes", devices_);
  std::unordered_map<twinmodels::SmscMessageId, std::vector<cardcore::Bytes>> delivers;
  for (std::uint32_t i = 0, n = r.count("messages", 12); i < n; ++i) {
    const twinmodels::SmscMessageId id = r.u64("message id");
    std::vector<cardcore::Bytes> tpdus(r.count("TPDUs", 4));
    if (tpdus.empty()) r.fail("message " + std::to_string(id) + " has no SMS-DELIVER");
    for (cardcore::Bytes& t : tpdus) t = r.blob("TPDU", kMaxTpdu);
    if (!delivers.emplace(id, std::move(tpdus)).second) r.fail("message " + std::to_string(id) + " saved twice");
  }
  const SimTime last_t = r.i64("server time");
  const std::uint64_t caller_sequence = r.u64("callers' sequence");
  auto latency = [&](const char* what) {
    const SimTime l = r.i64(what);
    if (l < 0) r.fail(std::string(what) + " " + std::to_string(l) + " is negative");
    return l;
  };
  auto caller = [&] {
    const std::uint8_t c = r.u8("caller");
    if (c >= kCallers) r.fail("caller " + std::to_string(c) + " is not one");
    return static_cast<Caller>(c);
  };
  // An SM-SR change's ES7 call's SM-SR: another of the run's, or none.
  auto es7_from = [&](Caller c) {
    const std::uint8_t k = r.u8("ES7 call's SM-SR");
    if (k == kNoSmSr) return k;
    if (c != Caller::SmSrChange || k >= scenario_.sm_srs.size() || k == index_)
      r.fail("ES7 call's SM-SR " + std::to_string(k) + " is not another SM-SR of the run calling for a change");
    return k;
  };
  std::unordered_map<std::uint64_t, CallerCall> caller_waiting;
  for (std::uint32_t i = 0, n = r.count("callers' calls in the server", 10); i < n; ++i) {
    const std::uint64_t id = r.u64("caller's request id");
    if (!(id & kCallerRequest) || (id & ~kCallerRequest) >= caller_sequence)
      r.fail("caller's request id " + std::to_string(id) + " is not one the run gave");
    CallerCall c;
    c.caller = caller();
    c.call = fields::read_call(r);
    c.order = r.text("order", fields::kMaxText);
    c.latency = latency("caller's latency");
    c.es7_from = es7_from(c.caller);
    if (!caller_waiting.emplace(id, std::move(c)).second) r.fail("a caller's request saved twice");
  }
  std::unordered_map<std::string, CallerOf> caller_calls;
  for (std::uint32_t i = 0, n = r.count("callers' calls in the SM-SR", 13); i < n; ++i) {
    std::string id = r.text("caller's call id", fields::kMaxText);
    CallerOf of;
    of.caller = caller();
    of.latency = latency("caller's latency");
    of.es7_from = es7_from(of.caller);
    if (!caller_calls.emplace(std::move(id), of).second) r.fail("a caller's call saved twice");
  }
  std::array<std::vector<Answer>, kCallers> caller_results;
  for (std::vector<Answer>& answers : caller_results) {
    answers.resize(r.count("callers' answers", 16));
    for (Answer& a : answers) {
      a.back = r.i64("answer's time back");
      a.result = fields::read_result(r);
    }
  }
  std::vector<std::uint32_t> registrations(r.count("registrations", 4));
  for (std::uint32_t& d : registrations) d = device("registration's device");
  // On their way, in arrival order.
  auto arrival = [&](SimTime& last, const char* what) {
    const SimTime at = r.i64(what);
    if (at < last) r.fail(std::string(what) + " " + std::to_string(at) + " is before the one saved before it");
    return last = at;
  };
  auto campaign_or_none = [&](const char* what) -> std::optional<std::uint16_t> {
    const std::uint16_t c = r.u16(what);
    if (c == kNoCampaign) return std::nullopt;
    if (c >= scenario_.campaigns.size()) r.fail(std::string(what) + " " + std::to_string(c) + " is not a campaign of the scenario");
    return c;
  };
  std::multimap<SimTime, Arriving> arriving;
  SimTime last = 0;
  for (std::uint32_t i = 0, n = r.count("calls on their way", 19); i < n; ++i) {
    const SimTime at = arrival(last, "call's arrival");
    Arriving a;
    a.call.caller = caller();
    a.call.call = fields::read_call(r);
    a.call.order = r.text("call's order", fields::kMaxText);
    a.call.latency = latency("call's latency");
    a.call.es7_from = es7_from(a.call.caller);
    a.campaign = campaign_or_none("call's campaign");
    arriving.emplace_hint(arriving.end(), at, std::move(a));
  }
  std::multimap<SimTime, SmscInput> inputs;
  last = 0;
  for (std::uint32_t i = 0, n = r.count("SMSC inputs on their way", 22); i < n; ++i) {
    const SimTime at = arrival(last, "input's arrival");
    SmscInput in;
    const std::uint8_t kind = r.u8("input's kind");
    if (kind > static_cast<std::uint8_t>(SmscInput::Kind::MoSms)) r.fail("input kind " + std::to_string(kind) + " is not one");
    in.kind = static_cast<SmscInput::Kind>(kind);
    in.device = device("input's device");
    in.msisdn = r.text("input's sender", 20);
    in.tpdu = r.blob("input's TPDU", kMaxTpdu);
    const std::uint8_t ack = r.u8("input's ack");
    if (ack > 1) r.fail("input's ack " + std::to_string(ack) + " is not 0 or 1");
    in.ack = ack == 1;
    inputs.emplace_hint(inputs.end(), at, std::move(in));
  }
  std::multimap<SimTime, Outgoing> outbox;
  last = 0;
  for (std::uint32_t i = 0, n = r.count("SMS on their way", 22); i < n; ++i) {
    const SimTime at = arrival(last, "SMS's arrival");
    const std::uint32_t d = device("SMS's device");
    const std::string da = r.text("SMS's TP-DA", 20);
    const std::optional<std::uint16_t> c = campaign_or_none("SMS's campaign");
    Outgoing o{make_sms(d, da, c), c};
    o.sms.at = at;
    o.sms.delivers.resize(r.count("SMS's TPDUs", 4));
    if (o.sms.delivers.empty()) r.fail("an SMS on its way has no SMS-DELIVER");
    for (cardcore::Bytes& t : o.sms.delivers) t = r.blob("TPDU", kMaxTpdu);
    outbox.emplace_hint(outbox.end(), at, std::move(o));
  }
  NotificationCounters sent;
  sent.es4 = r.u64("notifications sent over ES4");
  sent.es3 = r.u64("notifications sent over ES3");
  sent.retries = r.u64("notifications sent again");
  sent.given_up = r.u64("notifications given up");
  std::vector<pf::PlatformNotification> notified(r.count("notifications not yet sent", 30));
  for (pf::PlatformNotification& n : notified) n = read_notification(r);
  // Sends per notification: 1 without notification_retry.
  const std::uint32_t max_attempts = spec().notification_retry ? spec().notification_retry->max_attempts : 1;
  const auto read_notices = [&](const char* what, const char* time) {
    std::multimap<SimTime, Notice> q;
    last = 0;
    for (std::uint32_t i = 0, n = r.count(what, 40); i < n; ++i) {
      Notice x;
      x.at = arrival(last, time);
      x.sm_dp = r.u8("notification's SM-DP");
      if (x.sm_dp >= scenario_.sm_dps.size()) r.fail("notification's SM-DP " + std::to_string(x.sm_dp) + " is not one of platforms.sm_dp");
      x.attempt = r.u8("notification's attempt");
      if (x.attempt < 1 || x.attempt > max_attempts)
        r.fail("a notification's attempt " + std::to_string(x.attempt) +
               (spec().notification_retry ? " is not 1 to " + std::to_string(max_attempts) + " (notification_retry's max_attempts)"
                                          : ", and SM-SR '" + spec().id + "' has no notification_retry (one send each)"));
      x.notification = read_notification(r);
      if (x.notification.interface != "ES3" || x.notification.to != scenario_.sm_dps[x.sm_dp].id)
        r.fail("a notification to SM-DP '" + scenario_.sm_dps[x.sm_dp].id + "' is " +
               pf::notification_name(x.notification) + " to '" + x.notification.to + "'");
      q.emplace_hint(q.end(), x.at, std::move(x));
    }
    return q;
  };
  std::multimap<SimTime, Notice> notices = read_notices("notifications on their way", "notification's arrival");
  std::multimap<SimTime, Notice> refused = read_notices("notifications refused", "refused notification's next send");
  if (!refused.empty() && !spec().notification_retry)
    r.fail("notifications refused to send again, and SM-SR '" + spec().id + "' has no notification_retry");
  MnoNotifications to_mnos = to_mnos_.parsed(r);
  const cardcore::Bytes smsr_state = r.blob("SM-SR", kMaxSmSrBlob);
  const cardcore::Bytes server_state = r.blob("server", kMaxSmSrBlob);
  r.expect_end();
  // The models check their own parts: the server into a copy, then the
  // SM-SR, whose restore changes nothing when it refuses; so a refusal
  // leaves this run as it was.
  pf::PlatformServer server(sm_sr_server_config(scenario_, index_));
  try {
    server.restore_state(server_state);
    smsr_.restore_state(smsr_state);
  } catch (const std::invalid_argument& e) {
    r.fail(e.what());
  }
  server_ = std::move(server);
  registered_ = std::move(registered);
  calls_ = std::move(calls);
  campaign_of_ = std::move(campaign_of);
  outcomes_ = std::move(outcomes);
  delivers_ = std::move(delivers);
  counters_ = counters;
  auto_deletes_ = auto_deletes;
  euicc_switches_ = euicc_switches;
  backups_ = std::move(backups);
  https_steps_done_ = https_steps_done;
  retries_ = std::move(retries);
  cut_.clear();
  sampled_ = sampled;
  last_t_ = last_t;
  caller_sequence_ = caller_sequence;
  caller_waiting_ = std::move(caller_waiting);
  caller_calls_ = std::move(caller_calls);
  caller_results_ = std::move(caller_results);
  registrations_ = std::move(registrations);
  arriving_ = std::move(arriving);
  inputs_ = std::move(inputs);
  outbox_ = std::move(outbox);
  notices_sent_ = sent;
  notified_ = std::move(notified);
  notices_ = std::move(notices);
  refused_ = std::move(refused);
  to_mnos_ = std::move(to_mnos);
}

}  // namespace twinsim
