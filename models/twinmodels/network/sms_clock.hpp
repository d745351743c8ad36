#pragma once
// Simulated time as the SMS layer writes it: TP-SCTS, TP-DT and the absolute
// TP-VP (TS 23.040 §9.2.3.11-13) carry local time as year (two digits),
// month, day, hour, minute, second and the offset to GMT in quarters of an
// hour. NetTime 0 is a configured Unix time (the run's calendar start).
#include <cstdint>

#include "cardcore/sms/timestamp.hpp"
#include "twinmodels/network/net_time.hpp"

namespace twinmodels {

struct SmsClock {
  // 2026-01-01T00:00:00Z: our choice of calendar start for runs that give none.
  std::int64_t epoch_unix_seconds = 1'767'225'600;
  // Local time zone of the SMSC, in quarters of an hour (-79..79); +32 = UTC+8, China.
  std::int8_t tz_quarters = 32;

  // Local time of t (seconds truncated). Throws std::out_of_range outside
  // the years 2000..2099 a two-digit year can say.
  cardcore::sms::Timestamp timestamp(NetTime t) const;
  // The NetTime of a time stamp (years 2000..2099), whatever its time zone.
  // Throws std::invalid_argument for a month, day, hour, minute or second out
  // of its calendar range.
  NetTime time_of(const cardcore::sms::Timestamp& ts) const;
};

}  // namespace twinmodels
