#pragma once
// Reassembly of concatenated short messages, TS 23.040 §9.2.3.24.1 (8-bit
// reference) and §9.2.3.24.8 (16-bit reference): segments arrive in any
// order, duplicates included; a message is complete when every sequence
// number 1..total is there. Sets are told apart by originator, reference
// and reference width. Time is whatever clock the caller runs (the card
// has none of its own), in milliseconds.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "cardcore/sms/address.hpp"
#include "cardcore/sms/udh.hpp"
#include "cardcore/sms/user_data.hpp"
#include "cardcore/util/state_io.hpp"

namespace cardcore::sms {

struct ReassembledMessage {
  Address originator;
  std::optional<Concatenation> concatenation;  // reference, total (sequence 0); nullopt: not concatenated
  UserDataHeader header;                        // segment 1's header without its concatenation element
  Bytes body;                                   // the segments' bodies in sequence order
};

struct IncompleteMessage {
  Address originator;
  std::uint16_t reference = 0;
  bool sixteen_bit_reference = false;
  std::uint8_t total = 0;
  std::vector<std::uint8_t> received;  // sequence numbers held, ascending
  std::vector<std::uint8_t> missing;   // sequence numbers not received, ascending
  std::uint64_t first_ms = 0;          // when its first segment arrived
  std::uint64_t last_ms = 0;           // when its latest segment arrived
};

class Reassembler {
 public:
  // A set is dropped `timeout_ms` after its latest segment (expire()); at most
  // `max_sets` incomplete sets are held, the least recently fed one is dropped
  // to make room for a new one.
  explicit Reassembler(std::uint64_t timeout_ms = 60'000, std::size_t max_sets = 8);

  struct Result {
    std::optional<ReassembledMessage> message;  // set when this segment completed a message
    bool duplicate = false;                     // an identical copy of a segment already held
    std::optional<IncompleteMessage> evicted;   // a set dropped to make room
  };

  // A TP-UD without a concatenation element completes at once. Throws
  // SmsError("concatenation") for a total of 0, a sequence number of 0 or
  // above the total (values §9.2.3.24.1 says to ignore the element for; the
  // caller decides), a total that differs from the earlier segments of the
  // set, or a segment number received twice with different contents. A
  // throwing call leaves the sets as they were.
  Result add(const Address& originator, const UserData& ud, std::uint64_t now_ms);

  // Removes and returns the sets idle for longer than the timeout at `now_ms`.
  std::vector<IncompleteMessage> expire(std::uint64_t now_ms);
  // The incomplete sets held, oldest first.
  std::vector<IncompleteMessage> pending() const;
  std::size_t size() const { return sets_.size(); }

  // Checkpoints of the platforms that hold one (reassembler_state.cpp; the
  // layout is there): save_state() appends the sets held, parts included.
  // parse_state() reads such a section into a reassembler with this one's
  // timeout and set limit, which is never changed; it throws
  // std::invalid_argument ("card state: ...", util/state_io.hpp) for
  // malformed or truncated input, more sets than the limit, a set repeated,
  // complete or with a part out of 1..total.
  void save_state(Bytes& out) const;
  Reassembler parse_state(state::Reader& in) const;

 private:
  struct Part {
    UserDataHeader header;  // without the concatenation element
    Bytes body;
    bool operator==(const Part&) const = default;
  };
  struct Set {
    Address originator;
    Concatenation key;  // reference, total, width (sequence unused)
    std::map<std::uint8_t, Part> parts;
    std::uint64_t first_ms = 0;
    std::uint64_t last_ms = 0;
  };
  static IncompleteMessage describe(const Set& s);

  std::uint64_t timeout_ms_;
  std::size_t max_sets_;
  std::vector<Set> sets_;  // in order of creation
};

}  // namespace cardcore::sms
