#include "twinmodels/platform/usage_alerts.hpp"

#include <algorithm>
#include <stdexcept>

namespace twinmodels::platform {

std::int64_t BillingPeriods::index(std::int64_t t_ms) const {
  if (monthly) return cycle_index(*monthly, t_ms);
  if (!boundaries.empty())
    return static_cast<std::int64_t>(std::upper_bound(boundaries.begin(), boundaries.end(), t_ms) - boundaries.begin());
  const std::int64_t d = t_ms - origin_ms;
  return d >= 0 ? d / length_ms : -((-d + length_ms - 1) / length_ms);
}

void check_periods(const BillingPeriods& p) {
  if (p.monthly) {
    check_cycle(*p.monthly);
    return;
  }
  if (!std::is_sorted(p.boundaries.begin(), p.boundaries.end()))
    throw std::invalid_argument("billing periods: boundaries out of order");
  if (p.boundaries.empty() && p.length_ms <= 0)
    throw std::invalid_argument("billing periods: a period must be longer than 0 ms");
}

const Usage& UsageLedger::add(std::int64_t period, const Usage& u) {
  Usage& p = periods_[period];
  p.data_bytes += u.data_bytes;
  p.sms_count += u.sms_count;
  return p;
}

Usage UsageLedger::total(std::int64_t period) const {
  const auto it = periods_.find(period);
  return it == periods_.end() ? Usage{} : it->second;
}

const char* to_string(AlertKind k) {
  switch (k) {
    case AlertKind::DataThreshold: return "DataThreshold";
    case AlertKind::SmsThreshold: return "SmsThreshold";
    case AlertKind::OfflineTooLong: return "OfflineTooLong";
    case AlertKind::QuotaLevel: return "QuotaLevel";
  }
  return "?";
}

std::string describe(const Alert& a) {
  std::string s = "t=" + std::to_string(a.at_ms) + " ms " + to_string(a.kind) + " account=" + a.account_id;
  if (!a.iccid.empty()) s += " iccid=" + a.iccid;
  if (a.kind != AlertKind::OfflineTooLong) s += " period=" + std::to_string(a.period);
  s += " value=" + std::to_string(a.value) + " limit=" + std::to_string(a.limit);
  if (a.kind == AlertKind::QuotaLevel) s += " percent=" + std::to_string(a.percent);
  return s;
}

}  // namespace twinmodels::platform
