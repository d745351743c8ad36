#pragma once
// The eUICCs' BIP channels to the SM-SRs' admin servers (ES5 over HTTPS,
// bip_links.hpp) in a sharded run (docs/SCALING.md, "Sharded runs"): the
// admin servers are on rank 0 with their SM-SRs, the modem and the card on
// the device's rank. The modem's OpenBearer, SendChannelData and
// CloseBearer go up (SmsUp::Kind::BipOpen, BipData, BipClose, each with
// the device's open number); the admin server takes each one way after it
// arrives (made + L) and what it does comes down (SmsDown::Kind::
// BipOpened, BipAnswer, BipDropped, with the time it acted), reaching the
// device one way later, or when it arrives if later. Each round trip gains
// 2L over the unsharded engine, where the admin server answers at once
// (modem_bip_cycle.cpp).
#include <cstdint>

#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct World;
struct SmsUp;

// The route's latency from multiplexer `mux`'s access node to SM-SR i's
// node (the HSS's without one), the radio's uplink included.
SimTime bip_one_way(const World& w, std::uint8_t mux, std::uint8_t sm_sr);

// The admin server's TLS randomness for connection `n` of SM-SR i: from the
// run's seed, so that a run repeats its records.
cardcore::Bytes admin_tls_seed(std::uint64_t seed, std::uint8_t sm_sr, std::uint64_t n);

// Rank 0: the device's OpenBearer, SendChannelData (`data`) or CloseBearer
// reached the admin server's side at `at` (made + L).
void admin_server_takes(World& w, const SmsUp& up, cardcore::ByteView data, SimTime at);

}  // namespace twinsim
