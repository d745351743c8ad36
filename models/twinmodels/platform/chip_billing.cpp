#include "twinmodels/platform/chip_billing.hpp"

#include <algorithm>

namespace twinmodels::platform {

std::uint64_t service_ms(const BillingRecord& r, std::uint64_t from_ms, std::uint64_t to_ms) {
  std::uint64_t total = 0;
  for (const ServiceInterval& i : r.in_service) {
    const std::uint64_t a = std::max(i.from_ms, from_ms);
    const std::uint64_t b = std::min(i.to_ms.value_or(to_ms), to_ms);
    if (b > a) total += b - a;
  }
  return total;
}

std::uint64_t billable_days(const BillingRecord& r, std::uint64_t from_ms, std::uint64_t to_ms) {
  return (service_ms(r, from_ms, to_ms) + kDayMs - 1) / kDayMs;
}

}  // namespace twinmodels::platform
