#include "cardcore/apdu/command_names.hpp"

namespace cardcore {

std::string_view command_name(std::uint8_t cla, std::uint8_t ins) {
  const bool gsm = cla == 0xA0;
  switch (ins) {
    case 0xA4: return "SELECT";
    case 0xF2: return "STATUS";
    case 0xB0: return "READ BINARY";
    case 0xD6: return "UPDATE BINARY";
    case 0xB2: return "READ RECORD";
    case 0xDC: return "UPDATE RECORD";
    case 0xA2: return gsm ? "SEEK" : "SEARCH RECORD";
    case 0x32: return "INCREASE";
    case 0x04: return gsm ? "INVALIDATE" : "DEACTIVATE FILE";
    case 0x44: return gsm ? "REHABILITATE" : "ACTIVATE FILE";
    case 0x20: return gsm ? "VERIFY CHV" : "VERIFY PIN";
    case 0x24: return gsm ? "CHANGE CHV" : "CHANGE PIN";
    case 0x26: return gsm ? "DISABLE CHV" : "DISABLE PIN";
    case 0x28: return gsm ? "ENABLE CHV" : "ENABLE PIN";
    case 0x2C: return gsm ? "UNBLOCK CHV" : "UNBLOCK PIN";
    case 0x88: return gsm ? "RUN GSM ALGORITHM" : "AUTHENTICATE";
    case 0x70: return "MANAGE CHANNEL";
    case 0xC0: return "GET RESPONSE";
    // TS 102 221 §11.2.1-4 (TS 51.011 §9.2.19-22 for the GSM class): the
    // toolkit commands, uicc_cat.cpp.
    case 0x10: return "TERMINAL PROFILE";
    case 0xC2: return "ENVELOPE";
    case 0x12: return "FETCH";
    case 0x14: return "TERMINAL RESPONSE";
    case 0xFA: return "SLEEP";
    case 0xAA: return "TERMINAL CAPABILITY";
    case 0xE2: return "STORE DATA";
    case 0xCA: return "GET DATA";
    case 0xCB: return "RETRIEVE DATA";
    case 0xDB: return "SET DATA";
    case 0x84: return "GET CHALLENGE";
    case 0x7C: return "SUSPEND UICC";
    // TS 102 222 §6: the administrative commands, uicc_admin.cpp.
    case 0xE0: return "CREATE FILE";
    case 0xE4: return "DELETE FILE";
    case 0xD4: return "RESIZE FILE";
    default: return "UNKNOWN";
  }
}

}  // namespace cardcore
