// STORE DATA through the ISD (GP Card Specification v2.3 §11.11, §7.5.2):
// after INSTALL [for personalization] the ISD passes each STORE DATA
// command to the application it names, which applies its own rules (an
// eUICC's ISD-P: its key establishment in the clear, everything else in its
// SCP03 session, SGP.02 §2.5). The last block (P1 b8) ends the forwarding.
#include "cardcore/gp/isd.hpp"
#include "cardcore/gp/isd_extension.hpp"

namespace cardcore::gp {

namespace {
constexpr std::uint8_t kLastBlock = 0x80;  // §11.11.2.1
}  // namespace

StatusWord isd_forward_store_data(Uicc& card, IsdSession& session, const CommandApdu& c, Bytes& out) {
  const Bytes aid = session.personalized;
  if ((c.p1 & kLastBlock) != 0) session.personalized.clear();
  const std::vector<Slot> used = read_registry(card);
  const Slot* app = find_aid(used, aid);
  IsdExtension* extension = isd_extension(card);
  // The application may have been deleted or locked since the INSTALL.
  if (!app || !extension || (app->entry.life_cycle & life_cycle::kLocked) != 0) {
    session.personalized.clear();
    return sw::kConditionsNotSatisfied;
  }
  return extension->security_domain_store_data(card, app->entry, c, out);
}

}  // namespace cardcore::gp
