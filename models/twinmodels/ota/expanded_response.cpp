#include "twinmodels/ota/expanded_response.hpp"

#include <string>

#include "cardcore/tlv/ber_tlv.hpp"
#include "twinmodels/ota/expanded_tags.hpp"
#include "twinmodels/ota/ota_error.hpp"

namespace twinmodels::ota {

namespace {

[[noreturn]] void fail(std::size_t offset, const std::string& what) {
  throw OtaError(OtaError::Reason::MalformedResponseData,
                 "Response Scripting template at offset " + std::to_string(offset) + ": " + what);
}

// One TLV of the template body (TS 102 226 §5.2.2). `offset`: where it
// starts in the additional data, for the messages.
void take(const cardcore::tlv::BerTlv& t, std::size_t offset, ExpandedResponse& r) {
  const ByteView v = t.value;
  switch (t.tag) {
    case expanded_tag::kExecutedCommands: {
      // An integer (ISO/IEC 8825-1 §8.3): one byte in practice, up to 4 here.
      if (r.executed) fail(offset, "a second Number of executed C-APDUs TLV");
      if (v.empty() || v.size() > 4)
        fail(offset, "Number of executed C-APDUs of " + std::to_string(v.size()) + " bytes");
      std::uint32_t n = 0;
      for (std::uint8_t b : v) n = (n << 8) | b;
      r.executed = n;
      return;
    }
    case expanded_tag::kRApdu:
      if (v.size() < 2) fail(offset, "R-APDU TLV of " + std::to_string(v.size()) + " byte(s), without SW1 SW2");
      r.responses.push_back({Bytes(v.begin(), v.end() - 2), cardcore::be16(v.data() + v.size() - 2)});
      return;
    case expanded_tag::kBadFormat:
      if (v.size() != 1) fail(offset, "Bad Format TLV of " + std::to_string(v.size()) + " bytes, not 1");
      r.bad_format = v[0];
      return;
    case expanded_tag::kImmediateActionResponse:
      r.immediate_action_response = Bytes(v.begin(), v.end());
      return;
    case expanded_tag::kScriptChainingResponse:
      r.script_chaining_response = Bytes(v.begin(), v.end());
      return;
    default:
      r.other.push_back({t.tag, Bytes(v.begin(), v.end())});
      return;
  }
}

}  // namespace

std::optional<ScriptChainingResponse> chaining_response(const ExpandedResponse& r) {
  if (!r.script_chaining_response || r.script_chaining_response->size() != 1) return std::nullopt;
  return static_cast<ScriptChainingResponse>((*r.script_chaining_response)[0]);
}

ExpandedResponse decode_expanded_response(ByteView d) {
  using cardcore::tlv::describe;
  using cardcore::tlv::read_ber;
  ExpandedResponse r;
  if (d.empty()) fail(0, "empty");
  if (d[0] == expanded_tag::kResponseScriptingIndefinite) {
    // 'AF' '80' TLVs... '00 00' (ISO/IEC 8825-1 §8.1.3.6, §8.1.5).
    r.coding = LengthCoding::Indefinite;
    if (d.size() < 2 || d[1] != expanded_tag::kIndefiniteLength)
      fail(1, "'AF' without the indefinite length '80'");
    std::size_t at = 2;
    for (;;) {
      if (d.size() - at < 2) fail(at, "no end-of-contents '00 00'");
      if (d[at] == 0x00 && d[at + 1] == 0x00) break;
      const auto t = read_ber(d.subspan(at));
      if (!t.ok()) fail(at, std::string(describe(t.error)) + " TLV");
      take(t.value, at, r);
      at += t.value.size;
    }
    if (at + 2 != d.size()) fail(at + 2, std::to_string(d.size() - at - 2) + " byte(s) after the template");
    return r;
  }
  const auto tmpl = read_ber(d);
  if (!tmpl.ok()) fail(0, std::string(describe(tmpl.error)) + " template");
  if (tmpl.value.tag != expanded_tag::kResponseScripting)
    fail(0, "tag '" + cardcore::to_hex(d.first(1)) + "', not 'AB' or 'AF'");
  if (tmpl.value.size != d.size())
    fail(tmpl.value.size, std::to_string(d.size() - tmpl.value.size) + " byte(s) after the template");
  const std::size_t base = tmpl.value.size - tmpl.value.value.size();
  ByteView rest = tmpl.value.value;
  while (!rest.empty()) {
    const std::size_t at = base + (tmpl.value.value.size() - rest.size());
    const auto t = read_ber(rest);
    if (!t.ok()) fail(at, std::string(describe(t.error)) + " TLV");
    take(t.value, at, r);
    rest = rest.subspan(t.value.size);
  }
  return r;
}

}  // namespace twinmodels::ota
