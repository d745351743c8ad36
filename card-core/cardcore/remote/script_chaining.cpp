#include "cardcore/remote/script_chaining.hpp"

#include <memory>

namespace cardcore::remote {

namespace {

std::uint8_t id(Application app) { return static_cast<std::uint8_t>(app); }

// The chain slot's session if it belongs to `app`.
Uicc::ChainedSession* chain_of(Uicc& card, Application app) {
  std::unique_ptr<Uicc::ChainedSession>* slot = card.chained_session();
  if (!slot || !*slot || (*slot)->application != id(app)) return nullptr;
  return slot->get();
}

}  // namespace

void drop_chain(Uicc& card) {
  if (std::unique_ptr<Uicc::ChainedSession>* slot = card.chained_session()) slot->reset();
}

ScriptSession open_script(Uicc& card, Application app, std::optional<std::uint8_t> chaining,
                          Uicc::RemoteSession fresh) {
  ScriptSession out;
  if (!chaining) {
    // A script not chained ends its application's chain.
    if (chain_of(card, app)) drop_chain(card);
    out.session = std::move(fresh);
    return out;
  }
  switch (*chaining) {
    case chaining::kFirstDeleteOnReset:
      drop_chain(card);
      out.session = std::move(fresh);
      return out;
    case chaining::kFirstKeepOnReset:
      drop_chain(card);
      out.refused = ChainingResponse::NotSupported;
      return out;
    case chaining::kSubsequent:
    case chaining::kLast:
      if (Uicc::ChainedSession* c = chain_of(card, app)) {
        out.session = std::move(c->session);
        drop_chain(card);  // close_script() puts it back
      } else {
        out.refused = ChainingResponse::NoPreviousScript;
      }
      return out;
    default:
      drop_chain(card);
      out.refused = ChainingResponse::UnableToProcess;
      return out;
  }
}

void close_script(Uicc& card, Application app, std::optional<std::uint8_t> chaining, Uicc::RemoteSession&& session) {
  std::unique_ptr<Uicc::ChainedSession>* slot = card.chained_session();
  if (!slot) return;
  if (chaining && (*chaining == chaining::kFirstDeleteOnReset || *chaining == chaining::kSubsequent)) {
    // The session as the script left it is where the next one starts.
    *slot = std::make_unique<Uicc::ChainedSession>(Uicc::ChainedSession{id(app), std::move(session)});
    return;
  }
  if (chain_of(card, app)) slot->reset();
}

}  // namespace cardcore::remote
