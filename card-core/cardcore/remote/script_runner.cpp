#include "cardcore/remote/script_runner.hpp"

#include "cardcore/remote/rfm.hpp"
#include "cardcore/tlv/ber_tlv.hpp"

namespace cardcore::remote {

bool script_continues(StatusWord sw) {
  const unsigned sw1 = sw >> 8;
  // TS 51.011 §9.4.1: '9F XX' ends a GSM command normally; '92 40' is its
  // memory problem, unlike the '92 0X' of a successful update after retries.
  if (sw == sw::gsm::kMemoryProblem) return false;
  return sw == sw::kOk || sw1 == 0x91 || sw1 == 0x92 || sw1 == 0x61 || sw1 == 0x62 || sw1 == 0x63 ||
         sw1 == (sw::gsm::kResponseData >> 8);
}

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

void run_expanded_tlvs(expanded::ScriptReader& in, expanded::ResponseScript& response, const CommandRunner& run,
                       bool& chaining_misplaced) {
  tlv::BerTlv t;
  Bytes data;
  while (in.next(t)) {
    switch (t.tag) {
      case expanded::kCApdu: {
        const StatusWord s = run(t.value, Uicc::RemoteTransport::Direct, data);
        if (!response.add(data, s) || !script_continues(s) || response.executed() == 0xFF) return;
        break;
      }
      case expanded::kImmediateAction:
      case expanded::kErrorAction:
        // §5.2.1.2, §5.2.1.3: taken and not acted on. Their actions are
        // proactive session indications, which a card that queues its
        // proactive commands for the terminal to fetch (TS 102 223 §6.2)
        // has no use for, or records of EF.RMA, which this card lacks.
        break;
      case expanded::kScriptChaining:
        // §5.2.1.4: only the first TLV of the template chains the script.
        chaining_misplaced = true;
        response.chaining_response(static_cast<std::uint8_t>(ChainingResponse::UnableToProcess));
        return;
      default:
        response.bad_format(expanded::BadFormat::UnknownTag);
        return;
    }
  }
  if (in.error()) response.bad_format(*in.error());
}

Bytes run_unchained_script(ByteView script, const CommandRunner& run, CompactInstructions set) {
  if (!expanded::is_expanded_script(script)) return run_compact(script, run, set);
  expanded::ScriptReader in(script);
  expanded::ResponseScript response(kMaxAdditionalData, in.indefinite());
  if (const std::optional<tlv::BerTlv> first = in.peek(); first && first->tag == expanded::kScriptChaining) {
    response.chaining_response(static_cast<std::uint8_t>(ChainingResponse::NotSupported));
    return response.finish();
  }
  bool misplaced = false;
  run_expanded_tlvs(in, response, run, misplaced);
  return response.finish();
}

}  // namespace cardcore::remote
