#pragma once
// The expanded remote command structure of ETSI TS 102 226 §5.2.1: a Command
// Scripting template holding the C-APDUs as C-APDU TLVs (§5.2.1.1), with
// Immediate Action (§5.2.1.2), Error Action (§5.2.1.3) and Script Chaining
// (§5.2.1.4) TLVs where a script needs them, in the definite ('AA') or the
// indefinite ('AE' '80' ... '00 00') length coding.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/util/bytes.hpp"

namespace twinmodels::ota {

using cardcore::Bytes;
using cardcore::ByteView;

enum class LengthCoding : std::uint8_t { Definite, Indefinite };

// §5.2.1.4: where this script stands in a chain of scripts (the card's
// values, cardcore/remote/expanded_tags.hpp; the card takes all but
// FirstKeepOnReset, see card-core/cardcore/remote/README.md).
enum class ScriptChaining : std::uint8_t {
  FirstDeleteOnReset = cardcore::remote::chaining::kFirstDeleteOnReset,  // the chain's context is lost on a reset
  FirstKeepOnReset = cardcore::remote::chaining::kFirstKeepOnReset,      // the context survives a reset
  Subsequent = cardcore::remote::chaining::kSubsequent,                  // a later script, more to follow
  Last = cardcore::remote::chaining::kLast,                              // the last script of the chain
};

// One TLV of the template body, kept in the order the card runs them.
struct ExpandedItem {
  std::uint16_t tag = 0;  // expanded_tag::kCApdu, kImmediateAction, kErrorAction (BER: 1 or 2 bytes)
  Bytes value;
  bool operator==(const ExpandedItem&) const = default;
};

struct ExpandedScript {
  LengthCoding coding = LengthCoding::Definite;
  std::optional<ScriptChaining> chaining;  // encoded first in the template
  std::vector<ExpandedItem> items;

  // A C-APDU TLV: an ISO/IEC 7816-4 C-APDU with Le where the command returns
  // data (the card answers up to Le bytes in the R-APDU). Throws
  // std::invalid_argument for bytes that are no C-APDU (capdu_form.hpp).
  ExpandedScript& command(ByteView capdu);
  ExpandedScript& commands(std::span<const Bytes> capdus);
  // The Immediate Action and Error Action TLVs with their value as given:
  // §5.2.1.2 / §5.2.1.3 code either a one-byte reference or a proactive
  // command, which this codec does not interpret.
  ExpandedScript& immediate_action(ByteView value);
  ExpandedScript& error_action(ByteView value);
};

// The template. Inner TLVs take the shortest definite length. Throws
// std::invalid_argument when the definite template would pass 65535 bytes.
Bytes encode(const ExpandedScript& script);

// The commands alone in a template.
Bytes encode_expanded_script(std::span<const Bytes> capdus, LengthCoding coding = LengthCoding::Definite);

}  // namespace twinmodels::ota
