// Smsc::save_state() / restore_state(): the SMSC's whole state for
// simulator checkpoints (docs/CHECKPOINTS.md), little-endian:
//
//   "SMST", version u16 (2)
//   next_id u64, limiter TAT i64 (rate_limiter.hpp)
//   counters: submitted, attempts, delivered, expired, failed, alerts,
//             answers_lost, held, alerts_lost (u64 each)
//   queues u32, in destination order; each:
//     destination u64, due i64 (kNever: none), attempt_at i64, in_flight u8,
//     waiting_alert u8,
//     messages u32, in queue order; each:
//       id u64, submitted i64, expires i64, attempts u32, srr u8, mr u8,
//       recipient: TON u8, NPI u8, digits (u32 length, bytes)
//   outputs not yet taken:
//     attempts u32 x (id u64, destination u64, at i64, attempt u32)
//     alerts u32 x (destination u64, at i64)
//     reports u32 x (id u64, destination u64, at i64, delivered u8, status u8,
//                    attempts u32, status report (u32 length, bytes))
//
// Every message is in its destination's queue, so the queues carry them;
// the due set is the queues' due times.
#include <algorithm>
#include <string>

#include "twinmodels/network/smsc.hpp"
#include "twinmodels/state/state_bytes.hpp"

namespace twinmodels {

namespace {

constexpr char kMagic[5] = "SMST";
constexpr std::uint16_t kVersion = 2;  // 2: the crashes' attempt_at and counters
constexpr std::size_t kMaxText = 255;  // an address's digits or a status report, bytes

}  // namespace

cardcore::Bytes Smsc::save_state() const {
  using namespace state;
  cardcore::Bytes b;
  put_header(b, kMagic, kVersion);
  put_u64(b, next_id_);
  put_u64(b, static_cast<std::uint64_t>(limiter_.tat()));
  for (const std::uint64_t c : {counters_.submitted, counters_.attempts, counters_.delivered, counters_.expired,
                                counters_.failed, counters_.alerts, counters_.answers_lost, counters_.held,
                                counters_.alerts_lost})
    put_u64(b, c);
  std::vector<std::uint64_t> destinations;
  destinations.reserve(queues_.size());
  for (const auto& [d, q] : queues_) destinations.push_back(d);
  std::sort(destinations.begin(), destinations.end());
  put_u32(b, static_cast<std::uint32_t>(destinations.size()));
  for (const std::uint64_t d : destinations) {
    const Queue& q = queues_.at(d);
    put_u64(b, d);
    put_u64(b, static_cast<std::uint64_t>(q.due));
    put_u64(b, static_cast<std::uint64_t>(q.attempt_at));
    put_u8(b, q.in_flight ? 1 : 0);
    put_u8(b, q.waiting_alert ? 1 : 0);
    std::uint32_t n = 0;
    for (SmscMessageId id = q.head; id != 0; id = messages_.at(id).next) ++n;
    put_u32(b, n);
    for (SmscMessageId id = q.head; id != 0; id = messages_.at(id).next) {
      const Message& m = messages_.at(id);
      put_u64(b, id);
      put_u64(b, static_cast<std::uint64_t>(m.submitted));
      put_u64(b, static_cast<std::uint64_t>(m.expires));
      put_u32(b, m.attempts);
      put_u8(b, m.srr ? 1 : 0);
      put_u8(b, m.mr);
      put_u8(b, static_cast<std::uint8_t>(m.recipient.ton));
      put_u8(b, static_cast<std::uint8_t>(m.recipient.npi));
      put_blob(b, cardcore::ByteView(reinterpret_cast<const std::uint8_t*>(m.recipient.value.data()),
                                     m.recipient.value.size()));
    }
  }
  put_u32(b, static_cast<std::uint32_t>(out_.attempts.size()));
  for (const DeliveryAttempt& a : out_.attempts) {
    put_u64(b, a.id);
    put_u64(b, a.destination);
    put_u64(b, static_cast<std::uint64_t>(a.at));
    put_u32(b, a.attempt);
  }
  put_u32(b, static_cast<std::uint32_t>(out_.alerts.size()));
  for (const AlertRequest& a : out_.alerts) {
    put_u64(b, a.destination);
    put_u64(b, static_cast<std::uint64_t>(a.at));
  }
  put_u32(b, static_cast<std::uint32_t>(out_.reports.size()));
  for (const SmscReport& r : out_.reports) {
    put_u64(b, r.id);
    put_u64(b, r.destination);
    put_u64(b, static_cast<std::uint64_t>(r.at));
    put_u8(b, r.delivered ? 1 : 0);
    put_u8(b, r.status);
    put_u32(b, r.attempts);
    put_blob(b, r.status_report);
  }
  return b;
}

void Smsc::restore_state(cardcore::ByteView in) {
  state::Reader r(in, "SMSC");
  r.header(kMagic, kVersion);
  const SmscMessageId next_id = r.u64("next_id");
  if (next_id == 0) r.fail("next_id is 0 (ids start at 1)");
  const NetTime tat = r.i64("limiter TAT");
  SmscCounters counters;
  for (std::uint64_t* c : {&counters.submitted, &counters.attempts, &counters.delivered, &counters.expired,
                           &counters.failed, &counters.alerts, &counters.answers_lost, &counters.held,
                           &counters.alerts_lost})
    *c = r.u64("counters");
  std::unordered_map<SmscMessageId, Message> messages;
  std::unordered_map<std::uint64_t, Queue> queues;
  std::set<std::pair<NetTime, std::uint64_t>> due;
  const std::uint32_t nq = r.count("queues", 34);
  std::uint64_t previous = 0;
  for (std::uint32_t i = 0; i < nq; ++i) {
    const std::uint64_t d = r.u64("queue destination");
    if (i > 0 && d <= previous) r.fail("queue of destination " + std::to_string(d) + " out of order or repeated");
    previous = d;
    Queue q;
    q.due = r.i64("queue due");
    q.attempt_at = r.i64("queue attempt_at");
    q.in_flight = r.flag("queue in_flight");
    q.waiting_alert = r.flag("queue waiting_alert");
    if (q.in_flight && q.due != kNever) r.fail("destination " + std::to_string(d) + ": an attempt in flight and due again");
    const std::uint32_t nm = r.count("queue messages", 36);
    if (nm == 0) r.fail("destination " + std::to_string(d) + ": an empty queue");
    for (std::uint32_t k = 0; k < nm; ++k) {
      const SmscMessageId id = r.u64("message id");
      if (id == 0 || id >= next_id)
        r.fail("message id " + std::to_string(id) + " is not below next_id " + std::to_string(next_id));
      Message m;
      m.destination = d;
      m.submitted = r.i64("message submitted");
      m.expires = r.i64("message expires");
      m.attempts = r.u32("message attempts");
      m.srr = r.flag("message srr");
      m.mr = r.u8("message mr");
      const std::uint8_t ton = r.u8("recipient TON");
      const std::uint8_t npi = r.u8("recipient NPI");
      if (ton > 7 || npi > 15) r.fail("recipient type of address " + std::to_string(ton) + "/" + std::to_string(npi) + " out of range");
      m.recipient.ton = static_cast<cardcore::sms::TypeOfNumber>(ton);
      m.recipient.npi = static_cast<cardcore::sms::NumberingPlan>(npi);
      const cardcore::Bytes v = r.blob("recipient digits", kMaxText);
      m.recipient.value.assign(v.begin(), v.end());
      if (q.head == 0) {
        q.head = id;
      } else {
        messages.at(q.tail).next = id;
      }
      q.tail = id;
      if (!messages.emplace(id, std::move(m)).second) r.fail("message id " + std::to_string(id) + " repeated");
    }
    if (q.due != kNever) due.emplace(q.due, d);
    queues.emplace(d, q);
  }
  SmscOutputs out;
  const std::uint32_t na = r.count("output attempts", 28);
  for (std::uint32_t i = 0; i < na; ++i) {
    DeliveryAttempt a;
    a.id = r.u64("attempt id");
    a.destination = r.u64("attempt destination");
    a.at = r.i64("attempt at");
    a.attempt = r.u32("attempt number");
    out.attempts.push_back(a);
  }
  const std::uint32_t nl = r.count("output alerts", 16);
  for (std::uint32_t i = 0; i < nl; ++i) {
    AlertRequest a;
    a.destination = r.u64("alert destination");
    a.at = r.i64("alert at");
    out.alerts.push_back(a);
  }
  const std::uint32_t nr = r.count("output reports", 34);
  for (std::uint32_t i = 0; i < nr; ++i) {
    SmscReport rep;
    rep.id = r.u64("report id");
    rep.destination = r.u64("report destination");
    rep.at = r.i64("report at");
    rep.delivered = r.flag("report delivered");
    rep.status = r.u8("report status");
    rep.attempts = r.u32("report attempts");
    rep.status_report = r.blob("report status_report", kMaxText);
    out.reports.push_back(std::move(rep));
  }
  r.expect_end();
  limiter_.restore(tat);
  next_id_ = next_id;
  messages_ = std::move(messages);
  queues_ = std::move(queues);
  due_ = std::move(due);
  out_ = std::move(out);
  counters_ = counters;
}

}  // namespace twinmodels
