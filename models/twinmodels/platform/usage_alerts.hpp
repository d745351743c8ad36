#pragma once
// Usage and the alerts OneLink raises (the source document §3.2.1: 阈值告警,
// threshold alerts): the data and SMS use its caller reports per card,
// counted per billing period, and the alerts when an account's or a card's
// threshold (onelink_account.hpp) is reached, or a card stays offline too
// long, or a card's use reaches a level of its plan's quota. Each alert
// fires once per period (usage, quota levels) or per offline spell
// (offline). Reaching a limit counts as crossing it (ours).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/billing_cycle.hpp"

namespace twinmodels::platform {

// The billing periods: a monthly cycle when given (billing_cycle.hpp),
// else explicit boundaries when given (a calendar month is not a fixed
// length), otherwise `length_ms` long from `origin_ms`. The 30-day default
// is ours.
struct BillingPeriods {
  std::int64_t origin_ms = 0;
  std::int64_t length_ms = 30LL * 24 * 3600 * 1000;
  std::vector<std::int64_t> boundaries;  // sorted: a period starts at each one
  std::optional<MonthlyCycle> monthly = std::nullopt;

  // The period `t` falls in: with a monthly cycle, its cycle_index(); with
  // boundaries, how many of them are <= t (0 before the first); otherwise
  // floor((t - origin) / length).
  std::int64_t index(std::int64_t t_ms) const;
};

// Throws std::invalid_argument ("billing ...") for periods of no length,
// boundaries out of order, or a bad monthly cycle (check_cycle()).
void check_periods(const BillingPeriods& p);

struct Usage {
  std::uint64_t data_bytes = 0;
  std::uint64_t sms_count = 0;
};

// Usage per period.
class UsageLedger {
 public:
  // Adds `u` to period `period`; returns the period's total after it.
  const Usage& add(std::int64_t period, const Usage& u);
  Usage total(std::int64_t period) const;
  // Every period with use, for checkpoints; restore() replaces them.
  const std::map<std::int64_t, Usage>& periods() const { return periods_; }
  void restore(std::map<std::int64_t, Usage> periods) { periods_ = std::move(periods); }

 private:
  std::map<std::int64_t, Usage> periods_;
};

// QuotaLevel: a card's data in a period reached a level of its account's
// plan (onelink_account.hpp, QuotaPlan), a percentage of the quota.
enum class AlertKind : std::uint8_t { DataThreshold, SmsThreshold, OfflineTooLong, QuotaLevel };

const char* to_string(AlertKind k);

struct Alert {
  AlertKind kind = AlertKind::DataThreshold;
  std::string account_id;
  std::string iccid;          // the card; empty for an account's pooled usage
  std::int64_t period = 0;    // the usage alerts' period
  std::int64_t at_ms = 0;     // when it fired
  std::uint64_t value = 0;    // the usage, or the ms offline
  std::uint64_t limit = 0;
  std::uint16_t percent = 0;  // QuotaLevel: the level, in % of the quota (limit: its bytes)
};

// "t=5000 ms DataThreshold account=A1 iccid=… period=0 value=1200 limit=1000"
// (a QuotaLevel one ends with " percent=80").
std::string describe(const Alert& a);

}  // namespace twinmodels::platform
