#pragma once
// Access rules in expanded format (TS 102 221 §9.2.4, ISO/IEC 7816-4 §5.4.3.3),
// as stored in the records of EF.ARR and referenced from a file's FCP.
#include <cstdint>

#include "cardcore/util/bytes.hpp"

namespace cardcore {

// Access mode bits of an AM byte (ISO 7816-4 Table 17 / TS 102 221 §9.2.4).
namespace access_mode {
// For an EF:
inline constexpr std::uint8_t kRead = 0x01;        // READ / SEARCH
inline constexpr std::uint8_t kUpdate = 0x02;      // UPDATE / ERASE
inline constexpr std::uint8_t kIncrease = 0x04;    // WRITE (INCREASE on a UICC)
inline constexpr std::uint8_t kDeactivate = 0x08;
inline constexpr std::uint8_t kActivate = 0x10;
inline constexpr std::uint8_t kTerminate = 0x20;
inline constexpr std::uint8_t kDelete = 0x40;      // DELETE FILE (self)
// For a DF the same bit positions mean: b1 DELETE FILE (child), b2 CREATE FILE
// (EF), b3 CREATE FILE (DF), b4 DEACTIVATE, b5 ACTIVATE, b6 TERMINATE,
// b7 DELETE FILE (self).
inline constexpr std::uint8_t kCreateEf = 0x02;    // DF: CREATE FILE of an EF
inline constexpr std::uint8_t kCreateDf = 0x04;    // DF: CREATE FILE of a DF
}  // namespace access_mode

// A command as an AM_DO of instruction type names it (ISO/IEC 7816-4
// §5.4.3.3.1: tag '81'-'8F', b4..b1 of the tag announcing CLA, INS, P1, P2
// in the value, in that order); TS 102 222 §6.10 gives RESIZE FILE's access
// condition that way ('84 01 D4'), as issuers do INCREASE's ('84 01 32').
struct CommandHeader {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
};

// The security state the rules are evaluated against: which key references
// are satisfied (verified, or a PIN whose verification is disabled).
class KeySet {
 public:
  void set(std::uint8_t key_ref, bool on);
  bool has(std::uint8_t key_ref) const;
  void clear() { bits_ = 0; }

  // The raw set, one bit per known key reference (card state snapshots):
  // b0-b7 PIN Appl 1-8, b8-b12 ADM1-5, b13 Universal PIN, b16-b23 second
  // PIN Appl 1-8, b24-b28 ADM6-10 (TS 102 221 §9.5.1).
  static constexpr std::uint32_t kAllBits = 0x1FFF3FFF;
  std::uint32_t bits() const { return bits_; }
  // Bits outside kAllBits are dropped.
  static KeySet from_bits(std::uint32_t bits) {
    KeySet k;
    k.bits_ = bits & kAllBits;
    return k;
  }

 private:
  static int bit_of(std::uint8_t key_ref);  // -1 for unknown references
  std::uint32_t bits_ = 0;
};

// True if `mode` (one access_mode bit) is allowed by the access rule in `rule`
// (the content of one EF.ARR record, padding 'FF' allowed after the last
// DO). An operation no AM_DO of the rule names is never allowed. Malformed
// rules deny.
bool access_allowed(ByteView rule, std::uint8_t mode, const KeySet& keys);

// True if the rule has an AM_DO of instruction type naming this command
// (every header byte it gives equal to the command's, the class compared as
// interindustry, proprietary or GSM ('A0') only, without channel and secure
// messaging bits) and one of the SC_DOs after it is satisfied. Malformed
// rules deny.
bool command_allowed(ByteView rule, const CommandHeader& command, const KeySet& keys);

// The key reference a rule requires for `mode`, for the GSM access condition
// nibble (TS 51.011 §9.3): 0x00 always, 0xFF never, else the first key
// reference named by a user-authentication SC_DO.
std::uint8_t required_key(ByteView rule, std::uint8_t mode);

}  // namespace cardcore
