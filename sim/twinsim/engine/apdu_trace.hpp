#pragma once
// A traced device's APDU on its way to the run file's /apdu and, with
// --pcap, the GSMTAP trace: the secrets masked (recorder/apdu_redaction.hpp)
// unless the scenario keeps them (trace.secrets: clear).
#include <cstdint>
#include <optional>

#include "cardcore/sms/address.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinsim/engine/event_queue.hpp"

namespace twinsim {

struct World;

// In a sharded run (world.shard_apdus) kept for rank 0, which then writes it.
void record_traced_apdu(World& world, SimTime now, std::uint32_t device, std::uint8_t direction, cardcore::ByteView apdu);
// The masked APDU to the run file and the GSMTAP trace.
void write_traced_apdu(World& world, double t, std::uint32_t device, std::uint8_t direction, const cardcore::Bytes& bytes);

// A traced device's SMS for the GSMTAP trace (--pcap): delivered to it from
// the service centre, sent by it, its RP-ACK or RP-ERROR with its report.
// Nothing for a device not traced or without --pcap; in a sharded run kept
// for rank 0 with the APDUs, in their order.
void trace_sms_delivered(World& world, SimTime t, std::uint32_t device, const cardcore::sms::Address& centre,
                         cardcore::ByteView tpdu);
void trace_sms_sent(World& world, SimTime t, std::uint32_t device, const std::optional<cardcore::sms::Address>& centre,
                    cardcore::ByteView tpdu);
void trace_sms_report(World& world, SimTime t, std::uint32_t device, bool ack, std::uint8_t rp_cause,
                      cardcore::ByteView report);
// A record kept in a sharded run, written by rank 0.
struct RecordedApdu;
void write_traced(World& world, const RecordedApdu& r);

}  // namespace twinsim
