#pragma once
// The expanded remote application data format (TS 102 226 §5.2): BER-TLV
// command and response scripting templates, in the definite or the
// indefinite length coding (ISO/IEC 8825-1 §8.1.3.6).
//
//   'AA' L           command scripting template, definite length
//   'AE' '80' … '00 00'  the same, indefinite length
//     '83' 01 v  script chaining (§5.2.1.4; first TLV of the template)
//     '22' L C-APDU       one command, ISO/IEC 7816-4 short form with Le
//     '81' L immediate action, '82' L error action
//   'AB' L           response scripting template (answers 'AA')
//     '80' 01 number of executed C-APDUs
//     '23' L R-APDU       response data (up to Le) and SW1 SW2, per C-APDU executed
//     '90' 01 bad format  the script stopped at a malformed or unknown TLV
//     '83' 01 script chaining response: the script was not run as a chain
//   'AF' '80' … '00 00'  response template answering 'AE': the same TLVs
//                    but the number of executed C-APDUs
#include <cstddef>
#include <cstdint>
#include <optional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/tlv/ber_tlv.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::remote::expanded {

using namespace expanded_tag;

// Values of the bad format TLV (§5.2.2).
enum class BadFormat : std::uint8_t {
  UnknownTag = 0x01,
  WrongLength = 0x02,
  LengthMissing = 0x03,
};
BadFormat bad_format_of(tlv::Error e);

// The secured data is a command scripting template (it starts with its tag):
// a compact command string never does, 'AA' and 'AE' being no class bytes
// (TS 102 221 §10.1.1).
inline bool is_expanded_script(ByteView data) {
  return !data.empty() && (data[0] == kCommandScripting || data[0] == kCommandScriptingIndefinite);
}

// The TLVs of a command scripting template, 'AA' or 'AE', one after the
// other (for 'AE': up to its end-of-contents octets).
class ScriptReader {
 public:
  explicit ScriptReader(ByteView script);
  bool indefinite() const { return indefinite_; }
  // The next TLV; false at the end of the template or at a fault, which
  // error() then names.
  bool next(tlv::BerTlv& out);
  // The TLV next() would give, without taking it; nullopt at the end or at a
  // fault.
  std::optional<tlv::BerTlv> peek() const;
  std::optional<BadFormat> error() const { return error_; }

 private:
  ByteView rest_;
  bool indefinite_ = false;
  std::optional<BadFormat> error_;
};

// Builds the response scripting template within a byte budget (the PoR has
// to fit its short messages): 'AB' with the count, or 'AF' without it.
class ResponseScript {
 public:
  ResponseScript(std::size_t budget, bool indefinite) : budget_(budget), indefinite_(indefinite) {}
  // Counts one executed C-APDU and adds its R-APDU. When the data does not
  // fit the budget, the R-APDU carries what fits and SW '62 F1' instead of
  // the command's (§5.2.1.1) and add() returns false: the script ends. Also
  // false when not even the status word fits (no R-APDU is added then).
  bool add(ByteView data, StatusWord sw);
  void bad_format(BadFormat why) { bad_format_ = static_cast<std::uint8_t>(why); }
  // §5.2.2: the script chaining response TLV ('83' 01 v).
  void chaining_response(std::uint8_t value) { chaining_response_ = value; }
  std::uint8_t executed() const { return executed_; }
  Bytes finish() const;

 private:
  std::size_t room() const;

  std::size_t budget_;
  bool indefinite_;
  Bytes rapdus_;  // the R-APDU TLVs
  std::uint8_t executed_ = 0;
  std::uint8_t bad_format_ = 0;         // 0: none
  std::uint8_t chaining_response_ = 0;  // 0: none
};

}  // namespace cardcore::remote::expanded
