#include "twinmodels/platform/usage_alerts.hpp"

#include <algorithm>

namespace twinmodels::platform {

std::int64_t BillingPeriods::index(std::int64_t t_ms) const {
  if (!boundaries.empty())
    return static_cast<std::int64_t>(std::upper_bound(boundaries.begin(), boundaries.end(), t_ms) - boundaries.begin());
  const std::int64_t d = t_ms - origin_ms;
  return d >= 0 ? d / length_ms : -((-d + length_ms - 1) / length_ms);
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
  }
  return "?";
}

std::string describe(const Alert& a) {
  std::string s = "t=" + std::to_string(a.at_ms) + " ms " + to_string(a.kind) + " account=" + a.account_id;
  if (!a.iccid.empty()) s += " iccid=" + a.iccid;
  if (a.kind != AlertKind::OfflineTooLong) s += " period=" + std::to_string(a.period);
  s += " value=" + std::to_string(a.value) + " limit=" + std::to_string(a.limit);
  return s;
}

}  // namespace twinmodels::platform
