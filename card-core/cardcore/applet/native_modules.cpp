// The executable modules this card has code for (gp/native_module.hpp).
#include <algorithm>

#include "cardcore/applet/write_card.hpp"
#include "cardcore/applet/write_card_format.hpp"
#include "cardcore/gp/native_module.hpp"

namespace cardcore::gp {

const NativeModule* native_module(ByteView module_aid) {
  static const applet::WriteCardModule write_card_module;
  const auto& aid = applet::write_card::kModuleAid;
  if (std::equal(aid.begin(), aid.end(), module_aid.begin(), module_aid.end())) return &write_card_module;
  return nullptr;
}

}  // namespace cardcore::gp
