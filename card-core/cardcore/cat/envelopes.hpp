#pragma once
// The ENVELOPE data the IoT card takes (TS 102 221 §11.2.2): one BER-TLV of
// data objects each.
//   'D1' SMS-PP DOWNLOAD   TS 31.111 §7.1.1.2, TS 102 223 §7.1
//   'D6' EVENT DOWNLOAD    TS 102 223 §7.5, TS 31.111 §7.5
//   'D7' TIMER EXPIRATION  TS 102 223 §7.4
#include <optional>

#include "cardcore/cat/decoded.hpp"
#include "cardcore/cat/objects.hpp"

namespace cardcore::cat {

// Device identities network -> UICC, the service centre address
// (RP-Originating-Address, optional), the SMS-DELIVER TPDU.
struct SmsPpDownload {
  DeviceIdentities devices{device::kNetwork, device::kUicc};
  std::optional<Address> address;
  SmsTpdu tpdu;
  bool operator==(const SmsPpDownload&) const = default;
};

// One event (§7.5: the event list holds exactly one), device identities to
// the UICC, and the objects of the events this card follows: location status
// (§7.5.4), access technology change (§7.5.12), data available (§7.5.10) and
// channel status (§7.5.11). Other events' objects are not kept.
struct EventDownload {
  std::uint8_t event = event::kLocationStatus;
  DeviceIdentities devices{device::kTerminal, device::kUicc};
  std::optional<LocationStatus> location_status;
  std::optional<LocationInformation> location;
  std::optional<AccessTechnology> access_technology;
  std::optional<ChannelStatus> channel_status;
  std::optional<ChannelDataLength> channel_data_length;
  bool operator==(const EventDownload&) const = default;
};

// Device identities terminal -> UICC, the timer that expired and its value
// (the time it ran for).
struct TimerExpiration {
  DeviceIdentities devices{device::kTerminal, device::kUicc};
  TimerIdentifier timer;
  TimerValue value;
  bool operator==(const TimerExpiration&) const = default;
};

Bytes encode(const SmsPpDownload& e);
Bytes encode(const EventDownload& e);
Bytes encode(const TimerExpiration& e);
// Each decodes one BER-TLV of its tag spanning all of `envelope`.
const char* decode(ByteView envelope, SmsPpDownload& out);
const char* decode(ByteView envelope, EventDownload& out);
const char* decode(ByteView envelope, TimerExpiration& out);

}  // namespace cardcore::cat
