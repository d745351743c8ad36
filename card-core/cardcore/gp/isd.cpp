#include "cardcore/gp/isd.hpp"

#include <stdexcept>

#include "cardcore/apdu/instruction_codes.hpp"
#include "cardcore/card/t0_transport.hpp"
#include "cardcore/gp/isd_extension.hpp"

namespace cardcore::gp {

namespace {


}  // namespace

StatusWord commit_registry(Uicc& card) {
  return card.nvm().commit() == CommitResult::Ok ? sw::kOk : sw::kMemoryProblem;
}

StatusWord execute_isd(Uicc& card, IsdSession& s, ByteView capdu, Uicc::RemoteTransport transport, Bytes& data) {
  if (!card.powered()) throw std::logic_error("gp::execute_isd: the card is not powered");
  data.clear();
  StatusWord err = sw::kOk;
  const auto c = parse_command_apdu(capdu, err);
  if (!c) {
    s.pending.clear();
    return err;
  }
  if (c->ins == kInsGetResponse) {
    if (c->cla != 0x00) return sw::kClaNotSupported;
    return t0_get_response(*c, s.pending, s.pending_sw, data);
  }
  s.pending.clear();
  Bytes out;
  StatusWord result = sw::kInsNotSupported;
  // GP §11.5.2.3.6: STORE DATA after INSTALL [for personalization] goes to
  // the application, '84' too (its own secure channel); any other command
  // ends the forwarding.
  if (!s.personalized.empty() && c->ins == kInsStoreData && (c->cla & 0xF0) == 0x80 && (c->cla & 0x03) == 0) {
    result = isd_forward_store_data(card, s, *c, out);
    if (card.nvm().in_transaction()) card.nvm().abort();
    return remote_answer(*c, result, out, transport == Uicc::RemoteTransport::T0, s.pending, s.pending_sw, data);
  }
  s.personalized.clear();
  // GP §11.1.4: the commands are CLA '80'; '84' (with secure messaging,
  // SCP02/SCP03) is not needed inside a secured packet and not taken; a
  // logical channel is not used by RAM.
  if ((c->cla & 0xF0) != 0x80) return sw::kClaNotSupported;
  if ((c->cla & 0x0C) != 0) return sw::kSecureMessagingNotSupported;
  if ((c->cla & 0x03) != 0) return sw::kLogicalChannelNotSupported;
  IsdExtension* extension = isd_extension(card);
  const std::optional<StatusWord> extended = extension ? extension->isd_command(card, *c, out) : std::nullopt;
  if (extended) {
    result = *extended;
  } else {
    switch (c->ins) {
      case kInsInstall: result = isd_install(card, s, *c, out); break;
      case kInsLoad: result = isd_load(card, *c, out); break;
      case kInsDelete: result = isd_delete(card, *c, out); break;
      case kInsGetStatus: result = isd_get_status(card, s, *c, out); break;
      case kInsSetStatus: result = isd_set_status(card, *c, out); break;
      default: break;
    }
  }
  if (card.nvm().in_transaction()) card.nvm().abort();  // a handler that failed after staging
  return remote_answer(*c, result, out, transport == Uicc::RemoteTransport::T0, s.pending, s.pending_sw, data);
}

}  // namespace cardcore::gp
