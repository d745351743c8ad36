#include "cardcore/gp/isd_extension.hpp"

#include "cardcore/card/uicc.hpp"
#include "cardcore/cat/sms_pp_handler.hpp"

namespace cardcore::gp {

IsdExtension* isd_extension(const Uicc& card) { return dynamic_cast<IsdExtension*>(card.sms_pp_handler()); }

}  // namespace cardcore::gp
