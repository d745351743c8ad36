#include "twinmodels/ota/expanded_script.hpp"

#include <stdexcept>
#include <string>

#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/capdu_form.hpp"
#include "twinmodels/ota/expanded_tags.hpp"

namespace twinmodels::ota {

namespace {

ExpandedItem item(std::uint8_t tag, ByteView value, const char* name) {
  if (value.size() > cardcore::tlv::kMaxLength)
    throw std::invalid_argument(std::string(name) + " TLV value of " + std::to_string(value.size()) +
                                " bytes; at most 65535");
  return {tag, Bytes(value.begin(), value.end())};
}

}  // namespace

ExpandedScript& ExpandedScript::command(ByteView capdu) {
  // TS 102 226 §5.2.1.1: the C-APDU as ISO/IEC 7816-4 §5.1 codes it.
  if (!is_iso_command(capdu))
    throw std::invalid_argument("C-APDU TLV value " + cardcore::to_hex(capdu) +
                                " is not an ISO/IEC 7816-4 command (CLA INS P1 P2 [Lc data] [Le])");
  items.push_back(item(expanded_tag::kCApdu, capdu, "C-APDU"));
  return *this;
}

ExpandedScript& ExpandedScript::commands(std::span<const Bytes> capdus) {
  for (const Bytes& c : capdus) command(c);
  return *this;
}

ExpandedScript& ExpandedScript::immediate_action(ByteView value) {
  items.push_back(item(expanded_tag::kImmediateAction, value, "Immediate Action"));
  return *this;
}

ExpandedScript& ExpandedScript::error_action(ByteView value) {
  items.push_back(item(expanded_tag::kErrorAction, value, "Error Action"));
  return *this;
}

Bytes encode(const ExpandedScript& script) {
  Bytes body;
  if (script.chaining) {
    const std::uint8_t v = static_cast<std::uint8_t>(*script.chaining);
    cardcore::tlv::put_ber(body, expanded_tag::kScriptChaining, ByteView(&v, 1));
  }
  for (const ExpandedItem& i : script.items) cardcore::tlv::put_ber(body, i.tag, i.value);

  if (script.coding == LengthCoding::Indefinite) {
    // ISO/IEC 8825-1 §8.1.3.6: length '80', contents, end-of-contents '00 00'.
    Bytes out{expanded_tag::kCommandScriptingIndefinite, expanded_tag::kIndefiniteLength};
    out.insert(out.end(), body.begin(), body.end());
    out.push_back(0x00);
    out.push_back(0x00);
    return out;
  }
  if (body.size() > cardcore::tlv::kMaxLength)
    throw std::invalid_argument("Command Scripting template of " + std::to_string(body.size()) +
                                " bytes; the definite length coding takes at most 65535");
  return cardcore::tlv::make_ber(expanded_tag::kCommandScripting, body);
}

Bytes encode_expanded_script(std::span<const Bytes> capdus, LengthCoding coding) {
  ExpandedScript s;
  s.coding = coding;
  s.commands(capdus);
  return encode(s);
}

}  // namespace twinmodels::ota
