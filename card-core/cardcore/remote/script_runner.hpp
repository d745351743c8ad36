#pragma once
// Running the command script of a secured packet (TS 102 226 §5): the
// compact format's C-APDUs answered as on T=0 (§5.1), or the expanded
// format's command scripting template ('AA' / 'AE') answered with a
// response scripting template ('AB' / 'AF', §5.2). The same for RFM (§7,
// rfm.cpp, which adds script chaining) and RAM (§8, ram.cpp); what runs
// each command is the application's.
#include <functional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/compact_format.hpp"
#include "cardcore/remote/expanded_format.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::remote {

// Runs one C-APDU for the application, answering per transport; sets `data`
// to the response data.
using CommandRunner = std::function<StatusWord(ByteView capdu, Uicc::RemoteTransport transport, Bytes& data)>;

// Whether a script goes on after a command that ended with `sw`: normal
// processing ('90 00', '91 XX', '92 XX', '61 XX', and the SIM's '9F XX')
// and warnings ('62 XX', '63 XX') do, errors stop it, the SIM's '92 40'
// memory problem too (TS 102 226 §5.1.1, §5.2.1; our reading: warnings are
// not errors).
bool script_continues(StatusWord sw);

// §5.1: the compact command string; number of commands executed, last
// status word and last response data (§5.1.2). `set` tells Lc from Le.
Bytes run_compact(ByteView script, const CommandRunner& run,
                  CompactInstructions set = CompactInstructions::FileSystem);

// §5.2.1: the TLVs of a template after any chaining TLV, in turn, each
// C-APDU answered at once into `response`. A Script Chaining TLV here is
// misplaced: the script stops with "unable to process" and
// `chaining_misplaced` is set.
void run_expanded_tlvs(expanded::ScriptReader& in, expanded::ResponseScript& response, const CommandRunner& run,
                       bool& chaining_misplaced);

// A script of an application without script chaining (RAM): compact, or an
// expanded template whose chaining TLV, if any, is answered "not supported"
// without running anything.
Bytes run_unchained_script(ByteView script, const CommandRunner& run, CompactInstructions set);

}  // namespace cardcore::remote
