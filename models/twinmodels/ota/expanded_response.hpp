#pragma once
// The expanded remote response structure of ETSI TS 102 226 §5.2.2: the
// Response Scripting template ('AB' definite, 'AF' indefinite length) that a
// card puts in the PoR's additional data for an expanded command script: the
// number of executed C-APDUs, an R-APDU TLV per answer, and the Bad Format,
// Immediate Action Response or Script Chaining Response TLV when the script
// failed as a script.
#include <cstdint>
#include <optional>
#include <vector>

#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/util/bytes.hpp"
#include "twinmodels/ota/expanded_script.hpp"

namespace twinmodels::ota {

// §5.2.2 R-APDU TLV value: the response data, then SW1 SW2.
struct RApdu {
  Bytes data;
  std::uint16_t sw = 0;
  bool operator==(const RApdu&) const = default;
};

// §5.2.2 Script Chaining Response TLV: why a chained script did not run as
// one (no previous script, not supported, unable to process) — the card's
// values (cardcore/remote/expanded_tags.hpp).
using ScriptChainingResponse = cardcore::remote::ChainingResponse;

// §5.2.2 Bad Format TLV: what the card could not parse in the command script.
enum class BadFormat : std::uint8_t {
  UnknownTag = 0x01,
  WrongLength = 0x02,
  LengthNotFound = 0x03,
};

struct ExpandedResponse {
  LengthCoding coding = LengthCoding::Definite;
  // Number of executed C-APDUs TLV ('80'), when the card sent it.
  std::optional<std::uint32_t> executed;
  std::vector<RApdu> responses;  // the R-APDU TLVs in order
  std::optional<std::uint8_t> bad_format;  // a BadFormat value (others kept as received)
  std::optional<Bytes> immediate_action_response;
  std::optional<Bytes> script_chaining_response;
  std::vector<ExpandedItem> other;  // TLVs of tags §5.2.2 does not list, kept as received

  // The '80' count, or the number of R-APDUs when the card left it out.
  std::size_t executed_commands() const { return executed ? *executed : responses.size(); }
  bool operator==(const ExpandedResponse&) const = default;
};

// The Script Chaining Response as a value, when the card sent one of one
// byte (other contents: see ExpandedResponse::script_chaining_response).
std::optional<ScriptChainingResponse> chaining_response(const ExpandedResponse& r);

// Reads a template spanning all of `additional_data`. Throws
// OtaError(MalformedResponseData) naming the fault: another tag, a TLV
// running past its template, a missing end-of-contents, bytes after the
// template, an R-APDU under 2 bytes, a count of 0 or over 4 bytes, a second
// count, a Bad Format TLV not of 1 byte.
ExpandedResponse decode_expanded_response(ByteView additional_data);

}  // namespace twinmodels::ota
