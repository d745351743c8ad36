#include "twinanalysis/apdu_decode.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "cardcore/apdu/command_names.hpp"
#include "cardcore/apdu/status_word.hpp"
#include "cardcore/cat/tags.hpp"

namespace twinanalysis {

namespace {

namespace cat = cardcore::cat;
using Bytes = std::span<const std::uint8_t>;

std::string hex_byte(std::uint8_t b) {
  char s[3];
  std::snprintf(s, sizeof s, "%02X", b);
  return s;
}

// A BER-TLV's value (TS 102 223 §9.1 / Annex C: one- or two-byte lengths)
// starting at `at`; none when it overruns `data`.
std::optional<Bytes> ber_value(Bytes data, std::size_t at) {
  if (at + 2 > data.size()) return std::nullopt;
  std::size_t len = data[at + 1], start = at + 2;
  if (len == 0x81) {
    if (at + 3 > data.size()) return std::nullopt;
    len = data[at + 2];
    start = at + 3;
  } else if (len > 0x7F) {
    return std::nullopt;
  }
  if (start + len > data.size()) return std::nullopt;
  return data.subspan(start, len);
}

// The value of the first COMPREHENSION-TLV of tag `tag` (the CR bit
// ignored, §9.3) among `objects`.
std::optional<Bytes> simple_object(Bytes objects, std::uint8_t tag) {
  std::size_t at = 0;
  while (at < objects.size()) {
    const std::optional<Bytes> v = ber_value(objects, at);
    if (!v) return std::nullopt;
    if ((objects[at] & 0x7F) == tag) return v;
    at = static_cast<std::size_t>(v->data() - objects.data()) + v->size();
  }
  return std::nullopt;
}

// A REFRESH's qualifier (TS 102 223 §8.6): its mode.
std::string refresh_mode(std::uint8_t q) {
  switch (q) {
    case 0x00: return "NAA initialization and full file change notification";
    case 0x01: return "file change notification";
    case 0x02: return "NAA initialization and file change notification";
    case 0x03: return "NAA initialization";
    case 0x04: return "UICC reset";
    case 0x05: return "NAA application reset";
    case 0x06: return "NAA session reset";
    case 0x07: return "steering of roaming";
    default: return "mode '" + hex_byte(q) + "'";
  }
}

// "REFRESH (UICC reset)", "SEND SHORT MESSAGE": a command details object
// (§8.6: number, type, qualifier).
std::string command_details(Bytes details) {
  if (details.size() < 3) return "proactive command (short command details)";
  const std::string name = proactive_command_name(details[1]);
  return details[1] == cat::command::kRefresh ? name + " (" + refresh_mode(details[2]) + ")" : name;
}

// §8.25 events, with TS 31.111's additions.
std::string event_name(std::uint8_t e) {
  switch (e) {
    case cat::event::kMtCall: return "MT call";
    case cat::event::kCallConnected: return "call connected";
    case cat::event::kCallDisconnected: return "call disconnected";
    case cat::event::kLocationStatus: return "location status";
    case cat::event::kUserActivity: return "user activity";
    case cat::event::kIdleScreenAvailable: return "idle screen available";
    case cat::event::kCardReaderStatus: return "card reader status";
    case cat::event::kLanguageSelection: return "language selection";
    case cat::event::kBrowserTermination: return "browser termination";
    case cat::event::kDataAvailable: return "data available";
    case cat::event::kChannelStatus: return "channel status";
    case cat::event::kAccessTechnologyChange: return "access technology change";
    case cat::event::kNetworkRejection: return "network rejection";
    case cat::event::kDataConnectionStatusChange: return "data connection status change";
    default: return "event '" + hex_byte(e) + "'";
  }
}

// §7: the ENVELOPE's BER-TLV tag.
std::string envelope_kind(Bytes data) {
  if (data.empty()) return "";
  switch (data[0]) {
    case cat::ber::kSmsPpDownload: return "SMS-PP download";
    case cat::ber::kCbDownload: return "Cell Broadcast download";
    case cat::ber::kMenuSelection: return "menu selection";
    case cat::ber::kCallControl: return "call control";
    case cat::ber::kMoSmControl: return "MO short message control";
    case cat::ber::kTimerExpiration: return "timer expiration";
    case cat::ber::kEventDownload: {
      const std::optional<Bytes> objects = ber_value(data, 0);
      const std::optional<Bytes> list = objects ? simple_object(*objects, cat::tag::kEventList) : std::nullopt;
      return list && !list->empty() ? "event download: " + event_name((*list)[0]) : "event download";
    }
    default: return "BER-TLV '" + hex_byte(data[0]) + "'";
  }
}

// §8.12 general result, as a TERMINAL RESPONSE reports it.
std::string general_result(std::uint8_t r) {
  switch (r) {
    case cat::result::kPerformed: return "performed";
    case cat::result::kPartialComprehension: return "performed with partial comprehension";
    case cat::result::kMissingInformation: return "performed, with missing information";
    case cat::result::kRefreshAdditionalEfsRead: return "REFRESH performed with additional EFs read";
    case cat::result::kLimitedService: return "performed, limited service";
    case cat::result::kWithModification: return "performed with modification";
    case cat::result::kRefreshNaaNotActive: return "REFRESH performed but the NAA was not active";
    case cat::result::kTerminalUnableNow: return "terminal unable to process the command now";
    case cat::result::kNetworkUnableNow: return "network unable to process the command now";
    case cat::result::kTimerStateContradiction: return "action in contradiction with the timer state";
    case cat::result::kBeyondTerminalCapabilities: return "beyond the terminal's capabilities";
    case cat::result::kTypeNotUnderstood: return "type of command not understood";
    case cat::result::kDataNotUnderstood: return "data not understood";
    case cat::result::kNumberNotKnown: return "command number not known";
    case cat::result::kSmsRpError: return "SMS RP-ERROR";
    case cat::result::kRequiredValuesMissing: return "required values missing";
    case cat::result::kBipError: return "Bearer Independent Protocol error";
    default: return "result '" + hex_byte(r) + "'";
  }
}

// GlobalPlatform Card Specification §11 commands, in a proprietary class
// ('8X', not the GSM class 'A0') where TS 102 221 has no command of the INS.
std::optional<std::string> global_platform_name(std::uint8_t cla, std::uint8_t ins) {
  if ((cla & 0x80) == 0 || cla == 0xA0) return std::nullopt;
  switch (ins) {
    case 0x50: return "INITIALIZE UPDATE";
    case 0x82: return "EXTERNAL AUTHENTICATE";
    case 0xE6: return "INSTALL";
    case 0xE4: return "DELETE";
    case 0xD8: return "PUT KEY";
    case 0xF0: return "SET STATUS";
    default: return std::nullopt;
  }
}

// The command's data field (a case 3 or 4 short APDU: Lc at byte 4).
Bytes command_data(Bytes c) {
  if (c.size() <= 5) return {};
  const std::size_t lc = c[4];
  return c.subspan(5, std::min(lc, c.size() - 5));
}

}  // namespace

std::string proactive_command_name(std::uint8_t type) {
  switch (type) {  // TS 102 223 §9.4
    case cat::command::kRefresh: return "REFRESH";
    case cat::command::kMoreTime: return "MORE TIME";
    case cat::command::kPollInterval: return "POLL INTERVAL";
    case cat::command::kPollingOff: return "POLLING OFF";
    case cat::command::kSetUpEventList: return "SET UP EVENT LIST";
    case 0x10: return "SET UP CALL";
    case 0x11: return "SEND SS";
    case 0x12: return "SEND USSD";
    case cat::command::kSendShortMessage: return "SEND SHORT MESSAGE";
    case 0x14: return "SEND DTMF";
    case 0x15: return "LAUNCH BROWSER";
    case 0x20: return "PLAY TONE";
    case 0x21: return "DISPLAY TEXT";
    case 0x22: return "GET INKEY";
    case 0x23: return "GET INPUT";
    case 0x24: return "SELECT ITEM";
    case 0x25: return "SET UP MENU";
    case cat::command::kProvideLocalInformation: return "PROVIDE LOCAL INFORMATION";
    case cat::command::kTimerManagement: return "TIMER MANAGEMENT";
    case 0x28: return "SET UP IDLE MODE TEXT";
    case cat::command::kOpenChannel: return "OPEN CHANNEL";
    case cat::command::kCloseChannel: return "CLOSE CHANNEL";
    case cat::command::kReceiveData: return "RECEIVE DATA";
    case cat::command::kSendData: return "SEND DATA";
    case cat::command::kGetChannelStatus: return "GET CHANNEL STATUS";
    default: return "proactive command '" + hex_byte(type) + "'";
  }
}

std::string describe_command(Bytes c) {
  if (c.size() < 4) return "(not an APDU)";
  const std::uint8_t cla = c[0], ins = c[1], p1 = c[2];
  if (const std::optional<std::string> gp = global_platform_name(cla, ins)) return *gp;
  std::string name(cardcore::command_name(cla, ins));
  const Bytes data = command_data(c);
  if (ins == 0xC2) {  // TS 102 221 §10.1.2: ENVELOPE
    const std::string kind = envelope_kind(data);
    if (!kind.empty()) name += " (" + kind + ")";
  } else if (ins == 0x14) {  // TERMINAL RESPONSE: the command it answers and how
    const std::optional<Bytes> details = simple_object(data, cat::tag::kCommandDetails);
    const std::optional<Bytes> result = simple_object(data, cat::tag::kResult);
    if (details && details->size() >= 2) {
      name += " (" + proactive_command_name((*details)[1]);
      if (result && !result->empty()) name += ": " + general_result((*result)[0]);
      name += ")";
    }
  } else if (ins == 0x70 && cla != 0xA0) {  // TS 102 221 §11.1.17
    name += p1 == 0x00 ? " (open)" : p1 == 0x80 ? " (close channel " + std::to_string(c[3]) + ")" : "";
  }
  return name;
}

std::string describe_response(Bytes command, Bytes response) {
  if (response.size() < 2) return "(no status word)";
  const auto s = static_cast<cardcore::StatusWord>(response[response.size() - 2] << 8 | response.back());
  const bool gsm = !command.empty() && command[0] == 0xA0;
  std::string text(cardcore::describe_status(s, gsm));
  // TS 102 221 §10.1.2: FETCH answers with a proactive command (§6.6).
  if (command.size() >= 2 && command[1] == 0x12 && response.size() > 2 && response[0] == cat::ber::kProactiveCommand) {
    const Bytes body = response.first(response.size() - 2);
    const std::optional<Bytes> objects = ber_value(body, 0);
    const std::optional<Bytes> details = objects ? simple_object(*objects, cat::tag::kCommandDetails) : std::nullopt;
    if (details) return command_details(*details) + "; " + text;
  }
  return text;
}

}  // namespace twinanalysis
