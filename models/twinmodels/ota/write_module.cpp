#include "twinmodels/ota/write_module.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace twinmodels::ota {

const char* to_string(WriteOrderState s) {
  switch (s) {
    case WriteOrderState::NotReleased: return "not released";
    case WriteOrderState::Queued: return "queued";
    case WriteOrderState::InService: return "in service";
    case WriteOrderState::Built: return "built";
    case WriteOrderState::Submitted: return "submitted";
    case WriteOrderState::RetryWait: return "waiting to retry";
    case WriteOrderState::Done: return "done";
    case WriteOrderState::Failed: return "failed";
  }
  return "?";
}

// docs/WRITE-CARD.md "Response": 00 done, 01 already applied; 02 bad
// format, 03 a field missing or wrong, 04 nothing kept to roll back, 06 a
// field for a file the card lacks — the same packet gets the same answer;
// 05 (the NVM refused the write, no room in the journal) and anything else
// may go another way next time.
PorVerdict verdict_of(int result) {
  switch (result) {
    case 0x00:
    case 0x01: return PorVerdict::Done;
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x06: return PorVerdict::Permanent;
    default: return PorVerdict::Retry;
  }
}

namespace {

const WriteModuleConfig& checked(const WriteModuleConfig& c) {
  if (c.workers == 0) throw std::invalid_argument("write module: no workers");
  if (c.service_time < 0) throw std::invalid_argument("write module: service time below 0");
  if (c.retry_after < 0) throw std::invalid_argument("write module: retry wait below 0");
  if (c.max_attempts == 0 || c.max_attempts > 255)
    throw std::invalid_argument("write module: max_attempts " + std::to_string(c.max_attempts) + " is not 1 to 255");
  check_outages(c.outages, "write module");
  check_outages(c.crashes, "write module crashes");
  return c;
}

}  // namespace

WriteModule::WriteModule(WriteModuleConfig cfg, std::uint32_t orders)
    : cfg_(checked(cfg)),
      down_(merge_windows(cfg_.outages, cfg_.crashes)),
      limiter_(cfg_.submit_rate, cfg_.submit_burst),
      state_(orders, static_cast<std::uint8_t>(WriteOrderState::NotReleased)),
      attempts_(orders, 0),
      por_(orders, kPorUnreadable),
      done_at_(orders, kNotDone),
      idle_(cfg_.workers, NetTime{0}) {}

void WriteModule::release(NetTime now, std::uint32_t order) {
  if (state(order) != WriteOrderState::NotReleased)
    throw std::logic_error("write module: order " + std::to_string(order) + " released twice");
  run_crashes(now);
  queue_due_retries(now);  // before it, keeping the queue in time order
  set(order, WriteOrderState::Queued);
  queue_.push_back({now, order});
  ++counters_.released;
}

void WriteModule::poll(NetTime now) {
  run_crashes(now);
  advance(now);
}

NetTime WriteModule::next_crash_step() const {
  if (crash_steps_ >= 2 * cfg_.crashes.size()) return kNever;
  const auto& [at, restart_at] = cfg_.crashes[crash_steps_ / 2];
  return crash_steps_ % 2 == 0 ? at : restart_at;
}

void WriteModule::run_crashes(NetTime now) {
  for (NetTime step; (step = next_crash_step()) <= now; ++crash_steps_) {
    advance(step);
    if (crash_steps_ % 2 == 0) crash(step);
    else restart(step);
  }
}

bool WriteModule::report_lost(NetTime now) {
  run_crashes(now);
  if (!down_at(cfg_.crashes, now)) return false;
  ++counters_.reports_lost;
  return true;
}

void WriteModule::crash(NetTime at) {
  // The packets being built or waiting for the rate limit never left: their
  // orders are to be built again, with the same attempt.
  std::vector<std::uint32_t> again;
  for (const Timed& s : service_) {
    counters_.busy -= std::min(cfg_.service_time, s.at - at);
    again.push_back(s.order);
  }
  for (const Timed& b : built_) again.push_back(b.order);
  std::sort(again.begin(), again.end());
  for (const std::uint32_t order : again) {
    --attempts_[order];
    set(order, WriteOrderState::Queued);
    queue_.push_back({at, order});
  }
  counters_.packets_lost += again.size();
  service_.clear();
  built_.clear();
  idle_.assign(cfg_.workers, at);
}

void WriteModule::restart(NetTime at) {
  // Its table's orders whose packet went out before the crash: the outcome
  // is unknown (their reports may have been lost), so each goes again.
  for (std::uint32_t order = 0; order < orders(); ++order) {
    if (state(order) != WriteOrderState::Submitted) continue;
    if (attempts_[order] == 255) {
      end_attempt(at, order, WriteOutcome::Kind::Failed);
      continue;
    }
    set(order, WriteOrderState::Queued);
    queue_.push_back({at, order});
    ++counters_.resent;
  }
}

