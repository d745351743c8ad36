#pragma once
// TERMINAL RESPONSE data (TS 102 221 §11.2.4, TS 102 223 §6.8): the data
// objects the terminal answers a proactive command with. Command details
// repeat the command's (§6.8.1), device identities go terminal -> UICC, the
// result says how it went; then what the command asked for.
#include <optional>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/cat/objects.hpp"

namespace cardcore::cat {

struct TerminalResponse {
  CommandDetails details;
  DeviceIdentities devices{device::kTerminal, device::kUicc};
  CommandResult result;
  std::optional<Duration> duration;                      // POLL INTERVAL (§6.6.6)
  std::optional<LocationInformation> location;           // PROVIDE LOCAL INFORMATION (§6.6.15)
  std::optional<Imei> imei;
  std::optional<DateTimeTimeZone> date_time;
  std::optional<AccessTechnology> access_technology;
  std::optional<TimerIdentifier> timer;                  // TIMER MANAGEMENT (§6.6.21)
  std::optional<TimerValue> timer_value;
  std::optional<ChannelStatus> channel_status;           // OPEN CHANNEL, GET CHANNEL STATUS (§6.6.27, §6.6.31)
  std::optional<BearerDescription> bearer;               // OPEN CHANNEL
  std::optional<BufferSize> buffer;
  std::optional<ChannelData> channel_data;               // RECEIVE DATA (§6.6.29)
  std::optional<ChannelDataLength> channel_data_length;  // RECEIVE DATA, SEND DATA (§6.6.30)
  bool operator==(const TerminalResponse&) const = default;
};

Bytes encode(const TerminalResponse& r);
// The data field of a TERMINAL RESPONSE: data objects only, spanning all of
// it. Objects this card does not use are skipped; GET CHANNEL STATUS's
// second and later channel statuses too.
const char* decode(ByteView data, TerminalResponse& out);

}  // namespace cardcore::cat
