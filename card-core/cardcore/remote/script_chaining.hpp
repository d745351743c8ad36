#pragma once
// Script chaining (TS 102 226 §5.2.1.4): a chain of expanded command
// scripts, one per secured packet, that runs in one command session — the
// current DF/EF, the security status and pending data one script leaves are
// where the next one starts. The card keeps the session between packets in
// its volatile session (Uicc::chained_session(), part of save_state()).
//
// Our reading of the rules (the clause was not at hand; the values are those
// pySim's codec of TS 102 226 V19 carries):
//   - the Script Chaining TLV ('83' 01 v) counts as the first TLV of the
//     template only; one further on stops the script there with the Script
//     Chaining Response "unable to process" and drops the chain;
//   - '01' first script (chain lost at reset): any chain is dropped, the
//     script runs in a new session, which is kept for the chain;
//   - '11' first script kept across a reset: this card keeps no session
//     through a reset, so the script does not run ("not supported") and any
//     chain is dropped;
//   - '02' subsequent / '03' last: the script runs in the chain's session if
//     the card holds one for this application (a chain belongs to the
//     application whose TAR started it), else it does not run ("no previous
//     script"; another application's chain stays); after a last script the
//     chain is dropped;
//   - other values: not run, "unable to process", chain dropped;
//   - a script without the TLV (every compact script) for the chain's
//     application drops the chain; scripts of other applications leave it.
// The card holds one chain at a time.
#include <cstdint>
#include <optional>

#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/expanded_tags.hpp"
#include "cardcore/remote/tar.hpp"

namespace cardcore::remote {

// Where a script of `app` runs, given its chaining value (nullopt: none).
struct ScriptSession {
  std::optional<Uicc::RemoteSession> session;  // none: the script does not run
  std::optional<ChainingResponse> refused;     // why not
};

// Picks the session per the rules above; `fresh` is the application's new
// session. Drops the chain where they say so.
ScriptSession open_script(Uicc& card, Application app, std::optional<std::uint8_t> chaining,
                          Uicc::RemoteSession fresh);

// After a script of `app` ran in `session`: keeps the session for the chain
// (first, subsequent) or drops the chain (last, no chaining).
void close_script(Uicc& card, Application app, std::optional<std::uint8_t> chaining, Uicc::RemoteSession&& session);

// Drops the card's chain (a script that could not be run as one).
void drop_chain(Uicc& card);

}  // namespace cardcore::remote
