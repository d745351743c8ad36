#pragma once
// What a modem device's access node tells the platforms that follow the
// card (docs/MODELS.md, "The engine's use of the models"): the network's
// events about the card to OneLink and OneNET, its own activity's usage
// and data point, and the SMSC's taking of its own MO SMS (OneLink's SMS
// usage). An unsharded run hands each over as it is made; in a sharded run
// the device's rank sends it to rank 0 with the slot's exchange, and the
// crossing adds the lookahead (docs/SCALING.md, "Sharded runs").
#include <cstdint>
#include <type_traits>

#include "twinmodels/platform/card_event.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct World;

struct PlatformReport {
  enum class Kind : std::uint8_t {
    NetworkEvent,  // the MME's event about the card: to OneNET and OneLink
    Activity,      // the device's own activity moved its data: OneLink's usage, OneNET's data point
    MoSms,         // the SMSC took the device's own MO SMS: OneLink's SMS usage
    Registered,    // the modem registered: the handover comparison's (handover_times.hpp), at its time
  };
  Kind kind = Kind::NetworkEvent;
  std::uint8_t mux = 0;  // the device's multiplexer: its access node's MME
  std::uint16_t population = 0;
  std::uint32_t device = 0;
  SimTime t = 0;  // made (the SMSC's taking, for MoSms)
  // NetworkEvent: the card event (CardEvent; its time is its arrival's).
  twinmodels::platform::CardEventKind event = twinmodels::platform::CardEventKind::Registered;
  std::uint8_t emm_cause = 0;
  bool nvm_worn = false;
  bool has_next_reachable = false;
  std::int64_t next_reachable_ms = 0;
  char imsi[16] = {};  // the IMSI the network saw (digits, NUL-terminated), or empty
};
static_assert(std::is_trivially_copyable_v<PlatformReport>);

// Hands report r to the platforms: each across its route, `extra` later
// (a sharded run's lookahead; 0 in an unsharded run, where the route may
// cross SimGrid's links, platform_links.hpp). Events the platforms raise
// on taking it go to the run file.
void deliver_platform_report(World& w, const PlatformReport& r, SimTime extra);

// Where a report goes: to the platforms at once, or to a sharded run's
// rank's list (world.shard_reports) for rank 0.
void send_platform_report(World& w, const PlatformReport& r);

}  // namespace twinsim
