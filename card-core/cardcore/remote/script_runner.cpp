#include "cardcore/remote/script_runner.hpp"

#include "cardcore/remote/compact_format.hpp"
#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/remote/rfm.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::remote {

namespace {

// §5.1: commands one after the other, answered as on T=0.
Bytes run_compact(ByteView script, const CommandRunner& run, CompactInstructions set) {
  std::uint8_t executed = 0;
  StatusWord last = sw::kOk;
  Bytes last_data, apdu;
  while (executed < 0xFF) {
    const CompactSplit split = next_compact_command(script, apdu, set);
    if (split == CompactSplit::End) break;
    ++executed;
    if (split == CompactSplit::Malformed) {
      // Our choice: a command cut short counts as executed with '67 00'
      // wrong length, as the card would answer it on the terminal interface.
      last = sw::kWrongLength;
      last_data.clear();
      break;
    }
    last = run(apdu, Uicc::RemoteTransport::T0, last_data);
    if (!script_continues(last)) break;
  }
  return compact_response(executed, last, last_data);
}

// §5.2: the C-APDU TLVs of the template in turn, each answered at once.
Bytes run_expanded(ByteView script, const CommandRunner& run) {
  expanded::ResponseScript response(kMaxAdditionalData);
  const tlv::Result<tlv::BerTlv> script_tlv = tlv::parse_ber(script);
  if (!script_tlv.ok()) {
    response.bad_format(expanded::bad_format_of(script_tlv.error));
    return response.finish();
  }
  if (script_tlv.value.tag != expanded::kCommandScripting) {
    response.bad_format(expanded::BadFormat::UnknownTag);
    return response.finish();
  }
  tlv::BerReader in(script_tlv.value.value);
  tlv::BerTlv t;
  Bytes data;
  while (in.next(t)) {
    switch (t.tag) {
      case expanded::kCApdu: {
        const StatusWord s = run(t.value, Uicc::RemoteTransport::Direct, data);
        if (!response.add(data, s) || !script_continues(s) || response.executed() == 0xFF) return response.finish();
        break;
      }
      case expanded::kImmediateAction:
      case expanded::kErrorAction:
      case expanded::kScriptChaining:
        // Accepted and not acted on: this card has no proactive session
        // indication, and every script is a command session of its own.
        break;
      default:
        response.bad_format(expanded::BadFormat::UnknownTag);
        return response.finish();
    }
  }
  if (in.error() != tlv::Error::None) response.bad_format(expanded::bad_format_of(in.error()));
  return response.finish();
}

}  // namespace

bool script_continues(StatusWord sw) {
  const unsigned sw1 = sw >> 8;
  return sw == sw::kOk || sw1 == 0x91 || sw1 == 0x92 || sw1 == 0x61 || sw1 == 0x62 || sw1 == 0x63;
}

Bytes run_script(ByteView script, const CommandRunner& run, CompactInstructions set) {
  if (expanded::is_expanded_script(script)) return run_expanded(script, run);
  return run_compact(script, run, set);
}

}  // namespace cardcore::remote
