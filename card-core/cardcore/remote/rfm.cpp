#include "cardcore/remote/rfm.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/compact_format.hpp"
#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/remote/script_chaining.hpp"
#include "cardcore/remote/script_runner.hpp"
#include "cardcore/usim/identifiers.hpp"

namespace cardcore::remote {

namespace {

// The session's commands through the card's own handlers.
CommandRunner runner(Uicc& card, Uicc::RemoteSession& session) {
  return [&card, &session](ByteView capdu, Uicc::RemoteTransport transport, Bytes& data) {
    return card.execute_remote(session, capdu, transport, data);
  };
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
  run_expanded_tlvs(in, response, runner(card, *s.session), misplaced);
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

Bytes run_rfm(Uicc& card, Application app, ByteView script) {
  const std::optional<std::uint32_t> file = application_file(card, app);
  if (!file) return compact_response(0, sw::kFileNotFound, {});
  Uicc::RemoteSession session = card.begin_remote(*file, rfm_access_domain(), app == Application::SimRfm);
  if (expanded::is_expanded_script(script)) return run_expanded(card, app, std::move(session), script);
  // A compact script is a script not chained (§5.2.1.4 is the expanded format's).
  ScriptSession s = open_script(card, app, std::nullopt, std::move(session));
  return run_compact(script, runner(card, *s.session));
}

}  // namespace cardcore::remote
