#include "cardcore/remote/rfm.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/compact_format.hpp"
#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/remote/script_chaining.hpp"

namespace cardcore::remote {

namespace {

// TS 101 220 Annex E: RID of 3GPP and the USIM application code.
const std::uint8_t kUsimAidPrefix[] = {0xA0, 0x00, 0x00, 0x00, 0x87, 0x10, 0x02};

// §5.1: commands one after the other, answered as on T=0.
Bytes run_compact(Uicc& card, Uicc::RemoteSession& session, ByteView script) {
  std::uint8_t executed = 0;
  StatusWord last = sw::kOk;
  Bytes last_data, apdu;
  while (executed < 0xFF) {
    const CompactSplit split = next_compact_command(script, apdu);
    if (split == CompactSplit::End) break;
    ++executed;
    if (split == CompactSplit::Malformed) {
      // Our choice: a command cut short counts as executed with '67 00'
      // wrong length, as the card would answer it on the terminal interface.
      last = sw::kWrongLength;
      last_data.clear();
      break;
    }
    last = card.execute_remote(session, apdu, Uicc::RemoteTransport::T0, last_data);
    if (!script_continues(last)) break;
  }
  return compact_response(executed, last, last_data);
}

// §5.2.1: the TLVs of the template in turn, each C-APDU answered at once.
void run_expanded_tlvs(Uicc& card, Uicc::RemoteSession& session, expanded::ScriptReader& in,
                       expanded::ResponseScript& response, bool& chaining_misplaced) {
  tlv::BerTlv t;
  Bytes data;
  while (in.next(t)) {
    switch (t.tag) {
      case expanded::kCApdu: {
        const StatusWord s = card.execute_remote(session, t.value, Uicc::RemoteTransport::Direct, data);
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

// §5.2: a command scripting template, 'AA' or 'AE', answered by 'AB' or
// 'AF', in the session its script chaining value gives (script_chaining.hpp).
Bytes run_expanded(Uicc& card, Application app, Uicc::RemoteSession fresh, ByteView script) {
  expanded::ScriptReader in(script);
  expanded::ResponseScript response(kMaxAdditionalData, in.indefinite());
  std::optional<std::uint8_t> chaining;
  if (const std::optional<tlv::BerTlv> first = in.peek(); first && first->tag == expanded::kScriptChaining) {
    tlv::BerTlv t;
    in.next(t);
    // A value of other than one byte is no value this card knows.
    chaining = t.value.size() == 1 ? t.value[0] : std::uint8_t{0};
  }
  ScriptSession s = open_script(card, app, chaining, std::move(fresh));
  if (!s.session) {
    response.chaining_response(static_cast<std::uint8_t>(*s.refused));
    return response.finish();
  }
  bool misplaced = false;
  run_expanded_tlvs(card, *s.session, in, response, misplaced);
  if (misplaced) {
    drop_chain(card);
  } else {
    close_script(card, app, chaining, std::move(*s.session));
  }
  return response.finish();
}

}  // namespace

std::optional<std::uint32_t> application_file(const Uicc& card, Application app) {
  switch (app) {
    case Application::UiccRfm: return kNoFile;
    case Application::UsimRfm: return card.profile().find_adf(kUsimAidPrefix);
    case Application::SimRfm: return card.profile().find_path({0x3F00, 0x7F20});  // TS 51.011 §10.7 DF.GSM
  }
  return std::nullopt;
}

KeySet rfm_access_domain() {
  KeySet k;
  k.set(key_ref::kAdm1, true);
  return k;
}

bool script_continues(StatusWord sw) {
  const unsigned sw1 = sw >> 8;
  // TS 51.011 §9.4.1: '9F XX' ends a GSM command normally; '92 40' is its
  // memory problem, unlike the '92 0X' of a successful update after retries.
  if (sw == sw::gsm::kMemoryProblem) return false;
  return sw == sw::kOk || sw1 == 0x91 || sw1 == 0x92 || sw1 == 0x61 || sw1 == 0x62 || sw1 == 0x63 ||
         sw1 == (sw::gsm::kResponseData >> 8);
}

Bytes run_rfm(Uicc& card, Application app, ByteView script) {
  const std::optional<std::uint32_t> file = application_file(card, app);
  if (!file) return compact_response(0, sw::kFileNotFound, {});
  Uicc::RemoteSession session = card.begin_remote(*file, rfm_access_domain(), app == Application::SimRfm);
  if (expanded::is_expanded_script(script)) return run_expanded(card, app, std::move(session), script);
  // A compact script is a script not chained (§5.2.1.4 is the expanded format's).
  ScriptSession s = open_script(card, app, std::nullopt, std::move(session));
  return run_compact(card, *s.session, script);
}

}  // namespace cardcore::remote
