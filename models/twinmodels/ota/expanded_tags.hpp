#pragma once
// The expanded format's tags, as the card's RFM has them (TS 102 226 §5.2).
#include "cardcore/remote/expanded_tags.hpp"

namespace twinmodels::ota {
namespace expanded_tag = cardcore::remote::expanded_tag;
}  // namespace twinmodels::ota
