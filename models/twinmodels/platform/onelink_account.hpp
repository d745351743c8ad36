#pragma once
// OneLink's industry-customer accounts (the source document §3.2.1: OneLink
// gives each industry customer a dedicated account, 专用账号) and the cards
// listed under them: a card by its ICCID, with its EID when it is an eUICC,
// and the subscription the account expects it to run (profile ICCID, IMSI,
// MSISDN) — what fault diagnosis compares the network's reports against.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twinmodels/platform/usage_alerts.hpp"

namespace twinmodels::platform {

// The subscription a card should run: for an eUICC, its enabled profile.
struct Subscription {
  std::string iccid;   // the profile's ICCID (for a plain card, the card's)
  std::string imsi;
  std::string msisdn;
  bool operator==(const Subscription&) const = default;
};

// Thresholds for the alerts (the source document §3.2.1: 阈值告警). Which
// ones there are and how they apply are ours: on an account, the data and
// SMS limits apply to the sum over its cards in one period and the offline
// limit to each of its cards; on a card, the limits apply to that card
// (its offline limit replacing the account's).
struct Thresholds {
  std::optional<std::uint64_t> data_bytes;   // per period
  std::optional<std::uint64_t> sms_count;    // per period
  std::optional<std::int64_t> offline_ms;    // offline for longer than this
};

// An account's data plan (套餐; the form is ours): each of its cards may
// use `data_bytes` per billing period, and OneLink alerts the customer when
// a card's use in a period reaches each of `alert_percent` (in %, of the
// quota: 80 and 100 warn before and at the quota), once per level, card
// and period.
struct QuotaPlan {
  static constexpr std::uint16_t kMaxPercent = 1000;  // a level above the quota, up to ten times it (ours)
  static constexpr std::uint64_t kMaxBytes = 1'000'000'000'000'000;  // 1 PB: quota x percent fits 64 bits
  std::uint64_t data_bytes = 0;               // per card and period, above 0
  std::vector<std::uint16_t> alert_percent;   // ascending, each 1 to kMaxPercent
};

// Throws std::invalid_argument ("OneLink: ...") for no quota, one above
// kMaxBytes, or levels not ascending or outside 1..kMaxPercent (onelink.cpp).
void check_plan(const QuotaPlan& plan);
// The bytes that reach level `percent` of the quota: use x 100 >= quota x percent.
std::uint64_t quota_level_bytes(const QuotaPlan& plan, std::uint16_t percent);

struct Card {
  std::string iccid;          // the card as the account lists it (its first profile's ICCID for an eUICC)
  std::string eid;            // 32 digits for an eUICC; empty for a card without one
  Subscription expected;      // what the account expects it to run
  std::string smsr_id;        // an eUICC: the SM-SR that manages it, as OneLink last learnt
  Thresholds thresholds;
};

struct Account {
  std::string id;             // the customer's account id
  std::string name;
  Thresholds thresholds;
  // Its own billing calendar (usage, thresholds and quota levels count per
  // its periods); none: the platform's (OneLinkConfig::periods).
  std::optional<BillingPeriods> billing;
  std::optional<QuotaPlan> plan;  // none: no quota alerts
  std::vector<std::string> cards;  // ICCIDs, in the order they were added
};

}  // namespace twinmodels::platform
