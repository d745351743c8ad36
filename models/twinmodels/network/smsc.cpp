#include "twinmodels/network/smsc.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

#include "cardcore/sms/status_report.hpp"
#include "cardcore/sms/validity_period.hpp"

namespace twinmodels {

namespace {

SmscConfig checked(SmscConfig cfg) {
  if (cfg.retry_schedule.empty()) throw std::invalid_argument("Smsc: empty retry schedule");
  for (const NetTime w : cfg.retry_schedule)
    if (w <= 0) throw std::invalid_argument("Smsc: retry waits must be positive");
  if (cfg.default_validity <= 0 || cfg.max_validity <= 0) throw std::invalid_argument("Smsc: validity must be positive");
  check_outages(cfg.outages, "Smsc");
  check_outages(cfg.crashes, "Smsc crashes");
  return cfg;
}

}  // namespace

Smsc::Smsc(SmscConfig cfg) : cfg_(checked(std::move(cfg))), limiter_(cfg_.rate_per_second, cfg_.burst) {}

NetTime Smsc::expiry_of(NetTime now, const cardcore::sms::ValidityPeriod& vp) const {
  using namespace cardcore::sms;
  NetTime validity = cfg_.default_validity;
  if (const auto* rel = std::get_if<RelativeValidity>(&vp)) {
    validity = NetTime{relative_validity_minutes(rel->value)} * kMinute;  // §9.2.3.12.1
  } else if (const auto* abs = std::get_if<Timestamp>(&vp)) {
    validity = cfg_.clock.time_of(*abs) - now;  // §9.2.3.12.2
  } else if (const auto* enh = std::get_if<EnhancedValidity>(&vp)) {
    if (const auto s = enhanced_validity_seconds(*enh)) validity = NetTime{*s} * kSecond;  // §9.2.3.12.3
  }
  // A validity already over (an absolute one in the past) ends at once.
  return now + std::clamp<NetTime>(validity, 0, cfg_.max_validity);
}

SmscMessageId Smsc::submit(NetTime at, std::uint64_t destination, const cardcore::sms::SmsSubmit& submit) {
  // In a crash the SME's bind fails; it submits again at the restart.
  const NetTime now = up_at(cfg_.crashes, at);
  if (now != at) ++counters_.held;
  const SmscMessageId id = next_id_++;
  Message m;
  m.destination = destination;
  m.submitted = now;
  m.expires = expiry_of(now, submit.vp);
  m.srr = submit.srr;
  m.mr = submit.mr;
  m.recipient = submit.da;
  messages_.emplace(id, std::move(m));
  Queue& q = queues_[destination];
  if (q.head == 0) {
    q.head = q.tail = id;
    schedule(destination, q, now);
  } else {
    messages_.at(q.tail).next = id;
    q.tail = id;
  }
  ++counters_.submitted;
  return id;
}

void Smsc::schedule(std::uint64_t destination, Queue& q, NetTime t) {
  unschedule(destination, q);
  // A retry never waits past the head's expiry: it is discarded then.
  q.due = std::min(t, messages_.at(q.head).expires);
  due_.emplace(q.due, destination);
}

void Smsc::unschedule(std::uint64_t destination, Queue& q) {
  if (q.due != kNever) due_.erase({q.due, destination});
  q.due = kNever;
}

void Smsc::defer(std::uint64_t destination, Queue& q, NetTime t) {
  unschedule(destination, q);
  q.due = t;
  due_.emplace(q.due, destination);
}

void Smsc::finish_head(NetTime now, std::uint64_t destination, Queue& q, bool delivered, std::uint8_t status,
                       NetTime event_time) {
  const SmscMessageId id = q.head;
  const Message& m = messages_.at(id);
  const SmscMessageId next = m.next;
  SmscReport r;
  r.id = id;
  r.destination = destination;
  r.at = now;
  r.delivered = delivered;
  r.status = status;
  r.attempts = m.attempts;
  if (m.srr) {
    // §9.2.2.3: TP-MR and TP-RA of the reported SMS-SUBMIT, its TP-SCTS, the
    // discharge time TP-DT (delivery, or the time the SC gave up) and TP-ST.
    cardcore::sms::SmsStatusReport s;
    s.mms = true;  // no more messages waiting
    s.mr = m.mr;
    s.ra = m.recipient;
    s.scts = cfg_.clock.timestamp(m.submitted);
    s.dt = cfg_.clock.timestamp(event_time);
    s.st = status;
    r.status_report = cardcore::sms::encode(s);
  }
  out_.reports.push_back(std::move(r));
  messages_.erase(id);
  q.head = next;
  if (next == 0) q.tail = 0;
  q.in_flight = false;
  q.waiting_alert = false;
  unschedule(destination, q);
  if (q.head == 0) {
    queues_.erase(destination);
  } else {
    schedule(destination, q, now);
  }
}

void Smsc::poll(NetTime now) {
  while (!due_.empty() && due_.begin()->first <= now) {
    const std::uint64_t destination = due_.begin()->second;
    Queue& q = queues_.at(destination);
    Message& m = messages_.at(q.head);
    // The SMSC is down: it notices nothing until its restart.
    if (const NetTime up = up_at(cfg_.crashes, now); up != now) {
      defer(destination, q, up);
      continue;
    }
    if (m.expires <= now) {
      ++counters_.expired;
      finish_head(now, destination, q, false, kTpStValidityPeriodExpired, m.expires);
      continue;
    }
    // The delivery side is down: the message waits in store until it is up
    // again, or until it expires (schedule() stops at the expiry).
    if (const NetTime up = up_at(cfg_.outages, now); up != now) {
      schedule(destination, q, up);
      continue;
    }
    if (!limiter_.try_take(now)) break;  // every due attempt waits for the next token
    unschedule(destination, q);
    q.in_flight = true;
    q.attempt_at = now;
    ++m.attempts;
    ++counters_.attempts;
    out_.attempts.push_back({q.head, destination, now, m.attempts});
  }
}

NetTime Smsc::next_wakeup() const {
  if (due_.empty()) return kNever;
  const auto [t, destination] = *due_.begin();
  const Message& m = messages_.at(queues_.at(destination).head);
  if (down_at(cfg_.crashes, t)) return t;  // poll() moves it to the restart
  if (m.expires <= t) return t;  // an expiry needs no token
  if (down_at(cfg_.outages, t)) return t;  // nor waiting for an outage's end
  return limiter_.earliest(t);
}

bool Smsc::down_since(NetTime from, NetTime now) const {
  // A crash window that overlaps [from, now].
  return std::any_of(cfg_.crashes.begin(), cfg_.crashes.end(),
                     [&](const auto& w) { return w.first <= now && w.second > from; });
}

bool Smsc::answer_reaches(NetTime now, SmscMessageId id) const {
  const auto it = messages_.find(id);
  if (it == messages_.end()) return false;
  const Queue& q = queues_.at(it->second.destination);
  return q.in_flight && q.head == id && !down_since(q.attempt_at, now);
}

bool Smsc::delivery_result(NetTime now, SmscMessageId id, DeliveryOutcome outcome, std::uint8_t status) {
  const auto it = messages_.find(id);
  if (it == messages_.end()) throw std::invalid_argument("Smsc: no message " + std::to_string(id) + " in store");
  const std::uint64_t destination = it->second.destination;
  Queue& q = queues_.at(destination);
  if (!q.in_flight || q.head != id)
    throw std::invalid_argument("Smsc: message " + std::to_string(id) + " has no attempt in flight");
  q.in_flight = false;
  if (down_since(q.attempt_at, now)) {
    // The attempt died with the process: the restarted SMSC tries the
    // message again from its store (no retry wait: it never learnt of a failure).
    ++counters_.answers_lost;
    defer(destination, q, up_at(cfg_.crashes, now));
    return false;
  }
  switch (outcome) {
    case DeliveryOutcome::Delivered:
      ++counters_.delivered;
      finish_head(now, destination, q, true, kTpStReceivedBySme, now);
      return true;
    case DeliveryOutcome::PermanentError:
      ++counters_.failed;
      finish_head(now, destination, q, false, status, now);
      return true;
    case DeliveryOutcome::Absent:
      if (!q.waiting_alert) {
        q.waiting_alert = true;
        out_.alerts.push_back({destination, now});
      }
      [[fallthrough]];
    case DeliveryOutcome::TemporaryError: {
      const std::uint32_t n = it->second.attempts;
      const std::size_t k = std::min<std::size_t>(n == 0 ? 0 : n - 1, cfg_.retry_schedule.size() - 1);
      schedule(destination, q, now + cfg_.retry_schedule[k]);
      return true;
    }
  }
  return true;
}

bool Smsc::device_reachable(NetTime now, std::uint64_t destination) {
  const auto it = queues_.find(destination);
  if (it == queues_.end() || it->second.in_flight) return false;
  Queue& q = it->second;
  if (!q.waiting_alert) return false;
  if (crashed_at(now)) {
    ++counters_.alerts_lost;  // the HSS's Alert-SC finds no SMSC
    return false;
  }
  q.waiting_alert = false;
  schedule(destination, q, now);
  ++counters_.alerts;
  return true;
}

SmscOutputs Smsc::take_outputs() {
  SmscOutputs o = std::move(out_);
  out_ = {};
  return o;
}

}  // namespace twinmodels
