#include "cardcore/remote/ram.hpp"

#include "cardcore/gp/isd.hpp"
#include "cardcore/remote/script_runner.hpp"

namespace cardcore::remote {

Bytes run_ram(Uicc& card, ByteView script) {
  gp::IsdSession session;
  return run_unchained_script(script, [&](ByteView capdu, Uicc::RemoteTransport transport, Bytes& data) {
    return gp::execute_isd(card, session, capdu, transport, data);
  }, CompactInstructions::SecurityDomain);
}

}  // namespace cardcore::remote
