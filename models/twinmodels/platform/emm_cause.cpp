#include "twinmodels/platform/emm_cause.hpp"

namespace twinmodels::platform {

const char* emm_cause_name(std::uint8_t cause) {
  switch (cause) {
    case 3: return "#3 Illegal UE";
    case 6: return "#6 Illegal ME";
    case 7: return "#7 EPS services not allowed";
    case 8: return "#8 EPS services and non-EPS services not allowed";
    case 11: return "#11 PLMN not allowed";
    case 12: return "#12 Tracking area not allowed";
    case 13: return "#13 Roaming not allowed in this tracking area";
    case 14: return "#14 EPS services not allowed in this PLMN";
    case 15: return "#15 No suitable cells in tracking area";
    case 20: return "#20 MAC failure";
    case 21: return "#21 Synch failure";
    case 22: return "#22 Congestion";
  }
  return "";
}

bool emm_cause_refuses_subscription(std::uint8_t cause) {
  return cause == 3 || cause == 6 || cause == 7 || cause == 8;
}

bool emm_cause_denies_area(std::uint8_t cause) { return cause >= 11 && cause <= 15; }

}  // namespace twinmodels::platform
