#pragma once
// What multiplexers and the HSS send each other through SimGrid mailboxes.
// Requests of one multiplexer travel together as one message per batch
// window: the network carries the batch's bytes, SimGrid models the links'
// latency and contention, and the per-device queueing stays in our models.
#include <array>
#include <cstdint>
#include <vector>

#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct HssRequest {
  enum class Kind : std::uint8_t { Vector, Resync };
  std::uint32_t device = 0;
  std::uint32_t subscriber = 0;         // the HSS's subscriber (the device's own, or its new subscription's)
  Kind kind = Kind::Vector;
  std::uint8_t mux = 0;
  std::uint8_t epoch = 0;               // the device's power epoch, returned in the answer
  std::uint16_t tag = 0;                // returned in the answer: the MME procedure it belongs to (modem devices)
  bool answer_lost = false;             // a lossy link will drop the answer on its way back
  SimTime asked = 0;                    // when the device (or its MME) asked: its timer runs from then
  SimTime left = 0;                     // a sharded run's: when it left its multiplexer's node (0: not known, a resumed run's)
  std::array<std::uint8_t, 16> rand{};  // Resync: the RAND the card answered
  std::array<std::uint8_t, 14> auts{};  // Resync: the card's AUTS
};

struct HssAnswer {
  // Unanswered: no answer, the HSS crashed with the request (a scenario
  // fault). Not a message the HSS sends: it tells the multiplexer, which
  // counts the answers it awaits, that none comes; the device's own timer
  // runs out `asked` + its timeout (a message of no bytes).
  enum class Kind : std::uint8_t { Vector, ResyncFailed, Rejected, Unanswered };
  std::uint32_t device = 0;
  Kind kind = Kind::Vector;
  SimTime asked = 0;  // Unanswered: when the request was made
  std::uint8_t epoch = 0;
  std::uint16_t tag = 0;
  bool lost = false;  // dropped by a lossy link: it takes the links' time and bytes, the device never sees it
  SimTime left = 0;   // the request's (HssRequest::left)
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> autn{};
  std::array<std::uint8_t, 8> xres{};
};

using RequestBatch = std::vector<HssRequest>;
using AnswerBatch = std::vector<HssAnswer>;

}  // namespace twinsim
