#pragma once
// The billing information (账务信息, the source document §3.2.3) the chip
// management platform keeps for an activated chip: which account, when it
// was activated and deactivated, and the stretches it was in service
// (suspensions cut them). The source document gives no tariff and no billing
// rule: the fee per day is the caller's parameter, and these rules are ours —
// a billing period is whatever [from, to) the caller asks about (a month,
// say), suspended time is not billed, and a started day of service in the
// period counts as a whole day (the in-service time, summed, rounded up).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace twinmodels::platform {

inline constexpr std::uint64_t kDayMs = 86'400'000;

struct ServiceInterval {
  std::uint64_t from_ms = 0;
  std::optional<std::uint64_t> to_ms;  // none: still in service
};

struct BillingRecord {
  std::string chip_id;
  std::string account;
  std::string customer;  // the end customer's party id
  std::uint64_t activated_ms = 0;
  std::optional<std::uint64_t> deactivated_ms;
  std::vector<ServiceInterval> in_service;
};

// In-service time inside [from_ms, to_ms), in ms (an open stretch runs to to_ms).
std::uint64_t service_ms(const BillingRecord& r, std::uint64_t from_ms, std::uint64_t to_ms);
// That time in days, a started day counting as one.
std::uint64_t billable_days(const BillingRecord& r, std::uint64_t from_ms, std::uint64_t to_ms);

}  // namespace twinmodels::platform
