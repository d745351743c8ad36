#pragma once
// One simulated device: its card (the real card-core card, a small delta over
// the shared profile), the state of its modem, and its place in the
// population. Kept small: a million of these must fit in a few hundred MB.
#include <cstdint>

#include "cardcore/card/uicc.hpp"

namespace twinsim {

// Where a device is in its attach / activity cycle.
enum class DeviceState : std::uint8_t {
  Off,             // not yet powered up
  WaitingVector,   // asked the HSS for an authentication vector
  WaitingResync,   // sent AUTS to the HSS after a synchronisation failure
  Attached,        // authenticated; sleeping until its next activity
  Down,            // lost power (a fault); powers up again after the restart delay
};

inline constexpr std::uint16_t kNoFault = 0xFFFF;

// Two cache lines exactly (the card's NVM header in the first, the
// counters in the second), so that the cache hints below cover it.
struct alignas(64) Device {
  explicit Device(std::shared_ptr<const cardcore::ProfileTemplate> profile) : card(std::move(profile)) {}

  cardcore::Uicc card;
  std::uint64_t rng_position = 0;  // of the device's own random stream
  std::uint32_t attaches = 0;      // successful authentications (attach and TAU)
  std::uint32_t auth_failures = 0;
  std::uint32_t sync_failures = 0;
  std::uint16_t population = 0;
  std::uint8_t retries = 0;        // consecutive rejections by the HSS
  std::uint8_t epoch = 0;          // power epoch: +1 at every reboot; voids older steps and answers
  std::uint16_t power_loss_fault = kNoFault;  // an armed power-loss fault: the next NVM program tears
  DeviceState state = DeviceState::Off;
  bool ever_attached = false;
};
static_assert(sizeof(Device) == 128);

// Cache hints for a device handled soon, a few ahead: its record, and its
// card's delta behind it (the record must be in cache by then, as the
// delta's address is in it). Hints only: nothing observable changes.
inline void prefetch_record(const Device& d) {
  const char* p = reinterpret_cast<const char*>(&d);
  __builtin_prefetch(p);
  __builtin_prefetch(p + sizeof(Device) - 1);
}
inline void prefetch_card(const Device& d) { d.card.nvm().prefetch(); }

}  // namespace twinsim
