#pragma once
// APDU scripts in the pcsc-tools "scriptor" format, with expectations kept in
// comments so the same script runs unchanged against a real card:
//
//   # a comment
//   reset                         cold reset of the card (prints the ATR)
//   00 A4 00 04 02 3F 00          a command APDU in hex
//   # expect 61 XX                the response the previous APDU must give;
//                                 "XX" matches any one byte, "*" any bytes
//
// The runner prints an annotated transcript: each command with its name, each
// response with the meaning of its status word.
#include <iosfwd>
#include <stdexcept>
#include <string>

#include "cardcore/card/uicc.hpp"

namespace esimtwin {

struct ScriptError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ScriptResult {
  std::size_t apdus = 0;
  std::size_t expectations = 0;
  std::size_t mismatches = 0;
  bool ok() const { return mismatches == 0; }
};

// Runs `script` against `card` (powered on first if it is not). Throws
// ScriptError ("<name>:<line>: ...") on a malformed line.
ScriptResult run_card_script(std::istream& script, const std::string& name, cardcore::Uicc& card,
                             std::ostream& transcript);

// True if `response` matches the expectation pattern (hex bytes, "XX" for
// any byte, "*" for any number of bytes).
bool response_matches(const std::string& pattern, cardcore::ByteView response);

}  // namespace esimtwin
