#pragma once
// Command packets over several short messages (TS 31.115 §4.2, TS 23.040
// §9.2.3.24.1, §9.2.3.24.8): the card holds the segments in its volatile
// session (Uicc::held_segments(), part of save_state()) until every one of
// a message is there. The card has no clock: an incomplete message stays
// until power-off or until newer segments need its room.
#include <optional>

#include "cardcore/sms/deliver.hpp"
#include "cardcore/sms/reassembler.hpp"
#include "cardcore/sms/udh.hpp"

namespace cardcore {
class Uicc;
}

namespace cardcore::remote {

// How the card reads the SMS-DELIVERs of SMS-PP data download: the TPDU's
// length is authoritative for 8-bit TP-UD, whatever TP-UDL says (the pySim
// TPDU carries TP-UDL 03 for 45 octets; see README.md).
inline constexpr sms::DecodeOptions kDeliverOptions{sms::TrailingOctets::UserData};

struct SegmentOutcome {
  enum class Kind : std::uint8_t {
    Held,      // kept (or an identical copy of one already held); the message is not complete
    Complete,  // `message` is complete; its segments are no longer held
    Rejected,  // inconsistent with the segments held (§9.2.3.24.1), or too long to hold; nothing changed
  };
  Kind kind = Kind::Held;
  std::optional<sms::ReassembledMessage> message;
};

// Adds the segment `tpdu` (decoded as `d`, with concatenation element `c`).
// When the held segments are full, the oldest message's are dropped.
SegmentOutcome add_segment(Uicc& card, const sms::SmsDeliver& d, const sms::Concatenation& c, ByteView tpdu);

// A TPDU a card may hold: at most Uicc::kMaxHeldSegmentBytes, an SMS-DELIVER
// of (U)SIM data download with a concatenation element (restore_state()
// checks saved segments with it).
bool holdable_segment(ByteView tpdu);

}  // namespace cardcore::remote
