#pragma once
// XML Schema's xs:dateTime (W3C XML Schema Part 2 §3.2.7), as SGP.02 types
// the notifications' CompletionTimestamp: milliseconds since
// 1970-01-01T00:00:00Z to text and back.
#include <cstdint>
#include <string>
#include <string_view>

namespace twinmodels::platform {

// "2026-01-01T00:00:01.200Z": UTC, always three fraction digits.
// Throws std::invalid_argument outside the years 0001-9999.
std::string xs_datetime(std::int64_t unix_ms);

// "YYYY-MM-DDThh:mm:ss", an optional fraction of up to three digits (a
// finer one is refused: the twin keeps milliseconds) and a zone, "Z" or
// "+hh:mm" / "-hh:mm" (required: a time without one names no instant).
// Throws std::invalid_argument("<where>: ...") saying what is wrong.
std::int64_t unix_ms_of_xs_datetime(std::string_view text, std::string_view where);

}  // namespace twinmodels::platform
