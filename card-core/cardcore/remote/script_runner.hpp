#pragma once
// Running the command script of a secured packet (TS 102 226 §5): the
// compact format's C-APDUs answered as on T=0 (§5.1), or the expanded
// format's command scripting template answered with a response scripting
// template (§5.2). The same for RFM (§7) and RAM (§8); what runs each
// command is the application's.
#include <functional>

#include "cardcore/apdu/status_word.hpp"
#include "cardcore/card/uicc.hpp"
#include "cardcore/remote/compact_format.hpp"
#include "cardcore/util/bytes.hpp"

namespace cardcore::remote {

// Runs one C-APDU for the application, answering per transport; sets `data`
// to the response data.
using CommandRunner = std::function<StatusWord(ByteView capdu, Uicc::RemoteTransport transport, Bytes& data)>;

// Whether a script goes on after a command that ended with `sw`: normal
// processing ('90 00', '91 XX', '92 XX', '61 XX') and warnings ('62 XX',
// '63 XX') do, errors stop it (TS 102 226 §5.1.1, §5.2.1; our reading:
// warnings are not errors).
bool script_continues(StatusWord sw);

// The additional response data of the script: number of commands executed,
// last status word and last response data (§5.1.2), or a response scripting
// template 'AB' (§5.2.2). Scripts stop at the first command with an error
// status word.
// `set` tells Lc from Le in compact commands (compact_format.hpp).
Bytes run_script(ByteView script, const CommandRunner& run,
                 CompactInstructions set = CompactInstructions::FileSystem);

}  // namespace cardcore::remote
