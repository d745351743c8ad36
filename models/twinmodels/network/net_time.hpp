#pragma once
// Simulated time of the network models: integer microseconds since the start
// of the run, the unit of the engine's clock (twinsim::SimTime,
// sim/twinsim/engine/event_queue.hpp), so the engine passes its times through
// unchanged and every comparison is exact.
#include <cstdint>
#include <limits>

namespace twinmodels {

using NetTime = std::int64_t;

inline constexpr NetTime kUs = 1;
inline constexpr NetTime kMs = 1'000;
inline constexpr NetTime kSecond = 1'000'000;
inline constexpr NetTime kMinute = 60 * kSecond;
inline constexpr NetTime kHour = 60 * kMinute;
// "Never": a time no event reaches.
inline constexpr NetTime kNever = std::numeric_limits<NetTime>::max();

// TS 36.211 §4: an E-UTRA radio frame lasts 10 ms; SFN and H-SFN count 0..1023
// (TS 36.331 §5.2.1, MasterInformationBlock and SystemInformationBlockType1).
inline constexpr NetTime kRadioFrame = 10 * kMs;
inline constexpr NetTime kSubframe = 1 * kMs;
inline constexpr std::int64_t kFramesPerHyperframe = 1024;
inline constexpr NetTime kHyperframe = kFramesPerHyperframe * kRadioFrame;  // 10.24 s

}  // namespace twinmodels