void WriteModule::advance(NetTime now) {
  for (bool progress = true; progress;) {
    progress = false;
    if (queue_due_retries(now)) progress = true;
    while (!service_.empty() && service_.front().at <= now) {
      const Timed f = service_.front();
      service_.pop_front();
      set(f.order, WriteOrderState::Built);
      built_.push_back(f);
      idle_.insert(std::upper_bound(idle_.begin(), idle_.end(), f.at), f.at);
      ++counters_.built;
      progress = true;
    }
    while (!queue_.empty() && !idle_.empty()) {
      const NetTime t = next_start();
      // A service ending before t frees a worker first (it may start earlier).
      if (!service_.empty() && service_.front().at < t && service_.front().at <= now) {
        progress = true;
        break;
      }
      if (t > now) break;
      const std::uint32_t order = queue_.front().order;
      queue_.pop_front();
      idle_.pop_front();
      ++attempts_[order];
      por_[order] = kPorUnreadable;
      set(order, WriteOrderState::InService);
      const Timed end{t + cfg_.service_time, order};
      service_.insert(std::upper_bound(service_.begin(), service_.end(), end,
                                       [](const Timed& a, const Timed& b) { return a.at < b.at; }),
                      end);
      counters_.busy += cfg_.service_time;
      progress = true;
    }
    while (!built_.empty()) {
      const NetTime t = next_submission();
      if (t > now) break;
      limiter_.take(t);
      const std::uint32_t order = built_.front().order;
      built_.pop_front();
      set(order, WriteOrderState::Submitted);
      submissions_.push_back({order, attempts_[order], t});
      ++counters_.submitted;
      progress = true;
    }
  }
}

NetTime WriteModule::next_wakeup() const {
  NetTime next = kNever;
  if (!retry_.empty()) next = std::min(next, retry_.front().at);
  if (!service_.empty()) next = std::min(next, service_.front().at);
  if (!queue_.empty() && !idle_.empty()) next = std::min(next, next_start());
  if (!built_.empty()) next = std::min(next, next_submission());
  // The next crash or restart, while orders are open.
  if (counters_.released > counters_.done + counters_.failed) next = std::min(next, next_crash_step());
  return next;
}

bool WriteModule::queue_due_retries(NetTime now) {
  bool moved = false;
  for (; !retry_.empty() && retry_.front().at <= now; moved = true) {
    set(retry_.front().order, WriteOrderState::Queued);
    queue_.push_back(retry_.front());
    retry_.pop_front();
  }
  return moved;
}

NetTime WriteModule::next_start() const { return up_at(std::max(queue_.front().at, idle_.front())); }

NetTime WriteModule::next_submission() const {
  // The first time from the front packet's on that is both up and within
  // the rate limit.
  NetTime t = built_.front().at;
  for (NetTime u = up_at(t); (t = limiter_.earliest(u)) != u;) u = up_at(t);
  return t;
}

NetTime WriteModule::busy_by(NetTime t) const {
  NetTime busy = counters_.busy;
  for (const Timed& s : service_) busy -= std::min(cfg_.service_time, std::max<NetTime>(0, s.at - t));
  return busy;
}

std::vector<WriteSubmission> WriteModule::take_submissions() { return std::exchange(submissions_, {}); }
std::vector<WriteOutcome> WriteModule::take_outcomes() { return std::exchange(outcomes_, {}); }

void WriteModule::on_por(NetTime now, std::uint32_t order, int result) {
  if (report_lost(now)) return;
  if (state(order) != WriteOrderState::Submitted) return;
  por_[order] = static_cast<std::int16_t>(std::clamp(result, -1, 255));
  switch (verdict_of(result)) {
    case PorVerdict::Done:
      ++counters_.por_ok;
      end_attempt(now, order, WriteOutcome::Kind::Done);
      return;
    case PorVerdict::Permanent:
      ++counters_.por_errors;
      end_attempt(now, order, WriteOutcome::Kind::Failed);
      return;
    case PorVerdict::Retry:
      // The SMSC may try the same packet again; its final report decides.
      ++counters_.por_errors;
      return;
  }
}

void WriteModule::on_final_report(NetTime now, std::uint32_t order) {
  if (report_lost(now)) return;
  if (state(order) != WriteOrderState::Submitted) return;
  end_attempt(now, order, attempts_[order] < cfg_.max_attempts ? WriteOutcome::Kind::Retry : WriteOutcome::Kind::Failed);
}

void WriteModule::end_attempt(NetTime now, std::uint32_t order, WriteOutcome::Kind kind) {
  outcomes_.push_back({kind, order, attempts_[order], por_[order], now});
  switch (kind) {
    case WriteOutcome::Kind::Retry:
      set(order, WriteOrderState::RetryWait);
      retry_.push_back({now + cfg_.retry_after, order});
      ++counters_.retries;
      return;
    case WriteOutcome::Kind::Done:
      set(order, WriteOrderState::Done);
      done_at_[order] = now;
      ++counters_.done;
      counters_.last_done = std::max(counters_.last_done, now);
      return;
    case WriteOutcome::Kind::Failed:
      set(order, WriteOrderState::Failed);
      ++counters_.failed;
      return;
  }
}

}  // namespace twinmodels::ota
