#pragma once
// The expanded remote application data format (TS 102 226 §5.2): BER-TLV
// command and response scripting templates.
//
//   'AA' L  command scripting template (definite length; 'AE', indefinite
//           length, is not taken: the BER-TLV codec refuses indefinite lengths)
//     '22' L C-APDU       one command, ISO/IEC 7816-4 short form with Le
//     '81' L immediate action, '82' L error action, '83' L script chaining
//   'AB' L  response scripting template
//     '80' 01 number of executed C-APDUs
//     '23' L R-APDU       response data (up to Le) and SW1 SW2, per C-APDU executed
//     '90' 01 bad format  the script stopped at a malformed or unknown TLV
#include <cstddef>
#include <cstdint>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/tlv/tlv_error.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::remote::expanded {

using namespace expanded_tag;

// Values of the bad format TLV.
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

// Builds the response scripting template within a byte budget (the PoR has
// to fit its short messages).
class ResponseScript {
 public:
  explicit ResponseScript(std::size_t budget) : budget_(budget) {}
  // Counts one executed C-APDU and adds its R-APDU. When the data does not
  // fit the budget the R-APDU carries SW1 SW2 only; false when not even that
  // fits (the script should stop).
  bool add(ByteView data, StatusWord sw);
  void bad_format(BadFormat why) { bad_format_ = static_cast<std::uint8_t>(why); }
  std::uint8_t executed() const { return executed_; }
  Bytes finish() const;

 private:
  std::size_t budget_;
  Bytes rapdus_;  // the R-APDU TLVs
  std::uint8_t executed_ = 0;
  std::uint8_t bad_format_ = 0;  // 0: none
};

}  // namespace cardcore::remote::expanded
